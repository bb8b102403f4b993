"""Carrying annotations to a new analysis of the same or an edited document: each note follows
the text of its clause, an identical clause first, else the most similar one at least
``CARRY_OVER_MIN_RATIO`` alike. A decision on a suggested edit is stricter: it follows only an
edit with the same id that replaces the same text (a decision on other words would apply the
lawyer's wording where they never read it). Pure matching; the store does the writing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from contractreview.analysis.edits.model import SuggestedEdit
from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.review.annotations import Annotation, Status
from contractreview.review.decisions import StoredDecision


class AnnotationStore(Protocol):
    """What carrying over needs of the review store (``ReviewStore`` has it): matching lives
    here, the store does the writing, and neither module imports the other's."""

    def annotations(self, review_id: int, *, include_deleted: bool = False) -> list[Annotation]: ...

    def add_annotation(
        self,
        review_id: int,
        *,
        quote: str,
        finding_id: str | None = None,
        block: str | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str = "",
        status: Status | str = Status.OPEN,
        risk_override: RiskLevel | str | None = None,
        override_reason: str = "",
        reviewer: str = "",
        reason: str = "",
        carried_from: int | None = None,
    ) -> Annotation: ...


CARRY_OVER_MIN_RATIO = 0.9  # how alike two clause texts must be to carry a note across versions


@dataclass(frozen=True)
class CarryOver:
    carried: tuple[tuple[int, Annotation], ...]  # (old annotation id, new annotation)
    unmatched: tuple[Annotation, ...]


@dataclass(frozen=True)
class Target:
    """Where a carried annotation lands in the new analysis."""

    finding_id: str | None
    block: str | None
    start: int | None
    end: int | None
    quote: str


def carry_over(
    store: AnnotationStore,
    from_review_id: int,
    to_review_id: int,
    result: AnalysisResult,
    *,
    reviewer: str = "",
) -> CarryOver:
    """See :meth:`ReviewStore.carry_over`."""
    done = {
        a.carried_from
        for a in store.annotations(to_review_id, include_deleted=True)
        if a.carried_from is not None
    }
    carried: list[tuple[int, Annotation]] = []
    unmatched: list[Annotation] = []
    for old in store.annotations(from_review_id):
        if old.id in done:
            continue
        target = match(old, result)
        if target is None:
            unmatched.append(old)
            continue
        new = store.add_annotation(
            to_review_id,
            quote=target.quote,
            finding_id=target.finding_id,
            block=target.block,
            start=target.start,
            end=target.end,
            note=old.note,
            status=old.status,
            risk_override=old.risk_override,
            override_reason=old.override_reason,
            reviewer=old.reviewer or reviewer,
            reason="carried over from the previous version by clause text",
            carried_from=old.id,
        )
        carried.append((old.id, new))
    return CarryOver(tuple(carried), tuple(unmatched))


def match(old: Annotation, result: AnalysisResult) -> Target | None:
    """Where ``old`` belongs in ``result``; None when its clause is gone."""
    return _match_finding(old, result) if old.finding_id else _match_text(old, result)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _best(quote: str, candidates: Sequence[str]) -> int | None:
    """Index of the candidate identical to ``quote`` (whitespace and case aside), else of the
    most similar one over the threshold."""
    q = _norm(quote)
    normed = [_norm(c) for c in candidates]
    for i, c in enumerate(normed):
        if c == q:
            return i
    best, best_ratio = None, CARRY_OVER_MIN_RATIO
    for i, c in enumerate(normed):
        m = difflib.SequenceMatcher(None, q, c, autojunk=False)
        if m.real_quick_ratio() < best_ratio or m.quick_ratio() < best_ratio:
            continue
        r = m.ratio()
        if r >= best_ratio:
            best, best_ratio = i, r
    return best


def _match_finding(old: Annotation, result: AnalysisResult) -> Target | None:
    i = _best(old.quote, [f.quote for f in result.findings])
    if i is None:
        # the clause may no longer be flagged: keep the note on its text instead
        return _match_text(old, result)
    f = result.findings[i]
    return Target(f.id, None, None, None, f.quote)


def _match_text(old: Annotation, result: AnalysisResult) -> Target | None:
    if old.quote:
        for s in result.segments:
            at = s.text.find(old.quote)
            if at >= 0:
                start = s.start + at
                return Target(None, s.block, start, start + len(old.quote), old.quote)
    i = _best(old.quote, [s.text for s in result.segments])
    if i is None:
        return None
    s = result.segments[i]
    return Target(None, s.block, s.start, s.end, s.text)


def match_decisions(
    old: Sequence[StoredDecision], edits: Sequence[SuggestedEdit], already: set[str]
) -> list[tuple[StoredDecision, SuggestedEdit]]:
    """The decisions of an earlier version that still apply to ``edits``: same edit id, same
    old text (whitespace aside); pending ones and those in ``already`` are left out."""
    by_id = {e.id: e for e in edits}
    out = []
    for stored in old:
        edit = by_id.get(stored.decision.edit_id)
        if edit is None or edit.id in already or stored.decision.status == "pending":
            continue
        if " ".join(edit.old_text.split()) == " ".join(stored.old_text.split()):
            out.append((stored, edit))
    return out
