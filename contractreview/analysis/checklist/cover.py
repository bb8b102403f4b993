"""What a checklist must not read as evidence, and when its terms are not in the file at all.

A cover page (Common Paper, Bonterms) states a few key terms in a table and incorporates the
standard terms, where the confidentiality obligations live, by reference: "This Mutual
Non-Disclosure Agreement consists of: (1) this Cover Page and (2) the Common Paper Mutual NDA
Standard Terms Version 1.0 posted at commonpaper.com/...". Answered over the cover page
alone, the model found its "evidence" in party and signature rows ("PARTY 1", "{party_1_name}").
Two rules, neither specific to one publisher:

- a **form field** (a label, a blank, a placeholder or a party/signature row: fewer than
  three words once placeholders and tick boxes are taken out) is never evidence;
- a document that **incorporates standard terms by reference** and holds fewer than
  :data:`MIN_CLAUSES` clause-length segments does not contain those terms: the model's
  questions are answered ``not_mentioned`` with a note that names the terms to check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contractreview.analysis.risk import incorporated_terms
from contractreview.analysis.segmenter import Segment

MIN_CLAUSES = 8  # clause-length segments an agreement's own terms take at the least
CLAUSE_WORDS = 20  # words of a clause-length segment
FORM_FIELD_WORDS = 3  # fewer words than this, placeholders and tick boxes aside: a form field

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|\[[\sxX✓✔]*\]|_{2,}|\.{4,}|…+|☐|☑|☒")
_WORDISH = re.compile(r"[^\W\d_]{2,}")
# "By executing this Cover Page, the parties enter into the Bonterms Mutual NDA (Version 1.0)
# (available at https://bonterms.com/...)": standard terms named and published elsewhere
_BY_LINK = re.compile(
    r"\b(?:enter\s+into|agree\s+to|accept)\s+(?P<name>the\s+[A-Z][^.;()\n]{3,80}?)\s*"
    r"(?:\([^()]{0,40}\)\s*)?\((?:available|posted|published|found)\s+at\b",
)


def is_form_field(text: str) -> bool:
    """A label, a blank, a placeholder or a signature/party row: never a checklist's
    evidence ("PARTY 1", "{party_1_name}", "Signature:", "[ x ] In perpetuity.")."""
    bare = _PLACEHOLDER.sub(" ", text)
    return len(_WORDISH.findall(bare)) < FORM_FIELD_WORDS


def referenced_terms(segments: Sequence[Segment]) -> str:
    """The standard terms the document incorporates by reference ("the Common Paper Mutual
    NDA Standard Terms Version 1.0"), or ""."""
    name = incorporated_terms(segments)
    if name:
        return name
    for seg in segments[:400]:
        m = _BY_LINK.search(seg.text)
        if m:
            return " ".join(m.group("name").split())
    return ""


def missing_terms(segments: Sequence[Segment]) -> str:
    """The standard terms a cover page incorporates but the file does not hold (too few
    clause-length segments for an agreement's own terms), or "" when the terms are here."""
    clauses = sum(1 for s in segments if len(s.text.split()) >= CLAUSE_WORDS)
    if clauses >= MIN_CLAUSES:
        return ""
    return referenced_terms(segments)


def incorporated_note(terms: str) -> str:
    return (
        f"This file is a cover page: it incorporates {terms} by reference, and those terms "
        "are not in it, so the questions they answer are marked not mentioned here: check "
        "them against those terms (the cover page's fields are not evidence of them)."
    )
