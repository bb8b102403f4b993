"""Normalisation of the values contracts state in words: dates, durations, money, jurisdictions.

One place for each concept: every module that reads a date, a period of time, an amount of
money or a governing-law jurisdiction from contract text uses the functions here, so the key
terms, the playbook conditions, the evaluation and the exports agree on what a value means.

Each ``find_*`` function returns matches with their ``[start, end)`` span in the text it was
given, so a caller can cite exactly the words a value came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# -- numbers -----------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

_WORD_NUM = (
    r"(?:(?:" + "|".join(sorted([*_TENS, *_UNITS, *_SCALES], key=len, reverse=True)) + r")"
    r"(?:[\s-]+(?:and[\s-]+)?(?:"
    + "|".join(sorted([*_TENS, *_UNITS, *_SCALES], key=len, reverse=True))
    + r"))*)"
)


def words_to_number(text: str) -> int | None:
    """``"thirty"`` -> 30, ``"one hundred twenty"`` -> 120, ``"45"`` -> 45; None if not a number."""
    text = text.strip().lower().replace(",", "")
    if text.isdigit():
        return int(text)
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


# -- dates -------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# "1st", "18th" and, in text converted from PDF, "18t h"
_DAY = r"(?P<day>[0-3]?\d)(?:\s?(?:s\s?t|n\s?d|r\s?d|t\s?h)\b)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ORD_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
    "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
    "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31,
}  # fmt: skip
_DAY_WORD = r"(?P<dayw>" + "|".join(sorted(_ORD_WORDS, key=len, reverse=True)) + r")"
_B = r"(?<![A-Za-z0-9])"  # a word start, also after "_" ("_Dec. 8, 2005")
_BD = r"(?<![0-9])"  # a day may follow a letter: "as of1 August 2019"
_COMMA = r"\s*[,.]?\s*"  # "April 15 , 2010", "March 18. 2021"

_DATE_PATTERNS = [
    # June 1, 2020 / June 1st 2020 / Sept. 1, 2020
    re.compile(rf"{_B}{_MONTH}\s+{_DAY}{_COMMA}{_YEAR}\b", re.I),
    # 1 June 2020 / 1st June, 2020
    re.compile(rf"{_BD}{_DAY}\s+(?:day\s+of\s+)?{_MONTH}{_COMMA}{_YEAR}\b", re.I),
    # the 7th day of April, 2017 / this 1st day of June 2020 / 7th of April 2017 / a blank
    # filled in on a line: "this 1st day of ------ November, 2003"
    re.compile(
        rf"{_BD}{_DAY}\s+(?:day\s+)?of\s+(?:[-_]{{2,}}\s+)?{_MONTH}{_COMMA}"
        rf"(?:in\s+the\s+year\s+)?{_YEAR}\b",
        re.I,
    ),
    re.compile(rf"\b{_DAY_WORD}\s+(?:day\s+)?of\s+{_MONTH}{_COMMA}{_YEAR}\b", re.I),
    # 2020-06-01
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    # 06/01/2020, 6-1-2020 (US order: month first, unless the first can only be a day:
    # 29/3/2018); 1.4.2011 is written day first (1 April 2011), as in Europe
    re.compile(
        r"\b(?P<mnum>[0-3]?\d)(?P<sep>[/.-])(?P<day>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
    ),
    # 7/1/98, 3-31-16, 29/3/18: a two-digit year (1950-2049)
    re.compile(r"(?<![\d/.-])(?P<mnum>[0-3]?\d)([/-])(?P<day>[0-3]?\d)\2(?P<yy>\d\d)(?![\d/-])"),
]


@dataclass(frozen=True)
class DateMatch:
    value: date
    start: int
    end: int


def _date_from(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        year = int(g["year"]) if g.get("year") else _century(int(g["yy"]))
        month = MONTHS[g["month"].lower()] if g.get("month") else int(g["mnum"])
        day = _ORD_WORDS[g["dayw"].lower()] if g.get("dayw") else int(g["day"])
        if g.get("mnum") and day <= 12 and (month > 12 or g.get("sep") == "."):
            month, day = day, month  # day first: 29/3/18, 1.4.2011
        return date(year, month, day)
    except (ValueError, KeyError):
        return None


def _century(yy: int) -> int:
    return 2000 + yy if yy < 50 else 1900 + yy


def find_dates(text: str) -> list[DateMatch]:
    """Every full date written in ``text`` (day, month and year), in order of position."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value = _date_from(m)
            if value is not None:
                found.append(DateMatch(value, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


# "until the end of 2006", "through the end of calendar year 2010": the year's last day
_YEAR_END_RE = re.compile(
    r"\bend\s+of\s+(?:the\s+)?(?:calendar\s+)?(?:year\s+)?(?P<year>(?:19|20)\d\d)\b(?![/.-]\d)",
    re.I,
)


def find_year_ends(text: str) -> list[DateMatch]:
    """Ends of years written as such ("the end of 2006"): December 31 of the year."""
    return [
        DateMatch(date(int(m.group("year")), 12, 31), m.start(), m.end())
        for m in _YEAR_END_RE.finditer(text)
    ]


def parse_date(text: str) -> date | None:
    """The first date written in ``text``, or None."""
    found = find_dates(text)
    return found[0].value if found else None


def parse_us_numeric_date(text: str) -> date | None:
    """``"6/21/1999"`` (CUAD's answer format) -> 1999-06-21; None for blanks like ``[]/[]/2004``."""
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None


def add_days(start: date, days: int) -> date:
    """``start`` plus a duration in days, calendar-aware for whole years and months."""
    years, rest = divmod(days, 365)
    if rest == 0:
        try:
            return start.replace(year=start.year + years)
        except ValueError:  # 29 February
            return start.replace(year=start.year + years, day=28)
    months = round(days * 12 / 365)
    if days >= 59 and unit_days("month", months) == days:  # whole months: "six (6) months"
        y, m = divmod(start.month - 1 + months, 12)
        import calendar

        last = calendar.monthrange(start.year + y, m + 1)[1]
        return start.replace(year=start.year + y, month=m + 1, day=min(start.day, last))
    from datetime import timedelta

    return start + timedelta(days=days)


# -- durations ---------------------------------------------------------------------------------

PERPETUAL = "perpetual"
_UNIT_DAYS = {"day": 1, "business day": 1, "week": 7, "month": None, "year": 365}
_NUM = rf"(?:(?P<words>{_WORD_NUM})\s*(?:\(\s*(?P<paren>\d+)\s*\)\s*)?|(?P<digits>\d+)\s*)"
_DURATION_RE = re.compile(
    # "twelve (12) full calendar months", "ten (10) Contract Years"
    rf"\b{_NUM}(?:[-~]\s*)?(?:(?:full|calendar|business|working|consecutive|contract)\s+){{0,2}}"
    r"(?P<unit>days?|weeks?|months?|years?)\b",
    re.I,
)
# "an additional period of half a year", "a half-year term": six months (or half a month)
_HALF_RE = re.compile(r"\b(?:half\s+an?\s+|an?\s+half[\s-]|half[\s-])(?P<unit>year|month)\b", re.I)
# "0.5 year", "1.5 years": a fraction of a year counted in whole months
_FRACTION_RE = re.compile(
    r"(?<![\d.])(?P<count>\d{1,2}\.\d{1,2})\s*(?P<unit>years?|months?)\b", re.I
)
_SINGLE_RE = re.compile(
    r"\b(?P<one>an?|one)\s+(?:additional\s+|further\s+)?(?P<unit>year|month)\b", re.I
)
# No fixed end: "in perpetuity", "until terminated", "until the expiration of the Royalty Term"
# ("unless terminated" alone is not one: "for five years unless terminated earlier").
PERPETUAL_PATTERN = (
    r"\b(?:perpetu(?:al|ity|ally)|indefinite(?:ly)?|unless\s+and\s+until\s+(?:terminated|either)|"
    r"until\s+(?:(?:such\s+time\s+as\s+)?(?:it\s+is\s+)?(?:terminated|termination)|"
    r"the\s+(?:earlier\s+)?(?:termination|expiration)\s+(?:or\s+(?:earlier\s+)?termination\s+)?of|"
    # "until Achaogen ceases development", "continue through the completion or termination of"
    r"(?:[A-Z][\w.&-]*\s+){1,3}ceases?\b)|through\s+the\s+(?:completion|termination)\s+"
    r"(?:or\s+(?:termination|completion)\s+)?of|"
    r"end\s+when\s+terminated|(?:an\s+)?unlimited\s+(?:period|term|duration)(?:\s+of\s+time)?|until\s+the\s+(?:earlier|first)\s+to\s+occur|"
    r"until\s+(?:either|one|any)\s+party\s+(?:gives|informs|serves|provides|terminates)|"
    r"for\s+(?:so|as)\s+long\s+as(?!\s+(?:may\s+be|is|are)\s+(?:necessary|required|needed)))\b"
)
_PERPETUAL_RE = re.compile(PERPETUAL_PATTERN, re.I)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
# "the third anniversary of the Effective Date", "the fifth (5th) anniversary": whole years.
_ANNIVERSARY_RE = re.compile(
    r"\b(?P<ord>" + "|".join(_ORDINALS) + r"|(?P<num>\d{1,2})(?:st|nd|rd|t\s?h))\s+"
    r"(?:\(\s*\d{1,2}\s*(?:st|nd|rd|t\s?h)\s*\)\s+)?anniversary\b",
    re.I,
)


@dataclass(frozen=True)
class DurationMatch:
    days: int
    start: int
    end: int


def unit_days(unit: str, count: int) -> int:
    """Whole days in ``count`` units; a month is a twelfth of a year (12 months = 365 days)."""
    unit = unit.lower().rstrip("s")
    if unit == "month":
        return round(count * 365 / 12)
    return count * (_UNIT_DAYS.get(unit) or 1)


def find_durations(text: str) -> list[DurationMatch]:
    """Periods of time written in ``text``: "thirty (30) days", "12 months", "one year"."""
    out: list[DurationMatch] = []
    for m in _DURATION_RE.finditer(text):
        count = None
        if m.group("paren"):
            count = int(m.group("paren"))
        elif m.group("digits"):
            count = int(m.group("digits"))
        elif m.group("words"):
            count = words_to_number(m.group("words"))
        if count is None or count <= 0:
            continue
        out.append(DurationMatch(unit_days(m.group("unit"), count), m.start(), m.end()))
    for m in _FRACTION_RE.finditer(text):
        frac = float(m.group("count"))
        months = frac * 12 if m.group("unit").lower().startswith("year") else frac
        if months != int(months) or months <= 0:
            continue
        # the digits after the point were read as a whole number ("0.5 year": "5 year")
        out = [d for d in out if not m.start() <= d.start < m.end()]
        out.append(DurationMatch(unit_days("month", int(months)), m.start(), m.end()))
    for m in _HALF_RE.finditer(text):
        days = unit_days("month", 6) if m.group("unit").lower() == "year" else 15
        out.append(DurationMatch(days, m.start(), m.end()))
    for m in _ANNIVERSARY_RE.finditer(text):
        years = int(m.group("num")) if m.group("num") else _ORDINALS[m.group("ord").lower()]
        out.append(DurationMatch(365 * years, m.start(), m.end()))
    for m in _SINGLE_RE.finditer(text):
        if any(d.start <= m.start() < d.end for d in out):
            continue
        out.append(DurationMatch(unit_days(m.group("unit"), 1), m.start(), m.end()))
    return sorted(out, key=lambda d: d.start)


def parse_duration(text: str) -> dict[str, int] | str | None:
    """``{"days": N}`` for the first period written in ``text``, ``"perpetual"``, or None."""
    found = find_durations(text)
    if found:
        return {"days": found[0].days}
    if _PERPETUAL_RE.search(text):
        return PERPETUAL
    return None


def find_perpetual(text: str) -> tuple[int, int] | None:
    m = _PERPETUAL_RE.search(text)
    return (m.start(), m.end()) if m else None


def duration_days(value: Any) -> int | None:
    """The days of a normalized duration, None for "perpetual" or anything else."""
    if isinstance(value, dict) and isinstance(value.get("days"), int):
        return int(value["days"])
    return None


# -- money -------------------------------------------------------------------------------------

_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "C$": "CAD"}
_CURRENCY_CODES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "CNY", "RMB", "INR")
_CODES = "|".join(_CURRENCY_CODES)
_SCALE = r"(?:million|billion|thousand|[mk]\b)"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY_RE = re.compile(
    rf"(?P<sym>US\$|C\$|[$€£¥])\s?(?P<amount>{_NUMBER})\s*(?P<scale>{_SCALE})?"
    rf"|\b(?P<code>{_CODES})\s?(?P<amount2>{_NUMBER})\s*(?P<scale2>{_SCALE})?"
    rf"|\b(?P<amount3>{_NUMBER})\s*(?P<scale3>{_SCALE})?\s?"
    rf"(?P<code2>{_CODES}|dollars|euros|pounds)\b",
    re.I,
)


@dataclass(frozen=True)
class MoneyMatch:
    amount: float
    currency: str
    start: int
    end: int


def find_money(text: str) -> list[MoneyMatch]:
    """Amounts of money: "$1,000,000", "USD 5,000", "€500", "2 million dollars"."""
    out = []
    for m in _MONEY_RE.finditer(text):
        g = m.groupdict()
        raw = g["amount"] or g["amount2"] or g["amount3"]
        scale = (g["scale"] or g["scale2"] or g["scale3"] or "").lower()
        amount = float(raw.replace(",", "")) * {
            "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9
        }.get(scale, 1.0)  # fmt: skip
        if g["sym"]:
            currency = _CURRENCY_SYMBOLS[g["sym"].upper()]
        else:
            code = (g["code"] or g["code2"] or "").upper()
            currency = {"DOLLARS": "USD", "EUROS": "EUR", "POUNDS": "GBP", "RMB": "CNY"}.get(
                code, code
            )
        out.append(MoneyMatch(amount, currency, m.start(), m.end()))
    return out


def parse_money(text: str) -> dict[str, Any] | None:
    """``{"amount": 1000000.0, "currency": "USD"}`` for the first amount in ``text``."""
    found = find_money(text)
    return {"amount": found[0].amount, "currency": found[0].currency} if found else None


# -- jurisdictions -----------------------------------------------------------------------------

US_STATES = [
    *(  # noqa: SIM905
        "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida "
        "Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland "
        "Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio "
        "Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington "
        "Wisconsin Wyoming"
    ).split(),
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "District of Columbia",
    "Puerto Rico",
]
CANADIAN_PROVINCES = [
    "Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba", "Saskatchewan",
    "Nova Scotia", "New Brunswick", "Newfoundland and Labrador", "Prince Edward Island",
]  # fmt: skip
COUNTRIES = [
    "England and Wales", "England", "Scotland", "Northern Ireland", "Wales", "Ireland",
    "United Kingdom", "United States", "Canada", "Germany", "France", "Netherlands", "Belgium",
    "Luxembourg", "Switzerland", "Austria", "Italy", "Spain", "Portugal", "Sweden", "Norway",
    "Denmark", "Finland", "Poland", "Israel", "India", "China", "Hong Kong", "Singapore",
    "Japan", "South Korea", "Taiwan", "Australia", "New Zealand", "South Africa", "Brazil",
    "Mexico", "Argentina", "Cayman Islands", "Bermuda", "British Virgin Islands", "Malaysia",
    "Thailand", "Philippines", "Indonesia", "United Arab Emirates", "Cyprus", "Greece",
]  # fmt: skip
JURISDICTIONS = tuple(US_STATES + CANADIAN_PROVINCES + COUNTRIES)

# Other ways contracts name a jurisdiction -> the canonical name.
JURISDICTION_ALIASES = {
    "state of new york": "New York", "commonwealth of massachusetts": "Massachusetts",
    "commonwealth of pennsylvania": "Pennsylvania", "commonwealth of virginia": "Virginia",
    "commonwealth of kentucky": "Kentucky", "washington, d.c.": "District of Columbia",
    "washington d.c.": "District of Columbia", "d.c.": "District of Columbia",
    "england & wales": "England and Wales", "english": "England and Wales",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "great britain": "United Kingdom",
    "usa": "United States", "u.s.a.": "United States", "u.s.": "United States",
    "united states of america": "United States",
    "people's republic of china": "China", "peoples republic of china": "China",
    "prc": "China", "p.r.c.": "China", "the people's republic of china": "China",
    "federal republic of germany": "Germany", "republic of south africa": "South Africa",
    "republic of singapore": "Singapore", "state of israel": "Israel",
    "republic of korea": "South Korea", "korea": "South Korea",
    "hong kong sar": "Hong Kong", "the netherlands": "Netherlands", "holland": "Netherlands",
    "republic of ireland": "Ireland", "swiss": "Switzerland", "german": "Germany",
    "french": "France", "dutch": "Netherlands",
}  # fmt: skip
_CANON = {j.lower(): j for j in JURISDICTIONS}


def jurisdiction_name(text: str) -> str | None:
    """The canonical jurisdiction name for ``text`` ("State of New York" -> "New York",
    "Ontario, Canada" -> "Ontario", "England" -> "England"), or None if unknown."""
    key = re.sub(r"\s+", " ", text.strip().strip(".,;").lower())
    key = key.replace("’", "'")
    if key.startswith("the "):
        key = key[4:]
    for prefix in ("state of ", "province of ", "commonwealth of ", "kingdom of ", "republic of "):
        if key in JURISDICTION_ALIASES or key in _CANON:
            break
        if key.startswith(prefix):
            key = key[len(prefix) :]
    if key in JURISDICTION_ALIASES:
        return JURISDICTION_ALIASES[key]
    if key in _CANON:
        return _CANON[key]
    head = key.split(",")[0].strip()  # "Ontario, Canada"
    if head != key:
        return jurisdiction_name(head)
    return None


def jurisdiction_phrases() -> list[str]:
    """Every written form :func:`jurisdiction_name` knows, longest first (for matchers)."""
    forms = set(JURISDICTIONS) | {a for a in JURISDICTION_ALIASES if len(a) > 3 or a == "prc"}
    return sorted(forms, key=len, reverse=True)
