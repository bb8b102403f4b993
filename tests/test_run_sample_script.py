"""scripts/run_sample.sh installs the project only when the venv is new or pyproject.toml
changed since the last install (issue 21: it reinstalled on every run). Runs the real script
in a scratch copy whose .venv/bin holds stand-ins that record how they were called."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

FAKE_PYTHON = """#!/usr/bin/env bash
echo "python $*" >> "$(dirname "$0")/../../calls.log"
"""
FAKE_COMMAND = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >> "$(dirname "$0")/../../calls.log"
"""


def _scratch(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "run_sample.sh", root / "scripts" / "run_sample.sh")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, text in (
        ("python", FAKE_PYTHON),
        ("contractreview", FAKE_COMMAND),
        ("contractreview-gui", FAKE_COMMAND),
    ):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return root


def _run(root: Path, *args: str) -> list[str]:
    log = root / "calls.log"
    log.unlink(missing_ok=True)
    subprocess.run(["bash", str(root / "scripts" / "run_sample.sh"), *args], check=True, timeout=60)
    return log.read_text().splitlines()


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs bash and coreutils")
def test_installs_once_then_only_when_pyproject_changes(tmp_path: Path) -> None:
    root = _scratch(tmp_path)
    first = _run(root)
    assert any("pip install" in c for c in first)
    assert first[-1].startswith("contractreview analyze")

    again = _run(root, "--gui")
    assert not any("pip install" in c for c in again), again
    assert again[-1].startswith("contractreview-gui")

    with (root / "pyproject.toml").open("a") as f:
        f.write("\n# a new dependency\n")
    changed = _run(root)
    assert any("pip install" in c for c in changed)
    assert not any("pip install" in c for c in _run(root))
