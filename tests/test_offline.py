"""The offline and confidentiality promises of the core, verified on the complete CLI flow
(the GUI's half is tests/gui/test_offline_gui.py; the shared guards are tests/offline_support.py).

* open → analyse → annotate → export through the CLI, in this process and in a child process,
  with socket creation made impossible (and, for children, in a network namespace with no
  network where ``unshare`` can make one). Every attempt is recorded, so a library that
  swallows the error still fails the test.
* The libraries' offline switches are set at start (HF_HUB_OFFLINE, ORT_DISABLE_TELEMETRY...);
  ONNX Runtime leaves no telemetry id or database behind.
* Temporary files are private (0600 files, 0700 folders) and removed; nothing is left in the
  temporary folder or next to the exported file.
* Logs, at DEBUG, contain no sentence of the contract.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from offline_support import (
    NOTE,
    annotate_first_finding,
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

from contractreview.cli import main as cli
from contractreview.offline import OFFLINE_ENV

# -- the switches ------------------------------------------------------------------------------


def test_cli_entry_point_forces_the_offline_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in OFFLINE_ENV:
        monkeypatch.setenv(key, "0")  # a hostile leftover environment
    with pytest.raises(SystemExit):
        cli.main(["--version"])
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


@pytest.mark.slow
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


# -- the flow in a child process, as a user runs it -------------------------------------------


def test_child_guard_really_blocks_sockets(tmp_path: Path) -> None:
    env = child_env(tmp_path)
    code = "import socket\ntry:\n    socket.socket()\nexcept OSError as e:\n    print(e)\n"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "network access attempted" in out.stdout
    assert Path(env["CR_NETWORK_ATTEMPTS"]).read_text(encoding="utf-8")


@needs_model
@needs_sample
@pytest.mark.slow
def test_cli_process_without_network(tmp_path: Path) -> None:
    env = child_env(tmp_path)
    contract = sample_in(tmp_path / "out")
    out_dir = contract.parent
    store = tmp_path / "reviews.sqlite"
    annotate_first_finding(store, contract)

    cli_out = out_dir / "cli-annotated.docx"
    cmd = [sys.executable, "-m", "contractreview.cli.main", "export", str(contract),
           "--to", str(cli_out), "--review", str(store)]  # fmt: skip
    done = subprocess.run(isolated(cmd), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert NOTE in comments_of(cli_out)

    log = Path(env["CR_NETWORK_ATTEMPTS"])
    stacks = log.read_text(encoding="utf-8").split("\n----\n") if log.exists() else []
    tried = network_attempts([s for s in stacks if s.strip()])
    assert not tried, "the CLI tried to reach the network:\n" + "\n".join(tried)
    assert not list(Path(env["TMPDIR"]).iterdir()), "temporary files were left behind"
    assert not (Path(env["HOME"]) / ".cache" / "Microsoft").exists(), "ONNX Runtime telemetry"
    assert sorted(p.name for p in out_dir.iterdir()) == ["cli-annotated.docx", "services.docx"]
