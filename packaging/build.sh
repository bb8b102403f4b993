#!/usr/bin/env bash
# Build the Linux bundle of ContractReview the way a fresh clone would, from the committed tree:
#     packaging/build.sh [--smoke] [--keep-venv]
# 1. `git archive HEAD` into build/release/src: uncommitted changes are NOT in the bundle, and a
#    file missing from git breaks this build as it would break a fresh clone's;
# 2. a new virtual environment build/release/venv with a normal (non-editable) install of
#    '.[gui]' and PyInstaller: PyInstaller cannot follow an editable install's import hook to
#    ui/ (the frozen app died with "No module named 'contractreview_ui'");
# 3. PyInstaller with packaging/contractreview.spec into dist/ContractReview/, debug info
#    stripped, desktop entry and icon added, dist/ContractReview-<version>-linux-x86_64.tar.gz;
# 4. a check that no training or test package is in the bundle (packaging/check_bundle.py);
# 5. --smoke: packaging/smoke_test.py on the result (offscreen, no network, sample contract).
# --keep-venv reuses build/release/venv when it exists (quicker rebuilds while working on the
# spec; CI never passes it). PYTHON picks the interpreter the bundle is made with (python3).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PYTHON=${PYTHON:-python3}
WORK=$REPO/build/release
SMOKE=0
KEEP_VENV=0
for arg in "$@"; do
    case "$arg" in
        --smoke) SMOKE=1 ;;
        --keep-venv) KEEP_VENV=1 ;;
        *) echo "usage: packaging/build.sh [--smoke] [--keep-venv]" >&2; exit 2 ;;
    esac
done
stage() { echo "--- $1 ($(( $(date +%s) - t0 )) s so far)"; }
t0=$(date +%s)

# 1. the committed tree
if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
    echo "note: uncommitted changes are not in the bundle (building HEAD $(git rev-parse --short HEAD))"
fi
rm -rf "$WORK/src" "$WORK/pyinstaller"
mkdir -p "$WORK/src"
git archive --format=tar HEAD | tar -x -C "$WORK/src"
stage "exported HEAD $(git rev-parse --short HEAD) to $WORK/src"

# 2. a clean, non-editable install
VENV=$WORK/venv
# --no-compile: PyInstaller compiles the modules it bundles itself; pip's byte-compiling of every
# installed package (PySide6, spaCy, numpy...) is CPU time for nothing.
pip_install() {  # quiet, without the notes about unreachable local index folders of some hosts
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-compile "$@" 2>&1 \
        | { grep -v -e "is ignored: it is neither a file nor a directory" || true; }
}
if [[ $KEEP_VENV == 0 || ! -x $VENV/bin/python ]]; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
pip_install "$WORK/src[gui]" "pyinstaller>=6.10"
# a kept venv gets this tree, not the one it was made with
[[ $KEEP_VENV == 1 ]] && pip_install --force-reinstall --no-deps "$WORK/src"
# the bundle must come from site-packages, never from a source folder on sys.path
(cd "$WORK" && "$VENV/bin/python" - <<'EOF'
import contractreview, contractreview_ui, sys
for mod in (contractreview, contractreview_ui):
    if "site-packages" not in mod.__file__:
        sys.exit(f"{mod.__name__} is imported from {mod.__file__}, not from the installed package")
EOF
)
VERSION=$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("contractreview"))')
stage "installed contractreview $VERSION (non-editable) and $("$VENV/bin/python" -m PyInstaller --version | sed 's/^/PyInstaller /')"

# 3. the bundle. The spec reads models/ and resources/ from the exported tree; run from a
# folder without contractreview/ in it, so every module comes from the installed package.
DIST=$REPO/dist
rm -rf "$DIST/ContractReview"
(cd "$WORK" && "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/pyinstaller" "$WORK/src/packaging/contractreview.spec")
stage "PyInstaller done"

# DWARF debug information in the Cython extensions of spaCy, thinc and blis and in libpython
# is about 200 MB, over 40% of the bundle. Strip it from those only (symbols stay, so native
# crash stacks still name functions); stripping auditwheel-repaired libraries such as
# numpy.libs/ breaks them ("ELF load command address/offset not page-aligned").
INTERNAL=$DIST/ContractReview/_internal
if command -v strip >/dev/null; then
    for pkg in spacy thinc blis srsly preshed cymem murmurhash; do
        [[ -d "$INTERNAL/$pkg" ]] && find "$INTERNAL/$pkg" -type f -name '*.so' \
            -exec strip --strip-debug {} +
    done
    find "$INTERNAL" -maxdepth 1 -type f -name 'libpython3*.so*' -exec strip --strip-debug {} +
fi

install -m 644 "$WORK/src/packaging/contractreview.desktop" "$DIST/ContractReview/"
install -m 644 "$WORK/src/packaging/icons/contractreview.png" \
    "$WORK/src/packaging/icons/contractreview.svg" "$DIST/ContractReview/"

# 4. what must never ship
"$VENV/bin/python" "$WORK/src/packaging/check_bundle.py" "$DIST/ContractReview/contractreview-gui"

ARCHIVE=$DIST/ContractReview-${VERSION}-linux-x86_64.tar.gz
tar -C "$DIST" -czf "$ARCHIVE" ContractReview
stage "bundle: $DIST/ContractReview ($(du -sh "$DIST/ContractReview" | cut -f1) on disk), archive $(du -h "$ARCHIVE" | cut -f1)"

# 5. the frozen app, started as a user would start it
if [[ $SMOKE == 1 ]]; then
    "$VENV/bin/python" "$WORK/src/packaging/smoke_test.py" "$DIST/ContractReview/contractreview-gui" \
        --runs "${SMOKE_RUNS:-3}"
    stage "smoke test passed"
fi
echo "build took $(( $(date +%s) - t0 )) s"
