#!/usr/bin/env bash
# Sets up a virtual environment with the test extra (first run only) and runs every check:
# the test suite (which includes ruff, mypy and the import-linter contract), then the core
# tests again with PySide6 made unimportable, to prove the core needs no Qt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/python -m pytest "$@"
echo "--- core tests with PySide6 unavailable ---"
CONTRACTREVIEW_WITHOUT_QT=1 .venv/bin/python -m pytest -p no:pytest-qt -q \
  -W "ignore::pytest.PytestConfigWarning" \
  -m "not gui and not slow" \
  tests/test_segmenter.py tests/test_docx_reader.py tests/test_docx_numbering.py \
  tests/test_bad_input.py tests/test_playbook.py tests/test_risk.py tests/test_analysis.py \
  tests/test_classifier.py tests/test_review_store.py tests/test_docx_comments_export.py \
  tests/test_export_cli.py
