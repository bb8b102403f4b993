"""A lawyer's review as plain values: reviews, annotations, statuses, and each finding with the
notes on it. Nothing here touches the store or SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from contractreview.analysis.results import AnalysisResult, Finding, RiskLevel


class Status(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    NEEDS_NEGOTIATION = "needs negotiation"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class Review:
    id: int
    sha256: str
    name: str
    version: int
    previous_id: int | None
    created: str


@dataclass(frozen=True)
class Annotation:
    """A lawyer's note on a finding (``finding_id``) or on any selected text (``block`` +
    ``[start, end)`` of that block's text)."""

    id: int
    review_id: int
    finding_id: str | None
    block: str | None
    start: int | None
    end: int | None
    quote: str
    note: str = ""
    status: Status = Status.OPEN
    risk_override: RiskLevel | None = None
    override_reason: str = ""
    reviewer: str = ""
    created: str = ""
    updated: str = ""
    deleted: bool = False
    carried_from: int | None = None
    version: int = 1  # one more at every change: pass the annotation back as ``base``


@dataclass(frozen=True)
class FindingReview:
    """A finding as the lawyer left it: effective level, status and the notes on it."""

    finding: Finding
    level: RiskLevel
    status: Status
    annotations: tuple[Annotation, ...] = field(default=())

    @property
    def overridden(self) -> bool:
        return self.level != self.finding.risk.level

    @property
    def note(self) -> str:
        return "\n".join(a.note for a in self.annotations if a.note)

    @property
    def override_reason(self) -> str:
        return "\n".join(a.override_reason for a in self.annotations if a.override_reason)

    @property
    def reviewer(self) -> str:
        return next((a.reviewer for a in reversed(self.annotations) if a.reviewer), "")


def reviewed_findings(
    result: AnalysisResult, annotations: Sequence[Annotation]
) -> list[FindingReview]:
    """Each finding with the annotations on it; the latest override and status win."""
    by_finding: dict[str, list[Annotation]] = {}
    for a in annotations:
        if a.finding_id is not None and not a.deleted:
            by_finding.setdefault(a.finding_id, []).append(a)
    out = []
    for f in result.findings:
        notes = sorted(by_finding.get(f.id, []), key=lambda a: (a.updated, a.id))
        level = f.risk.level
        status = Status.OPEN
        for a in notes:
            if a.risk_override is not None:
                level = a.risk_override
            status = a.status
        out.append(FindingReview(f, level, status, tuple(notes)))
    return out


def selection_annotations(annotations: Sequence[Annotation]) -> list[Annotation]:
    """Live annotations on selected text rather than on a finding."""
    return [a for a in annotations if a.finding_id is None and not a.deleted]


CONFLICT_MARKER = "\n\n[edited at the same time by {who}; both texts kept]\n"


def merge_concurrent(
    base: Annotation, current: Annotation, changes: dict[str, Any], reviewer: str | None
) -> dict[str, Any]:
    """An edit made from ``base`` onto an annotation since changed to ``current``: fields the
    edit leaves as in ``base`` keep the other change; a note both changed keeps both texts."""
    was = {
        "note": base.note,
        "status": base.status.value,
        "risk_override": None if base.risk_override is None else base.risk_override.value,
        "override_reason": base.override_reason,
        "reviewer": base.reviewer,
        "deleted": int(base.deleted),
    }
    out = {k: v for k, v in changes.items() if v != was.get(k)}
    mine = out.get("note")
    if mine is not None and current.note != base.note:
        # an edit that only added to the text brings only what it added
        added = mine[len(base.note) :].lstrip("\n") if mine.startswith(base.note) else mine
        who = reviewer or "another reviewer"
        out["note"] = current.note + CONFLICT_MARKER.format(who=who) + added
    return out
