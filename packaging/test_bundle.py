"""The installer's CI step: build the bundle from the committed tree and smoke-test it.

    python -m pytest packaging/test_bundle.py        (.ci/run's last step)

Outside tests/ on purpose: the suite never collects it (a build takes minutes and needs the
package index for the fresh environment); CI names this file. It runs ``packaging/build.sh
--smoke``, which exports HEAD, installs it non-editable in a new virtual environment, freezes
it, checks what the bundle holds (packaging/check_bundle.py) and starts the frozen app offscreen
without network on the sample contract; then checks the outputs here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_S = 1200


def _version() -> str:
    about: dict[str, str] = {}
    exec((ROOT / "contractreview" / "__init__.py").read_text(encoding="utf-8"), about)
    return about["__version__"]


def test_bundle_builds_from_the_committed_tree_and_passes_the_smoke_test() -> None:
    env = {**os.environ, "SMOKE_RUNS": os.environ.get("SMOKE_RUNS", "1")}
    done = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--smoke"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    sys.stdout.write(done.stdout)  # shown with -s, and in the failure report
    assert done.returncode == 0, done.stdout[-6000:]
    assert "bundle check passed" in done.stdout
    assert "smoke test passed" in done.stdout

    dist = ROOT / "dist"
    exe = dist / "ContractReview" / "contractreview-gui"
    assert exe.is_file()
    assert os.access(exe, os.X_OK)
    archive = dist / f"ContractReview-{_version()}-linux-x86_64.tar.gz"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "ContractReview/contractreview-gui" in names
    assert "ContractReview/contractreview.desktop" in names
    assert any(n.endswith("models/clause_model.onnx") for n in names)
    assert any(n.endswith("resources/samples/sample_services_agreement.docx") for n in names)
    assert not [n for n in names if "contractreview_training" in n]
