"""The one way every output file is written: to a hidden temporary file beside the
destination, flushed to disk, then renamed over it, so that a crash or a full disk leaves
either the old file or the new one, never half of each.

Two promises are kept here, once for every writer:

- a write never replaces one of its inputs (the contract under review, the review store):
  the destination is compared with each protected path as a file (``os.path.samefile``, so a
  symlink, a hard link or another spelling of the same path is caught), not by name;
- a temporary file left behind by a killed export (``.NAME.cr-PID-XXXXXXXX.tmp``) is removed
  by the next write into that folder, once its writer process is gone or it is older than
  ``STALE_TEMP_SECONDS``. Only names of that exact pattern are touched, never another
  program's files.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from contractreview.errors import ExportError

log = logging.getLogger(__name__)

STALE_TEMP_SECONDS = 10 * 60
TEMP_MARK = "cr"
# ".register.csv.cr-4242-k3j9x0ab.tmp"; the writer's process id lets a later run tell a dead
# writer's leftover from a write still in progress.
_OUR_TEMP = re.compile(rf"^\.(?P<name>.+)\.{TEMP_MARK}-(?P<pid>\d+)-[a-z0-9]{{8}}\.tmp$")
_TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def write_bytes_atomic(
    path: Path | str, data: bytes, *, protect: Iterable[Path | str] = ()
) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    ``protect``: the inputs of this export (the contract, the review store); writing onto any
    of them, under any name, is refused with an :class:`ExportError`."""
    path = Path(path)
    check_destination(path, protect)
    remove_stale_temps(path.parent, legacy_name=path.name)
    tmp = path.parent / temp_name(path.name)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as e:
        raise ExportError(f"Cannot write {path}: {e.strerror or e}.") from e


def write_text_atomic(path: Path | str, text: str, *, protect: Iterable[Path | str] = ()) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), protect=protect)


def check_destination(path: Path, protect: Iterable[Path | str] = ()) -> None:
    """Raise :class:`ExportError` with the real problem when ``path`` cannot be written as a
    file: it is a folder, its folder does not exist, or it is one of the ``protect`` inputs."""
    if path.is_dir():
        raise ExportError(
            f"{path} is a folder; give the name of the file to write in it "
            f"(for example {path / 'review.docx'})."
        )
    parent = path.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise ExportError(f"Cannot write {path.name}: the folder {parent} {what}.")
    for original in protect:
        if str(original) and same_file(path, Path(original)):
            raise ExportError(
                f"Cannot write {path}: it is the file being reviewed ({Path(original).name}), "
                "and an export never replaces its input. Choose another file name."
            )


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file: through symlinks, hard links and case or
    spelling differences (``samefile``), or, when one does not exist yet, the same real path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def temp_name(name: str) -> str:
    token = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(8))
    return f".{name}.{TEMP_MARK}-{os.getpid()}-{token}.tmp"


def remove_stale_temps(
    folder: Path, *, legacy_name: str = "", now: float | None = None
) -> list[Path]:
    """Remove our own temporary files in ``folder`` whose writer is gone or that are older
    than ``STALE_TEMP_SECONDS``; returns what was removed. ``legacy_name``: also the older
    ``.NAME.XXXXXXXX.tmp`` form (no process id, so by age only) of that one destination.
    Errors are logged, never raised: cleaning up must not stop an export."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    legacy = (
        re.compile(rf"^\.{re.escape(legacy_name)}\.[a-z0-9_]{{8}}\.tmp$") if legacy_name else None
    )
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _OUR_TEMP.match(entry.name)
        if m is None and (legacy is None or not legacy.match(entry.name)):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
            if old or (m is not None and not _process_alive(int(m["pid"]))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError as e:
            log.warning("Could not remove the leftover temporary file %s: %s", entry.name, e)
    return removed


def _process_alive(pid: int) -> bool:
    """Whether process ``pid`` may still be writing; where that cannot be asked safely
    (Windows, where ``os.kill`` ends the process), assume it is, and let age decide."""
    if pid == os.getpid() or sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, owned by someone else
    return True
