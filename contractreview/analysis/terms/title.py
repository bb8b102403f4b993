"""The document-name finder: a heading near the top that names a kind of contract.

A title is a short line, styled as a heading or the document's very first line, that names a
kind of contract. A numbered clause heading ("3. Grant of License in the Trademarks"), an
exhibit's or schedule's label ("EXHIBIT 10.2"), a template blank ("[Company Name]") and a
cover page's section label ("Key Terms") are not titles.
"""

from __future__ import annotations

import re

from contractreview.analysis.segmenter import Segment
from contractreview.analysis.terms.candidates import PREAMBLE_SEGMENTS, Candidate, Context
from contractreview.analysis.terms.confidence import (
    TITLE_FIRST_LINE,
    TITLE_HEADING,
    TITLE_PER_SEGMENT,
)
from contractreview.text.aliases import squash
from contractreview.text.cues import Cue

_TITLE_WORDS = Cue(
    "title.words",
    re.compile(
        r"\b(?:agreement|contract|addendum|amendment|license|licence|terms|lease|memorandum|"
        r"letter|order\s+form|statement\s+of\s+work|deed|note|safe|policy|clauses|charter|"
        r"nda|sla|term\s+sheet|letter\s+of\s+intent|side\s+letter)\b",
        re.I,
    ),
    why="A heading that names a kind of contract.",
    examples=(
        "MASTER SERVICES AGREEMENT",
        "Order Form",
        "Cover Page for Bonterms Mutual NDA",
        "Term Sheet",
    ),
    counter_examples=("1. DEFINITIONS", "Schedule A"),
)
NOT_A_TITLE = Cue(
    "title.not_a_title",
    re.compile(
        r"^\s*(?:\d+(?:\.\d+)*\.?\s|[ivxlc]+\.\s|article\s+\w+|section\s+\w+"
        r"|(?:exhibit|schedule|annex|appendix|attachment|addendum)\s+[\dA-Z][\w.-]*\s*$"
        r"|key\s+terms\s*$|standard\s+terms\s*$|(?:general\s+)?terms\s+and\s+conditions\s*:?\s*$)"
        r"|[\[\]{}]|_{3,}",
        re.I,
    ),
    why="A numbered clause heading, an exhibit's label, a blank or a cover page's section label.",
    examples=(
        "3. Grant of License in the Trademarks",
        "EXHIBIT 10.2",
        "[Company Name]",
        "Key Terms",
        "Article 5 Term",
    ),
    counter_examples=("SOFTWARE LICENSE AGREEMENT", "Addendum to the Master Services Agreement"),
)
TITLE_MAX_CHARS = 120
_SENTENCE = re.compile(r"[.;:,]\s*$|\b(?:shall|will|may|agrees?|is|are)\b", re.I)


def _titled(seg: Segment, first: bool) -> bool:
    text = seg.text.strip()
    if not text or len(text) > TITLE_MAX_CHARS or seg.label or NOT_A_TITLE.search(text):
        return False
    if not (seg.is_heading or first) or _SENTENCE.search(text):
        return False
    return bool(_TITLE_WORDS.search(text))


def title_candidates(ctx: Context) -> list[Candidate]:
    out = []
    for i, seg in enumerate(ctx.segments[:PREAMBLE_SEGMENTS]):
        if not _titled(seg, first=i == 0):
            continue
        base = TITLE_HEADING if seg.is_heading else TITLE_FIRST_LINE
        name = squash(seg.text).strip()
        if name.startswith("(") and name.endswith(")"):
            name = name[1:-1].strip()  # "(Simple Agreement for Future Equity)" under "SAFE"
        out.append(Candidate(base - TITLE_PER_SEGMENT * i, i, 0, len(seg.text), name))
    return out
