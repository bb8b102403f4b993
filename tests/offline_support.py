"""What the offline tests share (tests/test_offline.py and tests/gui/test_offline_gui.py):
fixtures that make socket creation impossible and record every attempt, keep temporary files
private and log everything at DEBUG; the guard every child Python loads first; and checks on
what a flow leaves behind. Loaded as a plugin by tests/conftest.py (``pytest_plugins``).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from contractreview.docx.reader import read_docx
from contractreview.offline import OFFLINE_ENV
from contractreview.paths import models_dir, sample_contract

REPO = Path(__file__).resolve().parent.parent
SAMPLE = sample_contract()


def sample_in(folder: Path) -> Path:
    """A copy of the sample contract in a new ``folder``, where its exports will land too."""
    folder.mkdir()
    return Path(shutil.copy(SAMPLE, folder / "services.docx"))


HAVE_MODEL = (models_dir() / "clause_model.onnx").is_file()
needs_model = pytest.mark.skipif(
    not HAVE_MODEL, reason="models/clause_model.onnx is not installed yet: the flow needs it"
)
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason="the sample contract is absent")
NOTE = "Offline test note: confirm the liability cap with the client."
ANALYSIS_TIMEOUT_MS = 120_000
# Socket creations that are not network access: urllib3 (imported by spaCy's CLI module through
# requests) creates and closes an IPv6 socket on import to learn whether the machine has IPv6
# (``_has_ipv6("::1")``: no connection, no packet). It still gets the error, and copes.
LOCAL_PROBES = ("in _has_ipv6",)

SITECUSTOMIZE = '''
"""Loaded first by every child Python of the offline test: no socket can be created, and
each attempt is appended to $CR_NETWORK_ATTEMPTS (a library may swallow the error)."""
import os
import socket
import traceback


def _refuse(*args, **kwargs):
    path = os.environ.get("CR_NETWORK_ATTEMPTS")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_stack(limit=12)) + "\\n----\\n")
    raise OSError("network access attempted during the offline test")


class _NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        _refuse()


socket.socket = _NoSocket
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
socket.socketpair = _refuse
socket.fromfd = _refuse
'''


# -- fixtures and checks -----------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Socket creation raises in this process; returns the list of attempts."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        import traceback

        attempts.append("".join(traceback.format_stack(limit=10)))
        raise OSError("network access attempted during the offline test")

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse()

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, refuse)
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("example.org", 443))
    attempts.clear()
    return attempts


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """tempfile uses a fresh private folder; every temporary path made is recorded and checked
    to be private when it is created."""
    tmp = tmp_path / "tmp"
    tmp.mkdir(mode=0o700)
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    made: list[Path] = []
    real_mkstemp_inner, real_mkdtemp = tempfile._mkstemp_inner, tempfile.mkdtemp  # type: ignore[attr-defined]

    def mkstemp_inner(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real_mkstemp_inner(*args, **kwargs)
        assert stat.S_IMODE(os.fstat(fd).st_mode) & 0o077 == 0, f"{name} is readable by others"
        made.append(Path(name))
        return fd, name

    def mkdtemp(*args: object, **kwargs: object) -> str:
        name = real_mkdtemp(*args, **kwargs)
        mode = stat.S_IMODE(os.stat(name).st_mode)
        assert mode & 0o077 == 0, f"{name} is open to others"
        made.append(Path(name))
        return name

    monkeypatch.setattr(tempfile, "_mkstemp_inner", mkstemp_inner)
    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    yield made
    left = [p for p in made if p.exists()]
    assert not left, f"temporary files were left behind: {left}"
    assert not list(tmp.iterdir()), f"the temporary folder is not empty: {list(tmp.iterdir())}"


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """Everything logged at DEBUG or above, by any module, goes to a file."""
    path = tmp_path / "debug.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(old_level)
    handler.close()


def contract_sentences(path: Path) -> list[str]:
    """Pieces of the contract's text that a log must never contain: every sentence of six
    words or more (its first 40 characters), and every long paragraph's opening."""
    pieces: set[str] = set()
    for block in read_docx(path).blocks:
        for sentence in block.text.replace("\n", " ").split(". "):
            if len(sentence.split()) >= 6:
                pieces.add(sentence.strip()[:40])
    assert len(pieces) > 20, "the sample contract should have many sentences"
    return sorted(pieces)


def assert_no_contract_text(log_text: str, contract: Path, *, logs_expected: bool = True) -> None:
    if logs_expected:
        assert log_text.strip(), "the log is empty: the check would prove nothing"
    leaked = [s for s in contract_sentences(contract) if s in log_text]
    assert not leaked, f"the log contains contract text: {leaked[:3]}"


def network_attempts(stacks: list[str]) -> list[str]:
    """The attempts that are not a known local capability probe."""
    return [s for s in stacks if not any(probe in s for probe in LOCAL_PROBES)]


def assert_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        assert os.environ.get(key) == value, f"{key} is not set to {value}"


def comments_of(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/comments.xml").decode("utf-8")


def annotate_first_finding(store_path: Path, contract: Path) -> str:
    """Analyse ``contract`` and store a note on its first finding; returns the finding id."""
    from contractreview.analysis.pipeline import run_analysis
    from contractreview.review.store import ReviewStore

    result = run_analysis(contract)
    assert result.findings, "the sample contract should have findings"
    finding = result.findings[0]
    with ReviewStore(store_path) as store:
        review = store.open_review(result.document.sha256, contract.name, reviewer="Test")
        store.add_annotation(
            review.id, quote=finding.quote, finding_id=finding.id, note=NOTE, reviewer="Test"
        )
    return finding.id


# -- child processes, as a user runs them --------------------------------------------------


def child_env(tmp_path: Path) -> dict[str, str]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE), encoding="utf-8")
    home, tmp = tmp_path / "home", tmp_path / "childtmp"
    home.mkdir(exist_ok=True)
    tmp.mkdir(mode=0o700, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV}
    env.update(
        PYTHONPATH=os.pathsep.join([str(guard), str(REPO)]),
        CR_NETWORK_ATTEMPTS=str(tmp_path / "network-attempts.txt"),
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        TMPDIR=str(tmp),
        CONTRACTREVIEW_DATA=str(tmp_path / "userdata"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def isolated(cmd: list[str]) -> list[str]:
    """Run ``cmd`` in a new network namespace (no network at all) where the OS allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn", *cmd]
    return cmd
