"""Normalisers for sums of money, funding splits, dates/periods and counts in Latvian report text.

Input is cleaned text (lines rejoined, whitespace collapsed); every record's start/end index that
string and text == source[start:end].
"""

from reportgraph.extract.entities.counts import Count, find_counts
from reportgraph.extract.entities.dates import Temporal, find_dates
from reportgraph.extract.entities.money import (
    FundingPart,
    Money,
    find_funding,
    find_money,
    parse_amount,
)

__all__ = [
    "Count",
    "FundingPart",
    "Money",
    "Temporal",
    "find_counts",
    "find_dates",
    "find_funding",
    "find_money",
    "parse_amount",
]
