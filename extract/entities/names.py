"""Small helpers on Latvian name strings: capitalisation tests, nominative of agreeing adjectives."""

import re

UPPER = "A-ZĀČĒĢĪĶĻŅŠŪŽ"
#: the stems of the month names, as dates write them in any case ("oktobrī", "oktobra")
MONTH_STEMS = r"(?:janvār|februār|mart|aprīl|maij|jūnij|jūlij|august|septembr|oktobr|novembr|decembr)"
#: the endings of a locative singular or plural ("Koknesē", "Talsos", "Cēsīs")
LOCATIVE_ENDS = ("ā", "ē", "ī", "ū", "os", "ās", "ēs", "īs")
_CAP = re.compile(rf"^(?:\d+\.)?[{UPPER}]")
_ACRONYM = re.compile(rf"^[{UPPER}]{{2,}}[a-z]?$|^[{UPPER}][a-zāčēģīķļņšūž]?[{UPPER}]+$")
_ORDINAL = re.compile(r"^\d+\.")
# compiled once: these run on most words of a name, and re.search looks its pattern up each call
_ADJECTIVE_END = re.compile(r"(ajā|ajai|ajam|ajās|ais|ā|ās|o)$")
_GENITIVE_END = re.compile(r"(s|u|o|ņa|ša|ļa|a)$")


def is_cap(word: str) -> bool:
    return bool(_CAP.match(word))


def is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word))


def strip_ordinal(word: str) -> tuple[str, str]:
    """'4.pamatskolā' -> ('4.', 'pamatskolā')."""
    m = _ORDINAL.match(word)
    return (m.group(0), word[m.end():]) if m else ("", word)


# Definite adjective endings by (gender, case) -> nominative ending. Gender of the head noun:
# feminine for nominatives in -a/-e, masculine otherwise.
_ADJ_FEM = [("ajā", "ā"), ("ajai", "ā"), ("ajās", "ās"), ("ās", "ā"), ("o", "ā")]
_ADJ_MASC = [("ajā", "ais"), ("ajam", "ais"), ("ā", "ais"), ("o", "ais")]


def adjective_nominative(adj: str, head_lemma: str, case: str) -> str:
    """Nominative of a definite adjective agreeing with a head noun in `case`."""
    if case == "nom":
        return adj
    fem = head_lemma.endswith(("a", "e"))
    for end, nom in _ADJ_FEM if fem else _ADJ_MASC:
        if adj.endswith(end) and len(adj) > len(end) + 2:
            return adj[: -len(end)] + nom
    return adj


def looks_adjective(word: str) -> bool:
    """A definite adjective form (Galvenā, Nacionālajā, Sociālo, Latvijas is not)."""
    return bool(_ADJECTIVE_END.search(word)) and not word.endswith("ijas")


def looks_genitive(word: str) -> bool:
    """A word that can stand as a genitive modifier inside a name."""
    return bool(_GENITIVE_END.search(word))
