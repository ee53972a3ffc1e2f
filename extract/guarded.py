"""Regexes that skip texts they cannot match.

Most rule patterns run on every sentence and match in few of them. When every match of a pattern
contains one of a few fixed strings, a substring test (a fast C scan) tells which sentences need
the regex at all; the answers are exactly the regex's own.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Guarded:
    """A compiled regex and strings one of which every match of it contains."""

    rx: re.Pattern[str]
    needles: tuple[str, ...]

    def could_match(self, text: str) -> bool:
        """False only when text holds none of the needles, so the regex cannot match."""
        for n in self.needles:  # a plain loop: any() over a generator costs as much as the tests
            if n in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        """As re.Pattern.search on the whole text."""
        return self.rx.search(text) if self.could_match(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        """As re.Pattern.match at the start of the text."""
        return self.rx.match(text) if self.could_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """As re.Pattern.finditer on the whole text."""
        return self.rx.finditer(text) if self.could_match(text) else iter(())
