"""Clause first, value second: each term is read from the clause whose job it is to state it.

The governing-law clause states the law, the payment clause the days to pay, the
limitation-of-liability clause the cap. A segment is that clause when its section heading says
so ("10.3 Governing Law and Chosen Courts", "4. Payment & Taxes"), when a cover page's label
row just before it does ("General Cap Amount" above the elected option), or when the clause
model scores it as that clause. Candidates read there gain ``CLAUSE_PLUS``; where the clause
was found, a value read anywhere else is kept at a visibly lower confidence
(``ELSEWHERE_MINUS``), so it is chosen only when the clause itself says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contractreview.analysis.terms.candidates import Candidate, Context, shifted
from contractreview.analysis.terms.confidence import (
    CLAUSE_MODEL_SCORE,
    CLAUSE_PLUS,
    ELSEWHERE_MINUS,
)
from contractreview.text.cues import Cue

_LAW_CLAUSE = Cue(
    "clauses.law",
    re.compile(
        r"\b(?:governing\s+law|applicable\s+law|choice\s+of\s+law|law\s+and\s+jurisdiction"
        r"|jurisdiction|dispute\s+resolution|disputes?|chosen\s+courts?)\b",
        re.I,
    ),
    why="The heading of the governing-law clause.",
    examples=("Governing Law", "10.3 Governing Law and Chosen Courts", "Applicable law"),
    counter_examples=("Compliance with laws", "Definitions"),
)
_PAYMENT_CLAUSE = Cue(
    "clauses.payment",
    re.compile(r"\b(?:payment|invoic\w*|fees|charges|remuneration|compensation|prices?)\b", re.I),
    why="The heading of the payment clause.",
    examples=("4. Payment & Taxes", "Invoicing", "Fees", "Remuneration"),
    counter_examples=("Confidentiality", "Term"),
)
_CAP_CLAUSE = Cue(
    "clauses.cap",
    re.compile(r"\b(?:liabilit(?:y|ies)|cap\s+amount|liability\s+caps?|damages)\b", re.I),
    why="The heading of the limitation-of-liability clause, or a cover page's cap row.",
    examples=("8. Limitation of Liability", "General Cap Amount", "Liability"),
    counter_examples=("Indemnification", "Insurance"),
)
# The term's own family (term, expiration date, renewal, notice) is not ranked by its clause:
# on CUAD train (round 1) a "Term and Termination" section's cure and notice periods outranked
# the term stated in a definition or an unheaded paragraph (-6 expiration dates), so the rule
# was removed for them; their finders' own cues already prefer the term clause's wording, and
# cover pages' term rows are read by :mod:`.cover`.
CLAUSE_OF_TERM: dict[str, Cue] = {
    "governing_law": _LAW_CLAUSE,
    "venue": _LAW_CLAUSE,
    "payment_terms": _PAYMENT_CLAUSE,
    "liability_cap": _CAP_CLAUSE,
}
LABEL_ROWS_BEFORE = 3  # a cover page's label row stands this close above its value
LABEL_ROW_MAX_WORDS = 8


def _label_rows(ctx: Context, seg: int) -> list[str]:
    """The short rows just above segment ``seg``: a cover page's labels ("Governing Law")."""
    rows = []
    for k in range(seg - 1, max(-1, seg - 1 - LABEL_ROWS_BEFORE), -1):
        text = ctx.segments[k].text
        if len(text.split()) > LABEL_ROW_MAX_WORDS:
            break
        rows.append(text)
    return rows


def in_clause(ctx: Context, term: str, seg: int) -> bool:
    """Whether segment ``seg`` is the clause whose job it is to state ``term``."""
    cue = CLAUSE_OF_TERM.get(term)
    if cue is None:
        return False
    segment = ctx.segments[seg]
    heading = segment.heading.rsplit(" > ", 2)
    if any(cue.search(h) for h in (*heading[-2:], *_label_rows(ctx, seg))):
        return True
    return ctx.model_score(term, seg) >= CLAUSE_MODEL_SCORE


def clause_first(ctx: Context, term: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """``cands`` with those read in ``term``'s own clause raised, and, where that clause was
    found, the others lowered."""
    if term not in CLAUSE_OF_TERM or not cands:
        return list(cands)
    inside = {c.seg: in_clause(ctx, term, c.seg) for c in cands}
    if not any(inside.values()):
        return list(cands)
    return [shifted(c, CLAUSE_PLUS if inside[c.seg] else -ELSEWHERE_MINUS) for c in cands]
