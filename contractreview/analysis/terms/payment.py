"""The payment-terms finder: the days within which an invoice is paid ("within forty-five (45) days
of receipt of the invoice", "net 30").
"""

from __future__ import annotations

import re

from contractreview.analysis.terms.candidates import Candidate, Context
from contractreview.analysis.terms.confidence import PAYMENT_DAYS, PAYMENT_NET
from contractreview.text import normalize as nz
from contractreview.text.cues import Cue

_PAYMENT_SEGMENT = Cue(
    "payment.segment",
    re.compile(r"\b(?:invoice\w*|payment|payable|pay|net\s+\d+)\b", re.I),
    why="A clause about paying.",
    examples=("shall pay each invoice", "net 30"),
    counter_examples=("shall deliver the Products",),
)
NET = Cue(
    "payment.net",
    re.compile(r"\bnet\s+(\d{1,3})\b(?:\s+days)?", re.I),
    why="Net payment terms.",
    examples=("net 30", "Net 45 days"),
    counter_examples=("network", "net of taxes"),
)


_INVOICED = Cue(
    "payment.invoiced",
    re.compile(r"invoice|receipt|billing", re.I),
    why="A period counted from an invoice.",
    examples=("of receipt of the invoice", "after the billing date"),
    counter_examples=("after delivery",),
)
_PAID = Cue(
    "payment.paid",
    re.compile(r"pay|due|remit", re.I),
    why="A period within which money is paid.",
    examples=("Customer shall pay", "is due", "remit"),
    counter_examples=("Supplier shall deliver",),
)


PAYMENT_FROM = Cue(
    "payment.from",
    re.compile(
        r"\b(?P<receipt>receipt|receiving|received)\b(?:\s+(?:of|by)\s+[^.;]{0,30})?"
        r"|\b(?P<invoice>invoice\s+date|date\s+of\s+(?:the\s+)?invoice|invoic\w*|billing)\b"
        r"|\b(?P<delivery>delivery|shipment|acceptance)\b",
        re.I,
    ),
    why="What the days to pay are counted from: the invoice, its receipt, delivery.",
    examples=("of receipt of the invoice", "after the invoice date", "following delivery"),
    counter_examples=("in advance",),
)


def _counted_from(after: str) -> str | None:
    """What the days are counted from: ``"invoice receipt"``, ``"invoice"``, ``"receipt"``,
    ``"delivery"`` (the words just after the period), or None."""
    m = PAYMENT_FROM.search(after)
    if m is None:
        return None
    if m.group("receipt"):
        return "invoice receipt" if re.search(r"invoic|bill", m.group(0), re.I) else "receipt"
    return "invoice" if m.group("invoice") else "delivery"


def payment_candidates(ctx: Context) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {"payment_terms": []}
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        if _PAYMENT_SEGMENT.search(text):
            for d in nz.find_durations(text):
                around = text[max(0, d.start - 60) : d.end + 60]
                if _INVOICED.search(around) and _PAID.search(around):
                    norm: dict[str, object] = {"days": d.days}
                    if counted := _counted_from(text[d.end : d.end + 60]):
                        norm["from"] = counted
                    out["payment_terms"].append(Candidate(PAYMENT_DAYS, i, d.start, d.end, norm))
            for m in NET.finditer(text):
                out["payment_terms"].append(
                    Candidate(PAYMENT_NET, i, m.start(), m.end(), {"days": int(m.group(1))})
                )
    return out
