"""The store's SQL schema: its version and the migrations that reach it.

Each migration takes the schema from version i to i + 1; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from contractreview.analysis.results import RiskLevel
from contractreview.errors import ReviewStoreError
from contractreview.review.annotations import Annotation, Review, Status

_STATUSES = ", ".join(f"'{s.value}'" for s in Status)
_LEVELS = ", ".join(f"'{lv.value}'" for lv in RiskLevel)

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
    # 2: a version per annotation (a concurrent edit is detected), each annotation tied to its
    # latest audit entry (a direct edit of the table is detected), and a small key/value table
    """
    ALTER TABLE annotation ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE annotation ADD COLUMN audit_hash TEXT;
    UPDATE annotation SET audit_hash = (SELECT hash FROM audit
        WHERE audit.annotation_id = annotation.id ORDER BY seq DESC LIMIT 1);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 3: the side the firm acts for in the review of one file (the playbook's side id)
    """
    CREATE TABLE review_side (
        sha256 TEXT PRIMARY KEY,
        side TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    """,
    # 4: the lawyer's decision on each suggested edit of a review (accepted, rejected, which
    # option, own wording), with the contract text it replaces (what carries it to a new
    # version); the undo history rebuilt so that a step is an annotation's or a decision's
    """
    CREATE TABLE edit_decision (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        edit_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'accepted', 'rejected')),
        option INTEGER NOT NULL DEFAULT 0 CHECK (option >= 0),
        text TEXT,
        old_text TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        audit_hash TEXT,
        carried_from INTEGER,
        UNIQUE (review_id, edit_id)
    );
    CREATE TABLE edit_v4 (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        annotation_id INTEGER REFERENCES annotation(id),
        decision_id INTEGER REFERENCES edit_decision(id),
        before TEXT,
        after TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0,
        CHECK ((annotation_id IS NULL) <> (decision_id IS NULL))
    );
    INSERT INTO edit_v4 (id, review_id, annotation_id, before, after, undone)
        SELECT id, review_id, annotation_id, before, after, undone FROM edit;
    DROP TABLE edit;
    ALTER TABLE edit_v4 RENAME TO edit;
    CREATE INDEX edit_review ON edit(review_id, id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# The fields an edit can change; undo/redo restores them.
EDITABLE = ("note", "status", "risk_override", "override_reason", "reviewer", "deleted")
# The fields of an edit decision; undo/redo restores them, the audit log replays them.
DECISION_FIELDS = ("status", "option", "text")


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to ``SCHEMA_VERSION``; call inside a write transaction."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise ReviewStoreError(
            f"The review store {path} was written by a newer ContractReview "
            f"(schema {version}, this version knows {SCHEMA_VERSION}). Update the app."
        )
    for i in range(version, SCHEMA_VERSION):
        for stmt in statements(MIGRATIONS[i]):
            db.execute(stmt)
        db.execute(f"PRAGMA user_version={i + 1}")


def statements(script: str) -> list[str]:
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


def review_from_row(row: sqlite3.Row) -> Review:
    return Review(
        id=int(row["id"]),
        sha256=row["sha256"],
        name=row["name"],
        version=int(row["version"]),
        previous_id=row["previous_id"],
        created=row["created"],
    )


def annotation_from_row(row: sqlite3.Row) -> Annotation:
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
        version=int(row["version"]),
    )
