"""What is never a key term's value: words that only look like one.

A date inside a statute's citation ("Regulation (EU) 2016/679 of 27 April 2016"), a period in an
example ("e.g., 30 days"), anything in a drafting note, an instruction, a template blank or an
option left unticked (:func:`contractreview.analysis.operative.text_kind` tells those from
operative text), and the tail of another clause ("... and for six months after", "for one (1)
year thereafter") are not the contract's term, date or payment days. :func:`screened_out` says
why a candidate is none, or ``None`` when it may stand.

Parties and the document's name are screened by their own finders (a placeholder is no party,
a heading is no title); this screen is for the values read out of clauses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contractreview.analysis.operative import TextKind, text_kind
from contractreview.analysis.segmenter import Segment
from contractreview.text.cues import Cue

# the terms whose values are read out of clauses, and so screened
SCREENED_TERMS = frozenset(
    {
        "agreement_date", "effective_date", "expiration_date", "term", "renewal_term",
        "notice_period", "termination_notice", "governing_law", "venue", "liability_cap",
        "payment_terms",
    }
)  # fmt: skip

# text that binds nobody: whatever it says is no term of the contract
# (a template blank is no value, but a value written beside blanks is one: "Date: 03/24/06 ____")
_INERT_KINDS = frozenset({TextKind.DRAFTING_NOTE, TextKind.INSTRUCTION, TextKind.UNTICKED_OPTION})

STATUTE_CITATION = Cue(
    "screen.statute_citation",
    re.compile(
        r"\b(?:regulation|directive|decision|act|code|statute|law|convention|treaty|rules?)"
        r"\s*(?:\((?:eu|ec|eec|eu,\s*euratom)\)\s*)?(?:no\.?\s*)?[\d/]*[^.;:()]{0,80}?\bof\s*$"
        r"|\((?:eu|ec|eec)\)\s*(?:no\.?\s*)?\d+/\d+[^.;:]{0,80}?\bof\s*$",
        re.I,
    ),
    why="The date a statute was made, cited by the contract: not a date of the contract.",
    examples=(
        "compliance with the requirements of Regulation (EU) 2016/679 of the European "
        "Parliament and of the Council of ",
        "Regulation (EU) 2016/679 of ",
        "the Securities Act of ",
        "Commission Implementing Decision (EU) 2021/914 of ",
    ),
    counter_examples=(
        "This Agreement is made as of ",
        "entered into on the 1st day of ",
        "effective as of ",
    ),
)
EXAMPLE = Cue(
    "screen.example",
    re.compile(
        r"(?:\be\.\s?g\.|\bfor\s+(?:example|instance)|\bsuch\s+as|\bexample:?)"
        r"[\s,:]{0,3}(?:[^\s.;]+\s+){0,3}$",
        re.I,
    ),
    why="A value given as an example, in a note or a form's help text: not agreed.",
    examples=("[Insert notice period, e.g., ", "for example ", "such as within "),
    counter_examples=("Customer shall pay within ", "net ", "(i.e., a "),
)
SURVIVAL_TAIL = Cue(
    "screen.survival_tail",
    re.compile(
        r"\s*(?:(?:after|following)\s*(?:[,.;:)]|$|(?:the\s+|any\s+|its\s+|such\s+)?"
        r"(?:expiration|expiry|termination|end)\b)|thereafter\b)",
        re.I,
    ),
    why="A period that runs after the agreement ends, in another clause (insurance, "
    "non-compete, confidentiality): not the agreement's own term.",
    examples=(
        " after, Provider will carry",
        " thereafter, Contractor will not",
        " after termination",
    ),
    counter_examples=(" after the Effective Date", " from the date of signature"),
    how="match",
)
# the tail is joined to the clause's own period: "During the Term and for two (2) years
# thereafter"; "ending two (2) years thereafter" is the term itself
TAIL_JOINED = Cue(
    "screen.tail_joined",
    re.compile(r"\b(?:and|plus)\s+(?:for\s+)?(?:a\s+(?:further\s+)?period\s+of\s+)?$", re.I),
    why="A period joined to another clause's duration by 'and for'.",
    examples=("During the term of this Agreement and for ", "and for a period of "),
    counter_examples=("ending ", "shall continue for "),
)
_TAIL_TERMS = frozenset({"term", "expiration_date"})
_BEFORE = 100  # characters before a value read for a citation or an example
_BRACKET_OPEN = re.compile(r"\[[^\]]*$")
_BRACKET_NOTE = re.compile(
    r"^\[\s*(?:drafting\s+note|note|ntd|optional|insert|specify|select|e\.g\.)", re.I
)


@lru_cache(maxsize=4096)
def _segment_kind(text: str, is_heading: bool, heading: str) -> TextKind:
    return text_kind(text, is_heading=is_heading, heading=heading)


def screened_out(term: str, seg: Segment, start: int, end: int) -> str | None:
    """Why the words ``seg.text[start:end]`` are no value of ``term``; ``None`` if they may be."""
    if term not in SCREENED_TERMS:
        return None
    kind = _segment_kind(seg.text, seg.is_heading, seg.heading.rsplit(" > ", 1)[-1])
    if kind in _INERT_KINDS:
        return kind.value
    before = seg.text[max(0, start - _BEFORE) : start]
    bracket = _BRACKET_OPEN.search(before)
    if bracket and _BRACKET_NOTE.search(bracket.group(0)):
        return TextKind.DRAFTING_NOTE.value  # "[Drafting note: ... 30 days ...]" inside a clause
    if EXAMPLE.search(before):
        return "example"
    if term.endswith("_date") and STATUTE_CITATION.search(before):
        return "statute citation"
    if term in _TAIL_TERMS and SURVIVAL_TAIL.match(seg.text, end) and TAIL_JOINED.search(before):
        return "another clause's tail"
    return None
