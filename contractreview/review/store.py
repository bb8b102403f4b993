"""The review store: a lawyer's annotations on a contract, kept safe on this machine.

One SQLite file in the user's data folder (``reviews.sqlite3`` under
:func:`contractreview.paths.user_data_dir`), WAL journal, ``synchronous=FULL``: every change is
committed in its own transaction the moment it is made, so there is no "save" to forget and a
crash or power cut loses nothing that was reported saved.

What the store holds, and nothing more:

* ``review``: one row per document *version*, keyed by the file's SHA-256, with the file's name
  (no folder) so that a changed file with the same name is recognised as the next version;
* ``annotation``: per finding or per selected text (block id + character span), the lawyer's
  note, status, risk override and its reason, reviewer name, timestamps, and the text of the
  annotated clause (``quote``), which is what lets annotations be carried over to a new version
  by clause text;
* ``edit``: the undo/redo history of annotation edits (persisted, so undo works after a restart);
* ``audit``: an append-only log of every decision (who, when, what changed, why), each entry
  chained to the previous one by SHA-256, each annotation row tied to its latest entry, and the
  chain's head kept outside the database in ``reviews.sqlite3.head``, so that an edited,
  removed, cut-off or recomputed entry, or a direct edit of an annotation, is detected by
  :meth:`ReviewStore.verify_audit`.

Every file is created readable by its owner only (0600, in a 0700 folder).

It never holds the document itself, the analysis result or model scores (they are recomputed
from the file), nor anything about the user beyond the reviewer names they type. Deleting the
file (and its ``-wal``/``-shm``/``.head`` companions) deletes every review.

The value types live in :mod:`contractreview.review.annotations`, the schema and migrations in
:mod:`~contractreview.review.schema`, the hash chain in :mod:`~contractreview.review.audit` and
the clause matching for carry-over in :mod:`~contractreview.review.carry_over`; this module
re-exports their public names.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contractreview.analysis.edits.model import EditDecision, SuggestedEdit
from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.atomic_write import write_text_atomic
from contractreview.errors import ReviewStoreError, StoreReadOnlyError
from contractreview.paths import user_data_dir
from contractreview.review import audit, decisions
from contractreview.review.annotations import (
    CONFLICT_MARKER,
    Annotation,
    FindingReview,
    Review,
    Status,
    merge_concurrent,
    reviewed_findings,
    selection_annotations,
)
from contractreview.review.audit import (
    GENESIS_HASH,
    AuditEntry,
    AuditVerification,
    verify_audit_entries,
)
from contractreview.review.carry_over import (
    CARRY_OVER_MIN_RATIO,
    CarryOver,
    carry_over,
    match_decisions,
)
from contractreview.review.connection import (
    COMPANIONS,
    Connections,
    check_integrity,
    check_not_truncated,
    companion,
    corrupt,
    is_damage,
    prepare,
)
from contractreview.review.decisions import StoredDecision
from contractreview.review.schema import (
    EDITABLE,
    MIGRATIONS,
    SCHEMA_VERSION,
    annotation_from_row,
    migrate,
    review_from_row,
)

# The public names stay importable from here, where the exports and the GUI import them.
__all__ = [
    "CARRY_OVER_MIN_RATIO",
    "CONFLICT_MARKER",
    "GENESIS_HASH",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STORE_FILE",
    "Annotation",
    "AuditEntry",
    "AuditVerification",
    "CarryOver",
    "EditDecision",
    "FindingReview",
    "Review",
    "ReviewStore",
    "Status",
    "StoredDecision",
    "default_store_path",
    "reviewed_findings",
    "selection_annotations",
    "start_fresh_store",
    "verify_audit_entries",
]

log = logging.getLogger(__name__)

STORE_FILE = "reviews.sqlite3"


def default_store_path() -> Path:
    return user_data_dir() / STORE_FILE


def start_fresh_store(path: Path | str | None = None) -> ReviewStore:
    """Move a damaged store (and its companion files) aside, as ``NAME.damaged-TIMESTAMP``, and
    open a new empty one in its place; ``kept_aside`` on the result names the kept file."""
    path = Path(path) if path is not None else default_store_path()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", *COMPANIONS, audit.ANCHOR_SUFFIX):
        src = companion(path, suffix)
        if src.exists():
            src.replace(companion(kept, suffix))
    store = ReviewStore(path)
    store.kept_aside = kept if kept.exists() else None
    return store


class ReviewStore:
    """The review store. Every method commits before it returns, and may be called from any
    thread (each thread gets its own connection; SQLite serialises the writers).

    ``read_only`` is true, with ``read_only_reason``, when the file or its folder cannot be
    written: annotations can then be read and every change raises StoreReadOnlyError.
    ``create=False`` refuses a path where there is no store (StoreMissingError) instead of
    creating one. A damaged or truncated file raises StoreCorruptError and is left as it is;
    :func:`start_fresh_store` moves it aside and starts anew.
    """

    def __init__(self, path: Path | str | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.kept_aside: Path | None = None  # set by start_fresh_store
        exists = self.path.exists()
        self.read_only_reason = prepare(self.path, create=create)
        self.read_only = bool(self.read_only_reason)
        if exists:
            check_not_truncated(self.path)
        self._conns = Connections(self.path, read_only=self.read_only)
        try:
            check_integrity(self._conns, self.path)
            if self.read_only:
                self._check_schema_read_only()
            else:
                self._migrate()
        except BaseException:
            self._conns.close()
            raise

    @property
    def _db(self) -> sqlite3.Connection:
        return self._conns.get()

    def _check_schema_read_only(self) -> None:
        version = self.schema_version
        if version != SCHEMA_VERSION:
            raise StoreReadOnlyError(
                f"The review store {self.path} cannot be used: {self.read_only_reason}, and "
                f"it needs upgrading from schema {version} to {SCHEMA_VERSION}."
            )

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._conns.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreReadOnlyError(
                f"This change cannot be saved: {self.read_only_reason}. Your annotations can "
                "be read but not changed; copy your note before closing."
            )
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise ReviewStoreError(f"The review store is busy or read-only ({e}).") from e
        try:
            yield db
        except BaseException as e:
            db.execute("ROLLBACK")
            if is_damage(e):
                raise corrupt(self.path, str(e)) from e
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise ReviewStoreError(f"The change could not be saved ({e}).") from e
        self._update_anchor(db)

    def _update_anchor(self, db: sqlite3.Connection) -> None:
        """The chain's head into the file beside the store, under the write lock (so that it
        never goes backwards), after the change is committed (so that it never runs ahead)."""
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                written = audit.update_anchor(db, self.path)
            finally:
                db.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            written = False
            log.warning("the audit head was not recorded: %s", e)
        if not written:
            log.warning("the audit head record %s cannot be written", audit.anchor_path(self.path))

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Reads outside a transaction: a damaged page found now is a StoreCorruptError."""
        try:
            yield self._db
        except sqlite3.OperationalError as e:
            raise ReviewStoreError(f"The review store cannot be read ({e}).") from e
        except sqlite3.DatabaseError as e:
            if is_damage(e):
                raise corrupt(self.path, str(e)) from e
            raise

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        with self._reading() as db:
            row: sqlite3.Row | None = db.execute(sql, params).fetchone()
            return row

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._reading() as db:
            return db.execute(sql, params).fetchall()

    def _migrate(self) -> None:
        with self._tx() as db:
            migrate(db, self.path)

    @property
    def schema_version(self) -> int:
        return int(self._all("PRAGMA user_version")[0][0])

    def integrity_check(self) -> str:
        return str(self._all("PRAGMA integrity_check")[0][0])

    # -- reviews ---------------------------------------------------------------------------

    def open_review(self, sha256: str, name: str, *, reviewer: str = "") -> Review:
        """The review of this exact file; created (as the next version of the latest review
        of a file with the same name, if any) when the file has not been seen before."""
        name = Path(name).name
        row = self._one("SELECT * FROM review WHERE sha256 = ?", (sha256,))
        if row is not None:
            return review_from_row(row)
        with self._tx() as db:
            row = db.execute("SELECT * FROM review WHERE sha256 = ?", (sha256,)).fetchone()
            if row is not None:
                return review_from_row(row)
            prev = db.execute(
                "SELECT * FROM review WHERE name = ? ORDER BY version DESC, id DESC LIMIT 1",
                (name,),
            ).fetchone()
            version = 1 if prev is None else int(prev["version"]) + 1
            cur = db.execute(
                "INSERT INTO review (sha256, name, version, previous_id, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (sha256, name, version, None if prev is None else prev["id"], audit.now()),
            )
            review_id = int(cur.lastrowid or 0)
            audit.append(
                db,
                reviewer,
                "review.create",
                review_id,
                None,
                {"sha256": sha256, "name": name, "version": version},
                "",
            )
            return review_from_row(
                db.execute("SELECT * FROM review WHERE id = ?", (review_id,)).fetchone()
            )

    def review_side(self, sha256: str) -> str | None:
        """The side chosen for the review of this file, or None (the contract type's default)."""
        found = self._one("SELECT side FROM review_side WHERE sha256 = ?", (sha256,))
        return None if found is None else str(found["side"])

    def set_review_side(self, sha256: str, side: str) -> None:
        """Remember the side the firm acts for in the review of this file."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO review_side (sha256, side, updated) VALUES (?, ?, ?) ON CONFLICT"
                "(sha256) DO UPDATE SET side = excluded.side, updated = excluded.updated",
                (sha256, side, audit.now()),
            )

    def review(self, review_id: int) -> Review:
        row = self._one("SELECT * FROM review WHERE id = ?", (review_id,))
        if row is None:
            raise ReviewStoreError(f"There is no review number {review_id} in the store.")
        return review_from_row(row)

    def find_review(self, sha256: str) -> Review | None:
        row = self._one("SELECT * FROM review WHERE sha256 = ?", (sha256,))
        return None if row is None else review_from_row(row)

    def previous_version(self, review: Review) -> Review | None:
        return None if review.previous_id is None else self.review(review.previous_id)

    # -- annotations -----------------------------------------------------------------------

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
    ) -> Annotation:
        """Annotate a finding (``finding_id``) or selected text (``block``, ``start``, ``end``)."""
        if finding_id is None and (block is None or start is None or end is None):
            raise ReviewStoreError("An annotation needs a finding or a selected piece of text.")
        status = Status(status)
        override = None if risk_override is None else RiskLevel(risk_override)
        now = audit.now()
        with self._tx() as db:
            cur = db.execute(
                'INSERT INTO annotation (review_id, finding_id, block, start, "end", quote, note,'
                " status, risk_override, override_reason, reviewer, created, updated,"
                " carried_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    review_id,
                    finding_id,
                    block,
                    start,
                    end,
                    quote,
                    note,
                    status.value,
                    None if override is None else override.value,
                    override_reason,
                    reviewer,
                    now,
                    now,
                    carried_from,
                ),
            )
            ann_id = int(cur.lastrowid or 0)
            after = self._state(db, ann_id)
            self._record_edit(db, review_id, ann_id, None, after)
            change = {
                "finding_id": finding_id,
                "block": block,
                "start": start,
                "end": end,
                "after": after,
            }
            if carried_from is not None:
                change["carried_from"] = carried_from
            action = "annotation.carry" if carried_from is not None else "annotation.create"
            audit.append(db, reviewer, action, review_id, ann_id, change, reason)
            return self._get(db, ann_id)

    def update_annotation(
        self,
        annotation_id: int,
        *,
        note: str | None = None,
        status: Status | str | None = None,
        risk_override: RiskLevel | str | None = None,
        clear_override: bool = False,
        override_reason: str | None = None,
        reviewer: str | None = None,
        reason: str = "",
        base: Annotation | None = None,
    ) -> Annotation:
        """Change some fields of an annotation; ``reason`` (why) goes into the audit log.

        ``base`` is the annotation as the editor last read it. When someone else (another
        window, process or thread) has changed it since, the fields this edit leaves as they
        were in ``base`` keep the other change, and a note both have changed keeps both texts:
        the other one first, then :data:`CONFLICT_MARKER`, then this one."""
        changes: dict[str, Any] = {}
        if note is not None:
            changes["note"] = note
        if status is not None:
            changes["status"] = Status(status).value
        if clear_override:
            changes["risk_override"] = None
        elif risk_override is not None:
            changes["risk_override"] = RiskLevel(risk_override).value
        if override_reason is not None:
            changes["override_reason"] = override_reason
        if reviewer is not None:
            changes["reviewer"] = reviewer
        return self._change(annotation_id, changes, "annotation.update", reason, reviewer, base)

    def delete_annotation(
        self, annotation_id: int, *, reviewer: str | None = None, reason: str = ""
    ) -> Annotation:
        """Remove an annotation from the review (kept as deleted, so undo can restore it)."""
        return self._change(annotation_id, {"deleted": 1}, "annotation.delete", reason, reviewer)

    def annotation(self, annotation_id: int) -> Annotation:
        with self._reading() as db:
            return self._get(db, annotation_id)

    def annotations(self, review_id: int, *, include_deleted: bool = False) -> list[Annotation]:
        sql = "SELECT * FROM annotation WHERE review_id = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        rows = self._all(sql + " ORDER BY id", (review_id,))
        return [annotation_from_row(r) for r in rows]

    def _change(
        self,
        annotation_id: int,
        changes: dict[str, Any],
        action: str,
        reason: str,
        reviewer: str | None,
        base: Annotation | None = None,
    ) -> Annotation:
        with self._tx() as db:
            before = self._state(db, annotation_id)
            current = self._get(db, annotation_id)
            if base is not None and base.version != current.version:
                changes = merge_concurrent(base, current, changes, reviewer)
                if "note" in changes and changes["note"] != before["note"] != base.note:
                    action, reason = "annotation.conflict", reason or "edited at the same time"
            after = {**before, **changes}
            if after != before:
                self._apply(db, annotation_id, after)
                review_id = self._get(db, annotation_id).review_id
                self._record_edit(db, review_id, annotation_id, before, after)
                who = reviewer if reviewer is not None else str(before["reviewer"])
                diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
                audit.append(db, who, action, review_id, annotation_id, diff, reason)
            return self._get(db, annotation_id)

    def _get(self, db: sqlite3.Connection, annotation_id: int) -> Annotation:
        row = db.execute("SELECT * FROM annotation WHERE id = ?", (annotation_id,)).fetchone()
        if row is None:
            raise ReviewStoreError(f"There is no annotation number {annotation_id}.")
        return annotation_from_row(row)

    def _state(self, db: sqlite3.Connection, annotation_id: int) -> dict[str, Any]:
        row = db.execute(
            f"SELECT {', '.join(EDITABLE)} FROM annotation WHERE id = ?", (annotation_id,)
        ).fetchone()
        if row is None:
            raise ReviewStoreError(f"There is no annotation number {annotation_id}.")
        return {k: row[k] for k in EDITABLE}

    def _apply(self, db: sqlite3.Connection, annotation_id: int, state: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in EDITABLE)
        db.execute(
            f"UPDATE annotation SET {sets}, updated = ?, version = version + 1 WHERE id = ?",
            (*(state[k] for k in EDITABLE), audit.now(), annotation_id),
        )

    # -- undo / redo (persisted: the history survives a restart) -----------------------------

    def _record_edit(
        self,
        db: sqlite3.Connection,
        review_id: int,
        annotation_id: int,
        before: dict[str, Any] | None,
        after: dict[str, Any],
    ) -> None:
        db.execute("DELETE FROM edit WHERE review_id = ? AND undone = 1", (review_id,))
        db.execute(
            "INSERT INTO edit (review_id, annotation_id, before, after) VALUES (?, ?, ?, ?)",
            (
                review_id,
                annotation_id,
                None if before is None else json.dumps(before),
                json.dumps(after),
            ),
        )

    def can_undo(self, review_id: int) -> bool:
        sql = "SELECT 1 FROM edit WHERE review_id = ? AND undone = 0 LIMIT 1"
        return self._one(sql, (review_id,)) is not None

    def can_redo(self, review_id: int) -> bool:
        sql = "SELECT 1 FROM edit WHERE review_id = ? AND undone = 1 LIMIT 1"
        return self._one(sql, (review_id,)) is not None

    def undo(self, review_id: int, *, reviewer: str = "") -> Annotation | EditDecision | None:
        """Undo the latest edit of this review (of an annotation or of an edit decision); None
        when there is nothing to undo."""
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM edit WHERE review_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
                (review_id,),
            ).fetchone()
            if row is None:
                return None
            after = json.loads(row["after"])
            if row["decision_id"] is not None:
                before = row["before"]
                target = decisions.PENDING_STATE if before is None else json.loads(before)
                db.execute("UPDATE edit SET undone = 1 WHERE id = ?", (row["id"],))
                return decisions.step(db, row, target, "decision.undo", reviewer)
            target = {**after, "deleted": 1} if row["before"] is None else json.loads(row["before"])
            return self._step(db, row, target, "annotation.undo", reviewer, undone=1)

    def redo(self, review_id: int, *, reviewer: str = "") -> Annotation | EditDecision | None:
        """Redo the edit undone last; None when there is nothing to redo."""
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM edit WHERE review_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1",
                (review_id,),
            ).fetchone()
            if row is None:
                return None
            target = json.loads(row["after"])
            if row["decision_id"] is not None:
                db.execute("UPDATE edit SET undone = 0 WHERE id = ?", (row["id"],))
                return decisions.step(db, row, target, "decision.redo", reviewer)
            return self._step(db, row, target, "annotation.redo", reviewer, undone=0)

    def _step(
        self,
        db: sqlite3.Connection,
        row: sqlite3.Row,
        target: dict[str, Any],
        action: str,
        reviewer: str,
        *,
        undone: int,
    ) -> Annotation:
        ann_id = int(row["annotation_id"])
        current = self._state(db, ann_id)
        self._apply(db, ann_id, target)
        db.execute("UPDATE edit SET undone = ? WHERE id = ?", (undone, row["id"]))
        diff = {k: [current[k], target[k]] for k in target if current.get(k) != target[k]}
        audit.append(db, reviewer, action, int(row["review_id"]), ann_id, diff, "")
        return self._get(db, ann_id)

    # -- decisions on suggested edits -------------------------------------------------------

    def edit_decisions(self, review_id: int) -> dict[str, EditDecision]:
        """The lawyer's decision on each suggested edit of this review, by edit id (an edit
        never decided has none: it is pending)."""
        with self._reading() as db:
            return {d.decision.edit_id: d.decision for d in decisions.of_review(db, review_id)}

    def stored_decisions(self, review_id: int) -> list[StoredDecision]:
        """The decisions with the contract text each replaces, who decided and when."""
        with self._reading() as db:
            return decisions.of_review(db, review_id)

    def save_edit_decision(
        self,
        review_id: int,
        decision: EditDecision,
        *,
        old_text: str | None = None,
        reviewer: str = "",
        reason: str = "",
        base: EditDecision | None = None,
    ) -> EditDecision:
        """Save the decision on one suggested edit (undoable, in the audit log); returns it as
        saved. ``old_text`` is the contract text the edit replaces (what carries the decision
        to a new version of the file). ``base`` is the decision as the editor last read it:
        when someone else has changed it since, the fields this edit leaves as in ``base`` keep
        the other change (see :func:`contractreview.review.decisions.merge_concurrent`)."""
        with self._tx() as db:
            if db.execute("SELECT 1 FROM review WHERE id = ?", (review_id,)).fetchone() is None:
                raise ReviewStoreError(f"There is no review number {review_id} in the store.")
            change = decisions.save(
                db, review_id, decision, old_text=old_text, base=base, reviewer=reviewer
            )
            if change is not None:
                decisions.record(db, review_id, change, reviewer, reason)
            found = decisions.find(db, review_id, decision.edit_id)
            return decision if found is None else found.decision

    def carry_over_decisions(
        self,
        from_review_id: int,
        to_review_id: int,
        edits: Sequence[SuggestedEdit],
        *,
        reviewer: str = "",
    ) -> list[str]:
        """Copy the decisions of an earlier version onto the suggested edits of the new one
        where the edit id and the contract text it replaces are still the same; returns the
        edit ids carried. A decision the new version already has is left alone, so running it
        twice copies nothing twice."""
        with self._tx() as db:
            old = decisions.of_review(db, from_review_id)
            have = {d.decision.edit_id for d in decisions.of_review(db, to_review_id)}
            carried = []
            for stored, edit in match_decisions(old, edits, have):
                change = decisions.save(
                    db, to_review_id, stored.decision, old_text=edit.old_text, base=None,
                    carried_from=stored.id, reviewer=stored.reviewer or reviewer,
                )  # fmt: skip
                if change is not None:
                    reason = "carried over from the previous version: same edit, same text"
                    decisions.log(db, to_review_id, change, stored.reviewer or reviewer, reason)
                    carried.append(stored.decision.edit_id)
            return carried

    # -- carrying annotations over to a new version ------------------------------------------

    def carry_over(
        self, from_review_id: int, to_review_id: int, result: AnalysisResult, *, reviewer: str = ""
    ) -> CarryOver:
        """Copy the annotations of an earlier version onto ``result`` (the analysis of the new
        version), matching each by the text of its clause: an identical clause first, else the
        most similar one at least ``CARRY_OVER_MIN_RATIO`` alike. Running it twice copies nothing
        twice. Annotations whose clause is gone are returned as ``unmatched``."""
        return carry_over(self, from_review_id, to_review_id, result, reviewer=reviewer)

    # -- audit log ---------------------------------------------------------------------------

    def audit_log(self, review_id: int | None = None) -> list[AuditEntry]:
        """The whole log in order (``review_id`` filters; verification needs the whole log)."""
        with self._reading() as db:
            entries = audit.read_log(db)
        if review_id is not None:
            entries = [e for e in entries if e.review_id == review_id]
        return entries

    def verify_audit(self, heads: Sequence[str] = ()) -> AuditVerification:
        """The chain, its head record beside the store, each of ``heads`` (from earlier exports)
        still in it, and every annotation as its audit entries left it."""
        with self._reading() as db:
            return audit.verify(db, self.path, heads)

    def audit_head(self) -> str:
        """The hash of the latest audit entry: put it in every export."""
        with self._reading() as db:
            return audit.head(db).head

    def export_audit(self, path: Path | str | None = None) -> dict[str, Any]:
        """The log as JSON (``contractreview.audit/1``), written atomically to ``path`` if given.
        ``head`` is the last entry's hash: keep it elsewhere to detect a truncated log later."""
        doc = audit.export_document(self.audit_log(), self.verify_audit())
        if path is not None:
            write_text_atomic(Path(path), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return doc
