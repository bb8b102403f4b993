"""The audit log: every decision (who, when, what changed, why), each entry chained to the
previous one by SHA-256, so that an altered or removed entry is detected."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contractreview.atomic_write import write_text_atomic
from contractreview.errors import ContractReviewError
from contractreview.review.schema import DECISION_FIELDS, EDITABLE

GENESIS_HASH = "0" * 64
ANCHOR_SUFFIX = ".head"
ANCHOR_SCHEMA = "contractreview.audit-head/1"


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
    annotation_id: int | None = None  # the annotation that disagrees with its audit history


@dataclass(frozen=True)
class Anchor:
    """The head of the chain kept outside the database: how many entries, and the last hash."""

    count: int
    head: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def entry_hash(fields: dict[str, Any]) -> str:
    canon = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def append(
    db: sqlite3.Connection,
    reviewer: str,
    action: str,
    review_id: int | None,
    annotation_id: int | None,
    change: dict[str, Any],
    reason: str,
) -> str:
    """Append one entry inside the caller's transaction; returns its hash."""
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq = 1 if last is None else int(last["seq"]) + 1
    prev = GENESIS_HASH if last is None else str(last["hash"])
    fields = {
        "seq": seq,
        "ts": now(),
        "reviewer": reviewer,
        "action": action,
        "review_id": review_id,
        "annotation_id": annotation_id,
        "change": change,
        "reason": reason,
        "prev_hash": prev,
    }
    digest = entry_hash(fields)
    if annotation_id is not None:
        db.execute("UPDATE annotation SET audit_hash = ? WHERE id = ?", (digest, annotation_id))
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
            digest,
        ),
    )
    return digest


def read_log(db: sqlite3.Connection) -> list[AuditEntry]:
    rows = db.execute("SELECT * FROM audit ORDER BY seq").fetchall()
    return [
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


def export_document(entries: Sequence[AuditEntry], check: AuditVerification) -> dict[str, Any]:
    """The log as JSON (``contractreview.audit/1``); ``head`` is the last entry's hash."""
    return {
        "schema": "contractreview.audit/1",
        "verified": check.ok,
        "head": entries[-1].hash if entries else GENESIS_HASH,
        "entries": [e.to_json() for e in entries],
    }


def hashed_fields(e: AuditEntry) -> dict[str, Any]:
    """What an entry's hash covers: everything but the hash itself."""
    return {k: v for k, v in e.to_json().items() if k != "hash"}


def verify_audit_entries(entries: Sequence[AuditEntry]) -> AuditVerification:
    """Check the hash chain: every entry's hash matches its content and its predecessor."""
    prev = GENESIS_HASH
    for expected_seq, e in enumerate(entries, start=1):
        fields = hashed_fields(e)
        if e.seq != expected_seq:
            return AuditVerification(False, len(entries), e.seq, "an entry is missing before it")
        if e.prev_hash != prev:
            return AuditVerification(False, len(entries), e.seq, "the chain is broken here")
        if entry_hash(fields) != e.hash:
            return AuditVerification(False, len(entries), e.seq, "the entry was altered")
        prev = e.hash
    return AuditVerification(True, len(entries))


# -- the anchor: the chain's head outside the table --------------------------------------------
#
# A chain of hashes detects an altered or removed entry in its middle, but not a log whose tail
# was cut off or which was recomputed from some entry on. The anchor is a small file beside the
# store (``reviews.sqlite3.head``, written atomically after each change, under SQLite's write
# lock so that it never goes backwards) holding the entry count and the last hash: a shorter or
# recomputed log no longer reaches it. It has no secret key (an HMAC key on the same disk would
# protect nothing), so someone who rewrites the log *and* the anchor goes undetected here; that
# is why every export carries the head too, and ``verify(heads=...)`` checks that a head
# written into an earlier export is still in the chain.


def anchor_path(store: Path) -> Path:
    return store.with_name(store.name + ANCHOR_SUFFIX)


def read_anchor(store: Path) -> Anchor | None:
    """The anchor, None when there is none; an unreadable one counts as count -1."""
    try:
        doc = json.loads(anchor_path(store).read_text(encoding="utf-8"))
        return Anchor(int(doc["count"]), str(doc["head"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return Anchor(-1, "")


def head(db: sqlite3.Connection) -> Anchor:
    row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return Anchor(0, GENESIS_HASH) if row is None else Anchor(int(row[0]), str(row[1]))


def update_anchor(db: sqlite3.Connection, store: Path) -> bool:
    """Write the current head to the anchor file; call inside a write transaction. False when
    the file cannot be written (the change itself is saved; verification then says so)."""
    current = head(db)
    existing = read_anchor(store)
    if existing == current:
        return True
    anchored = db.execute("SELECT 1 FROM meta WHERE key = 'anchored'").fetchone() is not None
    if existing is None and anchored:
        return True  # removed since: not re-created, so that verify() keeps reporting it
    doc = {"schema": ANCHOR_SCHEMA, "count": current.count, "head": current.head}
    try:
        write_text_atomic(anchor_path(store), json.dumps(doc) + "\n")
    except ContractReviewError:
        return False
    if not anchored:
        db.execute("INSERT INTO meta (key, value) VALUES ('anchored', '1')")
    return True


def verify(db: sqlite3.Connection, store: Path, heads: Sequence[str] = ()) -> AuditVerification:
    """The chain, its anchor, heads from earlier exports, and every annotation against the
    replay of its audit entries."""
    anchor = read_anchor(store)  # first: the log only grows after its anchor is written
    db.execute("BEGIN")  # the log and the annotations read from one snapshot
    try:
        return _verify(db, anchor, heads)
    finally:
        db.execute("COMMIT")


def _verify(
    db: sqlite3.Connection, anchor: Anchor | None, heads: Sequence[str]
) -> AuditVerification:
    entries = read_log(db)
    check = verify_audit_entries(entries)
    if check.ok:
        check = _verify_anchor(db, anchor, entries)
    if check.ok:
        known = {e.hash for e in entries} | {GENESIS_HASH}
        missing = [h for h in heads if h not in known]
        if missing:
            check = AuditVerification(
                False, len(entries), None, f"the head {missing[0][:12]}… of an export is gone"
            )
    if check.ok:
        check = _verify_annotations(db, entries)
    if check.ok:
        check = _verify_decisions(db, entries)
    return check


def _verify_anchor(
    db: sqlite3.Connection, anchor: Anchor | None, entries: Sequence[AuditEntry]
) -> AuditVerification:
    n = len(entries)
    if anchor is None:
        row = db.execute("SELECT value FROM meta WHERE key = 'anchored'").fetchone()
        if row is None:
            return AuditVerification(True, n)  # a store from before anchors
        return AuditVerification(False, n, None, "the head record beside the store is missing")
    if anchor.count < 0:
        return AuditVerification(False, n, None, "the head record beside the store is damaged")
    if anchor.count > n:
        return AuditVerification(
            False, n, n + 1, f"the log was cut short: {anchor.count} entries, {n} left"
        )
    at = entries[anchor.count - 1].hash if anchor.count else GENESIS_HASH
    if at != anchor.head:
        return AuditVerification(
            False, n, anchor.count or None, "the log was rewritten: its head does not match"
        )
    return AuditVerification(True, n)


def _verify_annotations(db: sqlite3.Connection, entries: Sequence[AuditEntry]) -> AuditVerification:
    """Replay the audit log and compare each annotation's fields and latest entry with it."""
    state: dict[int, dict[str, Any]] = {}
    last: dict[int, str] = {}
    for e in entries:
        if e.annotation_id is None:
            continue
        if e.action in ("annotation.create", "annotation.carry"):
            state[e.annotation_id] = dict(e.change["after"])
        else:
            for key, (_, after) in e.change.items():
                state.setdefault(e.annotation_id, {})[key] = after
        last[e.annotation_id] = e.hash
    n = len(entries)
    rows = db.execute(f"SELECT id, audit_hash, {', '.join(EDITABLE)} FROM annotation").fetchall()
    for r in rows:
        ann_id = int(r["id"])
        expected = state.pop(ann_id, None)
        actual = {k: r[k] for k in EDITABLE}
        if expected is None or r["audit_hash"] != last.get(ann_id) or expected != actual:
            return AuditVerification(
                False, n, None, "an annotation differs from its audit history", ann_id
            )
    if state:
        ann_id = min(state)
        return AuditVerification(False, n, None, "an annotation was removed", ann_id)
    return AuditVerification(True, n)


def _verify_decisions(db: sqlite3.Connection, entries: Sequence[AuditEntry]) -> AuditVerification:
    """Each decision on a suggested edit against its latest audit entry, which holds its whole
    state (schema 4; an older store has no decisions and nothing to check)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'edit_decision'").fetchone() is None:
        return AuditVerification(True, len(entries))
    state: dict[int, dict[str, Any]] = {}
    last: dict[int, str] = {}
    for e in entries:
        if e.action.startswith("decision.") and "decision_id" in e.change:
            key = int(e.change["decision_id"])
            state[key] = dict(e.change["after"])
            last[key] = e.hash
    n = len(entries)
    rows = db.execute(f"SELECT id, audit_hash, {', '.join(DECISION_FIELDS)} FROM edit_decision")
    for r in rows.fetchall():
        key = int(r["id"])
        expected = state.pop(key, None)
        actual = {k: r[k] for k in DECISION_FIELDS}
        if expected != actual or r["audit_hash"] != last.get(key):
            return AuditVerification(
                False, n, None, f"the decision on edit number {key} differs from its audit history"
            )
    if state:
        return AuditVerification(False, n, None, f"the decision number {min(state)} was removed")
    return AuditVerification(True, n)
