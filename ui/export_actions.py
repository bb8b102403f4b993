"""The GUI's exports: the Export menu offers every format of the core's registry
(:mod:`contractreview.export.registry`, which the command line uses too); this module adds the
file dialog and the job that runs on the save thread, after every pending annotation edit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from contractreview.export.registry import (
    FORMATS,
    ExportFormat,
    ExportRequest,
    export_review,
    format_by_key,
)

if TYPE_CHECKING:
    from contractreview.analysis.results import AnalysisResult
    from contractreview.review.store import ReviewStore

# menu order: the registry's
EXPORTS: dict[str, ExportFormat] = {fmt.key: fmt for fmt in FORMATS}


def ask_export_path(parent: QWidget, kind: str, source: str) -> str | None:
    """The file to write, chosen by the user (beside the contract by default)."""
    fmt = format_by_key(kind)
    default = str(Path(source).with_name(fmt.default_name(source)))
    path, _ = QFileDialog.getSaveFileName(parent, "Export", default, fmt.file_filter)
    if path and not Path(path).suffix:
        path += fmt.suffix  # the user typed a name without the format's ending
    return path or None


@dataclass(frozen=True)
class ExportJob:
    """One export, with everything it needs captured on the GUI thread."""

    kind: str  # a registry key: "annotated-docx", "tracked-docx", "clean-draft", "memo", ...
    target: Path
    result: AnalysisResult
    source: str  # the contract's path (the annotated copy is written from it)
    review_id: int
    reviewer: str
    highlight: bool

    def write(self, store: ReviewStore) -> str:
        """Write the export with the review's saved annotations and its decisions on the
        suggested edits (save thread: every pending edit is saved by then)."""
        request = ExportRequest(
            self.result,
            self.target,
            store.annotations(self.review_id),
            source=Path(self.source),
            reviewer=self.reviewer,
            protect=(store.path,),
            highlight=self.highlight,
            decisions=store.edit_decisions(self.review_id),
        )
        return str(export_review(request, format_by_key(self.kind)).path)
