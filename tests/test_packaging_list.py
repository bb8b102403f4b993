"""Every package folder is in pyproject's package list: a non-editable install (the installer,
a user's pip install) carries only what the list names, while the editable install the tests
run from finds every folder anyway, so a missing entry shows only in the frozen app."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    setup = config["setuptools"]
    listed = set(setup["packages"])
    folders = {folder: package for package, folder in setup["package-dir"].items()}
    found = set()
    for folder, package in folders.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            rel = init.parent.relative_to(root)
            found.add(".".join([package, *rel.parts]))
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert listed - found == set(), "listed packages without a folder"
