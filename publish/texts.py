"""Latvian and English metadata texts generated from what a graph holds (years, counts, funds).

Word forms and sentence frames are data (publish/templates.ttl: tpl:word-*, tpl:text-*); this
module only chooses the form a number takes (Latvian: singular after 1, 21, 31, ... but not 11).
"""

from collections.abc import Sequence

from rdflib import Literal
from rdflib.namespace import RDFS

from reportgraph.publish.facts import Facts
from reportgraph.publish.resources import templates
from reportgraph.publish.template import TPL, text

LANGS = ("lv", "en")


def _forms(word: str, lang: str) -> tuple[str, str]:
    for o in templates().objects(TPL["word-" + word], RDFS.label):
        if isinstance(o, Literal) and o.language == lang:
            one, _, many = str(o).partition("|")
            return one, many or one
    return word, word


def count_phrase(n: int, word: str, lang: str) -> str:
    """``n`` with the noun in the form the number takes: "21 projekts", "3 projekti", "1 project"."""
    one, many = _forms(word, lang)
    singular = (n % 10 == 1 and n % 100 != 11) if lang == "lv" else n == 1
    return f"{n:,}".replace(",", "\u00a0") + " " + (one if singular else many)


def years_text(years: Sequence[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if min(years) == max(years) else f"{min(years)}–{max(years)}"


def _sentence(name: str, lang: str, value: str) -> str:
    if not value:
        return ""
    return text("text-" + name, RDFS.label, lang, {"value": value}) or ""


def subs(facts: Facts, lang: str, places: int | None = None) -> dict[str, str]:
    """Substitutions for the templates in one language: years, reports, counts, funds."""
    counted = [count_phrase(n, w, lang) for w, n in facts.counts if n]
    if places:
        counted.append(count_phrase(places, "place", lang))
    funds = ", ".join(f"{getattr(f, lang)} ({f.code})" if getattr(f, lang) != f.code else f.code
                      for f in facts.funds)
    return {
        "years": years_text(facts.years),
        "reports": count_phrase(len(facts.reports), "report", lang) if facts.reports else "",
        "counts": _sentence("counts", lang, ", ".join(counted)),
        "funds": _sentence("funds", lang, funds),
    }


def both(facts: Facts, places: int | None = None, **extra: str) -> dict[str, str]:
    """The substitutions of both languages, keys suffixed ``_lv``/``_en``, plus `extra`."""
    out = dict(extra)
    for lang in LANGS:
        out.update({f"{k}_{lang}": v for k, v in subs(facts, lang, places).items()})
    return out
