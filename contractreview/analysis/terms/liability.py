"""The liability-cap finder: an amount, or a number of months of fees, or "the fees paid", in a
clause that limits liability.
"""

from __future__ import annotations

import re
from typing import Any

from contractreview.analysis.terms.candidates import Candidate, Context
from contractreview.analysis.terms.confidence import CAP_AMOUNT, CAP_FEES_PAID, CAP_MONTHS_OF_FEES
from contractreview.text import normalize as nz
from contractreview.text.cues import Cue

_LIABILITY_SEGMENT = Cue(
    "liability.segment",
    re.compile(r"\bliabilit(?:y|ies)\b", re.I),
    why="A clause about liability.",
    examples=("aggregate liability", "all liabilities"),
    counter_examples=("reliability",),
)
_CAP_CUE = Cue(
    "liability.cap",
    re.compile(
        r"\b(?:exceed|limited\s+to|cap|maximum|aggregate|in\s+no\s+event|not\s+be\s+liable\s+for\s+more)",
        re.I,
    ),
    why="Words that limit liability to a sum.",
    examples=("shall not exceed", "in no event", "limited to"),
    counter_examples=("shall be liable for all damages",),
)
FEES_FORMULA = Cue(
    "liability.fees_formula",
    re.compile(
        r"\b(?:the\s+)?(?:total\s+|aggregate\s+)?(?:fees|amounts?|sums?|compensation|charges|price)\s+"
        r"(?:actually\s+)?(?P<verb>paid|payable|received|due)\b[^.;]{0,140}",
        re.I,
    ),
    why="A cap stated as the fees paid.",
    examples=(
        "the fees paid by Customer in the six (6) months preceding the claim",
        "the total amounts payable hereunder",
    ),
    counter_examples=("the fees for the Services",),
)


_MONTHS_OR_YEARS = Cue(
    "liability.months_or_years",
    re.compile(r"month|year", re.I),
    why='A cap of the fees over a time: "in the six (6) months preceding the claim".',
    examples=("six (6) months", "one year"),
    counter_examples=("thirty (30) days",),
)


_MULTIPLE = Cue(
    "liability.multiple",
    re.compile(
        r"(?P<n>\d+(?:\.\d+)?)\s*[x×]\s*(?:the\s+)?$|(?P<word>one|two|three|four|five|ten)"
        r"(?:\s*\(\d+\))?\s+times\s+(?:the\s+)?$",
        re.I,
    ),
    why='A cap stated as a multiple of the fees: "2x the Fees paid", "two times the fees".',
    examples=("2x the ", "1.5 x ", "two (2) times the "),
    counter_examples=("{n}x the ", "the "),
)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


def _multiple(before: str) -> float | None:
    m = _MULTIPLE.search(before)
    if m is None:
        return None
    if m.group("n"):
        value = float(m.group("n"))
        return int(value) if value.is_integer() else value
    return _WORD_NUMBERS[m.group("word").lower()]


def cap_formula(text: str, pos: int = 0) -> tuple[int, int, dict[str, Any]] | None:
    """The first cap formula in ``text`` from ``pos``: its span and value, ``{"months_of_fees":
    12}`` ("the fees paid in the 12 months before the claim") or ``{"formula": "fees paid"}``,
    with ``"multiple"`` where the fees are multiplied ("2x the Fees paid")."""
    fm = FEES_FORMULA.search(text, pos)
    return None if fm is None else _formula(text, fm)


def _formula(text: str, fm: re.Match[str]) -> tuple[int, int, dict[str, Any]]:
    months = [
        d for d in nz.find_durations(fm.group(0))
        if _MONTHS_OR_YEARS.search(fm.group(0)[d.start : d.end])
    ]  # fmt: skip
    norm: dict[str, Any]
    if months:
        d = months[0]
        norm = {"months_of_fees": round(d.days * 12 / 365)}
        end = fm.start() + d.end
    else:
        norm = {"formula": "fees paid"}
        end = fm.end("verb")  # "the fees paid": the formula, cited whole
    times = _multiple(text[max(0, fm.start() - 30) : fm.start()])
    if times is not None:
        norm["multiple"] = times
    return fm.start(), end, norm


def liability_candidates(ctx: Context) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {"liability_cap": []}
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        if _LIABILITY_SEGMENT.search(text) and _CAP_CUE.search(text):
            for mm in nz.find_money(text):
                norm = {"amount": mm.amount, "currency": mm.currency}
                out["liability_cap"].append(Candidate(CAP_AMOUNT, i, mm.start, mm.end, norm))
            for fm in FEES_FORMULA.finditer(text):
                start, end, formula = _formula(text, fm)
                base = CAP_MONTHS_OF_FEES if "months_of_fees" in formula else CAP_FEES_PAID
                out["liability_cap"].append(Candidate(base, i, start, end, formula))
    return out
