"""Parts of a clause's text that do nothing: a run-in heading, the titles of the sections a
clause refers to, the ending that a clause says something survives, the next sentence.

- A run-in heading ("Assignment.  The Supplier may not assign ...") names the clause's subject;
  its words are no action: "Assignment" is not "may assign".
- A cross-reference names a section by its title: "Section 4 (Disclaimer of Warranties)",
  "Sections 3 (Termination for Convenience) and 7 (Indemnification) survive". The title says
  what the section referred to does; the clause that cites it does not do it.
- "... will survive the expiry or termination of this Agreement": the termination survived is
  an event, not a right to terminate.
- The party that acts is named in the sentence of the action: "the parties" of the next
  sentence do not hold the right of this one.

Offsets are kept: a masked title is replaced by spaces of the same length.
"""

from __future__ import annotations

import re

# "Assignment.  ", "12.3 Limitation of Liability. ", "Audit of Books and Records.  ": Title Case
# words (with small words between) closed by a full stop, then the clause
_RUN_IN = re.compile(
    r"^\s*(?:(?:\d+(?:\.\d+)*\.?|\(?[a-z]{1,3}\))\s+)?"
    r"(?P<title>[A-Z][\w'\u2019&/-]*(?:[ \t]+(?:[A-Z][\w'\u2019&/-]*|of|and|or|the|to|for|in|on|by"
    r"|with|&|-|\u2013)){0,7})\.(?:[ \t\u00a0]{2,}|[ \t]+(?=[A-Z\"\u201c(]))"
)
# a reference to a section, then its title in brackets: "Section 4.2 (Warranties)", or a bare
# number in a list of them: ", 7 (Indemnification)"
_TITLED_REFERENCE = re.compile(
    r"(?:\b(?:sections?|clauses?|articles?|paragraphs?|schedules?|exhibits?|annex(?:es)?|"
    r"appendix|appendices|attachments?)\s+|\u00a7\s*|(?<=[,;]\s)|(?<=\band\s)|(?<=\bor\s))"
    r"[\dA-Z]{1,3}(?:\.\d+)*(?:\([a-z\d]{1,4}\))*\s*\((?P<title>[A-Z][^()]{1,80})\)",
    re.I,
)
_SURVIVES = re.compile(
    r"\bsurviv\w*\s+(?:\w+\s+){0,3}$"
    # "payable before expiration or termination", "upon any termination": the event, a noun
    r"|\b(?:before|after|upon|on|following|prior\s+to|until|at)\s+(?:the\s+|any\s+|such\s+)?"
    r"(?:(?:expiry|expiration)\s+or\s+)?$",
    re.I,
)
_EVENT_NOUN = re.compile(r"(?:termination|cancell?ation|expiry|expiration)$", re.I)
# the end of a sentence: a full stop and a capital (not "No. 4", "Sec. 2", "U.S. law")
_SENTENCE_END = re.compile(r"(?<!\bNo)(?<!\bSec)(?<!\b[A-Z])[.!?][\"\u201d\u2019)]?\s+(?=[A-Z])")


def run_in_heading_end(text: str) -> int:
    """Where the run-in heading that opens ``text`` ends (0 where there is none)."""
    m = _RUN_IN.match(text)
    if m is None or len(m.group("title").split()) > 8:
        return 0
    return m.end("title") + 1


def mask_reference_titles(text: str) -> str:
    """``text`` with the titles of the sections it refers to blanked out, offsets kept."""
    if "(" not in text:
        return text
    return _TITLED_REFERENCE.sub(
        lambda m: (
            m.group(0)[: m.start("title") - m.start()]
            + " " * len(m.group("title"))
            + m.group(0)[m.end("title") - m.start() :]
        ),
        text,
    )


def survived_event(text: str, at: int, word: str = "") -> bool:
    """Whether the word at ``at`` is the ending a clause says something survives, or the
    ending as the time of something else ("payable before termination"); ``word`` is the key
    word itself (only a noun is an event: "upon notice, terminate" still acts)."""
    m = _SURVIVES.search(text, 0, at)
    if m is None:
        return False
    return m.group(0).lower().lstrip().startswith("surviv") or bool(_EVENT_NOUN.match(word))


def sentence_between(text: str, a: int, b: int) -> bool:
    """Whether a sentence ends between offsets ``a`` and ``b`` of ``text``."""
    return _SENTENCE_END.search(text, a, b) is not None
