"""The lawyer's decisions on suggested edits, as the store keeps them: one row per review and edit
id (``edit_decision``, schema 4), each change in the undo history and the audit log.

The functions here run inside the store's write transaction (:class:`ReviewStore` opens it);
they hold the SQL and the merge of two concurrent edits, the store the public methods.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, cast

from contractreview.analysis.edits.model import DecisionStatus, EditDecision
from contractreview.errors import ReviewStoreError
from contractreview.review import audit
from contractreview.review.schema import DECISION_FIELDS

STATUSES: tuple[DecisionStatus, ...] = ("pending", "accepted", "rejected")
PENDING_STATE: dict[str, Any] = {"status": "pending", "option": 0, "text": None}


@dataclass(frozen=True)
class StoredDecision:
    """A decision with what the store keeps beside it."""

    id: int
    review_id: int
    decision: EditDecision
    old_text: str  # the contract text the edit replaces, when it was decided
    reviewer: str
    updated_at: str
    version: int
    carried_from: int | None


def decision_from_row(row: sqlite3.Row) -> EditDecision:
    return EditDecision(
        edit_id=str(row["edit_id"]),
        status=cast("DecisionStatus", row["status"]),
        option=int(row["option"]),
        text=row["text"],
    )


def stored_from_row(row: sqlite3.Row) -> StoredDecision:
    return StoredDecision(
        id=int(row["id"]),
        review_id=int(row["review_id"]),
        decision=decision_from_row(row),
        old_text=str(row["old_text"]),
        reviewer=str(row["reviewer"]),
        updated_at=str(row["updated_at"]),
        version=int(row["version"]),
        carried_from=row["carried_from"],
    )


def state_of(decision: EditDecision) -> dict[str, Any]:
    return {"status": decision.status, "option": decision.option, "text": decision.text}


def check(decision: EditDecision) -> None:
    """Refuse what the table would refuse, with a message a person reads."""
    if not decision.edit_id:
        raise ReviewStoreError("A decision needs the id of the suggested edit it decides.")
    if decision.status not in STATUSES:
        raise ReviewStoreError(
            f"Unknown decision {decision.status!r}: it is one of {', '.join(STATUSES)}."
        )
    if decision.option < 0:
        raise ReviewStoreError(f"There is no option number {decision.option} of an edit.")


def find(db: sqlite3.Connection, review_id: int, edit_id: str) -> StoredDecision | None:
    row = db.execute(
        "SELECT * FROM edit_decision WHERE review_id = ? AND edit_id = ?", (review_id, edit_id)
    ).fetchone()
    return None if row is None else stored_from_row(row)


def by_id(db: sqlite3.Connection, decision_id: int) -> StoredDecision:
    row = db.execute("SELECT * FROM edit_decision WHERE id = ?", (decision_id,)).fetchone()
    if row is None:
        raise ReviewStoreError(f"There is no edit decision number {decision_id}.")
    return stored_from_row(row)


def of_review(db: sqlite3.Connection, review_id: int) -> list[StoredDecision]:
    rows = db.execute(
        "SELECT * FROM edit_decision WHERE review_id = ? ORDER BY id", (review_id,)
    ).fetchall()
    return [stored_from_row(r) for r in rows]


def merge_concurrent(
    base: EditDecision, current: EditDecision, mine: EditDecision
) -> tuple[EditDecision, str | None]:
    """A decision made from ``base`` onto one since changed to ``current`` (another window or
    process): the fields this edit leaves as in ``base`` keep the other change. When both
    changed the wording, this one wins (two wordings cannot both go into a contract) and the
    other is returned, to be kept in the audit log."""
    merged = EditDecision(
        edit_id=mine.edit_id,
        status=current.status if mine.status == base.status else mine.status,
        option=current.option if mine.option == base.option else mine.option,
        text=current.text if mine.text == base.text else mine.text,
    )
    overwritten = None
    if mine.text != base.text and current.text not in (base.text, mine.text):
        overwritten = current.text
    return merged, overwritten


@dataclass(frozen=True)
class Change:
    """One saved change of a decision: what the undo history and the audit log record."""

    decision_id: int
    before: dict[str, Any] | None  # None: the row was created by this change
    after: dict[str, Any]
    action: str
    extra: dict[str, Any]


def save(
    db: sqlite3.Connection,
    review_id: int,
    decision: EditDecision,
    *,
    old_text: str | None,
    base: EditDecision | None,
    carried_from: int | None = None,
    reviewer: str = "",
) -> Change | None:
    """Write ``decision`` (in the caller's transaction); None when nothing changes."""
    check(decision)
    existing = find(db, review_id, decision.edit_id)
    action = "decision.carry" if carried_from is not None else "decision.save"
    extra: dict[str, Any] = {"edit_id": decision.edit_id}
    if existing is not None and base is not None and existing.decision != base:
        decision, overwritten = merge_concurrent(base, existing.decision, decision)
        if overwritten is not None:
            action = "decision.conflict"
            extra["overwritten_text"] = overwritten
    after = state_of(decision)
    now = audit.now()
    if existing is None:
        cur = db.execute(
            "INSERT INTO edit_decision (review_id, edit_id, status, option, text, old_text,"
            " reviewer, updated_at, carried_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                review_id, decision.edit_id, decision.status, decision.option, decision.text,
                old_text or "", reviewer, now, carried_from,
            ),
        )  # fmt: skip
        return Change(int(cur.lastrowid or 0), None, after, action, extra)
    before = state_of(existing.decision)
    same_text = old_text is None or old_text == existing.old_text
    if after == before and same_text:
        return None
    apply(db, existing.id, after, reviewer=reviewer, old_text=old_text)
    return Change(existing.id, before, after, action, extra)


def apply(
    db: sqlite3.Connection,
    decision_id: int,
    state: dict[str, Any],
    *,
    reviewer: str | None = None,
    old_text: str | None = None,
) -> None:
    sets = ", ".join(f"{k} = ?" for k in DECISION_FIELDS)
    db.execute(
        f"UPDATE edit_decision SET {sets}, updated_at = ?, version = version + 1,"
        " reviewer = coalesce(?, reviewer), old_text = coalesce(?, old_text) WHERE id = ?",
        (*(state[k] for k in DECISION_FIELDS), audit.now(), reviewer, old_text, decision_id),
    )


def record(
    db: sqlite3.Connection, review_id: int, change: Change, reviewer: str, reason: str
) -> None:
    """The change into the undo history (what could be redone is dropped) and the audit log,
    and the row tied to its audit entry."""
    db.execute("DELETE FROM edit WHERE review_id = ? AND undone = 1", (review_id,))
    db.execute(
        "INSERT INTO edit (review_id, decision_id, before, after) VALUES (?, ?, ?, ?)",
        (
            review_id,
            change.decision_id,
            None if change.before is None else json.dumps(change.before),
            json.dumps(change.after),
        ),
    )
    log(db, review_id, change, reviewer, reason)


def log(db: sqlite3.Connection, review_id: int, change: Change, reviewer: str, reason: str) -> None:
    """One audit entry holding the decision's whole state after the change (what verification
    replays), and the row tied to it."""
    entry = {
        "decision_id": change.decision_id,
        "before": change.before,
        "after": change.after,
        **change.extra,
    }
    digest = audit.append(db, reviewer, change.action, review_id, None, entry, reason)
    db.execute("UPDATE edit_decision SET audit_hash = ? WHERE id = ?", (digest, change.decision_id))


def step(
    db: sqlite3.Connection, row: sqlite3.Row, target: dict[str, Any], action: str, reviewer: str
) -> EditDecision:
    """Undo or redo one step of the history onto a decision."""
    decision_id = int(row["decision_id"])
    current = state_of(by_id(db, decision_id).decision)
    apply(db, decision_id, target)
    stored = by_id(db, decision_id)
    change = Change(decision_id, current, target, action, {"edit_id": stored.decision.edit_id})
    log(db, int(row["review_id"]), change, reviewer, "")
    return stored.decision
