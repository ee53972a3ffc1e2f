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

    def inner(self, text: str) -> str:
        return text[self.start + 1 : self.end - 1]


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """All balanced quotes in text[start:end], outermost first by start position."""
    end = len(text) if end is None else end
    stack: list[int] = []
    found: list[Quote] = []
    for mark in _MARKS.finditer(text, start, end):  # only the marks and line breaks matter
        i = mark.start()
        ch = text[i]
        if ch == "\n":
            stack.clear()  # quotes do not run across paragraphs: an unclosed one ends here
        elif ch in _ALWAYS_OPEN:
            stack.append(i)
        elif ch in _ALWAYS_CLOSE:
            if ch == "”" and (text[i - 1] if i > start else " ") in _OPEN_BEFORE and (
                    i + 1 < end and text[i + 1].isalnum()):
                stack.append(i)  # ”Telšu iegāde …”: a closing mark used to open, after a space
            elif stack:
                j = stack.pop()
                found.append(Quote(j, i + 1, len(stack)))
        elif ch in _CONTEXT:
            prev = text[i - 1] if i > start else " "
            nxt = text[i + 1] if i + 1 < end else " "
            opens = prev in _OPEN_BEFORE and not nxt.isspace()
            if opens and not (stack and prev in "„«" ):
                stack.append(i)
            elif stack:
                j = stack.pop()
                found.append(Quote(j, i + 1, len(stack)))
    found.sort(key=lambda q: (q.start, -q.end))
    return [q for q in found if q.end - q.start > 2]
