"""Checks a generated gist against the clause it explains: every fact it states must be there.

A fact is an amount of money, a date, a period of time, a percentage, any other number, a quoted
term, a capitalised multi-word name ("Acme Widgets Ltd", "Confidential Information") or a
capitalised word inside a sentence ("the Supplier", "Globex"). Values are compared after
normalisation with :mod:`contractreview.text.normalize`, so "thirty (30) days" in the clause
supports
"30 days" in the gist, "12 months" supports "one year", "June 1, 2024" supports "1 June 2024".
Names and terms are compared case-insensitively, singular or plural, against the clause and the
``known_names`` a caller adds (the parties and defined terms of the whole contract).

The check also lists what the gist leaves out: the clause's amounts, dates, periods and
percentages it does not mention, and an exception ("except", "unless", "provided that", ...)
when the gist states none. Omissions make a gist ``incomplete``; unsupported facts make it
``unsupported``.

Known limits: a capitalised word at the start of a sentence is only checked when it looks like a
name (all capitals, an inner capital, or part of a multi-word name), since "Payment is due" is
plain English. Of the meaning of the sentences, one thing is checked (:mod:`.actors`): a party
said to be able to, or to have to, do what the clause gives another party to do is unsupported
(fact kind ``actor``); the rest (conditions, scope, who pays whom) is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from contractreview.gist.actors import actor_mismatches
from contractreview.text.aliases import QUOTED_TERM
from contractreview.text.normalize import find_dates, find_durations, find_money, words_to_number

VERIFIED = "verified"
INCOMPLETE = "incomplete"
UNSUPPORTED = "unsupported"

_DIGITS_RE = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")
_WORD_RE = re.compile(r"[A-Za-z]+")
_PERCENT_AFTER_RE = re.compile(
    r"\s*(?:\(\s*\d+(?:\.\d+)?\s*%?\s*\)\s*)?(?:%|per\s?cent\b|percent\b|pct\b)"
    r"(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?",
    re.I,
)
_NAME_WORD = r"[A-Z][\w&'’.-]*"
_CONNECTOR = r"(?:of|and|&|the|de|du|van|von|for|la|le)"
# a run of capitalised words; it does not go on after a word that ends with a full stop
# ("... to the USA. The Buyer pays": two names, not "USA. The Buyer")
_NAME_RUN_RE = re.compile(rf"{_NAME_WORD}(?:(?<!\.)\s+(?:{_CONNECTOR}\s+)*{_NAME_WORD})*")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;•\n]|^\s*[-*])\s*[\"“(]*$")
_EXCEPTION_RE = re.compile(
    r"\b(?:except|unless|provided\s*,?\s*(?:however\s*,?\s*)?that|notwithstanding|subject\s+to|"
    r"other\s+than|excluding|save\s+(?:as|for|where)|only\s+(?:if|where|when)|but\s+not)\b",
    re.I,
)
# How a gist may state an exception or a condition: any of these counts as "mentions one".
_GIST_EXCEPTION_RE = re.compile(
    r"\b(?:except\w*|exception\w*|unless|provided|providing|notwithstanding|subject\s+to|"
    r"other\s+than|exclud\w*|not\s+including|exempt\w*|apart\s+from|aside\s+from|"
    r"save\s+(?:as|for|where)|(?:as|so)\s+long\s+as|on\s+(?:the\s+)?conditions?\b|"
    r"conditional\w*\s+(?:up)?on|conditioned\s+(?:up)?on|only\s+(?:if|where|when|after|once)|"
    r"in\s+(?:the\s+)?(?:case|event)\s+(?:of|that)|but|if|does\s+not\s+apply|"
    r"doesn't\s+apply|carve[- ]?outs?)\b",
    re.I,
)
# Capitalised words that are plain English, not names, wherever they stand.
_PLAIN_WORDS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "if", "in", "on", "at",
    "by", "to", "for", "of", "or", "and", "but", "as", "so", "no", "not", "each", "either",
    "neither", "both", "any", "all", "some", "every", "none", "under", "upon", "after", "before",
    "during", "within", "when", "where", "while", "which", "who", "whom", "whose", "what",
    "there", "here", "they", "them", "their", "he", "she", "we", "you", "your", "our", "i", "is",
    "are", "was", "were", "be", "been", "may", "must", "shall", "will", "can", "could", "should",
    "would", "also", "however", "otherwise", "instead", "then", "thus", "therefore", "only",
    "even", "yes", "note", "please", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
    "september", "october", "november", "december",
})  # fmt: skip
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion"})
# "a year" in a gist is often a rate ("5% a year"); the clause may say it as "per annum".
_RATE_RE = {
    365: re.compile(r"\b(?:per\s+annum|annual(?:ly)?|(?:per|a|each|every)\s+year|yearly)\b", re.I),
    30: re.compile(r"\b(?:monthly|(?:per|a|each|every)\s+(?:calendar\s+)?month)\b", re.I),
}


@dataclass(frozen=True)
class Fact:
    """A fact stated in the gist: its kind and where it is."""

    kind: str  # money, date, duration, percentage, number, term, name
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class GistCheck:
    """The gist and what the check found; ``segments()`` gives the text with its marks."""

    text: str
    facts: tuple[Fact, ...]
    unsupported: tuple[Fact, ...]
    omitted: tuple[str, ...] = field(default=())

    @property
    def supported(self) -> bool:
        """Every fact in the gist is in the clause."""
        return not self.unsupported

    @property
    def status(self) -> str:
        if self.unsupported:
            return UNSUPPORTED
        return INCOMPLETE if self.omitted else VERIFIED

    def segments(self) -> list[tuple[str, bool]]:
        """The gist as ``(text, unsupported)`` pieces, in order, for a view to style."""
        out: list[tuple[str, bool]] = []
        pos = 0
        for fact in self.unsupported:
            if fact.start > pos:
                out.append((self.text[pos : fact.start], False))
            out.append((self.text[fact.start : fact.end], True))
            pos = fact.end
        if pos < len(self.text):
            out.append((self.text[pos:], False))
        return out

    def marked(self, before: str = "[", after: str = "?]") -> str:
        """The gist as text with each unsupported fact wrapped, e.g. ``[60 days?]``."""
        return "".join(f"{before}{t}{after}" if bad else t for t, bad in self.segments())


# -- numbers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Number:
    value: float
    start: int
    end: int
    words: bool


def _find_numbers(text: str) -> list[_Number]:
    """Numbers written in digits or in words ("one hundred twenty"), with their spans."""
    out = [
        _Number(float(m.group().replace(",", "")), m.start(), m.end(), False)
        for m in _DIGITS_RE.finditer(text)
    ]
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and run[-1].group().lower() == "and":
            run.pop()
        if run:
            phrase = text[run[0].start() : run[-1].end()]
            value = words_to_number(phrase)
            if value is not None and not (len(run) == 1 and run[0].group().lower() in _SCALE_WORDS):
                out.append(_Number(float(value), run[0].start(), run[-1].end(), True))
        run.clear()

    for m in _WORD_RE.finditer(text):
        word = m.group().lower()
        gap = text[run[-1].end() : m.start()] if run else ""
        joinable = not run or re.fullmatch(r"[\s-]+", gap) is not None
        is_number = word not in ("and",) and words_to_number(word) is not None
        if (is_number and joinable) or (word == "and" and run and joinable):
            run.append(m)
        else:
            close()
            if is_number:
                run.append(m)
    close()
    return sorted(out, key=lambda n: n.start)


def _percentages(text: str, numbers: list[_Number]) -> list[tuple[float, int, int]]:
    out: list[tuple[float, int, int]] = []
    for n in numbers:
        if out and n.start < out[-1][2]:
            continue  # the "(5%)" of "five percent (5%)"
        m = _PERCENT_AFTER_RE.match(text, n.end)
        if m:
            out.append((n.value, n.start, m.end()))
    return out


# -- names -------------------------------------------------------------------------------------


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).lower()


def _strip_possessive(name: str) -> str:
    return re.sub(r"['’]s?$", "", name).rstrip(".,")


def _name_in(name: str, haystack: str) -> bool:
    key = _normal(_strip_possessive(name)).strip()
    if not key:
        return True
    forms = {key, key + "s", key + "es"}
    if key.endswith("s"):
        forms.add(key[:-1])
    if key.endswith("ies"):
        forms.add(key[:-3] + "y")
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", haystack) for f in forms)


def _at_sentence_start(text: str, pos: int) -> bool:
    return _SENTENCE_START_RE.search(text[max(0, pos - 4) : pos]) is not None or pos == 0


def _looks_like_name(word: str) -> bool:
    core = word.strip(".'’")
    return (len(core) > 1 and core.isupper()) or any(c.isupper() for c in core[1:])


def _name_facts(gist: str, taken: list[tuple[int, int]]) -> list[Fact]:
    facts: list[Fact] = []
    for m in QUOTED_TERM.finditer(gist):
        facts.append(Fact("term", m.group(1), m.start(1), m.end(1)))
        taken.append((m.start(), m.end()))
    for m in _NAME_RUN_RE.finditer(gist):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        words = list(re.finditer(r"\S+", m.group()))
        while words and words[0].group().lower().strip(".,") in _PLAIN_WORDS:
            words.pop(0)  # "The Supplier" -> "Supplier", "If Acme" -> "Acme"
        while words and re.fullmatch(_CONNECTOR, words[-1].group()):
            words.pop()
        if not words:
            continue
        start, end = m.start() + words[0].start(), m.start() + words[-1].end()
        phrase = gist[start:end].rstrip(".,;:")
        end = start + len(phrase)
        if len(words) == 1:
            word = phrase
            if word.lower().strip("'’") in _PLAIN_WORDS or _strip_possessive(word).isdigit():
                continue
            initial = _at_sentence_start(gist, m.start()) and start == m.start()
            if initial and not _looks_like_name(word):
                continue  # "Payment is due ...": plain English at a sentence start
        facts.append(Fact("name", phrase, start, end))
    return facts


# -- the check ---------------------------------------------------------------------------------


class _Source:
    """The clause's facts, normalised once."""

    def __init__(self, text: str, known_names: Iterable[str]) -> None:
        self.text = text
        self.money = {(round(m.amount, 2), m.currency) for m in find_money(text)}
        self.dates = {d.value for d in find_dates(text)}
        self.durations = {d.days for d in find_durations(text)}
        numbers = _find_numbers(text)
        self.numbers = {n.value for n in numbers}
        self.percentages = {p[0] for p in _percentages(text, numbers)}
        self.names = _normal(text) + "\n" + "\n".join(_normal(n) for n in known_names)


def _gist_values(gist: str, source: _Source) -> tuple[list[Fact], list[Fact]]:
    """(facts, unsupported) for the valued facts: money, dates, periods, percentages, numbers."""
    facts: list[Fact] = []
    bad: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, ok: bool) -> None:
        end = start + len(gist[start:end].rstrip())
        if any(s < end and start < e for s, e in taken):
            return
        fact = Fact(kind, gist[start:end], start, end)
        facts.append(fact)
        taken.append((start, end))
        if not ok:
            bad.append(fact)

    for money in find_money(gist):
        add(
            "money",
            money.start,
            money.end,
            (round(money.amount, 2), money.currency) in source.money,
        )
    for when in find_dates(gist):
        add("date", when.start, when.end, when.value in source.dates)
    numbers = _find_numbers(gist)
    for value, start, end in _percentages(gist, numbers):
        add("percentage", start, end, value in source.percentages)
    for period in find_durations(gist):
        ok = period.days in source.durations
        if not ok and re.match(r"an?\s", gist[period.start : period.end], re.I):
            rate = _RATE_RE.get(period.days)
            ok = rate is not None and rate.search(source.text) is not None
        add("duration", period.start, period.end, ok)
    for n in numbers:
        if n.words and gist[n.start : n.end].lower() in ("one", "a"):
            continue  # "one of the parties", "no one": too common to be a figure
        add("number", n.start, n.end, n.value in source.numbers)
    return facts, bad


def _omissions(gist: str, source: _Source, gist_facts: list[Fact]) -> list[str]:
    covered = _Source(gist, ())
    text = source.text
    missing: list[str] = []
    missing += [text[m.start : m.end] for m in find_money(text)
                if (round(m.amount, 2), m.currency) not in covered.money]  # fmt: skip
    missing += [text[d.start : d.end] for d in find_dates(text) if d.value not in covered.dates]
    missing += [
        text[d.start : d.end] for d in find_durations(text) if d.days not in covered.durations
    ]
    missing += [
        text[s:e]
        for v, s, e in _percentages(text, _find_numbers(text))
        if v not in covered.percentages
    ]
    exception = _EXCEPTION_RE.search(text)
    if exception and not _GIST_EXCEPTION_RE.search(gist):
        missing.append(f"the exception introduced by “{exception.group()}”")
    return list(dict.fromkeys(m.strip() for m in missing))


def verify_gist(gist: str, source: str, *, known_names: Iterable[str] = ()) -> GistCheck:
    """Check every fact of ``gist`` against ``source`` (the clause) and ``known_names``."""
    src = _Source(source, known_names)
    facts, bad = _gist_values(gist, src)
    taken = [(f.start, f.end) for f in facts]
    for fact in _name_facts(gist, taken):
        facts.append(fact)
        if not _name_in(fact.text, src.names):
            bad.append(fact)
    for wrong in actor_mismatches(gist, source, known_names=known_names):
        if not any(f.start < wrong.end and wrong.start < f.end for f in bad):
            actor = Fact("actor", wrong.text, wrong.start, wrong.end)
            facts = [f for f in facts if not (f.start < wrong.end and wrong.start < f.end)]
            facts.append(actor)
            bad.append(actor)
    facts.sort(key=lambda f: f.start)
    bad.sort(key=lambda f: f.start)
    return GistCheck(gist, tuple(facts), tuple(bad), tuple(_omissions(gist, src, facts)))
