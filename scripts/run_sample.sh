#!/usr/bin/env bash
# Sets up a virtual environment (first run only) and reviews the shipped sample contract
# with the command-line interface. Pass --gui to open the desktop application instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[gui]'
if [ "${1:-}" = "--gui" ]; then
  exec .venv/bin/contractreview-gui resources/samples/sample_services_agreement.docx
fi
exec .venv/bin/contractreview analyze resources/samples/sample_services_agreement.docx
