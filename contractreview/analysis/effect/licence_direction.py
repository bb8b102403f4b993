"""Who grants a licence: one granted to the side we act for is no risk to it.

"You hereby grant to the Licensor and its licensees a perpetual, irrevocable licence": the
other side grants, our side receives. That the licence is perpetual, irrevocable or wide is
what our side would ask for; the rules that warn of a wide licence warn its grantor.
"""

from __future__ import annotations

import re

from contractreview.analysis.effect.roles import THEM, PartyIndex

# the rules that warn the grantor of a licence about its breadth or duration
LICENCE_RULES = frozenset({"perpetual_license", "license_grant"})
_GRANTS = re.compile(r"['\u2019]?s?\s*,?\s*(?:\w+\s+){0,2}?(?:grants?|licenses?|gives?)\b", re.I)


def granted_by_other_side(text: str, parties: PartyIndex) -> bool:
    """Whether the other side is the subject of "(hereby) grants" in ``text``, and our side is
    the subject of no grant."""
    grantors = [m for m in parties.mentions(text) if _GRANTS.match(text, m.end)]
    return bool(grantors) and all(m.relation == THEM for m in grantors)
