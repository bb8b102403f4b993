"""The GUI's exports, in one place: what the Export menu offers, the file dialog, and the
writer that runs on the save thread (after every pending annotation edit).

When ``contractreview.export.registry`` lands, :data:`EXPORTS` and :func:`write_export` are
what it replaces: the menu and the window ask only for a kind's menu text, filter and suffix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:
    from contractreview.analysis.results import AnalysisResult
    from contractreview.review.store import ReviewStore


@dataclass(frozen=True)
class ExportKind:
    menu_text: str
    file_filter: str
    suffix: str  # appended to the contract's stem for the suggested file name


EXPORTS: dict[str, ExportKind] = {
    "docx": ExportKind(
        "Annotated Word document (comments on each finding)…",
        "Word document (*.docx)",
        "-annotated.docx",
    ),
    "memo": ExportKind("Review memo (Word)…", "Word document (*.docx)", "-memo.docx"),
    "csv": ExportKind("Risk register (CSV)…", "CSV file (*.csv)", "-register.csv"),
    "html": ExportKind("Report (HTML)…", "Web page (*.html)", "-report.html"),
}


def ask_export_path(parent: QWidget, kind: str, source: str) -> str | None:
    """The file to write, chosen by the user (beside the contract by default)."""
    spec = EXPORTS[kind]
    src = Path(source)
    default = str(src.with_name(src.stem + spec.suffix))
    path, _ = QFileDialog.getSaveFileName(parent, "Export", default, spec.file_filter)
    return path or None


@dataclass(frozen=True)
class ExportJob:
    """One export, with everything it needs captured on the GUI thread."""

    kind: str
    target: Path
    result: AnalysisResult
    source: str  # the contract's path (the annotated copy is written from it)
    review_id: int
    reviewer: str
    highlight: bool

    def write(self, store: ReviewStore) -> str:
        """Write the export with the review's saved annotations (save thread)."""
        annotations = store.annotations(self.review_id)
        result, target, reviewer = self.result, self.target, self.reviewer
        if self.kind == "docx":
            from contractreview.export.word_comments import export_annotated_docx

            export_annotated_docx(
                self.source, target, result, annotations, reviewer=reviewer,
                highlight=self.highlight,
            )  # fmt: skip
        elif self.kind == "memo":
            from contractreview.export.memo import export_memo

            export_memo(result, target, annotations, reviewer=reviewer)
        elif self.kind == "csv":
            from contractreview.export.register import export_register_csv

            export_register_csv(result, target, annotations)
        elif self.kind == "html":
            from contractreview.export.html import export_html

            export_html(result, target, annotations, reviewer=reviewer)
        else:
            raise ValueError(self.kind)
        return str(target)
