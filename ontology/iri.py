"""Stable, readable IRIs: the same entity gets the same IRI every run and across reports."""

import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

_LV = str.maketrans({"ā": "a", "č": "c", "ē": "e", "ģ": "g", "ī": "i", "ķ": "k", "ļ": "l",
                     "ņ": "n", "š": "s", "ū": "u", "ž": "z", "ō": "o", "ŗ": "r"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """ASCII slug of a label: lower case, Latvian letters folded, runs of other chars -> '-'.

    Total (never raises), idempotent (slugify(slugify(x)) == slugify(x)), and never empty.
    """
    s = unicodedata.normalize("NFC", text).casefold().translate(_LV)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = _NON_ALNUM.sub("-", s).strip("-")
    if len(s) > MAX_SLUG:
        s = s[:MAX_SLUG].rstrip("-")
    return s or "x"


def mint(base: str, kind: str, *parts: str) -> URIRef:
    """IRI `{base}{kind}/{slug(part)}/...`, e.g. mint(base, 'project', 'Kultūra mūs vieno!')."""
    if not base.endswith(("/", "#")):
        base += "/"
    return URIRef(base + kind + "".join("/" + slugify(p) for p in parts))
