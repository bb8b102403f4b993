"""A list item in a paragraph of its own is read with the lead-in it completes.

"Supplier may, at its option:" / "(b) terminate this Agreement for any reason." — the item has
no subject and no modal verb of its own: who may terminate, and whether they may or must not,
stands in the lead-in. Items in one paragraph with their lead-in are already read so
(:func:`contractreview.analysis.effect.clause_effect.propositions`); here an item that a
document puts in its own paragraph is read as the lead-in followed by the item, and the
evidence is put back on the segment each span lies in (the item, or the lead-in)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from contractreview.analysis.results import Reason
    from contractreview.analysis.segmenter import Segment


class Unit(Protocol):
    """A segment, or a segment's result: what tells a list's lead-in and items apart."""

    @property
    def text(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def heading(self) -> str: ...


# the label of a sub-item of a list: "(a)", "(ii)", "b)", "3."
_ITEM_LABEL = re.compile(r"^\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})[.)]$", re.I)
# an item's text that opens with its own label in brackets, as the reader's list pattern expects
_BRACKETED = re.compile(r"^\s*\(\s*(?:[a-h]|i{1,3}|iv|v|vi{0,3}|\d{1,2})\s*\)")


# a list of its own inside the item: "(i) materially breaches ...; (ii) dissolves ..."
_INNER_ITEM = re.compile(r"(?<!^)\(\s*(?:[a-h]|i{1,3}|iv|v|vi{0,3}|\d{1,2})\s*\)")


def continues(lead: Unit | None, seg: Unit) -> bool:
    """Whether ``seg`` is an item of the list ``lead`` (a segment ending in ":") opens."""
    return (
        lead is not None
        and seg.heading == lead.heading
        and _ITEM_LABEL.match(seg.label or "") is not None
    )


def reads_with_lead_in(seg: Segment) -> bool:
    """Whether the item is read with its lead-in: not an item with a list of its own, whose
    sub-items the reader would take for the lead-in's (it is read alone, as before)."""
    return _INNER_ITEM.search(seg.text.lstrip()) is None


def opens_list(seg: Unit) -> bool:
    return seg.text.rstrip().endswith(":")


def with_lead_in(lead: Segment, seg: Segment) -> tuple[str, int]:
    """The lead-in and the item as one text, and where the item's own text starts in it. An
    item whose label is numbering (not typed in its text) gets a typed one, "(a)", so the
    reader sees a list item whatever the document's numbering calls it."""
    head = lead.text.rstrip() + (" " if _BRACKETED.match(seg.text) else " (a) ")
    return head + seg.text, len(head)


def back_on_segments(
    reasons: Sequence[Reason], lead: Segment, seg: Segment, offset: int
) -> list[Reason]:
    """``reasons`` read from :func:`with_lead_in`'s text, each span moved back onto the item
    (after ``offset``) or left on the lead-in."""
    out = []
    for reason in reasons:
        if reason.effect is None:
            out.append(reason)
            continue
        spans = tuple(
            replace(s, segment=seg.id, start=s.start - offset, end=s.end - offset)
            if s.start >= offset
            else replace(s, segment=lead.id)
            for s in reason.effect.evidence
        )
        out.append(replace(reason, effect=replace(reason.effect, evidence=spans)))
    return out
