#!/usr/bin/env bash
# Sets up a virtual environment (first run only) and reviews the shipped sample contract
# with the command-line interface. Pass --gui to open the desktop application instead.
#
# The project is (re)installed into .venv only when the venv is new or pyproject.toml has
# changed since the last install (its SHA-256 is kept in .venv/.contractreview-installed).
# The GUI names any system library Qt lacks (and the apt-get command) instead of aborting.
set -euo pipefail
cd "$(dirname "$0")/.."
STAMP=.venv/.contractreview-installed
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[gui]'
  echo "$wanted" > "$STAMP"
fi
if [ "${1:-}" = "--gui" ]; then
  exec .venv/bin/contractreview-gui resources/samples/sample_services_agreement.docx
fi
exec .venv/bin/contractreview analyze resources/samples/sample_services_agreement.docx
