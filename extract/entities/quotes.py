"""Find quoted names („…”, “…”, «…», "…"), including nested quotes."""

import re
from dataclasses import dataclass

_ALWAYS_OPEN = "„«"
_ALWAYS_CLOSE = "”»"
_CONTEXT = "“\""  # opens after a space/bracket/start, closes otherwise
_OPEN_BEFORE = " \t\n([{„«–-—/:"
_MARKS = re.compile("[\n" + re.escape(_ALWAYS_OPEN + _ALWAYS_CLOSE + _CONTEXT) + "]")


@dataclass(frozen=True)
class Quote:
    start: int  # index of the opening mark
    end: int  # index after the closing mark
    depth: int  # 0 for outermost
    shared: bool = False  # closed by the closing mark of the quote nested in it (find_quotes)

    def inner(self, text: str) -> str:
        """The quoted words; a quote closed by its nested quote's mark keeps that mark."""
        return text[self.start + 1 : self.end - (0 if self.shared else 1)]


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """All balanced quotes in text[start:end], outermost first by start position.

    A quote left open when its paragraph ends, that has a quote nested in it, is repaired: a
    common slip on web pages. Either it closes with the first quote nested in it ("projektam
    “Tērpi deju grupai “Brūklenājs”, 283 eiro biedrībai “Kamille” …": one closing mark for both
    names, so “Kamille” is not nested in the first name), or, when that nested quote follows the
    word "projekts" or "programma", which starts a name of its own ("Biedrības “Aktīvi Matkulei
    projekts “Galdiņ klājies!” – …"), its opening mark opens nothing."""
    end = len(text) if end is None else end
    found, shared, stray = _scan(text, start, end, frozenset(), frozenset())
    if shared or stray:
        found, _, _ = _scan(text, start, end, frozenset(shared), frozenset(stray))
    found.sort(key=lambda q: (q.start, -q.end))
    return [q for q in found if q.end - q.start > 2]


#: a name of its own starts after these words, never inside another name
_NEW_NAME = re.compile(r"(?i:\b(?:projekt|programm)\w*)\s*$")


def _scan(text: str, start: int, end: int, shared: frozenset[int],
          stray: frozenset[int]) -> tuple[list[Quote], list[int], list[int]]:
    """The quotes of text[start:end]; a closing mark in `shared` closes two quotes, an opening
    mark in `stray` opens none. Also the repairs of each quote left open with a quote nested in
    it: the closing marks to share, the opening marks to ignore."""
    stack: list[int] = []
    first_child: dict[int, tuple[int, int]] = {}  # an open quote -> its first nested quote
    found: list[Quote] = []
    repairs: tuple[list[int], list[int]] = ([], [])

    def close(i: int) -> None:
        j = stack.pop()
        found.append(Quote(j, i + 1, len(stack)))
        if stack:
            first_child.setdefault(stack[-1], (j, i))
        if i in shared and stack:
            k = stack.pop()
            found.append(Quote(k, i + 1, len(stack), shared=True))

    def paragraph_end() -> None:
        for j in stack:
            if j in first_child:
                opened, closed = first_child[j]
                if _NEW_NAME.search(text, j, opened):
                    repairs[1].append(j)
                else:
                    repairs[0].append(closed)
        stack.clear()  # quotes do not run across paragraphs: an unclosed one ends here

    def push(i: int) -> None:
        if i not in stray:
            stack.append(i)

    for mark in _MARKS.finditer(text, start, end):  # only the marks and line breaks matter
        i = mark.start()
        ch = text[i]
        if ch == "\n":
            paragraph_end()
        elif ch in _ALWAYS_OPEN:
            push(i)
        elif ch in _ALWAYS_CLOSE:
            if ch == "”" and (text[i - 1] if i > start else " ") in _OPEN_BEFORE and (
                    i + 1 < end and text[i + 1].isalnum()):
                push(i)  # ”Telšu iegāde …”: a closing mark used to open, after a space
            elif stack:
                close(i)
        elif ch in _CONTEXT:
            prev = text[i - 1] if i > start else " "
            nxt = text[i + 1] if i + 1 < end else " "
            opens = prev in _OPEN_BEFORE and not nxt.isspace()
            if opens and not (stack and prev in "„«" ):
                push(i)
            elif stack:
                close(i)
    paragraph_end()
    return found, repairs[0], repairs[1]


#: a name in single quotes: 'Kopā varam', ‘Kopā varam’ (not an apostrophe inside a word: O'Brien)
_SINGLE = re.compile(r"(?<![\w'’])['‘](?=[^\W\d_])([^'‘’\n]{1,120}?)(?<=[\w.!?)])['’](?![\w'’])")


def double_single_quotes(text: str) -> str:
    """text with each pair of single quotes around a name written as “…”, so that names quoted
    that way are read like the others; the same length, so every offset stays."""
    if "'" not in text and "‘" not in text:
        return text
    return _SINGLE.sub(lambda m: f"“{m.group(1)}”", text)
