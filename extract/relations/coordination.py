"""Place names coordinated under one head noun: „Kuldīgas, Talsu un Ventspils novadā” names three
municipalities, not the towns Kuldīga and Talsi and one municipality. Latvian writes the shared head
(novads, pagasts, pilsēta) once, after the last name; every name before it is a genitive that takes
the same head. Read with the gazetteer: the name and the head written out must be a place of the
head's kind, else the name stays what it was."""

import re

from reportgraph.extract.entities.gazetteer import Gazetteer

PlaceSpan = tuple[int, int, list[str]]

_HEAD = re.compile(r"\s+(novad\w*|pagast\w*|pilsēt\w*)\b")
_JOIN = re.compile(r"\s*(?:,|\bun\b|\bvai\b|,\s*kā\s+arī\b)\s*")


def shared_heads(text: str, places: list[PlaceSpan], gaz: Gazetteer) -> list[PlaceSpan]:
    """places with each name of a coordination that shares the last name's head read with that head."""
    if len(places) < 2 or not _HEAD.search(text):
        return places
    out = list(places)
    for k in range(len(out) - 1, 0, -1):
        s, e, _ = out[k]
        head = _HEAD.fullmatch(" " + text[s:e].split()[-1]) or _HEAD.match(text, e)
        if head is None:
            continue
        word = head.group(1)
        j = k - 1
        while j >= 0:
            ps, pe, _keys = out[j]
            if not _JOIN.fullmatch(text[pe:out[j + 1][0]]) or " " in text[ps:pe].strip():
                break
            found = gaz.match(f"{text[ps:pe]} {word}")
            if not found:
                break
            out[j] = (ps, pe, [p.key for p in found])
            j -= 1
    return out
