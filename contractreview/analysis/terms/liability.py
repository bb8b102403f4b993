"""The liability-cap finder: an amount, or a number of months of fees, or "the fees paid", in a
clause that limits liability.
"""

from __future__ import annotations

import re

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


def liability_candidates(ctx: Context) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {"liability_cap": []}
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        if _LIABILITY_SEGMENT.search(text) and _CAP_CUE.search(text):
            for mm in nz.find_money(text):
                norm = {"amount": mm.amount, "currency": mm.currency}
                out["liability_cap"].append(Candidate(CAP_AMOUNT, i, mm.start, mm.end, norm))
            for fm in FEES_FORMULA.finditer(text):
                months = [
                    d for d in nz.find_durations(fm.group(0))
                    if _MONTHS_OR_YEARS.search(fm.group(0)[d.start : d.end])
                ]  # fmt: skip
                if months:
                    d = months[0]
                    n = round(d.days * 12 / 365)
                    end = fm.start() + d.end
                    out["liability_cap"].append(
                        Candidate(CAP_MONTHS_OF_FEES, i, fm.start(), end, {"months_of_fees": n})
                    )
                else:
                    end = fm.end("verb")  # "the fees paid": the formula, cited whole
                    out["liability_cap"].append(
                        Candidate(CAP_FEES_PAID, i, fm.start(), end, {"formula": "fees paid"})
                    )
    return out
