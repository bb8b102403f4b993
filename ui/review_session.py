"""The review of the open document: the review store, the thread it lives on, and what the GUI
knows of it (a :class:`StoreSnapshot`).

The store's SQLite connection is opened and used on the ``save`` thread only, so every edit,
undo and export runs there in order; the GUI sees immutable snapshots taken on that thread,
delivered through :attr:`ReviewSession.changed`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from contractreview_ui.settings import Settings
from contractreview_ui.workers import CallJob, Pools

if TYPE_CHECKING:
    from contractreview.analysis.edits.model import EditDecision, SuggestedEdit
    from contractreview.analysis.results import AnalysisResult, Finding
    from contractreview.docx.document import Document
    from contractreview.review.store import Annotation, ReviewStore
    from contractreview_ui.document_view import TextSelection

T = TypeVar("T")


@dataclass(frozen=True)
class StoreSnapshot:
    """What the GUI knows of the store for the open document, taken on the save thread."""

    review_id: int
    annotations: tuple[Annotation, ...]
    can_undo: bool
    can_redo: bool
    side: str | None = None  # the side chosen for this review; None: the contract type's
    # the lawyer's decision on each suggested edit, by edit id (none yet: pending)
    decisions: Mapping[str, EditDecision] = field(default_factory=dict)


class ReviewSession(QObject):
    """Owns the review store (on the save thread) and the snapshot of the open review."""

    changed = Signal(object)  # StoreSnapshot: opened, edited, undone, carried over
    failed = Signal(object)  # the exception of a store call that had no handler of its own

    def __init__(self, pools: Pools, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools = pools
        self._settings = settings
        self._store: ReviewStore | None = None  # lives on the save thread only
        self.snapshot: StoreSnapshot | None = None
        self.sha256: str | None = None
        self._carry_checked = False
        self._carried_result: AnalysisResult | None = None

    def call(
        self,
        name: str,
        func: Callable[[ReviewStore], T],
        *,
        finished: Callable[[T], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``func(store)`` on the save thread, where the store's connection lives; the
        result is dropped if another document was opened meanwhile."""

        def run() -> T:
            if self._store is None:
                from contractreview.review.store import ReviewStore

                self._store = ReviewStore()
            return func(self._store)

        job = CallJob(name, run, generation=self._pools.generation)
        self._pools.submit("save", job, finished=finished, failed=failed or self.failed.emit)

    def _update(self, snapshot: StoreSnapshot) -> None:
        self.snapshot = snapshot
        self.changed.emit(snapshot)

    def _then(self, then: Callable[[StoreSnapshot], None] | None) -> Callable[[Any], None]:
        def done(snapshot: StoreSnapshot) -> None:
            self._update(snapshot)
            if then is not None:
                then(snapshot)

        return done

    @property
    def reviewer(self) -> str:
        name: str = self._settings.get("reviewer")
        return name

    # -- the open review -------------------------------------------------------------------
    def open(
        self,
        document: Document,
        opened: Callable[[StoreSnapshot], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Open (or create) the review of ``document``: ``opened`` gets its first snapshot,
        ``failed`` the store's error."""
        sha, name, reviewer = document.sha256, Path(document.path).name, self.reviewer
        self.sha256 = sha

        def open_(store: ReviewStore) -> StoreSnapshot:
            review = store.open_review(sha, name, reviewer=reviewer)
            return _snapshot(store, review.id, sha)

        self.call("store-open", open_, finished=self._then(opened), failed=failed)

    def leave(self) -> None:
        """The document is closed: nothing of its review is shown any more."""
        self.snapshot = None
        self.sha256 = None
        self._carry_checked = False
        self._carried_result = None

    def carry_over(self, result: AnalysisResult) -> None:
        """A new version of a reviewed file: bring the earlier notes over by clause text (once),
        and the decisions on suggested edits whose edit and text are unchanged (after each
        analysis: another side has other edits; one the review already has is left alone)."""
        snap = self.snapshot
        if snap is None or (self._carry_checked and result is self._carried_result):
            return
        notes = not self._carry_checked and not snap.annotations
        self._carry_checked = True
        self._carried_result = result
        reviewer, sha = self.reviewer, self.sha256

        def carry(store: ReviewStore) -> StoreSnapshot | None:
            review = store.review(snap.review_id)
            if review.previous_id is None:
                return None
            n = 0
            if notes:
                n += len(
                    store.carry_over(
                        review.previous_id, review.id, result, reviewer=reviewer
                    ).carried
                )
            edits = result.edits
            n += len(
                store.carry_over_decisions(review.previous_id, review.id, edits, reviewer=reviewer)
            )
            return _snapshot(store, review.id, sha) if n else None

        def carried(snapshot: StoreSnapshot | None) -> None:
            if snapshot is not None:
                self._update(snapshot)

        self.call("store-carry", carry, finished=carried)

    def set_side(self, side: str) -> None:
        """Remember the side the firm acts for in this review."""
        snap, sha = self.snapshot, self.sha256
        if snap is None or sha is None:
            return

        def save(store: ReviewStore) -> StoreSnapshot:
            store.set_review_side(sha, side)
            return _snapshot(store, snap.review_id, sha)

        self.call("store-side", save, finished=self._update)

    # -- annotations -----------------------------------------------------------------------
    def edit(
        self,
        finding: Finding,
        changes: dict[str, Any],
        then: Callable[[StoreSnapshot], None] | None = None,
    ) -> None:
        """Save an edit of a finding's annotation (created on its first edit)."""
        snap = self.snapshot
        if snap is None:
            return
        reviewer, review_id, sha = self.reviewer, snap.review_id, self.sha256

        def save(store: ReviewStore) -> StoreSnapshot:
            existing = [a for a in store.annotations(review_id) if a.finding_id == finding.id]
            if existing:
                store.update_annotation(existing[-1].id, reviewer=reviewer, **changes)
            else:
                fields = {k: v for k, v in changes.items() if k != "clear_override"}
                store.add_annotation(
                    review_id, quote=finding.quote, finding_id=finding.id, reviewer=reviewer,
                    **fields,
                )  # fmt: skip
            return _snapshot(store, review_id, sha)

        self.call("store-edit", save, finished=self._then(then))

    def decide(
        self,
        edit: SuggestedEdit,
        decision: EditDecision,
        then: Callable[[StoreSnapshot], None] | None = None,
    ) -> None:
        """Save the lawyer's decision on a suggested edit (undoable with the annotations); the
        decision shown before it is the base, so that another window's change is merged."""
        snap = self.snapshot
        if snap is None:
            return
        reviewer, review_id, sha = self.reviewer, snap.review_id, self.sha256
        base = snap.decisions.get(edit.id)

        def save(store: ReviewStore) -> StoreSnapshot:
            store.save_edit_decision(
                review_id, decision, old_text=edit.old_text, reviewer=reviewer, base=base
            )
            return _snapshot(store, review_id, sha)

        self.call("store-decide", save, finished=self._then(then))

    def add_note(
        self,
        selection: TextSelection,
        note: str,
        then: Callable[[StoreSnapshot], None] | None = None,
    ) -> None:
        """Save a note on a span of one block's text."""
        snap = self.snapshot
        if snap is None:
            return
        reviewer, review_id, sha = self.reviewer, snap.review_id, self.sha256

        def save(store: ReviewStore) -> StoreSnapshot:
            store.add_annotation(
                review_id, quote=selection.quote, block=selection.block,
                start=selection.start, end=selection.end, note=note, reviewer=reviewer,
            )  # fmt: skip
            return _snapshot(store, review_id, sha)

        self.call("store-note", save, finished=self._then(then))

    def delete_note(self, annotation_id: int) -> None:
        snap = self.snapshot
        if snap is None:
            return
        reviewer, review_id, sha = self.reviewer, snap.review_id, self.sha256

        def delete(store: ReviewStore) -> StoreSnapshot:
            store.delete_annotation(annotation_id, reviewer=reviewer)
            return _snapshot(store, review_id, sha)

        self.call("store-delete-note", delete, finished=self._update)

    def undo_redo(self, which: str, then: Callable[[StoreSnapshot], None] | None = None) -> None:
        """``which`` is "undo" or "redo": the last annotation edit of this review."""
        snap = self.snapshot
        if snap is None:
            return
        reviewer, review_id, sha = self.reviewer, snap.review_id, self.sha256

        def step(store: ReviewStore) -> StoreSnapshot:
            if which == "undo":
                store.undo(review_id, reviewer=reviewer)
            else:
                store.redo(review_id, reviewer=reviewer)
            return _snapshot(store, review_id, sha)

        self.call(f"store-{which}", step, finished=self._then(then))

    # -- shutdown --------------------------------------------------------------------------
    def close(self) -> None:
        """Close the store on its thread, after every pending write."""
        if self._store is not None:
            self._pools.submit("save", CallJob("store-close", self._close_store))

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _snapshot(store: ReviewStore, review_id: int, sha256: str | None) -> StoreSnapshot:
    return StoreSnapshot(
        review_id,
        tuple(store.annotations(review_id)),
        store.can_undo(review_id),
        store.can_redo(review_id),
        store.review_side(sha256) if sha256 else None,
        store.edit_decisions(review_id),
    )
