"""A party the contract names only by a defined term that is no role word: "Company".

Templates often leave the parties' names blank and call them "Company" and "Contractor",
"Company" and "Investor", "Provider" and "Partner". The role word names one party's role
(the Contractor supplies); the other defined term names the other party. Without it, "Company
may terminate this Agreement for any reason" has no holder the review knows, and a party named
elsewhere ("the parties" of the next sentence) is taken instead.

Only where no two parties were extracted, only for the conventional terms below, and only when
the text uses the term as the subject of a modal ("Company may", "Company shall") at least
twice and the role words it uses the same way name exactly one role.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from contractreview.analysis.effect.roles import PROVIDES, RECEIVES, ROLE_WORDS, role_of

# defined terms for a party that say nothing of its role
DEFINED_TERMS = ("Company", "Corporation", "Partner")
_MODAL = r"(?:['\u2019]s\s+\w+\s+)?\s*(?:may|shall|will|must|agrees|cannot|can)\b"
MIN_USES = 2
# a role word standing for each role, as the parties' key term would give it
_ROLE_NAME = {PROVIDES: "supplier", RECEIVES: "customer"}


def with_defined_terms(parties_value: Any, text: str) -> Any:
    """``parties_value`` (the ``parties`` key term's value), with the party a conventional
    defined term names added, opposite the role word the text uses for the other party."""
    found = [p for p in parties_value if isinstance(p, Mapping)] if isinstance(
        parties_value, list
    ) else []  # fmt: skip
    if len(found) >= 2 or not text:
        return parties_value
    subjects = [t for t in DEFINED_TERMS if _uses(text, t) >= MIN_USES]
    roles = {
        role: word
        for role, words in ROLE_WORDS.items()
        for word in words
        if _uses(text, word[:1].upper() + word[1:]) >= 1
    }
    if len(subjects) != 1 or len(roles) != 1:
        return parties_value
    other, word = next(iter(roles.items()))
    own = RECEIVES if other == PROVIDES else PROVIDES
    known = {str(p.get("alias") or "").lower() for p in found}
    out = [dict(p) for p in found]
    if word.lower() not in known and not any(role_of(str(p.get("alias") or "")) for p in found):
        out.append({"name": "", "alias": word[:1].upper() + word[1:], "role": _ROLE_NAME[other]})
    if subjects[0].lower() not in known:
        out.append({"name": "", "alias": subjects[0], "role": _ROLE_NAME[own]})
    return out


def _uses(text: str, term: str) -> int:
    """How often ``term`` (capitalised, no article) is the subject of a modal."""
    return len(re.findall(rf"(?<![\w-]){re.escape(term)}{_MODAL}", text))
