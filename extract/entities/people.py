"""Recognise people: 'Firstname Lastname', 'E.Zelderis', and names after a role noun."""

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from reportgraph.extract.entities.lexicon import Lexicon
from reportgraph.extract.entities.names import UPPER, is_cap
from reportgraph.extract.textutil import token_texts
from reportgraph.extract.types import Mention
from reportgraph.ontology.iri import slugify

_INITIAL_SURNAME = re.compile(rf"^([{UPPER}])\.([{UPPER}][a-zāčēģīķļņšūž]+)$")
_SURNAME = re.compile(r"^[A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+(?:-[A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+)?$")
_INITIAL = re.compile(rf"[{UPPER}]\.")
_SURNAME_END = ("s", "š", "a", "e", "ė", "is", "us", "ka", "ga")


def _nominative(first: str, last: str) -> tuple[str, str]:
    """Feminine genitive 'Ornellas Rudevičas' -> 'Ornella Rudeviča' (other cases kept)."""
    if first.endswith("as") and last.endswith("as"):
        return first[:-1], last[:-1]
    if first.endswith("es") and last.endswith("es"):
        return first[:-1], last[:-1]
    return first, last


def person_mentions(doc: Doc, lex: Lexicon, blocked: set[int], sent_starts: set[int]) -> Iterable[Mention]:
    """People in a Doc. `blocked` holds token indices already inside other names."""
    words = token_texts(doc)
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        if i in blocked or not w[:1].isupper():  # every pattern below starts with a capital
            i += 1
            continue
        m = _INITIAL_SURNAME.match(w)
        if m:
            surname = m.group(2)
            if i + 1 < n and words[i + 1] in ("„", "“", "\""):
                surname = _author_nominative(surname)  # "E.Ādamsona „Čigānmeitēns Ringla”"
            label = f"{m.group(1)}.{surname}"
            yield _mention(doc, i, i + 1, label, lex)
            i += 1
            continue
        # "E. Zelderis": initial token then surname
        if _INITIAL.fullmatch(w) and i + 1 < n and _SURNAME.match(words[i + 1]):
            label = f"{w}{words[i + 1]}"
            yield _mention(doc, i, i + 2, label, lex)
            i += 2
            continue
        if i + 1 < n and _SURNAME.match(w) and _SURNAME.match(words[i + 1]) and i + 1 not in blocked:
            first, last = w, words[i + 1]
            nf, nl = _nominative(first, last)
            after_role = i > 0 and (words[i - 1] in lex.roles or _role_before(doc, i, lex))
            known_first = nf in lex.first_names or first in lex.first_names
            if (known_first or after_role) and last.endswith(_SURNAME_END) and i not in sent_starts:
                yield _mention(doc, i, i + 2, f"{nf} {nl}", lex)
                i += 2
                continue
            if known_first and last.endswith(_SURNAME_END):
                yield _mention(doc, i, i + 2, f"{nf} {nl}", lex)
                i += 2
                continue
        i += 1


def _author_nominative(surname: str) -> str:
    """The surname of an author written in the genitive before a quoted work title."""
    if surname.endswith("es"):
        return surname[:-1]  # Grīnvaldes -> Grīnvalde
    if surname.endswith("a"):
        return surname[:-1] + "s"  # Ādamsona -> Ādamsons
    return surname


def _role_before(doc: Doc, i: int, lex: Lexicon) -> bool:
    # "speciālisti Ināra Kozlovska un Dana Dižus": a role noun within 4 tokens, plural allowed
    for j in range(max(0, i - 4), i):
        w = doc[j].text
        if w in lex.roles or w.rstrip("i") in lex.roles or (w.endswith("i") and w[:-1] + "s" in lex.roles):
            return True
    return False


def _mention(doc: Doc, i: int, j: int, label: str, lex: Lexicon) -> Mention:
    start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
    roles = _roles(doc, i, lex)
    attrs = tuple(("role", r) for r in roles)
    surface = doc[i:j].text
    return Mention("person", start, end, surface, label, slugify(label), "", attrs)


def _roles(doc: Doc, i: int, lex: Lexicon) -> list[str]:
    """Role nouns before a name: 'direktore un Talsu novada deputāte G.Zeberiņa' -> both;
    'par projektu asistentu strādā … Kaspars Arhipovs' -> 'projektu asistents'."""
    window = doc[max(0, i - 10):i]
    text = window.text
    m = re.search(r"\bpar\s+(?:(\w+)\s+)?(\w+)\s+strādā", text)
    if m:
        entry = lex.roles.get(m.group(2))
        if entry is not None:
            return [f"{m.group(1)} {entry.lemma}" if m.group(1) else entry.lemma]
    roles: list[str] = []
    for k in range(i - 1, max(-1, i - 8), -1):
        w = doc[k].text
        entry = lex.roles.get(w)
        if entry is not None:
            roles.insert(0, entry.lemma)
            continue
        if w in {",", ";", ".", ":", "(", ")"} or not (w.islower() or is_cap(w)):
            break
        if roles and w != "un" and not is_cap(w) and not w.endswith(("s", "u", "as", "es")):
            break
    return roles
