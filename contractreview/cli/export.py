"""``contractreview export FILE.docx --to OUT``: analyse the contract, merge the lawyer's
annotations from the review store, and write OUT in the format its extension names:
``.docx`` (the annotated copy, or the memo with ``--memo``), ``.csv``/``.json`` (risk register),
``.html`` (printable report)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from contractreview.analysis.results import AnalysisResult
from contractreview.errors import ContractReviewError, ExportError
from contractreview.review.store import Annotation, ReviewStore, default_store_path

FORMATS = (".docx", ".csv", ".json", ".html", ".htm")


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    target = Path(args.target)
    ext = target.suffix.lower()
    if ext not in FORMATS:
        raise ExportError(
            f"Cannot tell the export format from {target.name}: use .docx (annotated copy, or "
            "the memo with --memo), .csv or .json (risk register) or .html (report)."
        )
    if not source.exists():
        raise ExportError(f"{source} does not exist.")
    reviewer = args.reviewer or ""
    t0 = time.perf_counter()
    result = analyze_file(source, playbook=args.playbook, side=args.side)
    t1 = time.perf_counter()
    annotations = stored_annotations(result, args.review)
    message = export(result, source, target, annotations, memo=args.memo, reviewer=reviewer)
    t2 = time.perf_counter()
    for warning in result.document.warnings:  # content the review does not cover
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{message} (analysis {t1 - t0:.2f} s, export {t2 - t1:.2f} s)", file=sys.stderr)
    return 0


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


def stored_annotations(result: AnalysisResult, store_path: str | None) -> list[Annotation]:
    """The annotations saved for exactly this file (by SHA-256); none when there is no store.
    Exporting never creates a store or a review."""
    path = Path(store_path) if store_path else default_store_path()
    if not path.is_file():
        return []
    with ReviewStore(path) as store:
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
) -> str:
    """Write ``target`` in the format its extension names; returns a one-line summary."""
    ext = target.suffix.lower()
    if ext == ".docx" and memo:
        from contractreview.export.memo import export_memo

        export_memo(result, target, annotations, reviewer=reviewer)
        return f"Wrote the review memo {target}"
    if ext == ".docx":
        from contractreview.export.word_comments import export_annotated_docx

        done = export_annotated_docx(source, target, result, annotations, reviewer=reviewer)
        line = f"Wrote {target} with {done.comments} comments"
        if done.skipped:
            line += f"; {len(done.skipped)} not anchored: " + "; ".join(
                f"{key} ({why})" for key, why in done.skipped[:5]
            )
        return line
    if ext == ".csv":
        from contractreview.export.register import export_register_csv

        export_register_csv(result, target, annotations)
        return f"Wrote the risk register {target}"
    if ext == ".json":
        from contractreview.export.register import export_register_json

        export_register_json(result, target, annotations)
        return f"Wrote the risk register {target}"
    from contractreview.export.html import export_html

    export_html(result, target, annotations, reviewer=reviewer)
    return f"Wrote the report {target}"
