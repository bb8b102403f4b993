"""The main window, a shell: it opens a contract, shows it at once, and wires the document
view, the findings, the details and the summary to the objects that do the work.

* :class:`~contractreview_ui.analysis_runner.AnalysisRunner` reviews the document on the
  ``model`` thread;
* :class:`~contractreview_ui.review_session.ReviewSession` owns the review store (``save``
  thread) and the snapshot of the open review;
* :class:`~contractreview_ui.gist_controller.GistController` runs the plain-English gists, and
  :class:`~contractreview_ui.ask_controller.AskController` the questions of the "Ask" tab;
* :class:`~contractreview_ui.edits_controller.EditsController` shows the suggested edits and
  saves the lawyer's decisions on them;
* :class:`~contractreview_ui.menus.Menus` holds the actions, menus and toolbar;
* :mod:`contractreview_ui.export_actions` writes the exports.

The core does the work; this module only decides what to show.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.errors import ContractReviewError, ModelError
from contractreview_ui.analysis_runner import AnalysisRunner, stage_progress
from contractreview_ui.ask_controller import AskController
from contractreview_ui.ask_panel import AskPanel
from contractreview_ui.checklist_panel import ChecklistPanel
from contractreview_ui.details_panel import DetailsPanel
from contractreview_ui.document_view import DocumentView, TextSelection
from contractreview_ui.edits_controller import EditsController
from contractreview_ui.export_actions import ExportJob, ask_export_path
from contractreview_ui.file_dialogs import ask_contract_path, dropped_docx
from contractreview_ui.findings_panel import FindingsPanel
from contractreview_ui.gist_controller import GistController
from contractreview_ui.menus import Menus
from contractreview_ui.messages import open_error_report, open_message
from contractreview_ui.notes_panel import NotesPanel
from contractreview_ui.review_presenter import ReviewPresenter
from contractreview_ui.review_session import ReviewSession, StoreSnapshot
from contractreview_ui.settings import Settings
from contractreview_ui.status_bar import ReviewStatusBar
from contractreview_ui.summary_panel import SummaryPanel
from contractreview_ui.window_layout import fitted_geometry, size_docks
from contractreview_ui.workers import CallJob, Pools

if TYPE_CHECKING:
    from contractreview.analysis.pipeline import Classifier, Progress
    from contractreview.docx.document import Document
    from contractreview.review.store import Annotation, FindingReview
    from contractreview_ui.dialogs import AboutDialog, SettingsDialog

log = logging.getLogger(__name__)

APP_TITLE = "ContractReview"
OPENED_WITH_WARNINGS = "Part of the document could not be read"


class MainWindow(QMainWindow):
    document_shown = Signal(object)  # Document
    analysis_finished = Signal(object)  # AnalysisResult
    analysis_failed = Signal(str)
    analysis_cancelled = Signal()
    annotations_changed = Signal()
    export_finished = Signal(str)  # path
    warmed_up = Signal()
    message_shown = Signal(str, str)  # title, text
    gist_finished = Signal(str, object)  # "clause" or "overview", the checked Gist
    gist_progress = Signal(str, int)  # kind, tokens written so far (the text is not shown)

    def __init__(
        self,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        classifier: Classifier | None = None,
    ) -> None:
        """``classifier`` replaces the shipped clause model; only tests of threading and
        cancellation pass one (a deliberately slow fake)."""
        super().__init__(parent)
        self._sized_docks = False
        self._restored_geometry = False
        self._warm_started = False
        self.settings = settings or Settings()
        self.pools = Pools(self)
        self.last_message: QMessageBox | None = None

        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self._build_views()
        self.analysis = AnalysisRunner(self.pools, self.settings, classifier, self)
        self._connect_analysis()
        self.summary.side_label = self.analysis.side_label
        self.session = ReviewSession(self.pools, self.settings, self)
        self.session.changed.connect(self._store_updated)
        self.session.failed.connect(self._store_failed)
        self.edits = EditsController(
            self.session, self.details, self.findings.model, self.summary, self
        )
        self.gists = GistController(
            self.pools,
            self.settings,
            {"clause": self.details.gist, "overview": self.summary.overview},
            lambda: self.analysis.running,
            self,
        )
        self.summary.overview.requested.connect(self.gists.explain_contract)
        self.details.source_changed.connect(self.gists.clause_selected)
        self.gists.finished.connect(self.gist_finished)
        self.gists.progress.connect(self.gist_progress)
        self.gists.unexpected.connect(self.show_unexpected)
        self.asks = AskController(self.pools, self.gists, self.ask_panel, self)
        self.asks.unexpected.connect(self.show_unexpected)
        self.ask_panel.citation_clicked.connect(self.select_segment)
        self.menus = Menus(self)
        self.menus.side_box.currentIndexChanged.connect(
            lambda i: self.choose_side(str(self.menus.side_box.itemData(i) or ""))
        )
        self._build_status_bar()
        self._restore_window()
        self._update_gist_availability()
        self._update_actions()

    # == construction =======================================================================
    def _build_views(self) -> None:
        self.view = DocumentView(self)
        self.view.setAcceptDrops(False)
        self.view.segment_clicked.connect(self.select_segment)
        self.view.note_requested.connect(self.note_dialog)
        self.setCentralWidget(self.view)

        self.findings = FindingsPanel()
        self.findings.finding_selected.connect(self.select_finding)
        self.summary = SummaryPanel()
        self.summary.term_clicked.connect(self.select_segment)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.findings, "Findings")
        self.tabs.addTab(self.summary, "Summary")
        self.notes = NotesPanel()
        self.notes.note_selected.connect(self.show_note)
        self.notes.delete_requested.connect(self.delete_note)
        self.tabs.addTab(self.notes, "Notes")
        self.checklist = ChecklistPanel(self.pools)
        self.checklist.evidence_selected.connect(lambda ids: self.view.select_segments(ids))
        self.tabs.addTab(self.checklist, "Checklist")
        # a tab beside the findings, not a dock tabbed under Details: on a 768-pixel screen the
        # dock's tab bar would push the lawyer's note out of view
        self.ask_panel = AskPanel()
        self.tabs.addTab(self.ask_panel, "Ask")
        self.review_dock = self._dock("Review", "review_dock", self.tabs)

        self.details = DetailsPanel()
        self.details.edit_requested.connect(self.edit_annotation)
        self.details.gist.requested.connect(self.explain_clause)
        self.details_dock = self._dock("Details", "details_dock", self.details)
        self.review = ReviewPresenter(
            self.view, self.findings, self.summary, self.details, self.details_dock, self.tabs
        )

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _connect_analysis(self) -> None:
        a = self.analysis
        a.progress.connect(self._analysis_progress)
        a.finished.connect(self._analysis_done)
        a.failed.connect(self._analysis_error)
        a.cancelled.connect(self._analysis_cancelled)
        a.over.connect(self._analysis_over)
        a.warmed_up.connect(self.warmed_up)

    def _build_status_bar(self) -> None:
        self.status = ReviewStatusBar()
        self.setStatusBar(self.status)
        self.status.cancel_button.clicked.connect(self.cancel_analysis)
        # what tests and the smoke test read
        self.stage_label, self.progress = self.status.stage_label, self.status.progress
        self.cancel_button, self.model_label = self.status.cancel_button, self.status.model_label
        self._set_busy(False)

    def _restore_window(self) -> None:
        geo = self.settings.get("window_geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self._restored_geometry = self.restoreGeometry(geo)
        state = self.settings.get("window_state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self._sized_docks = self.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._warm_started:
            self._warm_started = True
            self.analysis.warm_up()
        if not self._sized_docks:  # first run: fitted to the screen, the docks split
            self._sized_docks = True
            screen = self.screen()
            if not self._restored_geometry and screen is not None:
                self.fit_to(screen.availableGeometry())
            else:
                size_docks(self, self.review_dock, self.details_dock)

    def fit_to(self, available: QRect) -> None:
        """Fit the window into a screen's available area and split the docks for that size."""
        self.setGeometry(fitted_geometry(available))
        size_docks(self, self.review_dock, self.details_dock)

    @property
    def snapshot(self) -> StoreSnapshot | None:
        """What the GUI knows of the open review (None until the store has answered)."""
        return self.session.snapshot

    @property
    def document(self) -> Document | None:
        return self.review.document

    @property
    def result(self) -> AnalysisResult | None:
        return self.review.result

    @property
    def _items(self) -> list[FindingReview]:
        return self.review.items

    # == opening ============================================================================
    def open_dialog(self) -> None:
        path = ask_contract_path(self, self.settings.get("recent_files"))
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> None:
        """Open a DOCX: shown as soon as it is read, analysed in the background."""
        from contractreview.docx.reader import read_docx

        path = str(Path(path).resolve())
        self._leave_document()
        gen = self.pools.next_generation()
        self.status.show_stage("Opening…", 0)
        self._set_busy(True)
        log.info("opening a document (generation %d)", gen)
        job = CallJob("read", read_docx, path, generation=gen)
        self.pools.submit(
            "document",
            job,
            finished=lambda doc: self._document_read(doc, path),
            failed=lambda e: self._open_failed(e, path),
        )

    def _leave_document(self) -> None:
        self.details.flush_note()
        self.cancel_analysis()
        self.gists.forget_document()
        self.asks.result = None
        self.session.leave()
        self.edits.set_result(None)
        self.review.clear()
        self.view.notes_enabled = False
        self.notes.set_annotations([])
        self.checklist.set_document(None)
        self.tabs.setTabText(self.tabs.indexOf(self.notes), "Notes")
        self.menus.set_sides([], "")
        self.setWindowTitle(APP_TITLE)
        self._update_actions()

    def close_document(self) -> None:
        self._leave_document()
        self.pools.next_generation()
        self._set_busy(False)
        self.stage_label.setText("")

    def _document_read(self, document: Document, path: str) -> None:
        self.review.document = document
        self.view.show_document(document, highlight=self.settings.get("highlight"))
        title = document.title or Path(path).name
        self.setWindowTitle(f"{Path(path).name} — {APP_TITLE}")
        self.menus.fill_recent(self.settings.add_recent(path))
        self.summary.headline.setText(f"<b>{html.escape(title, quote=False)}</b><br/>Analysing…")
        log.info("document shown: %d blocks, %d words", len(document.blocks), document.words)
        self.document_shown.emit(document)
        if document.warnings:  # only scanned images, an embedded file: say what was not read
            self.show_message(OPENED_WITH_WARNINGS, "\n".join(document.warnings), warning=True)
        # the review says which side we act for: the analysis waits for it (a few ms)
        self.session.open(document, self._review_opened, self._review_open_failed)

    def _review_opened(self, snapshot: StoreSnapshot) -> None:
        self.start_analysis(snapshot.side)

    def _review_open_failed(self, error: BaseException) -> None:
        self._store_failed(error)
        self.start_analysis()

    def _open_failed(self, error: BaseException, path: str) -> None:
        self._set_busy(False)
        self.stage_label.setText("")
        name = Path(path).name
        if isinstance(error, ContractReviewError):
            self.show_message("Cannot open the document", f"{name}: {error}", warning=True)
        elif isinstance(error, OSError):
            reason = error.strerror or str(error)
            self.show_message(
                "Cannot open the document", f"{name} cannot be read: {reason}", warning=True
            )
        else:
            self.show_unexpected(error)

    # == analysis ===========================================================================
    def start_analysis(self, side: str | None = None) -> None:
        """Analyse the open document on the model thread (cancelling any analysis running),
        for ``side``, else the side stored with the review, else the contract type's."""
        if self.document is None:
            return
        if side is None and self.snapshot is not None:
            side = self.snapshot.side
        self.analysis.start(self.document, side)
        self.menus.side_box.setEnabled(False)
        self._set_busy(True)
        self.stage_label.setText("Preparing the analysis…")

    def cancel_analysis(self) -> None:
        if self.analysis.cancel():
            self.stage_label.setText("Cancelling…")

    def _analysis_over(self) -> None:
        self._set_busy(False)
        self.menus.side_box.setEnabled(self.menus.side_box.count() > 1)
        self._update_actions()

    def _analysis_progress(self, event: Progress) -> None:
        value, text = stage_progress(event)
        self.status.show_stage(text, value)

    def _analysis_done(self, result: AnalysisResult) -> None:
        self.review.result = result
        self.gists.result = result
        self.edits.set_result(result)
        self.asks.result = result
        self.model_label.setText("")
        counts = {lv: sum(1 for f in result.findings if f.risk.level == lv) for lv in RiskLevel}
        log.info(
            "analysis done: %d segments, %d findings (%d high), %.2f s",
            len(result.segments),
            len(result.findings),
            counts[RiskLevel.HIGH],
            result.timings.get("total_s", 0.0),
        )
        shown = self.details.finding_id, self.details.source_key
        self._show_review(full=True)
        self.review.reselect(*shown)  # a new side: the details show the new level at once
        self.menus.set_sides(
            self.analysis.sides(result.document.contract_type, result.side), result.side
        )
        self.stage_label.setText(f"{len(result.findings)} findings")
        self.session.carry_over(result)
        is_nda = result.document.contract_type == "nda"  # its checklist runs unasked
        self.checklist.set_document(self.document, result.side if is_nda else None)
        if is_nda:
            self.checklist.run()
        self.analysis_finished.emit(result)

    def choose_side(self, side: str) -> None:
        """The toolbar's side: stored with this review, and the review redone for it."""
        if self.result is None or not side or side == self.result.side:
            return
        self.session.set_side(side)
        self.start_analysis(side)

    def _analysis_error(self, error: BaseException) -> None:
        self.stage_label.setText("Analysis failed")
        if isinstance(error, ModelError):
            self.status.show_model_unavailable(str(error))
            self.summary.headline.setText(
                "<b>The contract can be read, but not analysed.</b><br/>"
                + html.escape(str(error), quote=False)
            )
            self.analysis_failed.emit(str(error))
        elif isinstance(error, ContractReviewError):
            self.show_message("The analysis could not run", str(error), warning=True)
            self.analysis_failed.emit(str(error))
        else:
            self.analysis_failed.emit(type(error).__name__)
            self.show_unexpected(error)

    def _analysis_cancelled(self) -> None:
        self.stage_label.setText("Analysis cancelled")
        self.analysis_cancelled.emit()

    def _set_busy(self, busy: bool) -> None:
        self.status.set_busy(busy)
        self.menus.cancel_action.setEnabled(busy)

    # == review store =======================================================================
    def _store_failed(self, error: BaseException) -> None:
        if isinstance(error, ContractReviewError):
            self.show_message("Your annotation could not be saved", str(error), warning=True)
        else:
            self.show_unexpected(error)

    def _store_updated(self, snapshot: StoreSnapshot) -> None:
        self.view.notes_enabled = True
        on_text = self.notes.show_notes(snapshot.annotations)  # and the notes on findings
        self.view.set_notes(
            [(a.block, a.start, a.end) for a in on_text if a.block and a.start is not None]
        )
        count = self.notes.model.rowCount()
        self.tabs.setTabText(self.tabs.indexOf(self.notes), f"Notes ({count})")
        self._show_review(full=False)
        if self.result is not None:
            self.session.carry_over(self.result)
        self._update_actions()
        self.annotations_changed.emit()

    def edit_annotation(self, finding_id: str, changes: dict[str, Any]) -> None:
        """Save an edit of a finding's annotation at once (on the save thread)."""
        item = self.item(finding_id) if self.result is not None else None
        if item is not None:
            self.session.edit(item.finding, changes, then=lambda _s: self.details.show_saved())

    def note_dialog(self, selection: TextSelection | None) -> None:
        """ "Add note on selection": ask for the note (the window keeps working meanwhile)."""
        from contractreview_ui.dialogs import NoteDialog

        if selection is None or self.snapshot is None:
            return
        dialog = NoteDialog(selection.quote, self)
        dialog.accepted.connect(lambda: self.add_note(selection, dialog.text()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.note_dialog_shown = dialog

    def add_note(self, selection: TextSelection, note: str) -> None:
        """Save a note on a span of one block's text."""
        self.session.add_note(selection, note, then=lambda _s: self._note_saved())

    def _note_saved(self) -> None:
        self.tabs.setCurrentWidget(self.notes)
        self.statusBar().showMessage("Note saved", 3000)

    def delete_note(self, annotation_id: int) -> None:
        self.session.delete_note(annotation_id)

    def show_note(self, note: Annotation) -> None:
        if note.finding_id is not None:
            self.select_finding(note.finding_id)
        elif note.block is not None and note.start is not None and note.end is not None:
            self.view.select_text(note.block, note.start, note.end)

    def undo(self) -> None:
        self.details.flush_note()
        self.session.undo_redo("undo", then=lambda _s: self.review.refresh_details())

    def redo(self) -> None:
        self.details.flush_note()
        self.session.undo_redo("redo", then=lambda _s: self.review.refresh_details())

    # == showing the review =================================================================
    def _show_review(self, *, full: bool) -> None:
        annotations = self.snapshot.annotations if self.snapshot else ()
        self.review.show(annotations, full=full, highlight=self._highlight())
        self._update_actions()

    def _highlight(self) -> bool:
        return self.menus.highlight_action.isChecked()

    def item(self, finding_id: str) -> FindingReview | None:
        return self.review.item(finding_id)

    def select_finding(self, finding_id: str) -> None:
        """Select a finding everywhere: table, document (scrolled to it) and details."""
        self.review.select_finding(finding_id)

    def select_segment(self, segment_id: str) -> None:
        """A click in the document or on a key term: its finding if it has one."""
        self.review.select_segment(segment_id)

    def step(self, delta: int, *, high_only: bool = False) -> None:
        self.tabs.setCurrentWidget(self.findings)
        if not self.findings.step(delta, high_only=high_only):
            what = "high-risk finding" if high_only else "finding"
            where = "after" if delta > 0 else "before"
            self.statusBar().showMessage(f"No {what} {where} this one.", 3000)

    def toggle_highlight(self) -> None:
        self.settings.set("highlight", self._highlight())
        self.review.redraw(self._highlight())

    # == exports ============================================================================
    def export_dialog(self, kind: str) -> None:
        if self.result is not None and self.document is not None:
            path = ask_export_path(self, kind, self.document.path)
            if path:
                self.export(kind, path)

    def export(self, kind: str, path: str | Path) -> None:
        """Write an export on the save thread, after every pending annotation edit."""
        if self.result is None or self.document is None or self.snapshot is None:
            return
        self.details.flush_note()
        job = ExportJob(
            kind,
            Path(path),
            self.result,
            self.document.path,
            self.snapshot.review_id,
            self.settings.get("reviewer"),
            self.menus.highlight_action.isChecked(),
        )
        self.statusBar().showMessage("Exporting…")
        self.session.call(
            f"export-{kind}", job.write, finished=self._exported, failed=self._export_failed
        )

    def _export_failed(self, error: BaseException) -> None:
        self.statusBar().clearMessage()
        if isinstance(error, ContractReviewError):
            self.show_message("The export could not be written", str(error), warning=True)
        else:
            self.show_unexpected(error)

    def _exported(self, path: str) -> None:
        self.statusBar().showMessage(f"Saved {Path(path).name}", 5000)
        self.show_message("Export finished", f"Saved to {path}")
        self.export_finished.emit(path)

    # == plain-English gists ================================================================
    def _update_gist_availability(self) -> None:
        self.gists.update_availability()

    def explain_clause(self) -> None:
        """Explain the clause shown in the details panel, in plain English (checked)."""
        self.gists.explain_clause(self.details.source_text, self.details.source_key)

    # == settings, about, messages ==========================================================
    def open_settings(self) -> None:
        from contractreview_ui.dialogs import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        before: str = self.settings.get("playbook")
        gist_before = self.gists.model_settings()
        dialog.accepted.connect(lambda: self._settings_accepted(dialog, before, gist_before))
        dialog.open()
        self.settings_dialog = dialog

    def _settings_accepted(
        self, dialog: SettingsDialog, before: str, gist_before: tuple[str, str]
    ) -> None:
        dialog.apply()
        self.menus.highlight_action.setChecked(self.settings.get("highlight"))
        self.toggle_highlight()
        self.gists.settings_changed(gist_before)
        if self.settings.get("playbook") != before:
            self.analysis.playbook = None
            self.start_analysis()

    def show_about(self) -> None:
        from contractreview_ui.dialogs import AboutDialog

        self.about_dialog: AboutDialog = AboutDialog(self)
        self.about_dialog.open()

    def show_message(self, title: str, text: str, *, warning: bool = False) -> None:
        """A message that does not block the event loop (the analysis keeps running)."""
        self.last_message = open_message(self, title, text, warning=warning)
        self.message_shown.emit(title, text)

    def show_unexpected(self, error: BaseException) -> None:
        self.error_dialog = open_error_report(self, error)
        self.message_shown.emit("unexpected", type(error).__name__)

    # == drag and drop ======================================================================
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if dropped_docx(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = dropped_docx(event)
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    # == state ==============================================================================
    def _update_actions(self) -> None:
        snap = self.snapshot
        self.menus.update(
            has_document=self.document is not None,
            can_export=self.result is not None and snap is not None,
            can_undo=bool(snap and snap.can_undo),
            can_redo=bool(snap and snap.can_redo),
            has_findings=bool(self._items),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.details.flush_note()
        self.settings.set("window_geometry", self.saveGeometry())
        self.settings.set("window_state", self.saveState())
        self.settings.sync()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> bool:
        """Stop background work (pending saves finish first) and close the store."""
        if self.pools.closed:
            return True
        self.cancel_analysis()
        self.gists.cancel_all()
        self.asks.cancel()
        self.session.close()
        return self.pools.shutdown()
