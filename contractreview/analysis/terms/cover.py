"""Cover-page fields: a label row and the value under it ("Term of NDA" / "18 months",
"Governing Law" / "California", "General Cap Amount" / "( x ) 1x the Fees paid ... in the 12
month period immediately before the claim").

A cover page states its key terms as a table: the label in one cell, the value, or the elected
option, in the next. The value is the clause whose job it is to state the term, so it is read at
the confidence of a stated term. An option left unticked, a blank ("{governing_law}") and a
drafting note are not values (:mod:`.screen` drops them).
"""

from __future__ import annotations

import re

from contractreview.analysis.terms.candidates import Candidate, Context
from contractreview.analysis.terms.confidence import COVER_CAP_ELECTION, COVER_FIELD
from contractreview.analysis.terms.liability import cap_formula
from contractreview.text import normalize as nz
from contractreview.text.cues import Cue

TERM_LABEL = Cue(
    "cover.term_label",
    re.compile(
        r"(?:(?:initial|agreement|contract|mnda|nda)\s+)?term(?:\s+of\s+(?:the\s+)?"
        r"(?:nda|mnda|agreement|contract))?|duration(?:\s+of\s+(?:the\s+)?agreement)?",
        re.I,
    ),
    why="A cover page's label for the agreement's term.",
    examples=("Term of NDA", "Term", "MNDA Term", "Initial Term"),
    counter_examples=("Term of Confidentiality", "Confidentiality Period", "Payment Terms"),
    how="fullmatch",
)
LAW_LABEL = Cue(
    "cover.law_label",
    re.compile(r"governing\s+law|applicable\s+law|choice\s+of\s+law", re.I),
    why="A cover page's label for the governing law.",
    examples=("Governing Law", "Applicable law"),
    counter_examples=("Governing Law and Chosen Courts shall",),
    how="fullmatch",
)
CAP_LABEL = Cue(
    "cover.cap_label",
    re.compile(
        r"(?:general\s+)?(?:liability\s+)?cap(?:\s+amount)?|limitation\s+of\s+liability"
        r"(?:\s+amount)?|general\s+cap\s+amount",
        re.I,
    ),
    why="A cover page's label for the general liability cap.",
    examples=("General Cap Amount", "Liability Cap", "Limitation of Liability"),
    counter_examples=("Increased Cap Amount",),
    how="fullmatch",
)
VALUE_ROWS_BELOW = 4  # a label's description and a drafting note may stand between
VALUE_MAX_WORDS = 30
_TICKED = re.compile(r"^\s*[\[(]\s*[xX✓✔]\s*[\])]\s*")


def _label(text: str) -> str:
    return text.strip().rstrip(":：").strip()


def _values_below(ctx: Context, i: int) -> list[int]:
    out = []
    for k in range(i + 1, min(len(ctx.segments), i + 1 + VALUE_ROWS_BELOW)):
        if len(ctx.segments[k].text.split()) <= VALUE_MAX_WORDS:
            out.append(k)
    return out


def _term_value(ctx: Context, k: int) -> Candidate | None:
    text = ctx.segments[k].text
    found = nz.find_durations(text)
    if found and not text[: found[0].start].strip(" \t[]()xX"):
        d = found[0]
        return Candidate(COVER_FIELD, k, d.start, d.end, {"days": d.days})
    return None


def _law_value(ctx: Context, k: int) -> Candidate | None:
    text = ctx.segments[k].text
    body = text.strip().rstrip(".")
    name = nz.jurisdiction_name(body)
    if name is None:
        return None
    start = text.index(body)
    return Candidate(COVER_FIELD, k, start, start + len(body), name)


def _cap_value(ctx: Context, k: int) -> Candidate | None:
    text = ctx.segments[k].text
    ticked = _TICKED.match(text)
    if ticked is None:
        return None
    found = cap_formula(text, ticked.end())
    if found is None:
        return None
    start, end, norm = found
    return Candidate(COVER_CAP_ELECTION, k, start, end, norm)


def cover_candidates(ctx: Context) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {"term": [], "governing_law": [], "liability_cap": []}
    for i, seg in enumerate(ctx.segments):
        label = _label(seg.text)
        if len(label) > 40:
            continue
        for term, cue, read in (
            ("term", TERM_LABEL, _term_value),
            ("governing_law", LAW_LABEL, _law_value),
            ("liability_cap", CAP_LABEL, _cap_value),
        ):
            if not cue.fullmatch(label):
                continue
            for k in _values_below(ctx, i):
                cand = read(ctx, k)
                if cand is not None:
                    out[term].append(cand)
                    break
    return out
