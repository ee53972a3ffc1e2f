"""Typed records passed between extraction stages."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    """An entity mention in the cleaned text.

    kind: "org" | "person" | "project" | "event" | "place" | "fund".
    key: the resolution key (same key -> same entity within and across reports).
    label: the canonical (nominative) label; surface: the text as written.
    """

    kind: str
    start: int
    end: int
    surface: str
    label: str
    key: str
    subtype: str = ""  # org class / project kind / event kind / place kind / fund code
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str = "") -> str:
        return dict(self.attrs).get(name, default)


@dataclass(frozen=True)
class Fact:
    """One extracted fact: subject entity key, predicate name, object (entity key or literal).

    `obj_kind` is "entity" (then `obj` is an entity ref "kind:key"), or a literal type:
    "decimal", "integer", "date", "string", "fund", "place".
    """

    subject: str  # entity ref "kind:key"
    predicate: str
    obj: str
    obj_kind: str
    sentence: int  # index of the sentence it was read from
    extra: tuple[tuple[str, str], ...] = ()


@dataclass
class Entity:
    """A resolved entity collected over a report."""

    kind: str
    key: str
    label: str
    subtype: str = ""
    surfaces: set[str] = field(default_factory=set)
    alt_labels: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"
