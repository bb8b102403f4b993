"""Parts of a sentence that the document splits off as a text of their own.

- A lead-in that introduces a table or a list ("The following service fees apply:", "Each of
  the following is a Covered Claim:") states nothing by itself: what applies is in the table.
- An item of a list whose lead-in stands in another text ("a claim that the Services infringe a
  third party's rights;") belongs to that lead-in: "the Supplier shall indemnify the Customer
  against: ..." makes it part of an indemnity, not a promise of its own.

Neither has a modal verb of its own. The review keeps the clause model's label for such a text
as its type (``info``) where no effect can be read, instead of raising it.
"""

from __future__ import annotations

import re

_MODAL = re.compile(
    r"\b(?:shall|must|may|will|agrees?|undertakes?|covenants?|warrants?|represents?|cannot)\b"
    r"|\bn['\u2019]t\b",
    re.I,
)
_LEAD_IN_END = re.compile(r":\s*$")
# an item's opening: "(a) a claim ...", "any loss ...", "the results of ..."
_ITEM_START = re.compile(
    r"^\W*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[).]\s*)?(?:a|an|any|all|each|the|its|their)\s",
)
_ITEM_END = re.compile(r"(?:;|,)\s*(?:(?:and|or)\s*)?$", re.I)


def fragment_of_sentence(text: str) -> bool:
    """Whether ``text`` is a lead-in ending in ":" or an item of a list (lower case, ending in
    ";" or ","), with no modal verb of its own."""
    stripped = text.strip()
    if not stripped or _MODAL.search(stripped):
        return False
    if _LEAD_IN_END.search(stripped):
        return True
    return _ITEM_START.match(stripped) is not None and _ITEM_END.search(stripped) is not None
