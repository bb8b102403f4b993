"""Statements that deny what a key word seems to give.

- A representation in negated form: "the performance of this Agreement does not and will not:
  (i) violate any order; ...; or (iii) result in the suspension of any permit" states that
  something will NOT happen. The negation of a list's lead-in covers each of its items, unless
  an item says something of its own (a modal of its own: "(c) the Supplier may suspend ...").
- A no-waiver clause: "even if the Customer chooses not to terminate when entitled to do so, it
  retains the right to terminate", "a failure or delay in exercising a right to terminate shall
  not operate as a waiver of it". A right not used is not lost; the clause creates no right. The
  right it keeps is the one the contract gives elsewhere, and is read there.
"""

from __future__ import annotations

import re

# the first marker of a list: "(a)", "(i)", "(1)"
_FIRST_ITEM = re.compile(r"(?:[:;,]|(?<=\w))\s*\(\s*(?:a|i|1)\s*\)\s*", re.I)
_ANY_ITEM = re.compile(
    r"[:;,]\s*(?:and\s+|or\s+|nor\s+)?\(\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|\d{1,2})\s*\)"
)
# a lead-in that ends in a negated verb: "do not and will not:", "shall not, without consent:"
_NEGATED_LEAD = re.compile(
    r"\b(?:not|never)\b(?:\s*,?\s*[\w-]+){0,4}\s*,?\s*:?\s*$",
    re.I,
)
# an item that says something of its own: a modal, or a sentence break
_OWN_STATEMENT = re.compile(r"\b(?:may|shall|will|must|can|cannot)\b|\.\s+[A-Z]")


def denied_by_lead_in(text: str, key: int) -> re.Match[str] | None:
    """The negation that ends the lead-in of the list whose item holds the key word at ``key``,
    if the item states nothing of its own before it."""
    first = _FIRST_ITEM.search(text, 0, key)
    if first is None:
        return None
    lead = _NEGATED_LEAD.search(text, 0, first.start() + (1 if text[first.start()] == ":" else 0))
    if lead is None:
        return None
    items = list(_ANY_ITEM.finditer(text, first.start(), key))
    item_start = items[-1].end() if items else first.end()
    if _OWN_STATEMENT.search(text, item_start, key) is not None:
        return None
    return lead


# a right that was not used: "chooses not to terminate", "a failure or delay in exercising"
_NOT_USED = re.compile(
    r"\b(?:chooses?|elects?|decides?|opts?)\s+not\s+to\b"
    r"|\b(?:fail(?:s|ure)?|delay|omission|forbearance|neglect)\s+(?:\w+\s+){0,5}?"
    r"(?:to\s+(?:exercise|enforce|insist|use|terminate|cancel)|in\s+(?:exercising|enforcing))\b"
    r"|\b(?:does|do|did)\s+not\s+(?:exercise|enforce)\b",
    re.I,
)
# ... which is not lost: "retains the right", "shall not operate as a waiver"
_NOT_LOST = re.compile(
    r"\b(?:retains?|keeps?|preserves?)\s+(?:\w+\s+){0,2}?(?:right|rights|entitlement|option)\b"
    r"|\b(?:shall|will|does|do|is|are)\s+not\s+(?:operate\s+as|constitute|amount\s+to|"
    r"be\s+(?:deemed|construed\s+as|treated\s+as)?)\s*(?:a\s+|an\s+)?waiver\b"
    r"|\bnot\s+(?:be\s+)?(?:deemed\s+to\s+)?waive[ds]?\b|\bwithout\s+(?:thereby\s+)?waiving\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


def keeps_unused_right(text: str, key: int) -> bool:
    """Whether the sentence of the key word at ``key`` is a no-waiver clause: a right not used
    when it could be, and kept."""
    starts = [0, *(m.end() for m in _SENTENCE.finditer(text))]
    lo = max(s for s in starts if s <= key)
    ends = [m.start() for m in _SENTENCE.finditer(text) if m.start() > key]
    hi = ends[0] if ends else len(text)
    sentence = text[lo:hi]
    return _NOT_USED.search(sentence) is not None and _NOT_LOST.search(sentence) is not None


# a prohibition that opens the sentence: "Neither of us will (a) use ...; nor (b) disclose it
# to anyone", "Recipient will not (a) use ...; nor (b) disclose ... to anyone"
_PROHIBITION = re.compile(
    r"\b(?:shall|may|must|will|can)\s+not\b|\bcannot\b|\bneither\b|\bnor\b"
    r"|\b(?:won|can|shan|mustn)['\u2019]t\b",
    re.I,
)


def prohibited_before(text: str, key: int) -> bool:
    """Whether the sentence of the key word at ``key`` prohibits before it: "to anyone" after
    it is then the breadth of the prohibition, not a freedom."""
    starts = [0, *(m.end() for m in _SENTENCE.finditer(text, 0, key))]
    return _PROHIBITION.search(text, starts[-1], key) is not None
