"""Wording helpers for suggested edits: numbers as contracts write them ("ninety (90) days"),
the slot values a contract gives (its parties' names, "Party" or "party", its notice periods),
and a one-sided clause rewritten for either party.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from contractreview.analysis.effect.roles import (
    PROVIDES,
    RECEIVES,
    ROLE_WORDS,
    THEM,
    US,
    PartyIndex,
)
from contractreview.analysis.results import Term
from contractreview.text import normalize as nz

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORDS = {w: i for i, w in enumerate(_ONES)} | {w: 10 * i for i, w in enumerate(_TENS) if i > 1}
_NUMBER_WORD = r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>(?:(?:business|working|calendar|banking)\s+)?(?:day|month|year|week)s?)"
# "ten (10) days", "thirty (30) days'", "Twelve (12) Months", "30 days", "forty-five (45) days"
NUMBER_PHRASE = re.compile(
    rf"(?:\b(?P<words>{_NUMBER_WORD}(?:[\s-]{_NUMBER_WORD})?)\s*\(\s*(?P<digits>\d{{1,4}})\s*\)"
    rf"|\b(?P<bare>\d{{1,4}}))\s*{_UNIT}\b",
    re.I,
)
_POSITION_VALUE = re.compile(
    r"(?P<n>\d{1,4})\s+(?P<unit>(?:business\s+)?(?:day|month|year|week)s?)"
)
_AGREEMENT = re.compile(
    r"\bthis\s+(Agreement|Contract|Addendum|Amendment|Order\s+Form|Statement\s+of\s+Work|DPA|MSA)\b"
)


def number_words(n: int) -> str:
    """``n`` (0-999) in words, as contracts write it: ``forty-five``, ``one hundred``."""
    if n < len(_ONES):
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    head = f"{_ONES[hundreds]} hundred"
    return f"{head} and {number_words(rest)}" if rest else head


def position_value(text: str) -> tuple[int, str] | None:
    """The number and unit of a ``replace_value`` position: ``"90 days"`` -> (90, "days")."""
    m = _POSITION_VALUE.fullmatch(text.strip())
    return (int(m.group("n")), m.group("unit")) if m else None


def render_value(n: int, unit: str, like: re.Match[str]) -> str:
    """``n`` ``unit`` written the way the matched phrase ``like`` writes its number: with the
    words and the digits in brackets, or the digits alone; in its case."""
    base = unit.rstrip("s") if n == 1 else (unit if unit.endswith("s") else unit + "s")
    old_unit = like.group("unit")
    if old_unit[:1].isupper():
        base = " ".join(w.capitalize() for w in base.split())
    if like.group("words") is None:
        return f"{n} {base}"
    words = number_words(n)
    old = like.group("words")
    if old.isupper():
        words = words.upper()
    elif old[:1].isupper():
        words = words.capitalize()
    return f"{words} ({n}) {base}"


def _defined(word: str, texts: Iterable[str]) -> bool:
    """Whether the contract writes ``word`` capitalised ("Party") more than lower-case."""
    counts: Counter[str] = Counter()
    pattern = re.compile(rf"\b{word}\b", re.I)
    for text in texts:
        for m in pattern.finditer(text):
            counts[m.group(0)] += 1
    return counts[word.capitalize()] >= counts[word.lower()] and counts[word.capitalize()] > 0


def _party_name(index: PartyIndex, relation: str, texts: Sequence[str]) -> str:
    """How the contract names the party with ``relation``: its alias ("Supplier", or "the
    Supplier" when the contract writes the article), else its name, else a role word."""
    for p in index.parties:
        if p.relation != relation:
            continue
        if not p.alias:
            return p.name
        joined = " ".join(texts)
        with_the = len(re.findall(rf"\bthe\s+{re.escape(p.alias)}\b", joined))
        bare = len(re.findall(rf"(?<!the )\b{re.escape(p.alias)}\b", joined))
        return f"the {p.alias}" if with_the > bare else p.alias
    if index.our_role is None:
        return ""
    provides = (index.our_role == PROVIDES) == (relation == US)
    return _role_word(PROVIDES if provides else RECEIVES, texts)


def _role_word(role: str, texts: Sequence[str]) -> str:
    """The defined role word the contract uses most for ``role`` ("Provider", "the Client"),
    else "the Supplier" or "the Customer"."""
    joined = " ".join(texts)
    counts = Counter(
        m.group(0)
        for word in ROLE_WORDS[role]
        for m in re.finditer(rf"\b(?:the\s+)?{re.escape(word.title())}\b", joined)
    )
    if not counts:
        return "the Supplier" if role == PROVIDES else "the Customer"
    bare = Counter({k.removeprefix("the ").strip(): 0 for k in counts})
    for k, n in counts.items():
        bare[re.sub(r"^the\s+", "", k)] += n
    word = bare.most_common(1)[0][0]
    with_the = sum(n for k, n in counts.items() if k.startswith("the ") and k.endswith(word))
    return f"the {word}" if with_the * 2 > bare[word] else word


def slot_values(index: PartyIndex, terms: Sequence[Term], texts: Sequence[str]) -> dict[str, str]:
    """The value of every slot the contract gives (see :data:`SLOT_NAMES`)."""
    by_name = {t.name: t for t in terms}
    capital = _defined("party", texts) or _defined("parties", texts)
    agreement = Counter(
        re.sub(r"\s+", " ", m.group(1)) for t in texts for m in _AGREEMENT.finditer(t)
    )
    values = {
        "us": _party_name(index, US, texts),
        "counterparty": _party_name(index, THEM, texts),
        "party": "Party" if capital else "party",
        "parties": "Parties" if capital else "parties",
        "agreement": agreement.most_common(1)[0][0] if agreement else "Agreement",
        "notice_days": _days(by_name.get("notice_period")),
        "termination_notice_days": _days(by_name.get("termination_notice")),
        "cap_months": _months(by_name.get("liability_cap")),
        "payment_days": _days(by_name.get("payment_terms")),
        "governing_law": _text(by_name.get("governing_law")),
        "venue": _text(by_name.get("venue")),
    }
    return {k: v for k, v in values.items() if v}


def _days(term: Term | None) -> str:
    days = nz.duration_days(term.normalized) if term is not None else None
    return str(int(days)) if days is not None else ""


def _months(term: Term | None) -> str:
    value: Any = term.normalized if term is not None else None
    months = value.get("months_of_fees") if isinstance(value, Mapping) else None
    if isinstance(months, int | float) and months > 0:
        return str(int(months)) if float(months).is_integer() else str(months)
    return ""


def _text(term: Term | None) -> str:
    if term is None:
        return ""
    return str(term.normalized) if isinstance(term.normalized, str) else term.value


def sentence_case(text: str) -> str:
    """The first letter of ``text`` and of each sentence in it in capitals (a slot such as
    "the Customer" may open a sentence)."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


# -- make mutual ---------------------------------------------------------------------------------

_DEFINED_NEXT = re.compile(r"\s+[A-Z][a-z]")  # "Customer Data": a defined term, not the party
# the subject of the clause: a party named just before its verb ("Customer shall indemnify")
_ACTS = re.compile(
    r"\s*,?\s*(?:hereby\s+|also\s+)?(?:shall|will|may|must|agrees?|undertakes?|waives?|"
    r"indemnif\w+|covenants?|releases?|acknowledges?|is|are)\b",
    re.I,
)


def make_mutual(
    text: str, index: PartyIndex, actor: str, *, right: bool, party: str
) -> tuple[int, int, str] | None:
    """The clause rewritten for either party: the first mention of the ``actor`` (us / them)
    becomes "Either Party" (a right) or "Each Party", later ones "that Party", and the other
    side "the other Party". Returns the changed span ``(start, end)`` of ``text`` and its new
    text, or None when the clause names neither side."""
    changes: list[tuple[int, int, str]] = []
    seen_actor = False
    for m in index.mentions(text):
        word = text[m.start : m.end]
        if m.relation not in (US, THEM) or _DEFINED_NEXT.match(text, m.end) or word == "US":
            continue
        if not seen_actor and (m.relation != actor or not _ACTS.match(text, m.end)):
            continue  # before the clause's subject ("Protection by Customer."): left alone
        poss = "'s" if re.search(r"['\u2019]s?$", word) else ""
        if m.relation == actor:
            new = ("that " if seen_actor else ("Either " if right else "Each ")) + party
            seen_actor = True
        else:
            new = f"the other {party}"
        at_start = m.start == 0 or re.search(r"[.;:]\s*$", text[: m.start]) is not None
        if at_start:
            new = new[:1].upper() + new[1:]
        changes.append((m.start, m.end, new + poss))
    if not seen_actor:
        return None
    start, end = changes[0][0], changes[-1][1]
    pieces, pos = [], start
    for s, e, new in changes:
        pieces.append(text[pos:s])
        pieces.append(new)
        pos = e
    pieces.append(text[pos:end])
    return start, end, "".join(pieces)
