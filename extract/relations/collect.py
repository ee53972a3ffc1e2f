"""What the relation rules read and write: an analysed sentence, the discourse context, the
collector of entities and facts."""

from dataclasses import dataclass, field

from reportgraph.extract.entities.counts import Count
from reportgraph.extract.entities.dates import Temporal
from reportgraph.extract.entities.fundcues import FundCue
from reportgraph.extract.entities.money import FundingPart
from reportgraph.extract.types import Entity, Fact, Mention


@dataclass
class Sentence:
    """One analysed sentence (main text or footnote), offsets in its own text."""

    index: int
    text: str
    footnote: int | None
    mentions: list[Mention]  # offsets relative to the sentence
    places: list[tuple[int, int, list[str]]]  # (start, end, candidate keys)
    funding: list[FundingPart]
    dates: list[Temporal]
    counts: list[Count]
    fund_cues: list[FundCue]
    cites: list[int] = field(default_factory=list)
    heading: bool = False
    paragraph_start: bool = False  # the first sentence of a paragraph of the main text
    # every place written in the sentence, also those that say where nothing is ("Gruzijas eksperti")
    mentioned_places: list[tuple[int, int, list[str]]] = field(default_factory=list)


YEAR_HOLDS = 4  # sentences after the last named year in which an undated event is put in that year


@dataclass
class Context:
    project: str | None = None  # entity ref
    strong: bool = False
    event: str | None = None
    section_places: list[str] = field(default_factory=list)
    year: str | None = None  # the year the text last named (an event without a date took place then)
    year_at: int = 0  # the sentence that named it
    event_at: int = -2  # the last sentence that named an event
    last: str | None = None  # the project named last, in sentence last_at
    last_at: int = -2
    recent: int = -2  # the last sentence that named or referred to the project in focus
    list_topic: str | None = None  # the project a list ("Īstenotie pasākumi:") is about
    orgs: dict[str, str] = field(default_factory=dict)  # the organisation named last, by its head noun
    grantor: str | None = None  # the fund code of who grants the co-funding of the text's projects
    list_frame: str | None = None  # the programme whose projects a list ("… projektus īsteno:") names
    list_owner: str | None = None  # who carries out the projects a list names ("X iesniegtie projekti:")
    subject: str | None = None  # the organisation sentence subject_at opened with (its subject)
    subject_at: int = -2
    money: str | None = None  # the project whose sums sentence money_at stated
    money_at: int = -2
    group: tuple[str, ...] = ()  # the projects one sentence listed (two or more), in sentence group_at
    group_at: int = -2


class Collector:
    """Entities and facts of one report; resolves keys to one entity each."""

    def __init__(self, aliases: dict[tuple[str, str], str] | None = None,
                 forbidden: frozenset[tuple[str, str, str]] = frozenset()) -> None:
        self.entities: dict[str, Entity] = {}
        self._votes: dict[str, dict[str, int]] = {}
        self.facts: list[Fact] = []
        self._seen: set[Fact] = set()
        self.aliases = dict(aliases or {})
        self.forbidden = forbidden  # (kind, key, key) pairs the curated aliases file keeps apart
        self.numbers: dict[str, str] = {}  # a project number ("LLI-431") -> the project it numbers
        # funds said of several projects together (project, fund code, sentence), given after a
        # programme's funds are inherited: a fund said of many is not a project's own
        self.shared_funds: list[tuple[str, str, int]] = []

    def ref(self, kind: str, key: str) -> str:
        key = self.aliases.get((kind, key), key)
        return f"{kind}:{key}"

    def entity(self, m: Mention, sentence: int, footnote: bool = False) -> str:
        ref = self.ref(m.kind, m.key)
        kind, key = ref.split(":", 1)
        ent = self.entities.get(ref)
        if ent is None:
            ent = Entity(kind, key, m.label, m.subtype)
            self.entities[ref] = ent
        votes = self._votes.setdefault(ref, {})
        votes[m.label] = votes.get(m.label, 0) + (1 if footnote else 2)
        ent.alt_labels.add(m.label)
        ent.surfaces.add(" ".join(m.surface.split()).strip("„“”\"«» "))
        ent.sentences.add(sentence)
        for k, v in m.attrs:
            if v and k not in ent.attrs:
                ent.attrs[k] = v
        if m.subtype and not ent.subtype:
            ent.subtype = m.subtype
        return ref

    def place(self, key: str, sentence: int, surface: str) -> str:
        ref = f"place:{key}"
        ent = self.entities.setdefault(ref, Entity("place", key, key))
        ent.surfaces.add(surface)
        ent.sentences.add(sentence)
        return ref

    def alias(self, kind: str, key: str, canonical_ref: str) -> None:
        """Make (kind, key) another name of canonical_ref, merging what was collected under it."""
        ckind, ckey = canonical_ref.split(":", 1)
        if (kind, key) == (ckind, ckey) or (kind, key, ckey) in self.forbidden \
                or (kind, ckey, key) in self.forbidden:
            return
        self.aliases[(kind, key)] = ckey
        old = self.entities.pop(f"{kind}:{key}", None)
        target = self.entities.get(canonical_ref)
        if old is not None and target is not None:
            target.alt_labels |= old.alt_labels | {old.label}
            target.surfaces |= old.surfaces
            target.sentences |= old.sentences
            for k, v in old.attrs.items():
                target.attrs.setdefault(k, v)

    def finalise(self) -> "Collector":
        """Point every fact at the canonical entities (after all aliases are known)."""

        for ref, ent in self.entities.items():
            votes = self._votes.get(ref)
            if votes:
                # the label written most often (main text counts double), then the fuller one
                ent.label = max(votes, key=lambda label: (votes[label], len(label), label))
            ent.alt_labels.discard(ent.label)

        def canon(ref: str) -> str:
            if ":" not in ref:
                return ref
            kind, key = ref.split(":", 1)
            return f"{kind}:{self.aliases.get((kind, key), key)}"

        self.facts = [_with_refs(f, canon(f.subject), canon(f.obj) if f.obj_kind == "entity" else f.obj)
                      for f in self.facts]
        # "uzsāka 2019. gadā" and "no 2019. gada septembra": the finer date of the same time stands
        dated: dict[tuple[str, str], set[str]] = {}
        for f in self.facts:
            if f.predicate in ("startDate", "endDate"):
                dated.setdefault((f.subject, f.predicate), set()).add(f.obj)
        self.facts = [f for f in self.facts if f.predicate not in ("startDate", "endDate") or not any(
            v != f.obj and v.startswith(f.obj + "-") for v in dated[(f.subject, f.predicate)])]
        return self

    def fact(self, subject: str, predicate: str, obj: str, obj_kind: str, sentence: int,
             extra: tuple[tuple[str, str], ...] = ()) -> None:
        """Record a fact read from `sentence`; the same fact read again is kept once per sentence
        (each becomes an assertion of where it was read)."""
        fact = Fact(subject, predicate, obj, obj_kind, sentence, extra)
        if fact not in self._seen:
            self._seen.add(fact)
            self.facts.append(fact)

def _with_refs(f: Fact, subject: str, obj: str) -> Fact:
    """f with subject and obj; f itself (a frozen record) when neither changes, as most do not."""
    if subject == f.subject and obj == f.obj:
        return f
    return Fact(subject, f.predicate, obj, f.obj_kind, f.sentence, f.extra)
