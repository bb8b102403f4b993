"""The document-name finder: a heading near the top that names a kind of contract."""

from __future__ import annotations

import re

from contractreview.analysis.terms.candidates import PREAMBLE_SEGMENTS, Candidate, Context
from contractreview.analysis.terms.confidence import TITLE_HEADING, TITLE_PER_SEGMENT
from contractreview.text.aliases import squash
from contractreview.text.cues import Cue

_TITLE_WORDS = Cue(
    "title.words",
    re.compile(
        r"\b(?:agreement|contract|addendum|amendment|license|licence|terms|lease|memorandum|"
        r"letter|order\s+form|statement\s+of\s+work|deed|note|safe|policy|clauses|charter)\b",
        re.I,
    ),
    why="A heading that names a kind of contract.",
    examples=("MASTER SERVICES AGREEMENT", "Order Form", "Mutual Non-Disclosure Agreement"),
    counter_examples=("1. DEFINITIONS", "Schedule A"),
)


def title_candidates(ctx: Context) -> list[Candidate]:
    out = []
    for i, seg in enumerate(ctx.segments[:PREAMBLE_SEGMENTS]):
        text = seg.text
        if seg.is_heading and not seg.label and _TITLE_WORDS.search(text) and len(text) <= 120:
            out.append(
                Candidate(TITLE_HEADING - TITLE_PER_SEGMENT * i, i, 0, len(text), squash(text))
            )
    return out
