"""Sums of money in cleaned Latvian report text, and how a project's funding splits by fund."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reportgraph.extract.entities.counts import spelled_number
from reportgraph.extract.entities.fundcues import all_cues, fund_cues

_SPACES = " \u00a0\u202f\u2009"
_GROUPED = rf"[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+"
_DOTTED = r"[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9])"
_NUMBER = rf"(?:{_GROUPED}|{_DOTTED}|[0-9]+)(?:,[0-9]+|\.[0-9]{{1,2}}(?![0-9]))?(?:,-)?"
_SCALE = r"(?:tūkst\.|tūkstoš\w*|tūkstot\w*|milj\.|miljon\w*|mljrd\.|miljard\w*)"
# Literal alternatives only, so the regex engine can skip ahead to a currency quickly.
_CURRENCY = re.compile(r"Euro|euro|EURO|Eiro|eiro|EIRO|EUR|€|LVL|Ls|lat(?:s|i|u|iem|os)")
_PREFIXED = ("EUR", "€", "LVL", "Ls")
_BEFORE = re.compile(rf"(?<![\w.,\-])(?P<num>{_NUMBER})(?![.,]?[0-9])(?:\s?(?P<scale>{_SCALE}))?"
                     r"\s?$")
# a sum in figures with the same sum in words after it, the currency among the words
_SPELLED = re.compile(rf"(?<![\w.,\-])(?P<num>{_NUMBER})(?![.,]?[0-9])(?P<scale>)\s*\([^()0-9]{{3,120}}$")
_AFTER = re.compile(rf"\s?(?P<colon>:\s?)?(?P<num>{_NUMBER})(?![.,]?[0-9])(?:\s?(?P<scale>{_SCALE}))?")
# after "EUR:" the sums of the same sentence are written bare: "izmaksas sastāda EUR: 851 016.93, no tā
# ERAF finansējums 85% - 723 364.38, … valsts līdzfinansējums 5% - 21 240.30" (grouped or with cents)
_BARE = re.compile(rf"(?<![\w.,\-/])(?P<num>(?:{_GROUPED}|[0-9]+)(?:[.,][0-9]{{2}})|{_GROUPED})(?![.,]?[0-9%\w])(?!\s?%)")
_UNTIL_SENTENCE_END = re.compile(r"\.\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ])|$")
_SCALES = {"tūkst": 1000, "milj": 10**6, "mljrd": 10**9, "miljard": 10**9}

_PART_CUES = re.compile(r"\bt\.\s?sk\.|\btai skaitā\b|\btostarp\b|\bno tiem\b|\bno kuriem\b|\bno tām\b|\bno kurām\b"
                        r"|\bieskaitot\b", re.IGNORECASE)
# co-funding is a part of a project's money, whoever gives it: "piešķīra līdzfinansējumu 1500 eiro"
# (also with its share: "līdzfinansējums 10% apmērā, kas sastāda 700 euro")
_CO_FUNDING = re.compile(r"\blīdzfinansējum\w*\s+(?:\d+\s?%\s+apmērā,?\s+(?:kas\s+)?)?(?:\S+\s+){0,2}$",
                         re.IGNORECASE)
_TOTAL_CUES = re.compile(r"\b(?:kopēj|kopsumm|kopā\b|kopumā\b|kopapjom)", re.IGNORECASE)
_FUNDING_CUES = re.compile(r"finansē|finansiāl|atbalst|piešķir|piešķīr|atvēlē|iedalī|budžet|izmaks|saņēm|saņem"
                           r"|līdzekļ|dotācij|grant|ieguldī|investīcij|vērtīb|summ", re.IGNORECASE)
# A sum right after these is an average or a ceiling, not money paid.
_NOT_PAID = re.compile(r"(?:\bvidēji|\bnav\s+lielāk\w*\s+par|\bne\s+vairāk\s+(?:kā|par|nekā)"
                       r"|\bnepārsniedz\w*|\bmaksimāl\w*|\blīdz)\s*\(?\s*$", re.IGNORECASE)
_BY_SOURCE = re.compile(r"\s*\)?\s*,?\s*(?:no|ar)\s+(?!tām\b|tiem\b|kuriem\b|kurām\b|kura\b|kuras\b|tā\b|tās\b|tiem\b)(?P<tail>[^.,;:()]{1,80})", re.IGNORECASE)
# the fund written right after the sum: "382 500 eiro sedz ESF", "2000 Ls ELFLA finansējums"
_SOURCE_AFTER = re.compile(r"\s*(?:apmērā\s+)?(?:(?:sedz|finansē|nodrošina|nodrošināja|piešķīra|piešķir|ir)\s+)?"
                           r"(?P<tail>[^.,;:()]{1,60})")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ„“\"«(0-9])")
_ABBREVIATION = re.compile(r"(?:\bt\.\s?sk|\bu\.c|\bt\.i|\bpiem|\bNr|\bnr|\bprot|\bsk|\butt"
                           r"|\bu\.tml|\btūkst|\bmilj|\bplkst|\bapm|\blpp)$")
_WORD = re.compile(r"\w+")
_WINDOW = 160


@dataclass(frozen=True)
class Money:
    """A sum of money written in the text."""

    start: int
    end: int
    text: str
    value: Decimal
    currency: str


@dataclass(frozen=True)
class FundingPart:
    """A sum read as a project's total funding or one part of it, with the fund that pays it."""

    money: Money
    role: str
    source: str | None


def parse_amount(s: str) -> Decimal:
    """Read a Latvian-written amount: "32 005 188" -> 32005188, "1996,00" -> 1996.00."""
    raw = s.strip()
    sign = ""
    if raw[:1] in "-−":
        sign, raw = "-", raw[1:].lstrip()
    raw = raw.removesuffix(",-")
    if re.fullmatch(rf"{_GROUPED}(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?", raw):
        digits = re.sub(f"[{_SPACES}]", "", raw).replace(",", ".")
    elif re.fullmatch(rf"{_GROUPED}\.[0-9]{{1,2}}", raw):  # "2 118 904.37": space groups, point decimals
        digits = re.sub(f"[{_SPACES}]", "", raw)
    elif re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?", raw):
        digits = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[0-9]+\.[0-9]+", raw):
        digits = raw
    else:
        raise ValueError(f"not an amount: {s!r}")
    try:
        return Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit digits only
        raise ValueError(f"not an amount: {s!r}") from exc


def _currency(word: str) -> str:
    return "LVL" if word in ("LVL", "Ls") or word.startswith("lat") else "EUR"


def _scaled(value: Decimal, scale: str | None) -> Decimal:
    if not scale:
        return value
    for stem, factor in _SCALES.items():
        if scale.startswith(stem):
            return value * factor
    return value * 1000  # tūkstoši, tūkstošiem ...


def find_money(text: str) -> list[Money]:
    """Every sum with a currency (EUR, euro, eiro, €; lati, Ls) in text order."""
    found: list[Money] = []
    for cur in _CURRENCY.finditer(text):
        word = cur.group(0)
        if word != "€" and ((cur.start() and text[cur.start() - 1].isalpha())
                            or (cur.end() < len(text) and text[cur.end()].isalnum())):
            continue
        start, end = cur.start(), cur.end()
        num = _BEFORE.search(text, max(0, start - 60), start)
        spelled = None if num is not None or word in _PREFIXED else _SPELLED.search(
            text, max(0, start - 160), start)
        if num is not None:
            start = num.start()
        elif spelled is not None:  # "3098,00 (trīs tūkstoši deviņdesmit astoņi euro)"
            num, start = spelled, spelled.start()
            close = text.find(")", end, end + 80)
            end = close + 1 if close >= 0 else end
        elif word in _PREFIXED:
            num = _AFTER.match(text, end)
            if num is None or (num.end() < len(text) and text[num.end()].isalnum()):
                continue
            end = num.end()
        elif (words := spelled_number(text[max(0, start - 60):start])) is not None:
            # in words only: "piešķirts viens tūkstotis eiro", "atbalstītas ar pieciem tūkstošiem eiro"
            start = max(0, start - 60) + words[0]
            if found and start < found[-1].end:
                continue
            found.append(Money(start, end, text[start:end], Decimal(words[1]), _currency(word)))
            continue
        else:
            continue
        if found and start < found[-1].end:
            continue
        try:
            value = _scaled(parse_amount(num.group("num")), num.group("scale"))
        except ValueError:
            continue
        found.append(Money(start, end, text[start:end], value, _currency(word)))
        if num.re is _AFTER and num.group("colon"):
            found += _bare_sums(text, end, _currency(word))
    return found


def _bare_sums(text: str, pos: int, currency: str) -> list[Money]:
    """The sums written without a currency after "EUR: …" up to the end of its sentence."""
    stop = _UNTIL_SENTENCE_END.search(text, pos)
    out = []
    for m in _BARE.finditer(text, pos, stop.start() if stop else len(text)):
        if _CURRENCY.match(text, m.end() + 1) or _CURRENCY.match(text, m.end()):
            break  # the next sum has its own currency: the list has ended
        try:
            value = parse_amount(m.group("num"))
        except ValueError:
            continue
        out.append(Money(m.start(), m.end(), m.group(0), value, currency))
    return out


def _nearest_source(span: str, nearest_last: bool = True) -> str | None:
    """The fund code of the cue nearest the end (or the start) of span."""
    # "Valmieras novada dome īstenoja …": an actor that may pay names a fund only with a funding
    # word ("domes finansējums", "pašvaldības budžets"); fund names always do
    cues = fund_cues(span)
    if not cues:
        return None
    return (cues[-1] if nearest_last else cues[0]).code


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text[max(0, m.start() - 8):m.start()]):
            starts.append(m.end())
    return starts


#: the text between two sums ends where a list's next item starts: "…, 283,49", "… un 1368,20";
#: or each item ends with its sum in brackets: "… (piešķirti 700 eiro), … rīkošanai (500 eiro)"
_NEXT_ITEM = re.compile(r"(?:,|;|\bun)\s*$")
_BRACKETED = re.compile(r"\s*\)")
_BRACKET_BEFORE = re.compile(r"\(\s*$")
_SAME_SUM = re.compile(r"\s*(?:jeb|vai|t\.\s*i\.|\(|–|-)\s*")


def find_funding(text: str) -> list[FundingPart]:
    """Sums read as funding: a total, or a part paid by a named fund ("t.sk. ESF ... 100 euro")."""
    starts = _sentence_starts(text)
    parts: list[FundingPart] = []
    sentence = -1
    prev_end = 0
    breakdown = False
    k = 0
    for money in find_money(text):
        while k + 1 < len(starts) and starts[k + 1] <= money.start:
            k += 1
        if k != sentence:
            sentence, prev_end, breakdown = k, starts[k], False
        left = text[max(prev_end, money.start - _WINDOW):money.start]
        last = parts[-1] if parts else None
        if (last is not None and last.money.currency != money.currency and money.start - last.money.end <= 8
                and _SAME_SUM.fullmatch(text, last.money.end, money.start)):
            # "15 000 latu jeb 21 343 eiro", "2650 Ls (3770 EUR)": the same sum in the other currency
            parts.append(FundingPart(money, last.role, last.source))
            prev_end = money.end
            continue
        prev_end = money.end
        if _NOT_PAID.search(left):
            continue
        source = _nearest_source(left)
        if source is None:
            by = _BY_SOURCE.match(text, money.end)
            if by:
                source = _nearest_source(by.group("tail"), nearest_last=False)
                if source is None and by.group(0).lstrip(" ),").lower().startswith("no "):
                    # "saņēma 5000 eiro no novada pašvaldības": the sum comes from the payer
                    first = all_cues(by.group("tail"))
                    source = first[0].code if first and first[0].start <= 40 else None
        if source is None:
            after = _SOURCE_AFTER.match(text, money.end)
            cues = fund_cues(after.group("tail")) if after else []
            if cues and cues[0].start == 0:
                source = cues[0].code
                prev_end = after.start("tail") + cues[0].end  # that cue is this sum's, not the next one's
        if _PART_CUES.search(left):
            role, breakdown = "part", True
        elif _CO_FUNDING.search(left) and not _TOTAL_CUES.search(left[-40:]):
            role = "part"
        elif _TOTAL_CUES.search(left):
            role, breakdown = "total", False
        elif breakdown or source:
            role = "part"
        elif _FUNDING_CUES.search(left):
            role = "total"
        elif last is not None and last.money.start >= starts[k] and (_NEXT_ITEM.search(
                text, last.money.end, money.start) or _BRACKETED.match(text, last.money.end)
                and _BRACKET_BEFORE.search(text, last.money.end, money.start)):
            # "iedalīja 410,80 eiro biedrībai “A” projektam “P”, 283,49 eiro biedrībai “B” …": the
            # next item of a list of sums is what the first one is
            role = last.role
        else:
            continue
        parts.append(FundingPart(money, role, source))
    return parts
