"""``contractreview export FILE.docx --to OUT``: analyse the contract, merge the lawyer's
annotations from the review store, and write OUT in the format its extension names (see
:mod:`contractreview.export.registry`): ``.docx`` (the annotated copy, or the memo with
``--memo``), ``.csv``/``.json`` (risk register), ``.html`` (printable report). ``--format
tracked-docx`` (the suggested edits as tracked changes) and ``--format clean-draft`` (applied)
take the edits to apply from ``--accept all`` or ``--accept ID,ID``.

Everything that can be wrong with the paths is said before the analysis starts: an unknown
format, a contract that is not a file, a review store that does not exist, a destination that is
a folder, lies in a missing folder or is one of the inputs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from contractreview.analysis.results import AnalysisResult
from contractreview.atomic_write import check_destination
from contractreview.errors import ContractReviewError, ExportError
from contractreview.export.registry import (
    FORMATS,
    ExportFormat,
    ExportOutcome,
    ExportRequest,
    export_review,
    format_by_key,
    format_for,
)
from contractreview.review.store import Annotation, ReviewStore, default_store_path


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    target = Path(args.target)
    _check_source(source)
    store = review_store_path(args.review)
    inputs = (source, store)
    check_destination(target, inputs)
    fmt = _format(args, target)  # an unknown format fails before the analysis
    t0 = time.perf_counter()
    result = analyze_file(source, playbook=args.playbook, side=args.side)
    t1 = time.perf_counter()
    annotations = stored_annotations(result, store)
    decisions = {}
    if args.accept:
        from contractreview.export.tracked_changes import decisions_from_ids

        decisions = decisions_from_ids(result, args.accept)
    done = export_review(
        ExportRequest(result, target, annotations, source=source, reviewer=args.reviewer or "",
                      protect=inputs, decisions=decisions),
        fmt,
    )  # fmt: skip
    summary = done.summary
    t2 = time.perf_counter()
    for warning in result.document.warnings:  # content the review does not cover
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{summary} (analysis {t1 - t0:.2f} s, export {t2 - t1:.2f} s)", file=sys.stderr)
    return 0


def _format(args: argparse.Namespace, target: Path) -> ExportFormat:
    """The format ``--format`` names, else the one the target's extension asks for; the
    tracked-changes copy and the clean draft need ``--accept``."""
    if not getattr(args, "format_key", None):
        if getattr(args, "accept", None):
            raise ExportError("--accept applies to --format tracked-docx or clean-draft.")
        return format_for(target, memo=args.memo)
    try:
        fmt = format_by_key(args.format_key)
    except KeyError:
        keys = ", ".join(f.key for f in FORMATS)
        raise ExportError(f"Unknown format '{args.format_key}' (known: {keys}).") from None
    if fmt.key in ("tracked-docx", "clean-draft") and not args.accept:
        raise ExportError(
            f"The {fmt.key} export applies the suggested edits you accept: add --accept all, "
            "or --accept with edit ids (see `contractreview edits FILE`)."
        )
    if target.suffix.lower() not in fmt.suffixes:
        raise ExportError(f"The {fmt.key} export writes {' or '.join(fmt.suffixes)} files.")
    return fmt


def _check_source(source: Path) -> None:
    if source.is_dir():
        raise ExportError(f"{source} is a folder; give the Word file (.docx) to review.")
    if not source.exists():
        raise ExportError(f"{source} does not exist.")


def review_store_path(given: str | None) -> Path:
    """The review store to read: ``--review``'s, which must exist (a mistyped path would
    export no notes without a word), else the user's, which may not exist yet."""
    if not given:
        return default_store_path()
    path = Path(given)
    if path.is_dir():
        raise ExportError(f"The review store {path} is a folder; give the store's file.")
    if not path.is_file():
        raise ExportError(
            f"The review store {path} does not exist; check the path given to --review "
            "(exporting never creates a store)."
        )
    return path


def analyze_file(source: Path, *, playbook: str | None, side: str | None) -> AnalysisResult:
    """Read and analyse the contract; the last :class:`AnalysisResult` the generator yields."""
    from contractreview.analysis.pipeline import analyze
    from contractreview.analysis.playbook import load_playbook
    from contractreview.docx.reader import read_docx

    document = read_docx(source)
    result: AnalysisResult | None = None
    for item in analyze(document, load_playbook(playbook), side):
        if isinstance(item, AnalysisResult):
            result = item
    if result is None:
        raise ContractReviewError(f"The analysis of {source.name} produced no result.")
    return result


def stored_annotations(result: AnalysisResult, store_path: Path | str) -> list[Annotation]:
    """The annotations saved for exactly this file (by SHA-256); none when the store does not
    exist (the user's default store before the first review). Exporting never creates a store
    or a review."""
    path = Path(store_path)
    if not path.is_file():
        return []
    with ReviewStore(path, create=False) as store:
        review = store.find_review(result.document.sha256)
        if review is None:
            return []
        return store.annotations(review.id)


def export(
    result: AnalysisResult,
    source: Path,
    target: Path,
    annotations: list[Annotation],
    *,
    memo: bool = False,
    reviewer: str = "",
    protect: tuple[Path, ...] = (),
) -> str:
    """Write ``target`` in the format its extension names (the memo with ``memo``), never
    onto ``source`` or any of ``protect``; returns a one-line summary."""
    done: ExportOutcome = export_review(
        ExportRequest(result, target, annotations, source=source, reviewer=reviewer,
                      protect=protect),
        format_for(target, memo=memo),
    )  # fmt: skip
    return done.summary
