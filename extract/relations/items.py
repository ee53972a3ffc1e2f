"""A sentence that lists grants: each item a sum, who receives it and for which project. "Dome
iedalīja 410,80 eiro biedrībai „A” projektam „P”, 283,49 eiro biedrībai „B” projektam „Q” un 1368,20
eiro projektam „R”": each sum is the project's of its own item, and the organisation the sum is
given to (in the dative, before "projektam") carries out that project; an item that names no
receiver ("un 1368,20 eiro projektam „R”") is the previous receiver's."""

import re
from collections.abc import Sequence

from reportgraph.extract.entities.money import FundingPart
from reportgraph.extract.types import Mention

#: a receiver right before the project it is given for: "biedrībai „A” projektam „P”", "Kokneses
#: novada dome savam projektam „P”"
_FOR_PROJECT = re.compile(r"\s+(?:sav(?:am|a)\s+)?(?:projektam|projekta)\s*$")
_OWN_PROJECT = re.compile(r"\s+sav(?:am|a)\s")


def item_project(t: str, part: FundingPart, parts: Sequence[FundingPart],
                 own: Sequence[Mention]) -> Mention | None:
    """The project of the list item a sum belongs to, or None when the sentence lists no items.

    A list is several projects and several sums in one sentence. Items that start with their sum
    ("410,80 eiro … projektam „P”, 283,49 eiro …") give each sum the first project after it before
    the next sum; items that start with their project ("1. „P”, … 30 000 EUR; 2. „Q”, …") the
    project named last before it, in the same item (no ';' between)."""
    if len(own) < 2 or (len(parts) < 2 and ";" not in t):
        return None
    sums = sorted(p.money.start for p in parts)
    if sums[0] < own[0].start and len(parts) >= 2:
        following = [m for m in own if m.start >= part.money.end]
        if following and not any(part.money.end <= s < following[0].start for s in sums):
            return following[0]
        return None
    prior = [m for m in own if m.end <= part.money.start]
    if prior and ";" not in t[prior[-1].end:part.money.start]:
        return prior[-1]
    return None


def receivers(t: str, parts: Sequence[FundingPart], orgs: Sequence[Mention],
              own: Sequence[Mention]) -> list[tuple[Mention, Mention]]:
    """(project, organisation) for each item of a list of grants that names its receiver, and for
    an item right after it that names none; and, in any sentence, "X savam projektam „P”"."""
    listed = len(own) >= 2 and len(parts) >= 2
    out: list[tuple[Mention, Mention]] = []
    last: Mention | None = None
    for p in own:
        before = [o for o in orgs if o.end <= p.start and _FOR_PROJECT.fullmatch(t, o.end, p.start)]
        if before and (listed or _OWN_PROJECT.match(t, before[-1].end)):
            last = before[-1]
            out.append((p, last))
            continue
        item = next((m for m in parts if m.money.end <= p.start
                     and _FOR_PROJECT.fullmatch(t, m.money.end, p.start)), None)
        if listed and item is not None and last is not None:
            out.append((p, last))  # "… un 1368,20 eiro projektam „R”": the same receiver's
        else:
            last = None
    return out


Span = tuple[int, int]


def list_items(t: str, parts: Sequence[FundingPart], named: Sequence[Mention]) -> list[Span]:
    """The items of a sentence that lists three or more sums, each item with its own sum: from one
    sum to the next when the items start with their sum ("410,80 eiro biedrībai „A” projektam „P”,
    283,49 eiro …"), else up to and with each sum ("X savam projektam „P” (piešķirti 700 eiro), Y
    koncerta „K” rīkošanai (500 eiro), …"); no items in any other sentence. `named`: the projects
    and events the sentence names."""
    if len(parts) < 3 or len(named) < 2 or len({p.role for p in parts}) > 1:
        return []  # (a total and its parts: one project's funding, not a list)
    sums = sorted((p.money.start, p.money.end) for p in parts)
    if sums[0][0] < min(m.start for m in named):  # the items start with their sum
        return [(a, sums[k + 1][0] if k + 1 < len(sums) else len(t)) for k, (a, _) in enumerate(sums)]
    out, begin = [], 0
    for k, (_, b) in enumerate(sums):
        close = t.find(")", b, b + 2)
        end = close + 1 if close >= 0 else b
        out.append((begin, end if k + 1 < len(sums) else len(t)))
        begin = end
    return out


def same_item(items: Sequence[Span], a: int, b: int) -> bool:
    """Whether positions a and b are in the same item (always, when the sentence lists none)."""
    if not items:
        return True
    return any(s <= a < e and s <= b < e for s, e in items)


def item_owner(items: Sequence[Span], pos: int, named: Sequence[Mention]) -> Mention | None:
    """The project (else the event) named in the item that holds pos."""
    for a, b in items:
        if a <= pos < b:
            inside = [m for m in named if a <= m.start < b]
            return next((m for m in inside if m.kind == "project"), inside[0] if inside else None)
    return None
