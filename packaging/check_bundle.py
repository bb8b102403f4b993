"""What a built bundle holds: the app's packages, and none of the training or test tooling.

    python packaging/check_bundle.py dist/ContractReview/contractreview-gui

Reads the Python modules PyInstaller froze into the executable's archive and the files under
``_internal/``, and fails when a package that must never ship is there (the training package is
excluded by package in the spec; this proves the exclusion held) or when one the app needs is
missing. Needs PyInstaller (run it with the build's interpreter).
"""

from __future__ import annotations

import sys
from pathlib import Path

# the app, and the module the frozen smoke test runs
REQUIRED = (
    "contractreview",
    "contractreview.analysis.pipeline",
    "contractreview.export.word_comments",
    "contractreview.review.store",
    "contractreview_ui",
    "contractreview_ui.app",
    "contractreview_ui.smoke",
)
# training and evaluation, the deep-learning stack, and the test tools
FORBIDDEN = (
    "contractreview_training",
    "torch",
    "transformers",
    "optimum",
    "sklearn",
    "onnx",  # the ONNX graph library (training, tests); onnxruntime is another package
    "pytest",
    "hypothesis",
    "tests",
)


def frozen_modules(exe: Path) -> set[str]:
    """Names of the Python modules in the executable's PYZ archive(s)."""
    from PyInstaller.archive.readers import CArchiveReader

    package = CArchiveReader(str(exe))
    names: set[str] = set()
    for name, entry in package.toc.items():
        if entry[-1] == "z":  # typecode of an embedded PYZ (zlib) archive
            names.update(package.open_embedded_archive(name).toc)
    return names


def is_in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    exe = Path(args[0]) if args else Path("dist/ContractReview/contractreview-gui")
    modules = frozen_modules(exe)
    if not modules:
        print(f"no Python modules found in {exe}", file=sys.stderr)
        return 1
    internal = exe.parent / "_internal"
    top_dirs = {p.name for p in internal.iterdir()} if internal.is_dir() else set()
    problems = [f"missing: {m}" for m in REQUIRED if m not in modules]
    for package in FORBIDDEN:
        frozen = sorted(m for m in modules if is_in(m, package))
        if frozen:
            problems.append(f"must not ship: {package} ({len(frozen)} modules, e.g. {frozen[0]})")
        if package in top_dirs:
            problems.append(f"must not ship: _internal/{package}/")
    if problems:
        print("bundle check failed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(
        f"bundle check passed: {len(modules)} modules; none of {', '.join(FORBIDDEN)}; "
        f"the app's {len(REQUIRED)} key modules present"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
