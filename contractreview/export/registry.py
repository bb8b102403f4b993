"""Every export format, declared once: its key, its menu title, its file suffixes and dialog
filter, whether it copies the source DOCX, and the function that writes it. The CLI and the GUI
both find a format here (:func:`format_for`, :func:`format_by_key`) and write it through
:func:`export_review`, so adding a format touches this file and its own module only.

The writers' modules are imported when a format is written, not when this module is loaded, so
that the window and ``--help`` stay fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contractreview.analysis.edits.model import EditDecision
from contractreview.analysis.results import AnalysisResult
from contractreview.atomic_write import check_destination
from contractreview.errors import ExportError
from contractreview.review.store import Annotation

SKIPPED_SHOWN = 5  # items not anchored that the one-line summary names


@dataclass(frozen=True)
class ExportRequest:
    """What one export needs. ``source`` is the contract's DOCX (for formats that copy it);
    ``protect`` are further inputs that must never be written onto (the review store). The
    contract analysed (``result.document.path``) and ``source`` are always protected."""

    result: AnalysisResult
    target: Path
    annotations: Sequence[Annotation] = ()
    source: Path | None = None
    reviewer: str = ""
    protect: tuple[Path, ...] = ()
    highlight: bool = False  # the annotated copy colours flagged clauses by level
    # the lawyer's decisions on the suggested edits, by edit id; the tracked-changes copy and
    # the clean draft apply the accepted ones
    decisions: Mapping[str, EditDecision] = field(default_factory=dict)

    @property
    def inputs(self) -> tuple[Path, ...]:
        paths = [self.source, *self.protect]
        if self.result.document.path:
            paths.append(Path(self.result.document.path))
        return tuple(p for p in paths if p is not None)


@dataclass(frozen=True)
class ExportOutcome:
    """What was written: the file, a one-line summary for the user, and for the annotated
    copy the findings and notes that got no comment, each with the reason."""

    path: Path
    summary: str
    skipped: tuple[tuple[str, str], ...] = ()


Writer = Callable[[ExportRequest], ExportOutcome]


@dataclass(frozen=True)
class ExportFormat:
    key: str  # stable id: "annotated-docx", "tracked-docx", "clean-draft", "memo", "csv" ...
    title: str  # menu text
    kind: str  # what a file dialog calls the files: "Word document"
    suffixes: tuple[str, ...]  # the first is the default one
    needs_source: bool  # copies the contract's DOCX, so the original file must be at hand
    write: Writer
    name_tag: str  # added to the contract's name for a default file name: "C-memo.docx"

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @property
    def file_filter(self) -> str:
        """A Qt file-dialog filter: ``Word document (*.docx)``."""
        return f"{self.kind} ({' '.join('*' + s for s in self.suffixes)})"

    def default_name(self, contract: Path | str) -> str:
        """A file name for this export of ``contract``: ``msa.docx`` -> ``msa-memo.docx``."""
        return f"{Path(contract).stem}-{self.name_tag}{self.suffix}"


def _write_annotated_docx(req: ExportRequest) -> ExportOutcome:
    from contractreview.export.word_comments import export_annotated_docx

    if req.source is None:
        raise ExportError("The annotated copy needs the original Word file.")
    done = export_annotated_docx(
        req.source,
        req.target,
        req.result,
        req.annotations,
        reviewer=req.reviewer,
        highlight=req.highlight,
        protect=req.inputs,
    )
    line = f"Wrote {req.target} with {done.comments} comments"
    if done.skipped:
        line += f"; {len(done.skipped)} not anchored: " + "; ".join(
            f"{key} ({why})" for key, why in done.skipped[:SKIPPED_SHOWN]
        )
    return ExportOutcome(done.path, line, done.skipped)


def _write_edits(req: ExportRequest, *, tracked: bool) -> ExportOutcome:
    from contractreview.export.tracked_changes import export_edits_docx

    if req.source is None:
        raise ExportError("The Word copy with the edits needs the original Word file.")
    done = export_edits_docx(
        req.source,
        req.target,
        req.result,
        req.decisions,
        tracked=tracked,
        reviewer=req.reviewer,
        protect=req.inputs,
    )
    what = "as tracked changes" if tracked else "applied (clean draft)"
    line = f"Wrote {req.target} with {len(done.applied)} edits {what}"
    if not done.applied and not done.skipped:
        line += " (no suggested edit was accepted)"
    if done.skipped:
        line += f"; {len(done.skipped)} not made: " + "; ".join(
            f"{key} ({why})" for key, why in done.skipped[:SKIPPED_SHOWN]
        )
    return ExportOutcome(done.path, line, done.skipped)


def _write_tracked(req: ExportRequest) -> ExportOutcome:
    return _write_edits(req, tracked=True)


def _write_clean(req: ExportRequest) -> ExportOutcome:
    return _write_edits(req, tracked=False)


def _write_memo(req: ExportRequest) -> ExportOutcome:
    from contractreview.export.memo import export_memo

    path = export_memo(
        req.result, req.target, req.annotations, reviewer=req.reviewer, protect=req.inputs
    )
    return ExportOutcome(path, f"Wrote the review memo {path}")


def _write_csv(req: ExportRequest) -> ExportOutcome:
    from contractreview.export.register import export_register_csv

    path = export_register_csv(req.result, req.target, req.annotations, protect=req.inputs)
    return ExportOutcome(path, f"Wrote the risk register {path}")


def _write_json(req: ExportRequest) -> ExportOutcome:
    from contractreview.export.register import export_register_json

    path = export_register_json(req.result, req.target, req.annotations, protect=req.inputs)
    return ExportOutcome(path, f"Wrote the risk register {path}")


def _write_html(req: ExportRequest) -> ExportOutcome:
    from contractreview.export.html import export_html

    path = export_html(
        req.result, req.target, req.annotations, reviewer=req.reviewer, protect=req.inputs
    )
    return ExportOutcome(path, f"Wrote the report {path}")


ANNOTATED_DOCX = ExportFormat(
    "annotated-docx",
    "Word copy with comments…",
    "Word document",
    (".docx",),
    needs_source=True,
    write=_write_annotated_docx,
    name_tag="reviewed",
)
TRACKED_DOCX = ExportFormat(
    "tracked-docx",
    "Word copy with suggested edits as tracked changes…",
    "Word document",
    (".docx",),
    needs_source=True,
    write=_write_tracked,
    name_tag="edits",
)
CLEAN_DRAFT = ExportFormat(
    "clean-draft",
    "Our draft (suggested edits applied)…",
    "Word document",
    (".docx",),
    needs_source=True,
    write=_write_clean,
    name_tag="draft",
)
MEMO = ExportFormat(
    "memo",
    "Review memo (Word)…",
    "Word document",
    (".docx",),
    needs_source=False,
    write=_write_memo,
    name_tag="memo",
)
CSV = ExportFormat(
    "csv",
    "Risk register (CSV)…",
    "CSV spreadsheet",
    (".csv",),
    needs_source=False,
    write=_write_csv,
    name_tag="register",
)
JSON = ExportFormat(
    "json",
    "Risk register (JSON)…",
    "JSON file",
    (".json",),
    needs_source=False,
    write=_write_json,
    name_tag="register",
)
HTML = ExportFormat(
    "html",
    "Printable report (HTML)…",
    "HTML report",
    (".html", ".htm"),
    needs_source=False,
    write=_write_html,
    name_tag="report",
)

FORMATS: tuple[ExportFormat, ...] = (
    ANNOTATED_DOCX, TRACKED_DOCX, CLEAN_DRAFT, MEMO, CSV, JSON, HTML,
)  # fmt: skip


def format_by_key(key: str) -> ExportFormat:
    for fmt in FORMATS:
        if fmt.key == key:
            return fmt
    raise KeyError(key)


def format_for(path: Path | str, memo: bool = False) -> ExportFormat:
    """The format a file name asks for; ``.docx`` is the annotated copy, or the memo with
    ``memo``. An unknown suffix is an :class:`ExportError` listing the known ones."""
    suffix = Path(path).suffix.lower()
    matches = [f for f in FORMATS if suffix in f.suffixes]
    if not matches:
        raise ExportError(
            f"Cannot tell the export format from {Path(path).name}: use .docx (annotated copy, "
            "or the memo with --memo), .csv or .json (risk register) or .html (report)."
        )
    if memo and MEMO in matches:
        return MEMO
    return next(f for f in matches if f not in (MEMO, TRACKED_DOCX, CLEAN_DRAFT))


def export_review(request: ExportRequest, fmt: ExportFormat | None = None) -> ExportOutcome:
    """Write ``request.target`` in ``fmt`` (default: the format its name asks for)."""
    fmt = fmt or format_for(request.target)
    if fmt.needs_source and request.source is None:
        raise ExportError(f"The {fmt.title.rstrip('…')} needs the original Word file.")
    check_destination(request.target, request.inputs)
    return fmt.write(request)
