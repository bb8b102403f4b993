"""The one atomic writer: never onto an input (under any name), clear messages for a folder or a
missing folder, and leftovers of a killed export cleaned by the next write."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contractreview.atomic_write import (
    STALE_TEMP_SECONDS,
    remove_stale_temps,
    temp_name,
    write_bytes_atomic,
)
from contractreview.errors import ExportError

ORIGINAL = b"the contract"


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "C.docx"
    path.write_bytes(ORIGINAL)
    return path


def _refused(target: Path, contract: Path) -> None:
    with pytest.raises(ExportError, match="never replaces its input"):
        write_bytes_atomic(target, b"memo", protect=[contract])
    assert contract.read_bytes() == ORIGINAL


def test_same_path_is_refused(contract: Path) -> None:
    _refused(contract, contract)


def test_other_spelling_of_the_path_is_refused(
    contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(contract.parent)
    sub = contract.parent / "sub"
    sub.mkdir()
    _refused(Path("sub/../C.docx"), contract)
    _refused(Path("./C.docx"), contract)
    _refused(contract, Path("C.docx"))


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_to_the_input_is_refused(contract: Path) -> None:
    link = contract.parent / "link.docx"
    link.symlink_to(contract)
    _refused(link, contract)
    assert link.is_symlink()
    # and the other way round: the input opened through a link, the target its real name
    _refused(contract, link)


def test_hard_link_to_the_input_is_refused(contract: Path) -> None:
    hard = contract.parent / "hard.docx"
    os.link(contract, hard)
    _refused(hard, contract)
    assert hard.read_bytes() == ORIGINAL


def test_another_file_is_written(contract: Path) -> None:
    out = contract.parent / "C-memo.docx"
    write_bytes_atomic(out, b"memo", protect=[contract])
    assert out.read_bytes() == b"memo"
    assert sorted(p.name for p in contract.parent.iterdir()) == ["C-memo.docx", "C.docx"]


def test_folder_as_target_says_so(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder; give the name of the file"):
        write_bytes_atomic(tmp_path, b"x")


def test_missing_folder_says_which(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"the folder .*nowhere does not exist"):
        write_bytes_atomic(tmp_path / "nowhere" / "r.csv", b"x")
    assert not (tmp_path / "nowhere").exists()  # a typo never creates folders


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_export_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / f".r.csv.cr-{_dead_pid()}-abcdefgh.tmp"
    old = tmp_path / f".other.html.cr-{os.getpid()}-k3j9x0ab.tmp"
    legacy = tmp_path / ".r.csv.x1y2_z3q.tmp"  # what the writer made before it named its pid
    live = tmp_path / temp_name("r.csv")  # a write in progress in this process
    foreign = [
        tmp_path / ".r.csv.swp",
        tmp_path / "~$r.csv",
        tmp_path / ".r.csv.12345678.tmp.bak",
        tmp_path / ".r.csv.cr-1-short.tmp",
        tmp_path / ".other.html.abcdefgh.tmp",  # legacy form, but not of this destination
    ]
    for p in (dead, old, legacy, live, *foreign):
        p.write_bytes(b"partial")
    hour_ago = time.time() - STALE_TEMP_SECONDS - 60
    for p in (old, legacy, foreign[-1], foreign[0]):
        os.utime(p, (hour_ago, hour_ago))

    write_bytes_atomic(tmp_path / "r.csv", b"rows")

    assert not dead.exists()
    assert not old.exists()
    assert not legacy.exists()
    assert live.exists()
    assert all(p.exists() for p in foreign)
    assert (tmp_path / "r.csv").read_bytes() == b"rows"


def test_young_temp_of_a_live_writer_is_kept(tmp_path: Path) -> None:
    live = tmp_path / temp_name("r.csv")
    live.write_bytes(b"partial")
    assert remove_stale_temps(tmp_path) == []
    later = time.time() + STALE_TEMP_SECONDS + 1
    assert remove_stale_temps(tmp_path, now=later) == [live]
