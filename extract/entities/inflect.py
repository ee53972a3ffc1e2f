"""Generate the case forms of Latvian nouns and names (nom, gen, dat, acc, loc).

`inflect(name, hint)` returns case -> form. The declension is read from the ending of the head noun
(the last word, or the last part of a hyphenated word) unless a hint gives it:

    m1 (-s, -š: Tukums)   m2 (-is: brālis)   m3 (-us: Saldus)
    f4 (-a: Jelgava)      f5 (-e: Sabile)    f6 (-s: Ventspils)
    add "pl" for plural-only names (m1pl Limbaži, f4pl Atēnas, f5pl, f6pl Cēsis); "indecl" for Oslo.

Words before the head stay as they are (genitive modifiers: "Talsu novads" -> "Talsu novadā"),
except definite adjectives agreeing with the head ("Apvienotā Karaliste" -> "Apvienotajā
Karalistē").
Names joined by " un " are inflected part by part. A multiword name with a singular head also gets
plural keys (nom_pl ... loc_pl: "Talsu novados"); a plural-only name uses the plain keys for its
plural forms. Consonant mutation is applied only where a name needs it: 2nd-declension genitive
singular and plural, 5th-declension genitive plural. Skipped: its lexical exceptions (viesis ->
viesa), the 6th-declension genitive plural mutation (Cēsis -> Cēsu is right; "pils" -> "piļu" is
not made) and the masculine 4th/5th declensions (puika, bende).
Vocative and instrumental are not generated.
"""

import re

CASES = ("nom", "gen", "dat", "acc", "loc")
PLURAL_CASES = ("nom_pl", "gen_pl", "dat_pl", "acc_pl", "loc_pl")

# nominative ending, then gen/dat/acc/loc endings; "*" marks a mutated stem
_SINGULAR = {
    "m1": ("s", "a", "am", "u", "ā"),
    "m2": ("is", "*a", "im", "i", "ī"),
    "m3": ("us", "us", "um", "u", "ū"),
    "f4": ("a", "as", "ai", "u", "ā"),
    "f5": ("e", "es", "ei", "i", "ē"),
    "f6": ("s", "s", "ij", "i", "ī"),
}
_PLURAL = {
    "m1": ("i", "u", "iem", "us", "os"),
    "m2": ("i", "u", "iem", "us", "os"),
    "m3": ("i", "u", "iem", "us", "os"),
    "f4": ("as", "u", "ām", "as", "ās"),
    "f5": ("es", "*u", "ēm", "es", "ēs"),
    "f6": ("is", "u", "īm", "is", "īs"),
}
# definite adjectives: nom, gen, dat, acc, loc
_ADJECTIVE = {
    ("m", False): ("ais", "ā", "ajam", "o", "ajā"),
    ("f", False): ("ā", "ās", "ajai", "o", "ajā"),
    ("m", True): ("ie", "o", "ajiem", "os", "ajos"),
    ("f", True): ("ās", "o", "ajām", "ās", "ajās"),
}
# stem end -> mutated stem end; -st and -zd stay (karaliste -> karalistu)
_MUTATIONS = (
    ("sn", "šņ"), ("zn", "žņ"), ("sl", "šļ"), ("zl", "žļ"), ("ln", "ļņ"), ("ll", "ļļ"),
    ("nn", "ņņ"), ("st", "st"), ("zd", "zd"), ("b", "bj"), ("m", "mj"), ("p", "pj"), ("v", "vj"),
    ("f", "fj"), ("c", "č"), ("d", "ž"), ("l", "ļ"), ("n", "ņ"), ("s", "š"), ("t", "š"), ("z", "ž"),
)
# feminine 6th-declension nouns that end in -s like masculine ones (also as the end of compounds)
_SIXTH = ("pils", "valsts", "sirds", "nakts", "zivs", "govs", "krāsns", "cilts", "pirts", "kūts",
          "klēts", "dzelzs", "šalts", "asins")
_HINT = re.compile(r"^(?:(?P<decl>m[123]|f[456])(?P<pl>pl)?|indecl)$")


def parse_hint(hint: str) -> tuple[str, bool] | None:
    """("f6", True) for "f6pl"; None for "indecl"; ValueError for anything else."""
    m = _HINT.match(hint.strip())
    if not m:
        raise ValueError(f"unknown declension hint {hint!r}")
    return None if m["decl"] is None else (m["decl"], bool(m["pl"]))


def infer(word: str) -> tuple[str, bool] | None:
    """Declension and plurality read from a nominative's ending; None when indeclinable."""
    w = word.lower()
    if w.endswith(_SIXTH):
        return ("f6", False)
    for ending, paradigm in (("as", ("f4", True)), ("es", ("f5", True)), ("is", ("m2", False)),
                             ("us", ("m3", False)), ("s", ("m1", False)), ("š", ("m1", False)),
                             ("a", ("f4", False)), ("e", ("f5", False)), ("i", ("m1", True))):
        if w.endswith(ending) and len(w) > len(ending):
            return paradigm
    return None


def _mutate(stem: str) -> str:
    for plain, mutated in _MUTATIONS:
        if stem.endswith(plain):
            return stem[: -len(plain)] + mutated
    return stem


def _noun_forms(word: str, decl: str, plural: bool) -> tuple[list[str], list[str] | None]:
    """Singular (or plural-only) forms of one noun, and its plural forms when it has a singular."""
    nom_end = (_PLURAL if plural else _SINGULAR)[decl][0]
    if decl == "m1" and not plural and word.endswith("š"):
        nom_end = "š"
    if not word.endswith(nom_end) or len(word) <= len(nom_end):
        raise ValueError(f"{word!r} does not end like declension {decl}{'pl' if plural else ''}")
    stem = word[: -len(nom_end)]

    def build(endings: tuple[str, ...], base: str, mutate: bool) -> list[str]:
        return [(_mutate(base) if mutate else base) + e[1:] if e.startswith("*") else base + e
                for e in endings]

    if plural:
        forms = build(_PLURAL[decl], stem, mutate=True)
        forms[0] = word
        return forms, None
    singular = build(_SINGULAR[decl], stem, mutate=True)
    singular[0] = word
    plural_stem = _mutate(stem) if decl == "m2" else stem
    return singular, build(_PLURAL[decl], plural_stem, mutate=decl != "m2")


def _gender(decl: str) -> str:
    return decl[0]


def _adjective(word: str, gender: str, plural: bool) -> tuple[list[str], list[str] | None] | None:
    """Forms of a definite adjective agreeing with a head of that gender and number, else None."""
    endings = _ADJECTIVE[(gender, plural)]
    if not word.endswith(endings[0]) or len(word) <= len(endings[0]) + 1:
        return None
    stem = word[: -len(endings[0])]
    forms = [stem + e for e in endings]
    forms[0] = word
    plural_forms = None if plural else [stem + e for e in _ADJECTIVE[(gender, True)]]
    return forms, plural_forms


def _inflect_part(name: str, hint: str | None) -> dict[str, str]:
    words = name.split()
    if not words:
        raise ValueError("empty name")
    head = words[-1]
    prefix, _, head_noun = head.rpartition("-")
    prefix = prefix + "-" if prefix else ""
    paradigm = parse_hint(hint) if hint else infer(head_noun)
    if paradigm is None or head_noun.isupper():
        return {case: name for case in CASES}
    decl, plural = paradigm
    head_sg, head_pl = _noun_forms(head_noun, decl, plural)
    columns: list[tuple[list[str], list[str] | None]] = []
    for word in words[:-1]:
        agreed = _adjective(word, _gender(decl), plural)
        columns.append(agreed if agreed else ([word] * 5, [word] * 5))
    head_plural = [prefix + f for f in head_pl] if head_pl else None
    columns.append(([prefix + f for f in head_sg], head_plural))
    out = {case: " ".join(col[0][i] for col in columns) for i, case in enumerate(CASES)}
    if len(words) > 1 and head_pl is not None and all(col[1] is not None for col in columns):
        out.update({case: " ".join(col[1][i] for col in columns)  # type: ignore[index]
                    for i, case in enumerate(PLURAL_CASES)})
    return out


def inflect(name: str, hint: str | None = None) -> dict[str, str]:
    """Case -> form of a Latvian name or noun; the hint names the head noun's declension."""
    name = " ".join(name.split())
    parts = name.split(" un ")
    if len(parts) == 1:
        return _inflect_part(name, hint)
    inflected = [_inflect_part(part, hint) for part in parts]
    keys = [k for k in (*CASES, *PLURAL_CASES) if all(k in p for p in inflected)]
    return {k: " un ".join(p[k] for p in inflected) for k in keys}
