#!/usr/bin/env bash
# The GUI tests against the oldest PySide6 that pyproject.toml allows:
#     scripts/test_gui_lowest_qt.sh [pytest arguments, added to: -m gui -x tests/gui]
# The lowest release is read from the gui extra ("pyside6-essentials>=6.6" -> the newest 6.6.x;
# PYSIDE6_LOWEST=6.6.3 names one). Cheap on purpose: .venv-lowest-qt holds only that PySide6
# (and its shiboken6); everything else, the editable project included, comes from .venv, whose
# site-packages is added after .venv-lowest-qt's own, so the older Qt wins. Runs tests/gui/ only,
# stopping at the first failure. Needs scripts/test.sh to have made .venv first.
set -euo pipefail
cd "$(dirname "$0")/.."

lowest=${PYSIDE6_LOWEST:-$(.venv/bin/python - <<'EOF'
import re, tomllib
extra = tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["gui"]
spec = next(s for s in extra if s.lower().startswith("pyside6"))
print(re.search(r">=\s*([0-9][0-9.]*)", spec).group(1) + ".*")
EOF
)}
VENV=.venv-lowest-qt
base_site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "pyside6-essentials==$lowest"
own_site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# addsitedir, not a plain path: .venv's .pth files (the editable install's finder) must run
echo "import site; site.addsitedir('$base_site')" > "$own_site/zz_contractreview_base.pth"
qt=$("$VENV/bin/python" -c 'import PySide6; print(PySide6.__version__)')
echo "--- GUI tests with PySide6 $qt (lowest allowed: $lowest) ---"
"$VENV/bin/python" -m pytest -m gui -x tests/gui "$@"
