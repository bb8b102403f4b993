#!/usr/bin/env bash
# Build the Linux bundle of ContractReview:  packaging/build.sh [--smoke]
#   dist/ContractReview/contractreview-gui        the app (a one-dir PyInstaller bundle)
#   dist/ContractReview-<version>-linux-x86_64.tar.gz
# Work files go to build/pyinstaller/. --smoke runs packaging/smoke_test.py on the result.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
    "$PYTHON" -m pip install "pyinstaller>=6.10"
fi
VERSION=$("$PYTHON" -c 'import contractreview; print(contractreview.__version__)')

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/contractreview.spec
echo "build took $(( $(date +%s) - start )) s"

# DWARF debug information in the Cython extensions of spaCy, thinc and blis and in libpython
# is about 200 MB, over 40% of the bundle. Strip it from those only (symbols stay, so native
# crash stacks still name functions); stripping auditwheel-repaired libraries such as
# numpy.libs/ breaks them ("ELF load command address/offset not page-aligned").
INTERNAL=dist/ContractReview/_internal
if command -v strip >/dev/null; then
    for pkg in spacy thinc blis srsly preshed cymem murmurhash; do
        [[ -d "$INTERNAL/$pkg" ]] && find "$INTERNAL/$pkg" -type f -name '*.so' \
            -exec strip --strip-debug {} +
    done
    find "$INTERNAL" -maxdepth 1 -type f -name 'libpython3*.so*' -exec strip --strip-debug {} +
fi

install -m 644 packaging/contractreview.desktop dist/ContractReview/
install -m 644 packaging/icons/contractreview.png packaging/icons/contractreview.svg \
    dist/ContractReview/
tar -C dist -czf "dist/ContractReview-${VERSION}-linux-x86_64.tar.gz" ContractReview
echo "bundle: dist/ContractReview ($(du -sh dist/ContractReview | cut -f1) on disk)," \
     "archive $(du -h "dist/ContractReview-${VERSION}-linux-x86_64.tar.gz" | cut -f1)"

if [[ "${1:-}" == "--smoke" ]]; then
    "$PYTHON" packaging/smoke_test.py dist/ContractReview/contractreview-gui
fi
