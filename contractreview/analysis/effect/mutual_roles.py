"""Words that bind both parties without naming either.

- "Neither of us will disclose the other's information", "each of us shall", "we each agree":
  in a contract written as "we" and "you" (or a letter between two parties), "us" is both.
- "Recipient will not use Discloser's Confidential Information", where "Recipient" and
  "Discloser" are roles either party takes ("the party receiving ..."), not the short names
  of two parties: the duty binds whichever party receives, so both.

The reader (:mod:`~contractreview.analysis.effect.clause_effect`) uses these for the types
whose duty is said by role only (confidentiality), where no party is named as its holder.
"""

from __future__ import annotations

import re

from contractreview.analysis.effect.roles import PartyIndex

_BOTH_OF_US = re.compile(
    r"\b(?:neither|each|both)\s+of\s+us\b|\bwe\s+(?:each|both)\b|\b(?:each|both)\s+of\s+the\s+"
    r"parties\b",
    re.I,
)
_RECEIVER = re.compile(r"\b(?:the\s+)?(?:recipient|receiving\s+party)\b", re.I)
_DISCLOSER = re.compile(r"\b(?:the\s+)?(?:discloser|disclosing\s+party)\b", re.I)


_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z(])")


def mutual_subject(text: str, start: int, end: int, parties: PartyIndex) -> re.Match[str] | None:
    """The words that make the duty of the proposition [start, end) of ``text``, said by role,
    bind both parties, if its sentence has them before ``end`` (the subject of a list whose
    items are read on their own: "Neither of us will (a) use ...; nor (b) disclose ...")."""
    opens = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    region = text[opens[-1] if opens else 0 : end]
    both = _BOTH_OF_US.search(region)
    if both is not None:
        return both
    receiver, discloser = _RECEIVER.search(region), _DISCLOSER.search(region)
    if receiver is None or discloser is None:
        return None
    names = {w.lower() for p in parties.parties for w in (p.name, p.alias) if w}
    roles = {re.sub(r"^the\s+", "", m.group(0).lower()) for m in (receiver, discloser)}
    if any(r in n or n in r for r in roles for n in names):
        return None  # "Acme (the "Recipient")": the role names one party
    return receiver
