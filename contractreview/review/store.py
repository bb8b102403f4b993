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
  chained to the previous one by SHA-256 so that editing or removing an entry is detected by
  :meth:`ReviewStore.verify_audit`.

It never holds the document itself, the analysis result or model scores (they are recomputed
from the file), nor anything about the user beyond the reviewer names they type. Deleting the
file (and its ``-wal``/``-shm`` companions) deletes every review.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from contractreview.analysis.results import AnalysisResult, Finding, RiskLevel
from contractreview.errors import ReviewStoreError
from contractreview.paths import user_data_dir

STORE_FILE = "reviews.sqlite3"
GENESIS_HASH = "0" * 64
CARRY_OVER_MIN_RATIO = 0.9  # how alike two clause texts must be to carry a note across versions


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


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    reviewer: str
    action: str
    review_id: int | None
    annotation_id: int | None
    change: dict[str, Any]
    reason: str
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "ts": self.ts,
            "reviewer": self.reviewer,
            "action": self.action,
            "review_id": self.review_id,
            "annotation_id": self.annotation_id,
            "change": self.change,
            "reason": self.reason,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str = ""


@dataclass(frozen=True)
class CarryOver:
    carried: tuple[tuple[int, Annotation], ...]  # (old annotation id, new annotation)
    unmatched: tuple[Annotation, ...]


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


def default_store_path() -> Path:
    return user_data_dir() / STORE_FILE


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


_STATUSES = ", ".join(f"'{s.value}'" for s in Status)
_LEVELS = ", ".join(f"'{lv.value}'" for lv in RiskLevel)

# Each migration takes the schema from version i to i + 1; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    f"""
    CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        previous_id INTEGER REFERENCES review(id),
        created TEXT NOT NULL
    );
    CREATE INDEX review_name ON review(name);
    CREATE TABLE annotation (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        finding_id TEXT,
        block TEXT,
        start INTEGER,
        "end" INTEGER,
        quote TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ({_STATUSES})),
        risk_override TEXT CHECK (risk_override IS NULL OR risk_override IN ({_LEVELS})),
        override_reason TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        carried_from INTEGER,
        CHECK (finding_id IS NOT NULL OR (block IS NOT NULL AND start IS NOT NULL
                                          AND "end" IS NOT NULL AND start <= "end"))
    );
    CREATE INDEX annotation_review ON annotation(review_id);
    CREATE TABLE edit (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        annotation_id INTEGER NOT NULL REFERENCES annotation(id),
        before TEXT,
        after TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX edit_review ON edit(review_id, id);
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        action TEXT NOT NULL,
        review_id INTEGER,
        annotation_id INTEGER,
        change TEXT NOT NULL,
        reason TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """,
    # the side the firm acts for in the review of one file (the playbook's side id)
    """
    CREATE TABLE review_side (
        sha256 TEXT PRIMARY KEY,
        side TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# The fields an edit can change; undo/redo restores them.
_EDITABLE = ("note", "status", "risk_override", "override_reason", "reviewer", "deleted")


def _entry_hash(fields: dict[str, Any]) -> str:
    canon = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


class ReviewStore:
    """The review store. Open one per process; every method commits before it returns."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per change
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise ReviewStoreError(
                f"The review store {self.path} cannot be opened ({e}). Your annotations are "
                "not lost: keep this file and ask IT to check it."
            ) from e

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise ReviewStoreError(f"The review store is busy or read-only ({e}).") from e
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise ReviewStoreError(f"The change could not be saved ({e}).") from e

    def _migrate(self) -> None:
        with self._tx() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise ReviewStoreError(
                    f"The review store {self.path} was written by a newer ContractReview "
                    f"(schema {version}, this version knows {SCHEMA_VERSION}). Update the app."
                )
            for i in range(version, SCHEMA_VERSION):
                for stmt in _statements(MIGRATIONS[i]):
                    db.execute(stmt)
                db.execute(f"PRAGMA user_version={i + 1}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def integrity_check(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    # -- reviews ---------------------------------------------------------------------------

    def open_review(self, sha256: str, name: str, *, reviewer: str = "") -> Review:
        """The review of this exact file; created (as the next version of the latest review
        of a file with the same name, if any) when the file has not been seen before."""
        name = Path(name).name
        row = self._db.execute("SELECT * FROM review WHERE sha256 = ?", (sha256,)).fetchone()
        if row is not None:
            return _review(row)
        with self._tx() as db:
            row = db.execute("SELECT * FROM review WHERE sha256 = ?", (sha256,)).fetchone()
            if row is not None:
                return _review(row)
            prev = db.execute(
                "SELECT * FROM review WHERE name = ? ORDER BY version DESC, id DESC LIMIT 1",
                (name,),
            ).fetchone()
            version = 1 if prev is None else int(prev["version"]) + 1
            cur = db.execute(
                "INSERT INTO review (sha256, name, version, previous_id, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (sha256, name, version, None if prev is None else prev["id"], _now()),
            )
            review_id = int(cur.lastrowid or 0)
            self._audit(
                db,
                reviewer,
                "review.create",
                review_id,
                None,
                {"sha256": sha256, "name": name, "version": version},
                "",
            )
            return _review(db.execute("SELECT * FROM review WHERE id = ?", (review_id,)).fetchone())

    def review_side(self, sha256: str) -> str | None:
        """The side chosen for the review of this file, or None (the contract type's default)."""
        row = self._db.execute("SELECT side FROM review_side WHERE sha256 = ?", (sha256,))
        found = row.fetchone()
        return None if found is None else str(found["side"])

    def set_review_side(self, sha256: str, side: str) -> None:
        """Remember the side the firm acts for in the review of this file."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO review_side (sha256, side, updated) VALUES (?, ?, ?) ON CONFLICT"
                "(sha256) DO UPDATE SET side = excluded.side, updated = excluded.updated",
                (sha256, side, _now()),
            )

    def review(self, review_id: int) -> Review:
        row = self._db.execute("SELECT * FROM review WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise ReviewStoreError(f"There is no review number {review_id} in the store.")
        return _review(row)

    def find_review(self, sha256: str) -> Review | None:
        row = self._db.execute("SELECT * FROM review WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else _review(row)

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
        now = _now()
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
            self._audit(db, reviewer, action, review_id, ann_id, change, reason)
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
    ) -> Annotation:
        """Change some fields of an annotation; ``reason`` (why) goes into the audit log."""
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
        return self._change(annotation_id, changes, "annotation.update", reason, reviewer)

    def delete_annotation(
        self, annotation_id: int, *, reviewer: str | None = None, reason: str = ""
    ) -> Annotation:
        """Remove an annotation from the review (kept as deleted, so undo can restore it)."""
        return self._change(annotation_id, {"deleted": 1}, "annotation.delete", reason, reviewer)

    def annotation(self, annotation_id: int) -> Annotation:
        return self._get(self._db, annotation_id)

    def annotations(self, review_id: int, *, include_deleted: bool = False) -> list[Annotation]:
        sql = "SELECT * FROM annotation WHERE review_id = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        rows = self._db.execute(sql + " ORDER BY id", (review_id,)).fetchall()
        return [_annotation(r) for r in rows]

    def _change(
        self,
        annotation_id: int,
        changes: dict[str, Any],
        action: str,
        reason: str,
        reviewer: str | None,
    ) -> Annotation:
        with self._tx() as db:
            before = self._state(db, annotation_id)
            after = {**before, **changes}
            if after != before:
                self._apply(db, annotation_id, after)
                review_id = self._get(db, annotation_id).review_id
                self._record_edit(db, review_id, annotation_id, before, after)
                who = reviewer if reviewer is not None else str(before["reviewer"])
                diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
                self._audit(db, who, action, review_id, annotation_id, diff, reason)
            return self._get(db, annotation_id)

    def _get(self, db: sqlite3.Connection, annotation_id: int) -> Annotation:
        row = db.execute("SELECT * FROM annotation WHERE id = ?", (annotation_id,)).fetchone()
        if row is None:
            raise ReviewStoreError(f"There is no annotation number {annotation_id}.")
        return _annotation(row)

    def _state(self, db: sqlite3.Connection, annotation_id: int) -> dict[str, Any]:
        row = db.execute(
            f"SELECT {', '.join(_EDITABLE)} FROM annotation WHERE id = ?", (annotation_id,)
        ).fetchone()
        if row is None:
            raise ReviewStoreError(f"There is no annotation number {annotation_id}.")
        return {k: row[k] for k in _EDITABLE}

    def _apply(self, db: sqlite3.Connection, annotation_id: int, state: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in _EDITABLE)
        db.execute(
            f"UPDATE annotation SET {sets}, updated = ? WHERE id = ?",
            (*(state[k] for k in _EDITABLE), _now(), annotation_id),
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
        return self._db.execute(sql, (review_id,)).fetchone() is not None

    def can_redo(self, review_id: int) -> bool:
        sql = "SELECT 1 FROM edit WHERE review_id = ? AND undone = 1 LIMIT 1"
        return self._db.execute(sql, (review_id,)).fetchone() is not None

    def undo(self, review_id: int, *, reviewer: str = "") -> Annotation | None:
        """Undo the latest annotation edit of this review; None when there is nothing to undo."""
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM edit WHERE review_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
                (review_id,),
            ).fetchone()
            if row is None:
                return None
            after = json.loads(row["after"])
            target = {**after, "deleted": 1} if row["before"] is None else json.loads(row["before"])
            return self._step(db, row, target, "annotation.undo", reviewer, undone=1)

    def redo(self, review_id: int, *, reviewer: str = "") -> Annotation | None:
        """Redo the edit undone last; None when there is nothing to redo."""
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM edit WHERE review_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1",
                (review_id,),
            ).fetchone()
            if row is None:
                return None
            target = json.loads(row["after"])
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
        self._audit(db, reviewer, action, int(row["review_id"]), ann_id, diff, "")
        return self._get(db, ann_id)

    # -- carrying annotations over to a new version ------------------------------------------

    def carry_over(
        self, from_review_id: int, to_review_id: int, result: AnalysisResult, *, reviewer: str = ""
    ) -> CarryOver:
        """Copy the annotations of an earlier version onto ``result`` (the analysis of the new
        version), matching each by the text of its clause: an identical clause first, else the
        most similar one at least ``CARRY_OVER_MIN_RATIO`` alike. Running it twice copies nothing
        twice. Annotations whose clause is gone are returned as ``unmatched``."""
        done = {
            a.carried_from
            for a in self.annotations(to_review_id, include_deleted=True)
            if a.carried_from is not None
        }
        carried: list[tuple[int, Annotation]] = []
        unmatched: list[Annotation] = []
        for old in self.annotations(from_review_id):
            if old.id in done:
                continue
            target = _match_finding(old, result) if old.finding_id else _match_text(old, result)
            if target is None:
                unmatched.append(old)
                continue
            finding_id, block, start, end, quote = target
            new = self.add_annotation(
                to_review_id,
                quote=quote,
                finding_id=finding_id,
                block=block,
                start=start,
                end=end,
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

    # -- audit log ---------------------------------------------------------------------------

    def _audit(
        self,
        db: sqlite3.Connection,
        reviewer: str,
        action: str,
        review_id: int | None,
        annotation_id: int | None,
        change: dict[str, Any],
        reason: str,
    ) -> None:
        last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq = 1 if last is None else int(last["seq"]) + 1
        prev = GENESIS_HASH if last is None else str(last["hash"])
        fields = {
            "seq": seq,
            "ts": _now(),
            "reviewer": reviewer,
            "action": action,
            "review_id": review_id,
            "annotation_id": annotation_id,
            "change": change,
            "reason": reason,
            "prev_hash": prev,
        }
        db.execute(
            "INSERT INTO audit (seq, ts, reviewer, action, review_id, annotation_id, change,"
            " reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                fields["ts"],
                reviewer,
                action,
                review_id,
                annotation_id,
                json.dumps(change, sort_keys=True, ensure_ascii=False),
                reason,
                prev,
                _entry_hash(fields),
            ),
        )

    def audit_log(self, review_id: int | None = None) -> list[AuditEntry]:
        """The whole log in order (``review_id`` filters; verification needs the whole log)."""
        rows = self._db.execute("SELECT * FROM audit ORDER BY seq").fetchall()
        entries = [
            AuditEntry(
                seq=int(r["seq"]),
                ts=r["ts"],
                reviewer=r["reviewer"],
                action=r["action"],
                review_id=r["review_id"],
                annotation_id=r["annotation_id"],
                change=json.loads(r["change"]),
                reason=r["reason"],
                prev_hash=r["prev_hash"],
                hash=r["hash"],
            )
            for r in rows
        ]
        if review_id is not None:
            entries = [e for e in entries if e.review_id == review_id]
        return entries

    def verify_audit(self) -> AuditVerification:
        return verify_audit_entries(self.audit_log())

    def export_audit(self, path: Path | str | None = None) -> dict[str, Any]:
        """The log as JSON (``contractreview.audit/1``), written atomically to ``path`` if given.
        ``head`` is the last entry's hash: keep it elsewhere to detect a truncated log later."""
        entries = self.audit_log()
        check = verify_audit_entries(entries)
        doc = {
            "schema": "contractreview.audit/1",
            "verified": check.ok,
            "head": entries[-1].hash if entries else GENESIS_HASH,
            "entries": [e.to_json() for e in entries],
        }
        if path is not None:
            from contractreview.atomic_write import write_text_atomic

            write_text_atomic(Path(path), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return doc


def verify_audit_entries(entries: Sequence[AuditEntry]) -> AuditVerification:
    """Check the hash chain: every entry's hash matches its content and its predecessor."""
    prev = GENESIS_HASH
    for expected_seq, e in enumerate(entries, start=1):
        fields = {
            "seq": e.seq,
            "ts": e.ts,
            "reviewer": e.reviewer,
            "action": e.action,
            "review_id": e.review_id,
            "annotation_id": e.annotation_id,
            "change": e.change,
            "reason": e.reason,
            "prev_hash": e.prev_hash,
        }
        if e.seq != expected_seq:
            return AuditVerification(False, len(entries), e.seq, "an entry is missing before it")
        if e.prev_hash != prev:
            return AuditVerification(False, len(entries), e.seq, "the chain is broken here")
        if _entry_hash(fields) != e.hash:
            return AuditVerification(False, len(entries), e.seq, "the entry was altered")
        prev = e.hash
    return AuditVerification(True, len(entries))


def _statements(script: str) -> list[str]:
    """Split a migration into statements (triggers hold ';' inside BEGIN ... END)."""
    out: list[str] = []
    buf = ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out


def _review(row: sqlite3.Row) -> Review:
    return Review(
        id=int(row["id"]),
        sha256=row["sha256"],
        name=row["name"],
        version=int(row["version"]),
        previous_id=row["previous_id"],
        created=row["created"],
    )


def _annotation(row: sqlite3.Row) -> Annotation:
    return Annotation(
        id=int(row["id"]),
        review_id=int(row["review_id"]),
        finding_id=row["finding_id"],
        block=row["block"],
        start=row["start"],
        end=row["end"],
        quote=row["quote"],
        note=row["note"],
        status=Status(row["status"]),
        risk_override=None if row["risk_override"] is None else RiskLevel(row["risk_override"]),
        override_reason=row["override_reason"],
        reviewer=row["reviewer"],
        created=row["created"],
        updated=row["updated"],
        deleted=bool(row["deleted"]),
        carried_from=row["carried_from"],
    )


_Target = tuple[str | None, str | None, int | None, int | None, str]


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


def _match_finding(old: Annotation, result: AnalysisResult) -> _Target | None:
    i = _best(old.quote, [f.quote for f in result.findings])
    if i is None:
        # the clause may no longer be flagged: keep the note on its text instead
        return _match_text(old, result)
    f = result.findings[i]
    return f.id, None, None, None, f.quote


def _match_text(old: Annotation, result: AnalysisResult) -> _Target | None:
    if old.quote:
        for s in result.segments:
            at = s.text.find(old.quote)
            if at >= 0:
                start = s.start + at
                return None, s.block, start, start + len(old.quote), old.quote
    i = _best(old.quote, [s.text for s in result.segments])
    if i is None:
        return None
    s = result.segments[i]
    return None, s.block, s.start, s.end, s.text
