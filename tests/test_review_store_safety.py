"""The review store under faults (issue 21, items 14-17): any thread may use it, a read-only or
damaged file is reported (and kept), concurrent edits of one note keep both texts, the audit log
is anchored outside its table, and everything it writes is readable by its owner only."""

from __future__ import annotations

import gc
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from contractreview import paths
from contractreview.errors import (
    ReviewStoreError,
    StoreCorruptError,
    StoreMissingError,
)
from contractreview.review import audit
from contractreview.review.schema import SCHEMA_VERSION
from contractreview.review.store import (
    CONFLICT_MARKER,
    ReviewStore,
    start_fresh_store,
)

SHA = "a" * 64
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "reviews.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[ReviewStore]:
    with ReviewStore(path) as s:
        yield s


def _fill(path: Path, n: int = 3) -> None:
    with ReviewStore(path) as s:
        r = s.open_review(SHA, "msa.docx")
        for i in range(n):
            s.add_annotation(r.id, quote=f"clause {i}", finding_id=f"f{i}", note=f"note {i}")


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# -- item 14: one connection per thread ------------------------------------------------------


def test_the_store_can_be_used_from_a_thread_other_than_the_one_that_opened_it(
    store: ReviewStore,
) -> None:
    review = store.open_review(SHA, "msa.docx")
    errors: list[BaseException] = []

    def save() -> None:
        try:
            store.add_annotation(review.id, quote="q", finding_id="f1", note="from a thread")
        except BaseException as e:
            errors.append(e)

    t = threading.Thread(target=save)
    t.start()
    t.join()
    assert errors == []
    assert [a.note for a in store.annotations(review.id)] == ["from a thread"]


def test_several_threads_writing_at_once_lose_nothing(store: ReviewStore) -> None:
    review = store.open_review(SHA, "msa.docx")
    threads, per_thread = 4, 15
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(per_thread):
                a = store.add_annotation(review.id, quote="q", finding_id=f"f{t}-{i}")
                store.update_annotation(a.id, note=f"{t}-{i}", base=a)
        except BaseException as e:
            errors.append(e)

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    notes = sorted(a.note for a in store.annotations(review.id))
    assert notes == sorted(f"{t}-{i}" for t in range(threads) for i in range(per_thread))
    assert store.verify_audit().ok


def test_a_thread_that_ends_closes_its_connection(store: ReviewStore) -> None:
    review = store.open_review(SHA, "msa.docx")
    for i in range(5):  # a pool whose idle thread expires gets a new thread for the next job
        t = threading.Thread(
            target=store.add_annotation,
            args=(review.id,),
            kwargs={"quote": "q", "finding_id": f"f{i}"},
        )
        t.start()
        t.join()
    gc.collect()
    assert store._conns.open_count == 1  # the opening thread's own
    assert len(store.annotations(review.id)) == 5


# -- item 15: faults of the file ----------------------------------------------------------------


def _unprivileged(code: str, env: dict[str, str] | None = None) -> str:
    """Run ``code`` where file permissions apply: root ignores them, so as root the
    permission-overriding capabilities are dropped first (setpriv)."""
    cmd = [sys.executable, "-c", textwrap.dedent(code)]
    if os.name == "posix" and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *cmd]
    done = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_store_file_opens_read_only_and_says_so(path: Path) -> None:
    _fill(path)
    path.chmod(0o400)
    out = _unprivileged(
        f"""
        from contractreview.errors import StoreReadOnlyError
        from contractreview.review.store import ReviewStore
        s = ReviewStore({str(path)!r})
        print(s.read_only, "|", s.read_only_reason)
        review = s.find_review({SHA!r})
        print(len(s.annotations(review.id)))
        try:
            s.update_annotation(1, note="lost?")
        except StoreReadOnlyError as e:
            print("refused:", e)
        """
    )
    flag, count, refused = out.splitlines()
    assert flag == f"True | the file {path} is read-only"
    assert count == "3"
    assert refused.startswith("refused: This change cannot be saved")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_data_folder_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    out = _unprivileged(
        """
        from contractreview import paths
        from contractreview.errors import StoreReadOnlyError
        from contractreview.review.store import ReviewStore
        print(paths.user_data_dir())
        print(paths.writable_dir(paths.user_log_dir()))
        try:
            ReviewStore()
        except StoreReadOnlyError as e:
            print("refused:", e)
        """,
        {"CONTRACTREVIEW_DATA": str(data)},
    )
    folder, logs_writable, refused = out.splitlines()
    assert folder == str(data)
    assert logs_writable == "True"  # logs fall back to a private temporary folder
    assert refused.startswith("refused: Your annotations cannot be saved: the folder")


def test_a_store_truncated_to_0_bytes_is_kept_and_reported(path: Path) -> None:
    _fill(path)
    path.write_bytes(b"")
    with pytest.raises(StoreCorruptError, match="truncated to 0 bytes") as err:
        ReviewStore(path)
    assert err.value.path == path
    assert path.read_bytes() == b""  # not silently re-created
    fresh = start_fresh_store(path)
    assert fresh.kept_aside is not None
    assert fresh.kept_aside.exists()
    assert fresh.find_review(SHA) is None
    assert fresh.verify_audit().ok  # the old head record went aside with the old file
    fresh.close()


def test_random_bytes_in_the_store_are_a_store_error_and_the_file_is_kept(path: Path) -> None:
    _fill(path, 40)
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[4096 + 64 :] = os.urandom(len(data) - 4096 - 64)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError, match="damaged") as err:
        ReviewStore(path)
    assert err.value.path == path
    assert path.read_bytes() == bytes(data)
    with start_fresh_store(path) as fresh:
        assert fresh.kept_aside is not None
        assert fresh.kept_aside.read_bytes() == bytes(data)
        assert fresh.integrity_check() == "ok"


def test_a_file_that_is_not_a_database_is_a_store_error(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(os.urandom(8192))
    with pytest.raises(StoreCorruptError, match="not a database"):
        ReviewStore(path)


def test_a_new_store_that_never_held_anything_may_be_empty(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(b"")  # e.g. killed between creating the file and the first commit
    with ReviewStore(path) as s:
        assert s.integrity_check() == "ok"


def test_a_missing_store_is_refused_when_it_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    with pytest.raises(StoreMissingError, match="no review store"):
        ReviewStore(missing, create=False)
    assert not missing.exists()


# -- item 15: concurrent edits of one note ----------------------------------------------------


def test_a_concurrent_edit_of_a_note_keeps_both_texts(path: Path) -> None:
    _fill(path, 1)
    with ReviewStore(path) as mine, ReviewStore(path) as theirs:
        base = mine.annotation(1)
        theirs.update_annotation(1, note="their text", status="accepted", base=theirs.annotation(1))
        merged = mine.update_annotation(1, note="my text", base=base)
        assert merged.note == "their text" + CONFLICT_MARKER.format(who="another reviewer") + (
            "my text"
        )
        assert merged.status == "accepted"  # my edit did not touch the status
        assert mine.audit_log()[-1].action == "annotation.conflict"
        assert mine.verify_audit().ok


CHILD_EDITOR = """
import sys
from contractreview.review.store import ReviewStore
path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with ReviewStore(path) as s:
    for i in range(n):
        a = s.annotation(1)
        s.update_annotation(1, note=a.note + f"\\n{who}-{i}", base=a)
"""


def test_processes_appending_to_one_note_lose_no_update(path: Path) -> None:
    _fill(path, 1)
    procs, each = 3, 20
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD_EDITOR, str(path), f"p{p}", str(each)])
        for p in range(procs)
    ]
    assert all(c.wait(timeout=120) == 0 for c in children)
    with ReviewStore(path) as s:
        lines = set(s.annotation(1).note.splitlines())
        assert s.verify_audit().ok
    lost = [f"p{p}-{i}" for p in range(procs) for i in range(each) if f"p{p}-{i}" not in lines]
    assert lost == []


# -- item 16: tamper evidence -----------------------------------------------------------------


def test_a_truncated_log_tail_is_detected(path: Path) -> None:
    _fill(path)
    with ReviewStore(path) as s:
        assert s.verify_audit().ok
        s._db.execute("DROP TRIGGER audit_no_delete")
        s._db.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
        check = s.verify_audit()
    assert not check.ok
    assert "cut short" in check.problem


def test_a_recomputed_chain_is_detected(path: Path) -> None:
    _fill(path)
    with ReviewStore(path) as s:
        exported_head = s.audit_head()
        entries = s.audit_log()
        s._db.execute("DROP TRIGGER audit_no_update")
        prev = audit.GENESIS_HASH
        for e in entries:  # rewrite every reviewer and recompute every hash
            fields = {**audit.hashed_fields(e), "reviewer": "someone else", "prev_hash": prev}
            prev = audit.entry_hash(fields)
            s._db.execute(
                "UPDATE audit SET reviewer = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                ("someone else", fields["prev_hash"], prev, e.seq),
            )
        s._db.execute("UPDATE annotation SET audit_hash = NULL")
        check = s.verify_audit()
        assert not check.ok
        assert "rewritten" in check.problem
        # even with the head record rewritten too, an export's head gives it away
        audit.anchor_path(path).write_text(
            json.dumps({"count": len(entries), "head": prev}), encoding="utf-8"
        )
        assert not s.verify_audit(heads=[exported_head]).ok


def test_a_direct_edit_of_the_annotation_table_is_detected(path: Path) -> None:
    _fill(path)
    with ReviewStore(path) as s:
        s._db.execute("UPDATE annotation SET note = 'rewritten' WHERE id = 2")
        check = s.verify_audit()
        assert not check.ok
        assert check.annotation_id == 2
        assert "audit history" in check.problem


def test_a_deleted_head_record_is_detected(path: Path) -> None:
    _fill(path)
    audit.anchor_path(path).unlink()
    with ReviewStore(path, create=False) as s:
        assert "missing" in s.verify_audit().problem


def test_undo_redo_and_carry_over_keep_the_annotations_verifiable(store: ReviewStore) -> None:
    review = store.open_review(SHA, "msa.docx")
    a = store.add_annotation(review.id, quote="q", finding_id="f1", note="one")
    store.update_annotation(a.id, note="two", status="accepted", base=a)
    store.delete_annotation(a.id)
    store.undo(review.id)
    store.undo(review.id)
    store.redo(review.id)
    assert store.verify_audit().ok


# -- item 17: privacy at rest -----------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_data_folder_and_the_store_are_private(tmp_path: Path) -> None:
    os.environ["CONTRACTREVIEW_DATA"] = str(tmp_path / "data")  # conftest restores it
    data, logs = paths.user_data_dir(), paths.user_log_dir()
    with ReviewStore() as s:
        s.add_annotation(s.open_review(SHA, "x.docx").id, quote="q", finding_id="f", note="n")
        files = [p for p in data.iterdir() if p.is_file()]
        assert {p.name for p in files} >= {
            "reviews.sqlite3",
            "reviews.sqlite3-wal",
            "reviews.sqlite3-shm",
            "reviews.sqlite3.head",
        }
        assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert _mode(data) == _mode(logs) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_existing_world_readable_store_and_folder_are_tightened(path: Path) -> None:
    _fill(path)
    path.parent.chmod(0o755)
    path.chmod(0o644)
    paths.private_dir(path.parent)
    with ReviewStore(path):
        assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    settings = paths.private_file(path.parent / "settings.ini")
    assert _mode(settings) == 0o600
    path.chmod(0o444)
    path.parent.chmod(0o555)
    paths.private_dir(path.parent)
    with ReviewStore(path):
        pass
    assert (_mode(path.parent), _mode(path)) == (0o500, 0o400)  # tightened, never widened
    path.parent.chmod(0o700)


def test_a_closed_store_says_so(store: ReviewStore) -> None:
    store.annotations(1)
    store.close()
    with pytest.raises(ReviewStoreError, match="closed"):
        store.annotations(1)


# -- migration -----------------------------------------------------------------------------------

SCHEMA1 = REPO / "tests" / "fixtures" / "reviews-schema1.sqlite3"  # written by schema-1 code


def test_a_schema_1_store_is_upgraded_and_verifies(path: Path) -> None:
    path.parent.mkdir()
    shutil.copy(SCHEMA1, path)
    with ReviewStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        review = s.find_review("1" * 64)
        assert review is not None
        notes = {a.note: (a.status.value, a.version) for a in s.annotations(review.id)}
        assert notes == {"Cap it.": ("needs negotiation", 1), "too short": ("open", 1)}
        assert s.verify_audit().ok
        assert audit.read_anchor(path) == audit.Anchor(len(s.audit_log()), s.audit_head())
        a = s.annotation(1)
        assert s.update_annotation(1, note="Cap it at fees paid.", base=a).version == 2
        assert s.verify_audit().ok
        s._db.execute("UPDATE annotation SET status = 'accepted' WHERE id = 1")
        assert s.verify_audit().annotation_id == 1


def test_verifying_while_another_process_writes_raises_no_false_alarm(path: Path) -> None:
    _fill(path, 1)
    child = subprocess.Popen([sys.executable, "-c", CHILD_EDITOR, str(path), "w", "40"])
    checks = []
    with ReviewStore(path) as s:
        while child.poll() is None:
            checks.append(s.verify_audit())
        checks.append(s.verify_audit())
    assert child.returncode == 0
    assert [c.problem for c in checks if not c.ok] == []
    assert len(checks) > 1
