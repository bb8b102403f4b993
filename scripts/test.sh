#!/usr/bin/env bash
# README's test command. Sets up .venv with the test extra (again only when pyproject.toml has
# changed), then runs the suite in two processes, each test once:
#   1. the core tests (-m "not gui") with PySide6 made unimportable, which proves the core needs
#      no Qt; ruff, ruff format, mypy, lint-imports and the no-import-cycles test are among them;
#   2. the GUI tests (tests/gui/, marked gui by directory in tests/conftest.py), Qt offscreen.
#
#   scripts/test.sh            everything
#   scripts/test.sh --fast     the edit loop: the same without the tests marked slow (< 1 min)
#   scripts/test.sh -x -k name other arguments go to both pytest runs; a run that the
#                              arguments leave without a test counts as passed
# Stops at the first run that fails, with its exit status; the last line is pytest's own.
set -euo pipefail
cd "$(dirname "$0")/.."

marker_core="not gui"
marker_gui="gui"
args=()
for arg in "$@"; do
  if [[ "$arg" == "--fast" ]]; then
    marker_core="not gui and not slow"
    marker_gui="gui and not slow"
  else
    args+=("$arg")
  fi
done

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

run_pytest() {
  local rc=0
  "$@" || rc=$?
  # 5: no test was selected, which extra arguments such as -k or a path can make happen
  if [[ $rc -eq 5 && ${#args[@]} -gt 0 ]]; then rc=0; fi
  return $rc
}

echo "--- core tests, PySide6 unavailable (-m \"$marker_core\") ---"
CONTRACTREVIEW_WITHOUT_QT=1 run_pytest .venv/bin/python -m pytest -p no:pytest-qt \
  -m "$marker_core" ${args[@]+"${args[@]}"}
# The GUI tests are those under tests/gui/: collect only there (the core test modules take
# seconds to import), unless the arguments name their own paths.
gui_paths=(tests/gui)
for arg in ${args[@]+"${args[@]}"}; do
  if [[ "$arg" != -* && ( -e "${arg%%::*}" ) ]]; then gui_paths=(); fi
done
echo "--- GUI tests, Qt offscreen (-m \"$marker_gui\") ---"
run_pytest .venv/bin/python -m pytest -m "$marker_gui" ${gui_paths[@]+"${gui_paths[@]}"} \
  ${args[@]+"${args[@]}"}
