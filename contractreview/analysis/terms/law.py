"""The governing-law and venue finder: jurisdictions (a spaCy ``EntityRuler`` over the names
:mod:`contractreview.text.normalize` knows) after "the laws of" / "governed by", and before or
after "courts", "venue", "arbitration".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from contractreview.analysis.spacy_runtime import tokenizable
from contractreview.analysis.terms.candidates import Candidate, Context
from contractreview.analysis.terms.confidence import (
    GOVERNING_LAW,
    LAW_COUNTRY_MINUS,
    LAW_PER_EARLIER_JURISDICTION,
    LAW_WITHOUT_GOVERN,
    VENUE,
    VENUE_EXCLUSIVE,
)
from contractreview.text import normalize as nz
from contractreview.text.cues import Cue

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=1)
def _jurisdiction_nlp() -> Language:
    from contractreview.analysis.spacy_runtime import import_spacy

    nlp: Language = import_spacy().blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": "JURISDICTION", "pattern": p} for p in nz.jurisdiction_phrases()]
    )
    return nlp


def _jurisdictions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of each jurisdiction named in ``text``."""
    # PDF-converted text spaces words unevenly ("Province  of  British  Columbia"); the
    # matcher reads it with single spaces and the spans are mapped back to ``text``.
    found = list(re.finditer(r"\S+", text))
    squashed = " ".join(m.group(0) for m in found)
    back: list[int] = []  # offset in ``text`` of each character of ``squashed``
    for k, m in enumerate(found):
        back.extend(range(m.start(), m.end()))
        if k < len(found) - 1:
            back.append(m.end())
    doc = _jurisdiction_nlp()(tokenizable(squashed))  # linear time; offsets unchanged
    out = []
    for ent in doc.ents:
        name = nz.jurisdiction_name(ent.text)
        if name:
            out.append((back[ent.start_char], back[ent.end_char - 1] + 1, name))
    return out


_GOVERNING_SEGMENT = Cue(
    "law.governing_segment",
    re.compile(r"\b(?:govern\w*|constru\w*|interpret\w*|laws?\s+of)\b", re.I),
    why="A clause about the law that governs the contract.",
    examples=("shall be governed by", "construed in accordance with the laws of"),
    counter_examples=("The courts of London",),
)
_LAWS_OF = Cue(
    "law.laws_of",
    re.compile(
        r"\b(?:laws?\s+(?:of|in\s+force\s+in|applicable\s+in)|governed\s+by|construed\s+"
        r"(?:in\s+accordance\s+with|under)|law\s*:)",
        re.I,
    ),
    why="The words right before the governing law.",
    examples=(
        "the laws of the State of Texas",
        "governed by",
        "construed in accordance with",
        "Governing law: England",
    ),
    counter_examples=("the courts of Texas",),
)
_VENUE_SEGMENT = Cue(
    "law.venue_segment",
    re.compile(r"\b(?:courts?|venue|jurisdiction|arbitration|tribunal)\b", re.I),
    why="A clause about where disputes are heard.",
    examples=("the exclusive jurisdiction of the courts", "arbitration"),
    counter_examples=("governed by the laws of England",),
)
_VENUE_CUE = Cue(
    "law.venue_before",
    re.compile(
        r"\b(?:courts?|venue|tribunals?|arbitration|seated?|jurisdiction)\b[^.;]{0,120}$", re.I
    ),
    why="The words before the place where disputes are heard.",
    examples=(
        "submit to the exclusive jurisdiction of the courts located in ",
        "arbitration seated in ",
    ),
    counter_examples=("governed by the laws of ",),
)


_LAWS_AFTER = Cue(
    "law.laws_after",
    re.compile(r"\s+laws?\b", re.I),
    why='A jurisdiction before "laws": "governed by PRC Laws".',
    examples=(" Laws", " law of"),
    counter_examples=(" courts",),
    how="match",
)
_COURTS_BEFORE = Cue(
    "law.courts_before",
    re.compile(r"courts?\b[^.;]*$", re.I),
    why="The place of the courts, not the governing law.",
    examples=("the laws of the courts of ", "courts located in "),
    counter_examples=("governed by the laws of ",),
)
_GOVERN = Cue(
    "law.govern",
    re.compile(r"\bgovern(?:s|ed|ing)?\b", re.I),
    why='A clause that says "govern": the governing law itself.',
    examples=("shall be governed by", "Governing Law"),
    counter_examples=("construed under the laws of", "other governmental authorizations"),
)
# "a duly organized and validly existing corporation ... under the laws of the State of
# Arkansas": where a party was formed, not the law that governs the contract
_ORGANIZED_UNDER = Cue(
    "law.organized_under",
    re.compile(
        r"\b(?:organi[sz]ed|existing|incorporated|formed|chartered|registered|good\s+standing)\b"
        r"[^.;]{0,80}?\b(?:under|pursuant\s+to)\s+the\s+laws?\s+of\s+(?:the\s+)?"
        r"(?:(?:State|Province|Commonwealth|Republic)\s+of\s+)?$",
        re.I,
    ),
    why="Where a party was formed, not the contract's governing law.",
    examples=(
        "a duly organized and validly existing corporation and insurance company under the laws "
        "of the State of ",
        "is validly existing as a corporation in good standing under the laws of the ",
    ),
    counter_examples=("This Agreement shall be governed by the laws of the State of ",),
)
_EXCLUSIVE_VENUE = Cue(
    "law.exclusive_venue",
    re.compile(r"exclusive|submit|venue", re.I),
    why="A venue the parties submit to, not one merely allowed.",
    examples=("submit to the exclusive jurisdiction", "Venue shall lie in"),
    counter_examples=("may bring proceedings in the courts of",),
)


def law_candidates(ctx: Context) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {"governing_law": [], "venue": []}
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        gov = bool(_GOVERNING_SEGMENT.search(text)) and bool(_LAWS_OF.search(text))
        venue = bool(_VENUE_SEGMENT.search(text))
        if not (gov or venue):
            continue
        found = _jurisdictions(text)
        if not found:
            continue
        law_cues = [m.end() for m in _LAWS_OF.finditer(text)]
        for start, end, name in found:
            before = text[max(0, start - 160) : start]
            after_law = [c for c in law_cues if c <= start and start - c < 120]
            law_after = _LAWS_AFTER.match(text[end:])
            if (
                gov
                and (after_law or law_after)
                and not _COURTS_BEFORE.search(before)
                and not _ORGANIZED_UNDER.search(before)
            ):
                base = GOVERNING_LAW if _GOVERN.search(text) else LAW_WITHOUT_GOVERN
                base -= LAW_PER_EARLIER_JURISDICTION * sum(
                    1 for s, _, _ in found if s < start
                )  # first named wins
                if name in ("United States", "United Kingdom"):
                    base -= LAW_COUNTRY_MINUS
                out["governing_law"].append(Candidate(base, i, start, end, name))
            if venue and _VENUE_CUE.search(before):
                base = VENUE_EXCLUSIVE if _EXCLUSIVE_VENUE.search(text) else VENUE
                out["venue"].append(Candidate(base, i, start, end, name))
    return out
