"""The value objects of a suggested edit and of the lawyer's decision on it.

A :class:`SuggestedEdit` names an exact span ``[start, end)`` of one segment's text (for an
inserted clause, the empty span at the end of the segment after which the clause goes) and the
texts that may replace it: ``options[0]`` is the firm's preferred position, then the fallbacks.
An :class:`EditDecision` is what the lawyer made of it; only accepted ones are applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EditKind = Literal["replace_value", "replace_clause", "insert_clause", "delete", "make_mutual"]
DecisionStatus = Literal["pending", "accepted", "rejected"]

EDIT_KINDS: tuple[EditKind, ...] = (
    "replace_value",
    "replace_clause",
    "insert_clause",
    "delete",
    "make_mutual",
)


@dataclass(frozen=True)
class EditOption:
    label: str  # "Position", "Fallback 1", "Fallback 2", ...
    text: str  # new text that replaces old_text ("" for a deletion; the clause text for an insert)


@dataclass(frozen=True)
class SuggestedEdit:
    id: str  # stable within a document for the same contract+playbook+side: "e-s00012-notice"
    finding_id: str | None  # the Finding.id it fixes (None: a missing clause)
    clause_type: str
    kind: EditKind
    segment_id: str  # the segment edited; for insert_clause the segment AFTER which it goes
    start: int  # offsets of old_text within that segment's text (insert: start == end)
    end: int
    old_text: str
    options: tuple[EditOption, ...]  # options[0] is the firm's preferred position, then fallbacks
    reason: str  # one sentence: why this edit (from the finding / effect)


@dataclass(frozen=True)
class EditDecision:
    edit_id: str
    status: DecisionStatus = "pending"
    option: int = 0  # index into SuggestedEdit.options
    text: str | None = None  # the lawyer's own wording; overrides the option's text when set

    def new_text(self, edit: SuggestedEdit) -> str:
        """The text that replaces ``edit.old_text``: the lawyer's own, else the chosen option's
        (the preferred position when the index is out of range)."""
        if self.text is not None:
            return self.text
        if 0 <= self.option < len(edit.options):
            return edit.options[self.option].text
        return edit.options[0].text if edit.options else ""
