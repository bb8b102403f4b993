"""The audit log: every decision (who, when, what changed, why), each entry chained to the
previous one by SHA-256, so that an altered or removed entry is detected."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


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
        if entry_hash(fields) != e.hash:
            return AuditVerification(False, len(entries), e.seq, "the entry was altered")
        prev = e.hash
    return AuditVerification(True, len(entries))
