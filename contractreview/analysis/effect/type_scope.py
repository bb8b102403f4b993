"""Clauses that carry a type's words without being of the type.

- A representation that a party owns, possesses or may grant what it already has ("the Company
  owns or possesses sufficient rights to all patents ... it uses", "you represent that you are
  legally entitled to grant the above licence") transfers no intellectual property: it states
  title, it does not move it. (A clause that also assigns, vests or makes works for hire is
  still read.) A licence is no assignment either: "the Contributor grants the Company a
  perpetual licence" leaves the Contributor the owner (a licence of the deliverables the
  contract creates, where ownership is at stake, is still read).
- A dispute-resolution waiver gives up a forum or a procedure (a jury trial, a class action, a
  court, a limitation period, set-off). Waiving moral rights in a work, or holding a party
  harmless against losses "including attorneys' fees", gives up neither.
"""

from __future__ import annotations

import re

TITLE_TYPES = frozenset({"ip_assignment"})
DISPUTE_TYPES = frozenset({"dispute_waiver"})

# present title or power to grant, as a party states it of itself
_HAS = re.compile(
    r"\bowns?\s+or\s+possess(?:es)?\b|\bpossess(?:es)?\s+(?:all\s+)?(?:sufficient|necessary|the)\b"
    r"|\b(?:is|are)\s+the\s+(?:sole\s+|exclusive\s+)?(?:legal\s+and\s+beneficial\s+)?owners?\s+of\b"
    r"|\b(?:has|have)\s+(?:good\s+(?:and\s+marketable\s+)?)?title\s+to\b"
    r"|\b(?:is|are)\s+(?:legally\s+)?entitled\s+to\s+grant\b"
    r"|\b(?:has|have)\s+(?:the\s+)?(?:full\s+)?(?:legal\s+)?(?:right|power|authority)\s+"
    r"(?:\w+\s+){0,4}?to\s+grant\b"
    r"|\bowns?\s+(?:\w+\s+){0,2}?(?:sufficient|necessary)\s+(?:legal\s+)?rights\b",
    re.I,
)
# words that move or create title under the contract
_MOVES = re.compile(
    r"\bassign\w*|\btransfer(?:s|red|ring)?\b|\bvest\w*|\bworks?\s+(?:made\s+)?for\s+hire\b|\b(?:shall|will)\s+"
    r"(?:be\s+)?own(?:s|ed)?\b|\bdeliverables?\b|\bwork\s+product\b|\bcreated\s+(?:by|under|for)\b",
    re.I,
)


_LICENCE = re.compile(r"\bgrants?\b[^.;]{0,200}?\blicen[cs]es?\b", re.I)


def states_title_only(text: str) -> bool:
    """Whether ``text`` states that a party owns or may grant what it already has, or grants
    a licence of it, and moves or creates nothing."""
    has = _HAS.search(text) is not None or _LICENCE.search(text) is not None
    return has and _MOVES.search(text) is None


# what a dispute-resolution waiver gives up
_FORUM = re.compile(
    r"\bjury\b|\bclass\b|\bcollective\b|\brepresentative\s+(?:action|proceeding|capacity)\b"
    r"|\bcourts?\b|\barbitrat\w*|\btrial\b|\bforum\b|\bvenue\b|\bset-?off\b|\bcounterclaim"
    r"|\b(?:commenced|brought)\s+within\b|\blimitation\s+period\b|\bprevailing\s+party\b"
    r"|\bproceedings?\b|\bsue\b|\blawsuit",
    re.I,
)
_NOT_FORUM = re.compile(
    r"\bmoral\s+rights?\b|\brights?\s+of\s+(?:attribution|integrity|paternity)\b"
    r"|\bindemnif\w*|\bhold\s+(?:\w+\s+){0,3}harmless\b",
    re.I,
)


def no_forum_waived(text: str) -> bool:
    """Whether ``text`` waives moral rights or holds a party harmless, and names no forum or
    procedure that a dispute-resolution waiver gives up."""
    return _NOT_FORUM.search(text) is not None and _FORUM.search(text) is None
