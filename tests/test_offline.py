"""The offline and confidentiality promises, verified on the complete flow.

* open → analyse → annotate → export, through the CLI and the GUI, in this process and in
  child processes, with socket creation made impossible (and, for children, in a network
  namespace with no network where ``unshare`` can make one). Every attempt is recorded, so a
  library that swallows the error still fails the test.
* The libraries' offline switches are set at start (HF_HUB_OFFLINE, ORT_DISABLE_TELEMETRY...);
  ONNX Runtime leaves no telemetry id or database behind.
* Temporary files are private (0600 files, 0700 folders) and removed; nothing is left in the
  temporary folder or next to the exported file.
* Logs, at DEBUG, contain no sentence of the contract.
* A tampered model is refused through the GUI: the window says why and stays usable.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from contractreview.cli import main as cli
from contractreview.docx.reader import read_docx
from contractreview.offline import OFFLINE_ENV, enforce_offline_environment
from contractreview.paths import models_dir, sample_contract

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


# -- helpers -----------------------------------------------------------------------------------


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


# -- the switches ------------------------------------------------------------------------------


def test_cli_and_gui_entry_points_force_the_offline_switches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in OFFLINE_ENV:
        monkeypatch.setenv(key, "0")  # a hostile leftover environment
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert_offline_env()

    for key in OFFLINE_ENV:
        monkeypatch.setenv(key, "0")
    pytest.importorskip("PySide6")
    from contractreview_ui import app

    assert app.main(["--version"]) == 0
    assert_offline_env()


def test_onnxruntime_leaves_no_telemetry_behind(tmp_path: Path) -> None:
    """ONNX Runtime's 1DS telemetry writes a device id under ~/.cache/Microsoft and a session
    file in the temporary folder when it is imported, unless it is switched off first."""
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "XDG_CACHE_HOME": ""}
    env.pop("ORT_DISABLE_TELEMETRY", None)
    code = (
        "from contractreview.offline import enforce_offline_environment\n"
        "enforce_offline_environment()\n"
        "import onnxruntime\n"
        "onnxruntime.InferenceSession  # touch the native module\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert not list(home.rglob("*")), f"files left in HOME: {list(home.rglob('*'))}"
    assert not list(tmp.iterdir()), f"files left in TMPDIR: {list(tmp.iterdir())}"


# -- the flow in this process ----------------------------------------------------------------


@needs_model
@needs_sample
def test_cli_flow_without_network(
    tmp_path: Path,
    no_network: list[str],
    private_tmp: list[Path],
    debug_log: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    contract = sample_in(tmp_path / "out")
    out_dir = contract.parent
    store = tmp_path / "reviews.sqlite"

    annotate_first_finding(store, contract)
    target = out_dir / "services-annotated.docx"
    assert cli.main(["export", str(contract), "--to", str(target), "--review", str(store)]) == 0
    assert_offline_env()
    assert NOTE in comments_of(target)
    report = out_dir / "services.json"
    assert cli.main(["analyze", str(contract), "--json", str(report)]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["findings"]
    capsys.readouterr()

    tried = network_attempts(no_network)
    assert not tried, "something tried to reach the network:\n" + "\n".join(tried)
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "services-annotated.docx",
        "services.docx",
        "services.json",
    ], "temporary files were left next to the exports"
    # the CLI logs little or nothing; whatever it logs must hold no contract text
    assert_no_contract_text(debug_log.read_text(encoding="utf-8"), contract, logs_expected=False)


@needs_model
@needs_sample
@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_gui_flow_without_network(
    make_window, qtbot, tmp_path: Path, no_network: list[str], private_tmp, debug_log: Path
) -> None:
    contract = sample_in(tmp_path / "out")
    out_dir = contract.parent
    enforce_offline_environment()  # what contractreview_ui.app.main does first
    w = make_window()
    with qtbot.waitSignal(w.analysis_finished, timeout=ANALYSIS_TIMEOUT_MS):
        w.open_path(contract)
    qtbot.waitUntil(lambda: w.snapshot is not None)
    finding = w.result.findings[0]
    with qtbot.waitSignal(w.annotations_changed, timeout=10_000):
        w.edit_annotation(finding.id, {"note": NOTE})
    target = out_dir / "services-annotated.docx"
    with qtbot.waitSignal(w.export_finished, timeout=30_000):
        w.export("docx", target)
    w.last_message.close()
    qtbot.waitUntil(lambda: not w.pools.jobs(), timeout=10_000)

    assert_offline_env()
    assert NOTE in comments_of(target)
    tried = network_attempts(no_network)
    assert not tried, "something tried to reach the network:\n" + "\n".join(tried)
    assert sorted(p.name for p in out_dir.iterdir()) == ["services-annotated.docx", "services.docx"]
    assert_no_contract_text(debug_log.read_text(encoding="utf-8"), contract)


# -- the flow in child processes, as a user runs it ------------------------------------------


def _child_env(tmp_path: Path) -> dict[str, str]:
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


def _isolated(cmd: list[str]) -> list[str]:
    """Run ``cmd`` in a new network namespace (no network at all) where the OS allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn", *cmd]
    return cmd


def test_child_guard_really_blocks_sockets(tmp_path: Path) -> None:
    env = _child_env(tmp_path)
    code = "import socket\ntry:\n    socket.socket()\nexcept OSError as e:\n    print(e)\n"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "network access attempted" in out.stdout
    assert Path(env["CR_NETWORK_ATTEMPTS"]).read_text(encoding="utf-8")


@needs_model
@needs_sample
@pytest.mark.slow
def test_cli_and_gui_processes_without_network(tmp_path: Path) -> None:
    env = _child_env(tmp_path)
    contract = sample_in(tmp_path / "out")
    out_dir = contract.parent
    store = tmp_path / "reviews.sqlite"
    annotate_first_finding(store, contract)

    cli_out = out_dir / "cli-annotated.docx"
    cmd = [sys.executable, "-m", "contractreview.cli.main", "export", str(contract),
           "--to", str(cli_out), "--review", str(store)]  # fmt: skip
    done = subprocess.run(_isolated(cmd), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert NOTE in comments_of(cli_out)

    pytest.importorskip("PySide6")
    gui_out = out_dir / "gui-annotated.docx"
    cmd = [
        sys.executable,
        "-m",
        "contractreview_ui.app",
        str(contract),
        "--smoke-test",
        str(gui_out),
    ]
    done = subprocess.run(_isolated(cmd), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "smoke: exported" in done.stdout
    assert "Smoke test" in comments_of(gui_out)

    log = Path(env["CR_NETWORK_ATTEMPTS"])
    stacks = log.read_text(encoding="utf-8").split("\n----\n") if log.exists() else []
    tried = network_attempts([s for s in stacks if s.strip()])
    assert not tried, "a child tried to reach the network:\n" + "\n".join(tried)
    assert not list(Path(env["TMPDIR"]).iterdir()), "temporary files were left behind"
    assert not (Path(env["HOME"]) / ".cache" / "Microsoft").exists(), "ONNX Runtime telemetry"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "cli-annotated.docx",
        "gui-annotated.docx",
        "services.docx",
    ]
    logs = list((tmp_path / "userdata" / "logs").glob("*.log*"))
    assert logs, "the GUI wrote no log"
    assert_no_contract_text("".join(p.read_text(encoding="utf-8") for p in logs), contract)


# -- a tampered model, through the GUI -------------------------------------------------------


def _fabricated_models(folder: Path) -> Path:
    """A model folder whose model file does not match the SHA-256 in labels.json."""
    folder.mkdir()
    labels = [{"id": "Governing Law", "source": "cuad", "threshold": 0.5}]
    meta = {"name": "tampered", "sha256": "0" * 64, "max_tokens": 128, "labels": labels}
    (folder / "labels.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "clause_model.onnx").write_bytes(b"not the model that was shipped")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    return folder


def _tampered_copy(folder: Path) -> Path:
    shutil.copytree(models_dir(), folder)
    model = folder / "clause_model.onnx"
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the weights
    model.write_bytes(bytes(data))
    return folder


@needs_sample
@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize(
    "make_models",
    [
        pytest.param(_fabricated_models, id="fabricated"),
        pytest.param(_tampered_copy, id="shipped-model-one-byte-flipped", marks=needs_model),
    ],
)
def test_tampered_model_is_refused_and_the_window_stays_usable(
    make_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_models
) -> None:
    monkeypatch.setenv("CONTRACTREVIEW_MODELS", str(make_models(tmp_path / "models")))
    enforce_offline_environment()  # what contractreview_ui.app.main does first
    w = make_window()
    with qtbot.waitSignal(w.analysis_failed, timeout=ANALYSIS_TIMEOUT_MS) as failed:
        w.open_path(SAMPLE)
    message = failed.args[0]
    assert "modified or damaged" in message
    assert "SHA-256" in message
    assert w.result is None
    assert w.document is not None, "the contract stays readable without the model"
    assert "SERVICES" in w.view.toPlainText().upper()
    assert w.model_label.text() == "Clause model unavailable"
    assert "modified or damaged" in w.summary.headline.text()
    assert not w.menus.export_menu.isEnabled()
    qtbot.waitUntil(lambda: not w.pools.jobs(), timeout=10_000)

    # still usable: a bad file gets its own message, closing and reopening work
    bad = tmp_path / "notes.docx"
    bad.write_text("plain text, not a Word file", encoding="utf-8")
    with qtbot.waitSignal(w.message_shown) as shown:
        w.open_path(bad)
    assert shown.args[0] == "Cannot open the document"
    w.last_message.close()
    with qtbot.waitSignal(w.analysis_failed, timeout=ANALYSIS_TIMEOUT_MS):
        w.open_path(SAMPLE)
    w.close_document()
    assert w.document is None
    qtbot.waitUntil(lambda: not w.pools.jobs(), timeout=10_000)
