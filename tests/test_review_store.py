"""The review store: annotations are never lost, history is undoable, the audit log is honest."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from review_samples import make_contract, make_result

from contractreview.analysis.results import RiskLevel
from contractreview.errors import ReviewStoreError
from contractreview.review.store import (
    SCHEMA_VERSION,
    ReviewStore,
    Status,
    reviewed_findings,
)

SHA1, SHA2 = "1" * 64, "2" * 64


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReviewStore]:
    with ReviewStore(tmp_path / "reviews.sqlite3") as s:
        yield s


def test_default_location_is_the_user_data_folder() -> None:
    with ReviewStore() as s:
        assert s.path == Path(os.environ["CONTRACTREVIEW_DATA"]) / "reviews.sqlite3"
        assert s.path.is_file()


def test_wal_full_sync_and_schema_version(store: ReviewStore) -> None:
    db = sqlite3.connect(store.path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        db.close()
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(ReviewStoreError, match="newer ContractReview"):
        ReviewStore(path)


def test_reopening_the_same_file_restores_the_review(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    with ReviewStore(path) as s:
        review = s.open_review(SHA1, "/somewhere/msa.docx", reviewer="Jane")
        s.add_annotation(review.id, finding_id="f-s2", quote="cap", note="Too low", reviewer="Jane")
    with ReviewStore(path) as s:
        again = s.open_review(SHA1, "msa.docx")
        assert again == review
        assert again.name == "msa.docx"  # no folder is stored
        assert [a.note for a in s.annotations(again.id)] == ["Too low"]


def test_a_changed_file_is_a_new_version(store: ReviewStore) -> None:
    v1 = store.open_review(SHA1, "msa.docx")
    v2 = store.open_review(SHA2, "msa.docx")
    assert (v1.version, v2.version) == (1, 2)
    assert store.previous_version(v2) == v1
    assert store.previous_version(v1) is None


def test_annotation_fields_statuses_and_override(store: ReviewStore) -> None:
    r = store.open_review(SHA1, "msa.docx")
    a = store.add_annotation(r.id, block="document:3", start=0, end=12, quote="Termination.")
    assert (a.status, a.note, a.risk_override) == (Status.OPEN, "", None)
    for status in Status:
        a = store.update_annotation(a.id, status=status, reviewer="Jane")
        assert a.status == status
    a = store.update_annotation(
        a.id, risk_override="high", override_reason="Key supplier", note="Call the client"
    )
    assert (a.risk_override, a.override_reason, a.note) == (
        RiskLevel.HIGH,
        "Key supplier",
        "Call the client",
    )
    assert a.updated >= a.created
    a = store.update_annotation(a.id, clear_override=True)
    assert a.risk_override is None
    with pytest.raises(ValueError, match="nonsense"):
        store.update_annotation(a.id, status="nonsense")
    with pytest.raises(ReviewStoreError):
        store.add_annotation(r.id, quote="nowhere")


def test_undo_redo_is_persisted(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    with ReviewStore(path) as s:
        r = s.open_review(SHA1, "msa.docx")
        a = s.add_annotation(r.id, finding_id="f-1", quote="q", note="one")
        s.update_annotation(a.id, note="two")
        s.update_annotation(a.id, status=Status.ACCEPTED)
    with ReviewStore(path) as s:  # after a restart
        assert s.undo(r.id).status == Status.OPEN  # type: ignore[union-attr]
        assert s.undo(r.id).note == "one"  # type: ignore[union-attr]
        assert s.redo(r.id).note == "two"  # type: ignore[union-attr]
        assert s.undo(r.id).note == "one"  # type: ignore[union-attr]
        assert s.undo(r.id).deleted  # type: ignore[union-attr]  # the creation is undone
        assert s.annotations(r.id) == []
        assert s.undo(r.id) is None
        assert not s.can_undo(r.id)
        assert s.redo(r.id).note == "one"  # type: ignore[union-attr]
        s.update_annotation(a.id, note="three")  # a new edit clears what could be redone
        assert not s.can_redo(r.id)
        assert s.redo(r.id) is None
        s.delete_annotation(a.id)
        assert s.annotations(r.id) == []
        assert s.undo(r.id).note == "three"  # type: ignore[union-attr]
        assert [x.note for x in s.annotations(r.id)] == ["three"]
        assert s.verify_audit().ok


def test_audit_log_is_chained_and_detects_tampering(store: ReviewStore, tmp_path: Path) -> None:
    r = store.open_review(SHA1, "msa.docx", reviewer="Jane")
    a = store.add_annotation(r.id, finding_id="f-1", quote="q", reviewer="Jane")
    store.update_annotation(a.id, status="dismissed", reviewer="Jane", reason="standard wording")
    log = store.audit_log()
    assert [e.action for e in log] == ["review.create", "annotation.create", "annotation.update"]
    assert log[2].change == {"status": ["open", "dismissed"]}
    assert (log[2].reviewer, log[2].reason) == ("Jane", "standard wording")
    assert log[1].prev_hash == log[0].hash
    assert store.verify_audit().ok

    exported = store.export_audit(tmp_path / "audit.json")
    on_disk = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert on_disk == exported
    assert on_disk["verified"]
    assert on_disk["head"] == log[-1].hash
    assert len(on_disk["entries"]) == 3

    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store._db.execute("UPDATE audit SET reason = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store._db.execute("DELETE FROM audit WHERE seq = 3")

    # someone edits the file behind the app's back: drop the guard and rewrite a decision
    store._db.execute("DROP TRIGGER audit_no_update")
    store._db.execute(
        "UPDATE audit SET change = ? WHERE seq = 3", ('{"status": ["open", "accepted"]}',)
    )
    check = store.verify_audit()
    assert (check.ok, check.first_bad_seq, check.problem) == (False, 3, "the entry was altered")


def test_audit_detects_a_removed_entry(store: ReviewStore) -> None:
    r = store.open_review(SHA1, "msa.docx")
    for i in range(3):
        store.add_annotation(r.id, finding_id=f"f-{i}", quote="q")
    store._db.execute("DROP TRIGGER audit_no_delete")
    store._db.execute("DELETE FROM audit WHERE seq = 2")
    check = store.verify_audit()
    assert not check.ok
    assert check.first_bad_seq == 3


def test_carry_over_by_clause_text(store: ReviewStore, tmp_path: Path) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    result = make_result(sample)
    old = store.open_review(SHA1, "msa.docx")
    cap = result.findings[0]
    a1 = store.add_annotation(
        old.id,
        finding_id=cap.id,
        quote=cap.quote,
        note="Too low",
        status="needs negotiation",
        risk_override="high",
        reviewer="Jane",
    )
    a2 = store.add_annotation(
        old.id,
        block="document:1",
        start=31,
        end=54,
        quote='Acme Corp. ("Supplier")',
        note="Entity?",
    )
    a3 = store.add_annotation(
        old.id,
        block="document:9",
        start=0,
        end=20,
        quote="A clause that was deleted in the new draft",
        note="gone",
    )
    new = store.open_review(SHA2, "msa.docx")
    outcome = store.carry_over(old.id, new.id, result, reviewer="Jane")
    assert [old_id for old_id, _ in outcome.carried] == [a1.id, a2.id]
    assert [u.id for u in outcome.unmatched] == [a3.id]
    carried = {c.carried_from: c for c in store.annotations(new.id)}
    assert carried[a1.id].finding_id == cap.id
    assert (carried[a1.id].status, carried[a1.id].risk_override) == (
        Status.NEEDS_NEGOTIATION,
        RiskLevel.HIGH,
    )
    assert (carried[a2.id].block, carried[a2.id].start, carried[a2.id].end) == (
        "document:1",
        31,
        54,
    )
    assert store.carry_over(old.id, new.id, result).carried == ()  # nothing twice
    items = reviewed_findings(result, store.annotations(new.id))
    assert items[0].level == RiskLevel.HIGH
    assert items[0].note == "Too low"
    assert any(e.action == "annotation.carry" for e in store.audit_log())


def test_carry_over_matches_a_lightly_edited_clause(store: ReviewStore, tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    old = store.open_review(SHA1, "msa.docx")
    edited = result.findings[0].quote.replace("total liability", "aggregate liability")
    store.add_annotation(old.id, finding_id="f-old", quote=edited, note="still too low")
    new = store.open_review(SHA2, "msa.docx")
    ((_old_id, carried),) = store.carry_over(old.id, new.id, result).carried
    assert carried.finding_id == result.findings[0].id


# -- crash safety -------------------------------------------------------------------------------

CHILD = r"""
import sys
from contractreview.review.store import ReviewStore
store = ReviewStore(sys.argv[1])
review = store.open_review("f" * 64, "kill-test.docx", reviewer="child")
i = 0
while True:
    a = store.add_annotation(review.id, finding_id=f"f-{i}", quote=f"clause {i}",
                             note=f"note {i}", reviewer="child")
    print("a", a.id, a.note, flush=True)
    store.update_annotation(a.id, status="accepted", reviewer="child")
    print("u", a.id, flush=True)
    i += 1
"""

KILLS = 20


@pytest.mark.slow
def test_killed_writer_loses_nothing_it_reported_saved(tmp_path: Path) -> None:
    path = tmp_path / "kill.sqlite3"
    rng = random.Random(5)
    saved: dict[int, str] = {}
    updated: set[int] = set()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        lines_before_kill = rng.randint(0, 60)  # 0: killed while it starts or migrates
        lines = []
        for _ in range(lines_before_kill):
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line)
        os.kill(child.pid, signal.SIGKILL)
        lines.extend(child.stdout.read().splitlines(keepends=True))  # what it printed in time
        child.stdout.close()
        assert child.wait() == -signal.SIGKILL
        for line in lines:
            if not line.endswith("\n"):
                continue  # cut off mid-line: it was not reported
            kind, ann_id, *rest = line.split(maxsplit=2)
            if kind == "a":
                saved[int(ann_id)] = rest[0].strip()
            else:
                updated.add(int(ann_id))
    with ReviewStore(path) as store:
        assert store.integrity_check() == "ok"
        review = store.find_review("f" * 64)
        assert review is not None
        present = {a.id: a for a in store.annotations(review.id)}
        lost = [i for i in saved if i not in present or present[i].note != saved[i]]
        assert lost == []
        assert all(present[i].status == Status.ACCEPTED for i in updated)
        assert store.verify_audit().ok
    assert len(saved) > KILLS  # the children did write between kills
    print(f"{KILLS} SIGKILLs, {len(saved)} annotations reported saved, 0 lost")


def test_the_side_is_stored_with_the_review_of_one_file(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    with ReviewStore(path) as s:
        assert s.review_side(SHA1) is None  # never chosen: the contract type's default
        s.set_review_side(SHA1, "vendor")
        s.set_review_side(SHA1, "customer")  # chosen again: the last choice counts
        assert s.review_side(SHA2) is None  # another file keeps its own
    with ReviewStore(path) as s:
        assert s.review_side(SHA1) == "customer"


def test_a_store_of_schema_1_gains_the_side_table_and_keeps_its_reviews(tmp_path: Path) -> None:
    from contractreview.review.schema import MIGRATIONS, statements

    path = tmp_path / "r.sqlite3"
    db = sqlite3.connect(path)
    for stmt in statements(MIGRATIONS[0]):
        db.execute(stmt)
    db.execute("INSERT INTO review VALUES (1, ?, 'msa.docx', 1, NULL, '2024-01-01')", (SHA1,))
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with ReviewStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.find_review(SHA1) is not None
        assert s.review_side(SHA1) is None
        s.set_review_side(SHA1, "licensee")
        assert s.review_side(SHA1) == "licensee"
