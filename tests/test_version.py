"""The version is written in one place, contractreview/__init__.py, and read from there by the
package metadata, the PyInstaller spec, the CLI and the About box."""

from __future__ import annotations

import re
import tomllib

import pytest

import contractreview
from contractreview.cli import main as cli
from tests.conftest import REPO


def test_pyproject_reads_the_version_from_the_package() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"], "pyproject.toml must not repeat the version"
    assert "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "contractreview.__version__"}


def test_version_is_a_release_number() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]\d+|rc\d+|\.dev\d+)?", contractreview.__version__)


def test_the_spec_and_the_cli_read_it(capsys: pytest.CaptureFixture[str]) -> None:
    spec = (REPO / "packaging" / "contractreview.spec").read_text(encoding="utf-8")
    assert '"contractreview" / "__init__.py"' in spec
    assert "__version__" in spec
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert contractreview.__version__ in capsys.readouterr().out


def test_no_other_file_states_the_version() -> None:
    """Release notes and recipes may quote it; code and configuration must not."""
    version = re.escape(contractreview.__version__)
    pattern = re.compile(rf"""(version\s*[=:]\s*["']{version}["'])""", re.IGNORECASE)
    offenders = []
    for folder in ("contractreview", "ui", "training", "packaging"):
        for path in (REPO / folder).rglob("*"):
            if (
                path.suffix in {".py", ".spec", ".toml", ".cfg", ".desktop"}
                and path.is_file()
                and pattern.search(path.read_text(encoding="utf-8", errors="replace"))
            ):
                offenders.append(str(path.relative_to(REPO)))
    assert not offenders, f"the version is typed again in {offenders}"
