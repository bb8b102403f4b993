"""Opening the store's SQLite file safely: owner-only permissions, a read-only file or folder
opened read-only (and said so), a damaged or truncated file refused with the file left intact,
and one connection per thread so that any thread may use the store.

Why one connection per thread: a ``sqlite3.Connection`` may only be used on the thread that
made it, and a GUI's save pool does not promise to keep the same thread for ever (a pool
thread that sits idle expires and the next job gets a new one). SQLite itself serialises the
writers (``BEGIN IMMEDIATE`` with a busy timeout), across threads and processes alike.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from pathlib import Path
from urllib.parse import quote

from contractreview.errors import (
    ReviewStoreError,
    StoreCorruptError,
    StoreMissingError,
    StoreReadOnlyError,
)
from contractreview.paths import PRIVATE_FILE_MODE, private_dir, writable_dir
from contractreview.review.audit import read_anchor

BUSY_TIMEOUT_S = 10.0
COMPANIONS = ("-wal", "-shm", "-journal")


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def prepare(path: Path, *, create: bool) -> str:
    """Make sure ``path`` can be opened; returns why it can only be read ("" if it can be
    written). Creates a missing store owner-only (0600: SQLite gives its ``-wal``/``-shm``
    files the database's permissions) unless ``create`` is false."""
    if not path.exists():
        if not create:
            raise StoreMissingError(f"There is no review store at {path}.")
        private_dir(path.parent)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
        except FileExistsError:
            pass  # another process created it first
        except OSError as e:
            raise StoreReadOnlyError(
                f"Your annotations cannot be saved: the folder {path.parent} cannot be "
                f"written ({e.strerror or e}). Documents can still be opened and analysed."
            ) from e
        return ""
    for p in (path, *(companion(path, s) for s in COMPANIONS)):
        _tighten(p)
    try:
        os.close(os.open(path, os.O_RDWR))
    except PermissionError:
        return f"the file {path} is read-only"
    if not writable_dir(path.parent):
        return f"its folder {path.parent} is read-only"
    return ""


def _tighten(path: Path) -> None:
    try:
        mode = path.stat().st_mode & 0o777
        if os.name == "posix" and mode & 0o077:
            path.chmod(mode & PRIVATE_FILE_MODE)  # never adds a bit: read-only stays so
    except OSError:
        pass  # missing, or not ours: the folder's own permissions still apply


def is_damage(e: BaseException) -> bool:
    """SQLite reports a damaged file ("file is not a database", "database disk image is
    malformed") as a plain DatabaseError; its subclasses are other problems (a busy or
    read-only file, a constraint, a bug)."""
    return type(e) is sqlite3.DatabaseError


def corrupt(path: Path, problem: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"The review store {path} is damaged ({problem}). It has been left as it is, so "
        "that your annotations can be recovered from it: keep it and ask IT to check it. "
        "You can start a fresh store; the damaged file is then kept beside it.",
        path,
    )


class _Owner:
    """Holds one thread's connection in that thread's locals."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db


class Connections:
    """One connection per thread to the same file; ``close`` closes them all."""

    def __init__(self, path: Path, *, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: dict[int, sqlite3.Connection] = {}  # by id of its _Owner
        self._closed = False

    def get(self) -> sqlite3.Connection:
        owner: _Owner | None = getattr(self._local, "owner", None)
        if owner is not None and not self._closed:
            return owner.db
        with self._lock:
            if self._closed:
                raise ReviewStoreError("The review store has been closed.")
            owner = _Owner(self._connect())
            self._open[id(owner)] = owner.db
        # A thread's locals are dropped when it ends (pool threads expire and are replaced):
        # its connection is closed then, so connections do not pile up over a long session.
        weakref.finalize(owner, self._forget, id(owner))
        self._local.owner = owner
        return owner.db

    @property
    def open_count(self) -> int:
        return len(self._open)

    def _forget(self, key: int) -> None:
        with self._lock:
            db = self._open.pop(key, None)
        if db is not None:
            db.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for db in self._open.values():
                db.close()
            self._open.clear()

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False only so that close() may close every thread's connection;
        # each connection is otherwise used by the thread that made it (threading.local).
        if self.read_only:
            db = self._connect_read_only()
        else:
            db = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False
            )
        try:
            if not self.read_only:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            db.close()  # e.g. a file that is not a database
            raise
        return db

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = "file:" + quote(str(self.path.resolve()))
        try:
            db = sqlite3.connect(
                uri + "?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:
            # a WAL store in a read-only folder without its -shm file: read it as it is
            return sqlite3.connect(
                uri + "?immutable=1", uri=True, isolation_level=None, check_same_thread=False
            )


def check_not_truncated(path: Path) -> None:
    """A 0-byte file is a new store, or one whose data is still all in its ``-wal`` file,
    unless its audit head says it held entries: then it was truncated."""
    if path.stat().st_size > 0:
        return
    wal = companion(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    anchor = read_anchor(path)
    if anchor is not None and anchor.count != 0:
        raise corrupt(path, "the file is empty: it was truncated to 0 bytes")


def check_integrity(conns: Connections, path: Path) -> None:
    """Connect, and run SQLite's quick check: random bytes anywhere in the file are found
    here, not in the middle of an edit."""
    try:
        db = conns.get()
        problems = [str(r[0]) for r in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as e:
        if is_damage(e):
            raise corrupt(path, str(e)) from e
        raise ReviewStoreError(f"The review store {path} cannot be opened ({e}).") from e
    if problems != ["ok"]:
        raise corrupt(path, "; ".join(problems[:3]))
