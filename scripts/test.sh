#!/usr/bin/env bash
# Sets up a virtual environment with the test extra (first run only) and runs every check:
# the test suite (which includes ruff, mypy and the import-linter contract) and the core tests
# again with PySide6 made unimportable, to prove the core needs no Qt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/python -m pytest "$@"
