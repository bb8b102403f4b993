"""The offline and confidentiality promises through the GUI (the CLI's half and the shared
guards: tests/test_offline.py, tests/offline_support.py).

* open → analyse → annotate → export in the window, in this process and in a child process,
  with socket creation made impossible; nothing is left in the temporary folder or next to
  the export; the log, at DEBUG, holds no sentence of the contract.
* A tampered model is refused: the window says why and stays usable.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from offline_support import (
    ANALYSIS_TIMEOUT_MS,
    NOTE,
    SAMPLE,
    assert_no_contract_text,
    assert_offline_env,
    child_env,
    comments_of,
    isolated,
    needs_model,
    needs_sample,
    network_attempts,
    sample_in,
)

from contractreview.offline import OFFLINE_ENV, enforce_offline_environment
from contractreview.paths import models_dir


def test_gui_entry_point_forces_the_offline_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    from contractreview_ui import app

    for key in OFFLINE_ENV:
        monkeypatch.setenv(key, "0")  # a hostile leftover environment
    assert app.main(["--version"]) == 0
    assert_offline_env()


@pytest.mark.slow
@needs_model
@needs_sample
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
        w.export("annotated-docx", target)
    w.last_message.close()
    qtbot.waitUntil(lambda: not w.pools.jobs(), timeout=10_000)

    assert_offline_env()
    assert NOTE in comments_of(target)
    tried = network_attempts(no_network)
    assert not tried, "something tried to reach the network:\n" + "\n".join(tried)
    assert sorted(p.name for p in out_dir.iterdir()) == ["services-annotated.docx", "services.docx"]
    assert_no_contract_text(debug_log.read_text(encoding="utf-8"), contract)


@needs_model
@needs_sample
@pytest.mark.slow
def test_gui_process_without_network(tmp_path: Path) -> None:
    env = child_env(tmp_path)
    contract = sample_in(tmp_path / "out")
    out_dir = contract.parent
    gui_out = out_dir / "gui-annotated.docx"
    cmd = [
        sys.executable,
        "-m",
        "contractreview_ui.app",
        str(contract),
        "--smoke-test",
        str(gui_out),
    ]
    done = subprocess.run(isolated(cmd), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "smoke: exported" in done.stdout
    assert "Smoke test" in comments_of(gui_out)

    log = Path(env["CR_NETWORK_ATTEMPTS"])
    stacks = log.read_text(encoding="utf-8").split("\n----\n") if log.exists() else []
    tried = network_attempts([s for s in stacks if s.strip()])
    assert not tried, "the GUI tried to reach the network:\n" + "\n".join(tried)
    assert not list(Path(env["TMPDIR"]).iterdir()), "temporary files were left behind"
    assert not (Path(env["HOME"]) / ".cache" / "Microsoft").exists(), "ONNX Runtime telemetry"
    assert sorted(p.name for p in out_dir.iterdir()) == ["gui-annotated.docx", "services.docx"]
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
