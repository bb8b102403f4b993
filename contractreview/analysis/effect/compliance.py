"""A right used to comply with the law: an event that triggers it, not the holder's convenience.

"The Supplier may terminate immediately to comply, as it determines in its sole discretion, with
applicable sanctions laws", "may suspend the Service where required to do so by a court order":
the right is tied to a legal requirement. The holder's discretion qualifies its judgement of
whether the requirement applies; it does not free the holder to end the contract for any reason.
"For any reason", "without cause" or "for convenience" in the same proposition still make it a
right at will. A duty to suspend a transfer of personal data where the safeguards the law
requires fail, or where a supervisory authority instructs it, is such a requirement too.
"""

from __future__ import annotations

import re

LEGAL_COMPLIANCE = "legal_compliance"

# what the law requires: laws, regulations, sanctions, export controls, a court or a regulator
_LAW = (
    r"(?:any\s+|all\s+|the\s+)?(?:applicable\s+|relevant\s+|mandatory\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:laws?|legislation|regulations?|sanctions|export\s+controls?|court\s+orders?|"
    r"orders?\s+of\s+(?:a|any)\s+(?:court|regulator|\w+\s+authority)|regulators?|"
    r"(?:regulatory|supervisory|governmental|government)\s+(?:authority|body|requirements?)|"
    r"(?:competent|data\s+protection)\s+authorit(?:y|ies)|"
    r"legal\s+(?:requirements?|obligations?))\b"
)
_COMPLIANCE = re.compile(
    # "to comply (, as determined in its sole discretion,) with applicable sanctions laws"
    r"\b(?:to|in\s+order\s+to|so\s+as\s+to)\s+comply\s*(?:,[^,.;]{0,80},\s*)?with\s+"
    + _LAW
    # "where / if / as required by law (or a regulator)", "required to do so by a court order"
    + r"|\b(?:where|if|when|as|to\s+the\s+extent)\s+(?:it\s+is\s+)?required\s+(?:to\s+do\s+so\s+)?"
    r"(?:by|under)\s+"
    + _LAW
    # "if continuing would breach / violate the law"
    + r"|\b(?:would|could|might)\s+(?:\w+\s+){0,2}(?:breach|violate|contravene|infringe)\s+"
    + _LAW
    # "if instructed / ordered (to do so) by the competent supervisory authority"
    + r"|\b(?:where|if|when|as|unless)\s+(?:so\s+)?(?:instructed|ordered|directed)\s+"
    r"(?:to\s+do\s+so\s+)?by\s+"
    + _LAW
    # the safeguards the law requires for personal data fail: "if no appropriate safeguards
    # can be ensured", "adequate safeguards can no longer be ensured"
    + r"|\b(?:no|insufficient|inadequate)\s+(?:appropriate\s+|adequate\s+|sufficient\s+)?"
    r"(?:safeguards|level\s+of\s+(?:data\s+)?protection)\b"
    r"|\b(?:safeguards|level\s+of\s+(?:data\s+)?protection)\b[^.;]{0,60}?\b(?:cannot|"
    r"can\s+no\s+longer|could\s+not|can\s+not)\s+be\s+(?:ensured|guaranteed|maintained)\b",
    re.I,
)
# the convenience cues that qualify a judgement ("in its sole discretion", "at any time",
# "if it determines") rather than free the holder ("for any reason", "without cause")
JUDGEMENT_CUES = frozenset({"discretion", "at_any_time", "at_will"})


# the law given as one example or one alternative ground: "including where required by law",
# "in its sole discretion or where required by law" leave the discretion whole
_NOT_LIMITING = re.compile(
    r"(?:\b(?:including|such\s+as|for\s+example|e\.g\.|as\s+well\s+as)\s+(?:\w+\s+){0,3}"
    r"|\b(?:or|and/or)\s+)$",
    re.I,
)


def compliance_purpose(region: str) -> re.Match[str] | None:
    """The words that tie a right to a legal requirement, if the proposition has them and they
    limit the right (not an example of its uses or an alternative ground)."""
    for m in _COMPLIANCE.finditer(region):
        if _NOT_LIMITING.search(region, 0, m.start()) is None:
            return m
    return None
