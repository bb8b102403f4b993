"""Joint action: what the parties do together is neither side's unilateral right.

"The Supplier and the Customer may terminate this Agreement by mutual written consent", "the
parties may mutually agree to extend the Term", "may be amended upon the written consent of the
Customer and ...", "the changes made by this Amendment take effect on ...": each needs the
agreement of the side we act for, so no one can use it against that side. The reader
(:mod:`~contractreview.analysis.effect.clause_effect`) reads such a proposition as held by both
parties, on their mutual agreement.

The joint wording must govern the action: it stands in the proposition of the key word, with no
", and ..." / ", but ..." / "; or ..." that starts another right between them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from contractreview.analysis.effect.roles import THEM, US, Mention

# the parties' agreement as the means of the action
_AGREEMENT = re.compile(
    r"\b(?:mutual(?:ly)?|joint(?:ly)?)\s+(?:written\s+)?(?:agree\w*|consent\w*|decision|decide)\b"
    # "subject to mutual agreement on the Fees": an agreement about something else
    r"(?!\s+(?:on|as\s+to|regarding|about|concerning|in\s+respect\s+of)\b)"
    r"|\b(?:written\s+)?(?:agreement|consent|approval)\s+of\s+(?:both|all|each\s+of\s+the)\s+"
    r"parties\b"
    r"|\bby\s+(?:written\s+)?agreement\s+(?:of|between)\s+the\s+parties\b"
    r"|\bagreed\s+(?:in\s+writing\s+)?(?:by|between)\s+(?:both|all|each\s+of\s+the)\s+parties\b"
    # the changes a signed amendment itself makes: both signed it
    r"|\b(?:modifications?|amendments?|changes?|variations?)\s+(?:set\s+out\s+|made\s+|contained\s+)?"
    r"(?:in|by|under)\s+this\s+(?:amendment|variation|addendum|deed\s+of\s+variation|"
    r"variation\s+(?:deed|agreement))\b",
    re.I,
)
# "(may be amended) upon the (prior) (written) consent of" a party: the means of an action no
# party holds alone ("the Supplier may assign with the Customer's consent" is the Supplier's)
_CONSENT_OF = re.compile(
    r"\b(?:upon|on|by)\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?(?:consent|agreement|"
    r"approval)\s+of\s+$",
    re.I,
)
# two parties named as one subject: "the Supplier and the Customer may ..."
_AND = re.compile(r"\s*,?\s*and\s+$", re.I)
# ... then the modal and, within a few words, the action: "may mutually agree to extend"
_MODAL = re.compile(
    r"\s*,?\s*(?:may|shall|will|can|must|agree|jointly|together|each)\b(?:\s+[\w-]+){0,4}?\s*$",
    re.I,
)
# where a proposition goes on to another right or duty of its own
_ANOTHER = re.compile(r"[;,]\s*(?:and|but|or|while|whereas)\b|;", re.I)


def joint_action(
    text: str, start: int, end: int, key: re.Match[str], mentions: Sequence[Mention]
) -> tuple[int, int] | None:
    """The span of ``text`` that makes the action at ``key`` (in the proposition [start, end))
    a joint one, or None: the parties' mutual agreement, the consent of the side we act for,
    or both parties as the subject of the modal."""
    inside = [m for m in mentions if start <= m.start < end]
    for a, b in pairwise(inside):
        if (
            b.end <= key.start()
            and _AND.match(text[a.end : b.start] + " ")
            and _MODAL.match(text[b.end : key.start()])
            and {a.relation, b.relation} == {US, THEM}
        ):
            return a.start, b.end
    for m in _AGREEMENT.finditer(text, start, end):
        if _governs(text, key, m.start(), m.end()):
            return m.start(), m.end()
    if any(m.end <= key.start() for m in inside):
        return None  # a party named as the actor holds it, whoever must consent
    for x in inside:
        if x.relation == US and _CONSENT_OF.search(text, start, x.start):
            lead = _CONSENT_OF.search(text, start, x.start)
            assert lead is not None
            if lead.end() == x.start and _governs(text, key, lead.start(), x.end):
                return lead.start(), x.end
    return None


def _governs(text: str, key: re.Match[str], a: int, b: int) -> bool:
    """Whether the words at [a, b) belong to the same right as the key word: nothing that
    starts another right stands between them."""
    lo, hi = (b, key.start()) if b <= key.start() else (key.end(), a)
    return _ANOTHER.search(text, lo, hi) is None
