"""Which administrative division a text without a year uses, read from the text itself.

Latvia's municipalities changed on 1 July 2021 (110 novadi + 9 republikas pilsētas -> 43
municipalities), and a place is resolved in the division of the text's time: „Viļakas novads” is a
2009-division novads, „Dienvidkurzemes novads” a 2021 one. A news item or NGO page often states
no year at all („Šī gada 23.-25. janvārī …”). Its own words still tell its time: a novads that
exists in one division only (Viļakas, Kandavas, Rūjienas novads; Augšdaugavas, Dienvidkurzemes
novads) is a vote for that division, and a text that writes only years up to 2020 was written
under the 2009 division. No vote and no year: None (the caller's default).
"""

import re
from functools import cache

from reportgraph.extract.entities.gazetteer import _rows

#: a genitive stem (one or two words) before "novads" in any case
_NOVADS = re.compile(r"([A-ZĀČĒĢĪĶĻŅŠŪŽ][\wāčēģīķļņšūž-]+(?:\s+[a-zāčēģīķļņšūž]+)?)\s+novad\w*")
_WRITTEN_YEAR = re.compile(r"(?<!\d)(199\d|20[0-3]\d)\.(?=\s*(?:gad|g\.|[a-zāčēģīķļņšūž]+|\d))")
#: the year taken for each division when the text shows one
YEAR_OF = {"2009": 2020, "2021": 2021}


@cache
def _novadi(division: str) -> frozenset[str]:
    """The genitive stems of the novadi of a division ("Viļakas" of "Viļakas novads")."""
    rows = _rows(f"places_lv_{division}.csv", ("key", "name", "kind", "region", "nuts3", "hint",
                                                "alt_names", "ambiguous"))
    return frozenset(r["name"].rsplit(" ", 1)[0] for r in rows if r["kind"] == "novads")


def division_votes(text: str) -> dict[str, int]:
    """Distinct novadi named in the text that exist in one division only, by division."""
    old, new = _novadi("2009"), _novadi("2021")
    stems = {m.group(1) for m in _NOVADS.finditer(text)}
    named = stems | {stem.split()[-1] for stem in stems}  # "… Latgales Ludzas"
    return {"2009": len({n for n in named if n in old and n not in new}),
            "2021": len({n for n in named if n in new and n not in old})}


def inferred_year(text: str) -> int | None:
    """A year for the gazetteer of a text that states none (see the module's doc)."""
    votes = division_votes(text)
    if votes["2009"] != votes["2021"]:
        return YEAR_OF[max(votes, key=votes.__getitem__)]
    years = [int(y) for y in _WRITTEN_YEAR.findall(text)]
    if years and max(years) <= 2020:
        return max(years)
    return None
