"""Who is audited: an audit right is adverse to the side we act for only when that side (its
records, systems or premises) is audited.

- "The Supplier shall make its books and records available to the Customer" gives the Customer
  the audit: the party the records are made available to holds it.
- "The Processor shall carry out an inspection of the Processor's own compliance", "the
  Processor shall inspect its sub-processors": a party auditing itself or its own contractors
  audits nobody on the other side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contractreview.analysis.effect.roles import BOTH, UNKNOWN, Mention

AUDIT_TYPES = frozenset({"audit_rights"})

# "make (its books and records ...) available to {party}", "open its records to {party}"
_AVAILABLE_TO = re.compile(
    r"\b(?:make|makes|made|making)\s+(?:[\w,'\u2019&-]+\s+){0,16}?available\s+(?:\w+\s+){0,3}?"
    r"(?:to|for)\s+$|\bopen\s+(?:[\w,'\u2019-]+\s+){0,8}?to\s+$",
    re.I,
)
# what is audited, when it is no party to the contract or the auditor itself
_OWN_SIDE = re.compile(
    r"^[^.;]{0,40}?\b(?:sub-?processors?|sub-?contractors?|its\s+(?:own\s+)?(?:suppliers|vendors|"
    r"service\s+providers)|its\s+own\s+(?:compliance|organi[sz]ation|records|books|systems|"
    r"operations|processes|controls|premises)\b|itself\b)",
    re.I,
)
_WINDOW = 80
_AGENT = re.compile(r"\bby\s+$", re.I)


def audit_direction(
    text: str, start: int, end: int, key: re.Match[str], *, actor: Mention | None,
    mentions: Sequence[Mention],
) -> tuple[Mention | None, bool]:  # fmt: skip
    """The holder of the audit read in [start, end), and whether it audits only its own side
    (itself or its sub-contractors). ``actor`` is the holder read so far."""
    inside = [m for m in mentions if start <= m.start < end]
    for m in inside:
        if _AVAILABLE_TO.search(text, start, m.start) and m.relation != BOTH:
            return m, False
    if actor is None or actor.relation in (BOTH, UNKNOWN):
        return actor, False
    stop = min(end, key.end() + _WINDOW)
    # the first party after the key word that is neither the auditor nor an agent ("by ...")
    audited = next(
        (m for m in inside if key.end() <= m.start < stop and m.start != actor.start
         and not _AGENT.search(text, start, m.start)),
        None,
    )  # fmt: skip
    if (
        audited is not None
        and audited.relation == actor.relation
        and (audited.party is None or audited.party is actor.party)
    ):
        return actor, True  # "an inspection of the Processor's organisation"
    window = text[key.end() : audited.start if audited is not None else stop]
    return actor, _OWN_SIDE.search(window) is not None
