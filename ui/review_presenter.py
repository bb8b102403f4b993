"""What the window shows of the open review: the findings with the lawyer's annotations in
the table, the summary and the document, and one selection kept in step everywhere (table,
document, details)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDockWidget, QTabWidget

from contractreview_ui.details_panel import DetailsPanel
from contractreview_ui.document_view import DocumentView
from contractreview_ui.findings_panel import FindingsPanel
from contractreview_ui.summary_panel import SummaryPanel

if TYPE_CHECKING:
    from contractreview.analysis.results import AnalysisResult, RiskLevel
    from contractreview.docx.document import Document
    from contractreview.review.store import Annotation, FindingReview


class ReviewPresenter:
    """Holds the open document, its analysis and the reviewed findings; shows them."""

    def __init__(
        self,
        view: DocumentView,
        findings: FindingsPanel,
        summary: SummaryPanel,
        details: DetailsPanel,
        details_dock: QDockWidget,
        tabs: QTabWidget,
    ) -> None:
        self.view, self.findings, self.summary = view, findings, summary
        self.details, self.details_dock, self.tabs = details, details_dock, tabs
        self.document: Document | None = None
        self.result: AnalysisResult | None = None
        self.items: list[FindingReview] = []
        self._syncing = False

    def clear(self) -> None:
        self.document = None
        self.result = None
        self.items = []
        self.view.show_document(None)
        self.findings.model.set_review(None, [])
        self.findings.set_types([])
        self.summary.show_result(None, [])
        self.details.clear()

    def levels(self) -> dict[str, RiskLevel]:
        return {i.finding.id: i.level for i in self.items}

    def show(self, annotations: Sequence[Annotation], *, full: bool, highlight: bool) -> None:
        """The findings as the lawyer reviewed them; ``full`` after a new analysis."""
        result = self.result
        if result is None:
            return
        from contractreview.review.store import reviewed_findings

        old_levels = self.levels()
        self.items = reviewed_findings(result, list(annotations))
        if full or not self.findings.model.rowCount():
            self.findings.model.set_review(result, self.items)
            self.findings.set_types(self.findings.model.types())
            self.summary.show_result(result, self.items)
        else:
            self.findings.model.update_items(self.items)
            self.summary.update_counts(result, self.items)
        if full or self.levels() != old_levels:
            self.redraw(highlight)

    def redraw(self, highlight: bool) -> None:
        """The document again (levels or highlighting changed), keeping its selection."""
        if self.document is not None:
            selected = self.view.selected_segments()
            self.view.show_document(self.document, self.result, self.levels(), highlight=highlight)
            self.view.select_segments(selected, scroll=False)

    def item(self, finding_id: str | None) -> FindingReview | None:
        return next((i for i in self.items if i.finding.id == finding_id), None)

    def select_finding(self, finding_id: str) -> None:
        """Select a finding everywhere: table, document (scrolled to it) and details."""
        item = self.item(finding_id)
        if self._syncing or self.result is None or item is None:
            return
        self._syncing = True
        try:
            self.findings.select_finding(finding_id)
            self.view.select_segments(item.finding.segments)
            self.details.show_finding(self.result, item)
            self.details_dock.show()
        finally:
            self._syncing = False

    def select_segment(self, segment_id: str) -> None:
        """A click in the document or on a key term: its finding if it has one."""
        if self.result is None:
            return
        for item in self.items:
            if segment_id in item.finding.segments:
                self.tabs.setCurrentWidget(self.findings)
                self.select_finding(item.finding.id)
                return
        try:
            seg = self.result.segment(segment_id)
        except KeyError:
            return
        self.findings.table.clearSelection()
        self.view.select_segments([segment_id])
        self.details.show_segment(seg)

    def reselect(self, finding_id: str | None, key: str | None) -> None:
        """Show again what the details showed before a new analysis (the new level)."""
        result = self.result
        if self.item(finding_id) is not None and finding_id is not None:
            self.select_finding(finding_id)
        elif result is not None and key is not None and any(s.id == key for s in result.segments):
            self.select_segment(key)
        else:
            self.details.clear()

    def refresh_details(self) -> None:
        """The store changed (undo, redo): the details show the saved annotation."""
        item = self.item(self.details.finding_id)
        if item is not None:
            self.details.update_annotation(item)
