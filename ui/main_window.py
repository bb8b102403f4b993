"""The main window: opens a contract, shows it at once, runs the review in the background, and
wires the document view, the findings, the details and the summary together.

All work off the GUI thread goes through :mod:`contractreview_ui.workers` (reading on the
``document`` pool, the model on ``model``, the review store and exports on ``save``). The core
does the work; this module only decides what to show.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QTabWidget,
    QWidget,
)

from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.docx.document import Document
from contractreview.errors import ContractReviewError, ModelError
from contractreview_ui.details_panel import DetailsPanel
from contractreview_ui.document_view import DocumentView
from contractreview_ui.findings_panel import FindingsPanel
from contractreview_ui.gist_view import NO_MODEL_HINT, NO_MODEL_SHORT, GistBox
from contractreview_ui.notes_panel import NotesPanel
from contractreview_ui.settings import Settings
from contractreview_ui.summary_panel import SummaryPanel
from contractreview_ui.workers import CallJob, GeneratorJob, Pools

log = logging.getLogger(__name__)

APP_TITLE = "ContractReview"
OPENED_WITH_WARNINGS = "Part of the document could not be read"
DOCX_FILTER = "Word documents (*.docx);;All files (*)"

# name -> (menu text, file filter, default suffix)
EXPORTS: dict[str, tuple[str, str, str]] = {
    "docx": (
        "Annotated Word document (comments on each finding)…",
        "Word document (*.docx)",
        "-annotated.docx",
    ),
    "memo": ("Review memo (Word)…", "Word document (*.docx)", "-memo.docx"),
    "csv": ("Risk register (CSV)…", "CSV file (*.csv)", "-register.csv"),
    "html": ("Report (HTML)…", "Web page (*.html)", "-report.html"),
}

_STAGE_TEXT = {
    "parse": "Reading the contract",
    "segment": "Splitting into clauses",
    "model": "Scoring clauses with the local model",
    "rules": "Applying the playbook",
    "done": "Finishing",
}
_STAGE_RANGE = {
    "parse": (0, 5),
    "segment": (5, 15),
    "model": (15, 95),
    "rules": (95, 99),
    "done": (99, 100),
}


GIST_MAX_NEW_TOKENS = 160


@dataclass(frozen=True)
class GistProgress:
    """How far a gist has been written: a token count only, never the unchecked text."""

    tokens: int


@dataclass(frozen=True)
class GistDone:
    """The end of a gist run: the checked ``contractreview.gist.engine.Gist``."""

    gist: Any


@dataclass(frozen=True)
class StoreSnapshot:
    """What the GUI knows of the store for the open document, taken on the save thread."""

    review_id: int
    annotations: tuple[Any, ...]
    can_undo: bool
    can_redo: bool


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
        classifier: Any = None,
    ) -> None:
        """``classifier`` replaces the shipped clause model; only tests of threading and
        cancellation pass one (a deliberately slow fake)."""
        super().__init__(parent)
        self._classifier_override = classifier
        self._sized_docks = False
        self._warm_started = False
        self.settings = settings or Settings()
        self.pools = Pools(self)
        self.document: Document | None = None
        self.result: AnalysisResult | None = None
        self.snapshot: StoreSnapshot | None = None
        self.last_message: QMessageBox | None = None
        self._classifier: Any = None
        self._playbook: Any = None
        self._store: Any = None  # lives on the save thread only
        self._items: list[Any] = []
        self._syncing = False
        self._analysis_job: GeneratorJob | None = None
        self._carry_checked = False
        self._gist_engine: Any = None  # created, loaded and run on the model thread only
        self._gist_engine_key: tuple[str, str] | None = None
        self._gist_jobs: dict[int, GeneratorJob] = {}  # id(box) -> its run in flight
        self._gist_running: GeneratorJob | None = None  # the gist job on the model thread now
        self._gist_cache: dict[tuple[Any, ...], Any] = {}

        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self._build_views()
        self._build_actions()
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
        self.review_dock = QDockWidget("Review", self)
        self.review_dock.setObjectName("review_dock")
        self.review_dock.setWidget(self.tabs)
        self.review_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.review_dock)

        self.details = DetailsPanel()
        self.details.edit_requested.connect(self.edit_annotation)
        self._connect_gist_box(self.details.gist, self.explain_clause)
        self._connect_gist_box(self.summary.overview, self.explain_contract)
        self.summary.side_label = self._side_label
        self.details_dock = QDockWidget("Details", self)
        self.details_dock.setObjectName("details_dock")
        self.details_dock.setWidget(self.details)
        self.details_dock.setFeatures(self.review_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)

    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                act.setShortcuts(shortcut)
            else:
                act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey  # noqa: N806
        self.open_action = self._action("&Open…", self.open_dialog, S.Open, "Open a Word contract")
        self.close_action = self._action("&Close", self.close_document, S.Close)
        self.quit_action = self._action("&Quit", self.close, S.Quit)
        self.undo_action = self._action("&Undo annotation edit", self.undo, S.Undo)
        self.redo_action = self._action(
            "&Redo annotation edit", self.redo, [QKeySequence(S.Redo), QKeySequence("Ctrl+Y")]
        )
        self.find_action = self._action("&Search findings", self.findings.focus_search, S.Find)
        self.settings_action = self._action("&Settings…", self.open_settings, "Ctrl+,")
        self.next_action = self._action(
            "&Next finding", lambda: self.step(1), "F8", "Next finding (F8)"
        )
        self.prev_action = self._action(
            "&Previous finding", lambda: self.step(-1), "Shift+F8", "Previous finding (Shift+F8)"
        )
        self.next_high_action = self._action(
            "Next &high risk",
            lambda: self.step(1, high_only=True),
            "Ctrl+F8",
            "Next high-risk finding (Ctrl+F8)",
        )
        self.cancel_action = self._action("&Cancel analysis", self.cancel_analysis, "Ctrl+.")
        self.highlight_action = self._action(
            "&Highlight flagged clauses", self._toggle_highlight, "Ctrl+Shift+H"
        )
        self.highlight_action.setCheckable(True)
        self.highlight_action.setChecked(self.settings.get("highlight"))
        self.about_action = self._action("&About and model card", self.show_about)
        self.export_actions = {
            kind: self._action(text, lambda k=kind: self.export_dialog(k))
            for kind, (text, _f, _s) in EXPORTS.items()
        }

        self._set_icons()
        bar = self.menuBar()
        m = bar.addMenu("&File")
        m.addAction(self.open_action)
        self.recent_menu = m.addMenu("Open &recent")
        self._fill_recent()
        m.addAction(self.close_action)
        m.addSeparator()
        export_menu = m.addMenu("&Export")
        for act in self.export_actions.values():
            export_menu.addAction(act)
        self.export_menu = export_menu
        m.addSeparator()
        m.addAction(self.settings_action)
        m.addSeparator()
        m.addAction(self.quit_action)
        m = bar.addMenu("&Edit")
        m.addActions([self.undo_action, self.redo_action, self.find_action])
        m = bar.addMenu("&Review")
        m.addActions([self.next_action, self.prev_action, self.next_high_action])
        m.addSeparator()
        m.addAction(self.cancel_action)
        m = bar.addMenu("&View")
        m.addAction(self.highlight_action)
        m.addAction(self.review_dock.toggleViewAction())
        m.addAction(self.details_dock.toggleViewAction())
        m = bar.addMenu("&Help")
        m.addAction(self.about_action)

        tb = self.addToolBar("Main")
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.open_action)
        tb.addAction(self.export_actions["docx"])
        self.export_actions["docx"].setIconText("Export annotated")
        tb.addSeparator()
        tb.addActions([self.prev_action, self.next_action, self.next_high_action])
        tb.addSeparator()
        tb.addAction(self.undo_action)
        self.undo_action.setIconText("Undo")
        tb.addAction(self.redo_action)
        self.redo_action.setIconText("Redo")

    def _set_icons(self) -> None:
        """The desktop theme's icon where it has one, else the Qt style's standard one."""
        sp = QStyle.StandardPixmap
        icons = {
            self.open_action: ("document-open", sp.SP_DialogOpenButton),
            self.close_action: ("document-close", sp.SP_DialogCloseButton),
            self.export_actions["docx"]: ("document-save-as", sp.SP_DialogSaveButton),
            self.prev_action: ("go-up", sp.SP_ArrowUp),
            self.next_action: ("go-down", sp.SP_ArrowDown),
            self.next_high_action: ("dialog-warning", sp.SP_MessageBoxWarning),
            self.undo_action: ("edit-undo", sp.SP_ArrowBack),
            self.redo_action: ("edit-redo", sp.SP_ArrowForward),
            self.settings_action: ("preferences-system", sp.SP_FileDialogDetailedView),
            self.cancel_action: ("process-stop", sp.SP_BrowserStop),
            self.about_action: ("help-about", sp.SP_MessageBoxInformation),
        }
        style = self.style()
        for action, (theme, fallback) in icons.items():
            action.setIcon(QIcon.fromTheme(theme, style.standardIcon(fallback)))

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.stage_label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the analysis (the document stays open)")
        self.cancel_button.clicked.connect(self.cancel_analysis)
        self.model_label = QLabel("")
        self.model_label.setStyleSheet("color:#8a3b00;")
        sb.addPermanentWidget(self.model_label)
        sb.addPermanentWidget(self.stage_label)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        self._set_busy(False)

    def _restore_window(self) -> None:
        geo = self.settings.get("window_geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        state = self.settings.get("window_state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self._sized_docks = self.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._warm_started:
            self._warm_started = True
            self.pools.submit("model", CallJob("warm-up", self._warm_up), done=self.warmed_up.emit)
        if not self._sized_docks:  # first run: the review side gets ~42% of the width
            self._sized_docks = True
            width = max(420, int(self.width() * 0.42))
            self.resizeDocks([self.review_dock], [width], Qt.Orientation.Horizontal)
            # and the review (findings, key terms) a little more height than the details
            review = max(240, int(self.height() * 0.58))
            details = max(200, self.height() - review)
            self.resizeDocks(
                [self.review_dock, self.details_dock], [review, details], Qt.Orientation.Vertical
            )

    # == opening ============================================================================
    def open_dialog(self) -> None:
        recent = self.settings.get("recent_files")
        start = str(Path(recent[0]).parent) if recent else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open a contract", start, DOCX_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> None:
        """Open a DOCX: shown as soon as it is read, analysed in the background."""
        from contractreview.docx.reader import read_docx

        path = str(Path(path).resolve())
        self._leave_document()
        gen = self.pools.next_generation()
        self.stage_label.setText("Opening…")
        self._set_busy(True)
        self.progress.setValue(0)
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
        self._cancel_gists()
        self._gist_cache.clear()
        self.document = None
        self.result = None
        self.snapshot = None
        self._items = []
        self._carry_checked = False
        self.view.show_document(None)
        self.view.notes_enabled = False
        self.notes.set_annotations([])
        self.tabs.setTabText(self.tabs.indexOf(self.notes), "Notes")
        self.findings.model.set_review(None, [])
        self.findings.set_types([])
        self.summary.show_result(None, [])
        self.details.clear()
        self.setWindowTitle(APP_TITLE)
        self._update_actions()

    def close_document(self) -> None:
        self._leave_document()
        self.pools.next_generation()
        self._set_busy(False)
        self.stage_label.setText("")

    def _document_read(self, document: Document, path: str) -> None:
        self.document = document
        self.view.show_document(document, highlight=self.settings.get("highlight"))
        title = document.title or Path(path).name
        self.setWindowTitle(f"{Path(path).name} — {APP_TITLE}")
        self._fill_recent(self.settings.add_recent(path))
        self.summary.headline.setText(f"<b>{_html(title)}</b><br/>Analysing…")
        log.info("document shown: %d blocks, %d words", len(document.blocks), document.words)
        self.document_shown.emit(document)
        if document.warnings:  # only scanned images, an embedded file: say what was not read
            self.show_message(OPENED_WITH_WARNINGS, "\n".join(document.warnings), warning=True)
        self._open_review(document)
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
    def start_analysis(self) -> None:
        """Analyse the open document on the model thread (cancelling any analysis running)."""
        if self.document is None:
            return
        classifier = self._classifier_override
        self.cancel_analysis()
        document = self.document
        side = self.settings.get("side") or None
        playbook_path = self.settings.get("playbook") or None

        def generate(should_stop: Any) -> Any:
            from contractreview.analysis.pipeline import analyze
            from contractreview.analysis.playbook import load_playbook

            playbook = load_playbook(playbook_path)
            self._playbook = playbook
            model = classifier if classifier is not None else self._shipped_classifier()
            return analyze(document, playbook, side, model, should_stop)

        job = GeneratorJob(
            "analysis",
            generate,
            is_result=lambda x: isinstance(x, AnalysisResult),
            generation=self.pools.generation,
        )
        job.on_cancel = lambda: self._cancel_model(classifier)
        self._analysis_job = job
        self._set_busy(True)
        self.stage_label.setText("Preparing the analysis…")
        self.pools.submit(
            "model",
            job,
            finished=self._analysis_done,
            failed=self._analysis_error,
            progress=self._analysis_progress,
            cancelled=self._analysis_cancelled,
            done=lambda: self._job_over(job),
        )

    def _warm_up(self) -> None:
        """On the model thread, while the window sits idle: import the heavy native libraries
        (spaCy, ONNX Runtime) and load the model. Importing a native library holds Python's
        GIL for up to a few hundred ms; done here, it never happens while a document is being
        analysed, so the window stays responsive during the analysis."""
        from contractreview.analysis.pipeline import analyze  # noqa: F401
        from contractreview.analysis.segmenter import sentence_spans

        sentence_spans("Warm-up. " * 60)  # builds spaCy's tokenizer (text over the threshold)
        if self._classifier_override is None:
            try:
                self._shipped_classifier().load()
            except ContractReviewError as e:  # reported when a document is analysed
                log.info("model not loaded at start-up: %s", type(e).__name__)

    def _shipped_classifier(self) -> Any:
        # created and loaded on the model thread only: one ONNX session for the whole run
        if self._classifier is None:
            from contractreview.analysis.classifier import ClauseClassifier

            self._classifier = ClauseClassifier()
        return self._classifier

    def _cancel_model(self, classifier: Any) -> None:
        model = classifier if classifier is not None else self._classifier
        cancel = getattr(model, "cancel", None)
        if cancel is not None:
            cancel()

    def cancel_analysis(self) -> None:
        job = self._analysis_job
        if job is not None and not job.is_cancelled:
            job.cancel()
            self.stage_label.setText("Cancelling…")

    def _job_over(self, job: GeneratorJob) -> None:
        if job is self._analysis_job:
            self._analysis_job = None
            self._set_busy(False)
            self._update_actions()

    def _analysis_progress(self, event: Any) -> None:
        stage = getattr(event, "stage", "")
        done, total = getattr(event, "done", 0), getattr(event, "total", 0)
        lo, hi = _STAGE_RANGE.get(stage, (0, 100))
        frac = done / total if total else 1.0
        self.progress.setValue(int(lo + (hi - lo) * frac))
        text = _STAGE_TEXT.get(stage, stage)
        if stage == "segment":
            text = "Loading the clause model"  # what the next wait is for
        elif stage == "model" and total:
            text = f"{text}: {done} of {total}"
        self.stage_label.setText(text)

    def _analysis_done(self, result: AnalysisResult | None) -> None:
        if result is None:
            return
        self.result = result
        self.model_label.setText("")
        counts = {lv: sum(1 for f in result.findings if f.risk.level == lv) for lv in RiskLevel}
        log.info(
            "analysis done: %d segments, %d findings (%d high), %.2f s",
            len(result.segments),
            len(result.findings),
            counts[RiskLevel.HIGH],
            result.timings.get("total_s", 0.0),
        )
        self._show_review(full=True)
        self.stage_label.setText(f"{len(result.findings)} findings")
        self._maybe_carry_over()
        self.analysis_finished.emit(result)

    def _analysis_error(self, error: BaseException) -> None:
        self.stage_label.setText("Analysis failed")
        if isinstance(error, ModelError):
            self.model_label.setText("Clause model unavailable")
            self.model_label.setToolTip(str(error))
            self.summary.headline.setText(
                f"<b>The contract can be read, but not analysed.</b><br/>{_html(str(error))}"
            )
            self.statusBar().showMessage(str(error))
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
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_action.setEnabled(busy)

    # == review store =======================================================================
    def _store_call(
        self, name: str, func: Any, *, finished: Any = None, failed: Any = None
    ) -> None:
        """Run ``func(store)`` on the save thread, where the store's connection lives."""

        def run() -> Any:
            if self._store is None:
                from contractreview.review.store import ReviewStore

                self._store = ReviewStore()
            return func(self._store)

        job = CallJob(name, run, generation=self.pools.generation)
        self.pools.submit("save", job, finished=finished, failed=failed or self._store_failed)

    def _store_failed(self, error: BaseException) -> None:
        if isinstance(error, ContractReviewError):
            self.show_message("Your annotation could not be saved", str(error), warning=True)
        else:
            self.show_unexpected(error)

    def _open_review(self, document: Document) -> None:
        sha, name = document.sha256, Path(document.path).name
        reviewer = self.settings.get("reviewer")

        def open_(store: Any) -> StoreSnapshot:
            review = store.open_review(sha, name, reviewer=reviewer)
            return _snapshot(store, review.id)

        self._store_call("store-open", open_, finished=self._store_updated)

    def _store_updated(self, snapshot: StoreSnapshot) -> None:
        from contractreview.review.store import selection_annotations

        self.snapshot = snapshot
        self.view.notes_enabled = True
        notes = selection_annotations(snapshot.annotations)
        self.notes.set_annotations(notes)
        self.view.set_notes(
            [
                (a.block, a.start, a.end)
                for a in notes
                if a.block is not None and a.start is not None
            ]
        )
        self.tabs.setTabText(self.tabs.indexOf(self.notes), f"Notes ({len(notes)})")
        self._show_review(full=False)
        self._maybe_carry_over()
        self._update_actions()
        self.annotations_changed.emit()

    def _maybe_carry_over(self) -> None:
        """A new version of a reviewed file: bring the earlier notes over by clause text."""
        snap, result = self.snapshot, self.result
        if snap is None or result is None or self._carry_checked:
            return
        self._carry_checked = True
        if snap.annotations:
            return
        reviewer = self.settings.get("reviewer")

        def carry(store: Any) -> StoreSnapshot | None:
            review = store.review(snap.review_id)
            if review.previous_id is None:
                return None
            out = store.carry_over(review.previous_id, review.id, result, reviewer=reviewer)
            return _snapshot(store, review.id) if out.carried else None

        def carried(snapshot: StoreSnapshot | None) -> None:
            if snapshot is not None:
                self._store_updated(snapshot)

        self._store_call("store-carry", carry, finished=carried)

    def edit_annotation(self, finding_id: str, changes: dict[str, Any]) -> None:
        """Save an edit of a finding's annotation at once (on the save thread)."""
        snap, result = self.snapshot, self.result
        if snap is None or result is None:
            return
        finding = next((f for f in result.findings if f.id == finding_id), None)
        if finding is None:
            return
        reviewer = self.settings.get("reviewer")
        review_id = snap.review_id

        def save(store: Any) -> StoreSnapshot:
            existing = [a for a in store.annotations(review_id) if a.finding_id == finding_id]
            if existing:
                store.update_annotation(existing[-1].id, reviewer=reviewer, **changes)
            else:
                fields = {k: v for k, v in changes.items() if k != "clear_override"}
                store.add_annotation(
                    review_id,
                    quote=finding.quote,
                    finding_id=finding_id,
                    reviewer=reviewer,
                    **fields,
                )
            return _snapshot(store, review_id)

        self._store_call("store-edit", save, finished=self._edit_saved)

    def _edit_saved(self, snapshot: StoreSnapshot) -> None:
        self._store_updated(snapshot)
        self.details.show_saved("Saved")

    def note_dialog(self, selection: Any) -> None:
        """ "Add note on selection": ask for the note (the window keeps working meanwhile)."""
        from contractreview_ui.dialogs import NoteDialog

        if selection is None or self.snapshot is None:
            return
        dialog = NoteDialog(selection.quote, self)
        dialog.accepted.connect(lambda: self.add_note(selection, dialog.text()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.note_dialog_shown = dialog

    def add_note(self, selection: Any, note: str) -> None:
        """Save a note on a span of one block's text (a ``TextSelection``)."""
        snap = self.snapshot
        if snap is None:
            return
        reviewer = self.settings.get("reviewer")
        review_id = snap.review_id

        def save(store: Any) -> StoreSnapshot:
            store.add_annotation(
                review_id,
                quote=selection.quote,
                block=selection.block,
                start=selection.start,
                end=selection.end,
                note=note,
                reviewer=reviewer,
            )
            return _snapshot(store, review_id)

        self._store_call("store-note", save, finished=self._note_saved)

    def _note_saved(self, snapshot: StoreSnapshot) -> None:
        self._store_updated(snapshot)
        self.tabs.setCurrentWidget(self.notes)
        self.statusBar().showMessage("Note saved", 3000)

    def delete_note(self, annotation_id: int) -> None:
        snap = self.snapshot
        if snap is None:
            return
        reviewer = self.settings.get("reviewer")

        def delete(store: Any) -> StoreSnapshot:
            store.delete_annotation(annotation_id, reviewer=reviewer)
            return _snapshot(store, snap.review_id)

        self._store_call("store-delete-note", delete, finished=self._store_updated)

    def show_note(self, note: Any) -> None:
        if note.block is not None and note.start is not None and note.end is not None:
            self.view.select_text(note.block, note.start, note.end)

    def undo(self) -> None:
        self._undo_redo("undo")

    def redo(self) -> None:
        self._undo_redo("redo")

    def _undo_redo(self, which: str) -> None:
        snap = self.snapshot
        if snap is None:
            return
        self.details.flush_note()
        reviewer = self.settings.get("reviewer")

        def step(store: Any) -> StoreSnapshot:
            getattr(store, which)(snap.review_id, reviewer=reviewer)
            return _snapshot(store, snap.review_id)

        self._store_call(f"store-{which}", step, finished=self._undone)

    def _undone(self, snapshot: StoreSnapshot) -> None:
        self._store_updated(snapshot)
        item = next((i for i in self._items if i.finding.id == self.details.finding_id), None)
        if item is not None:
            self.details.update_annotation(item)

    # == showing the review =================================================================
    def _show_review(self, *, full: bool) -> None:
        result = self.result
        if result is None:
            return
        from contractreview.review.store import reviewed_findings

        annotations = self.snapshot.annotations if self.snapshot else ()
        old_levels = {i.finding.id: i.level for i in self._items}
        self._items = reviewed_findings(result, list(annotations))
        levels = {i.finding.id: i.level for i in self._items}
        if full or not self.findings.model.rowCount():
            self.findings.model.set_review(result, self._items)
            self.findings.set_types(self.findings.model.types())
            self.summary.show_result(result, self._items)
        else:
            self.findings.model.update_items(self._items)
            self.summary.update_counts(result, self._items)
        if full or levels != old_levels:
            selected = self.view.selected_segments()
            self.view.show_document(
                self.document, result, levels, highlight=self.highlight_action.isChecked()
            )
            self.view.select_segments(selected, scroll=False)
        self._update_actions()

    def item(self, finding_id: str) -> Any:
        return next((i for i in self._items if i.finding.id == finding_id), None)

    def select_finding(self, finding_id: str) -> None:
        """Select a finding everywhere: table, document (scrolled to it) and details."""
        if self._syncing or self.result is None:
            return
        item = self.item(finding_id)
        if item is None:
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
        for item in self._items:
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

    def step(self, delta: int, *, high_only: bool = False) -> None:
        self.tabs.setCurrentWidget(self.findings)
        if not self.findings.step(delta, high_only=high_only):
            what = "high-risk finding" if high_only else "finding"
            where = "after" if delta > 0 else "before"
            self.statusBar().showMessage(f"No {what} {where} this one.", 3000)

    def _toggle_highlight(self) -> None:
        on = self.highlight_action.isChecked()
        self.settings.set("highlight", on)
        if self.document is not None:
            levels = {i.finding.id: i.level for i in self._items}
            self.view.show_document(self.document, self.result, levels, highlight=on)

    # == exports ============================================================================
    def export_dialog(self, kind: str) -> None:
        if self.result is None or self.document is None:
            return
        _text, file_filter, suffix = EXPORTS[kind]
        src = Path(self.document.path)
        default = str(src.with_name(src.stem + suffix))
        path, _ = QFileDialog.getSaveFileName(self, "Export", default, file_filter)
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str | Path) -> None:
        """Write an export on the save thread, after every pending annotation edit."""
        if self.result is None or self.document is None or self.snapshot is None:
            return
        self.details.flush_note()
        result, source, review_id = self.result, self.document.path, self.snapshot.review_id
        reviewer = self.settings.get("reviewer")
        highlight = self.highlight_action.isChecked()
        target = Path(path)

        def write(store: Any) -> str:
            annotations = store.annotations(review_id)
            if kind == "docx":
                from contractreview.export.word_comments import export_annotated_docx

                export_annotated_docx(
                    source, target, result, annotations, reviewer=reviewer, highlight=highlight
                )
            elif kind == "memo":
                from contractreview.export.memo import export_memo

                export_memo(result, target, annotations, reviewer=reviewer)
            elif kind == "csv":
                from contractreview.export.register import export_register_csv

                export_register_csv(result, target, annotations)
            elif kind == "html":
                from contractreview.export.html import export_html

                export_html(result, target, annotations, reviewer=reviewer)
            else:
                raise ValueError(kind)
            return str(target)

        self.statusBar().showMessage("Exporting…")
        self._store_call(
            f"export-{kind}", write, finished=self._exported, failed=self._export_failed
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

    # == plain-English gists (the firm's generative model) ==================================
    def _connect_gist_box(self, box: GistBox, explain: Any) -> None:
        box.requested.connect(explain)
        box.cancel_requested.connect(lambda: self.cancel_gist(box))
        box.abandoned.connect(lambda: self._drop_gist(box))

    def _gist_settings(self) -> tuple[str, str]:
        return self.settings.get("gist_model_dir").strip(), self.settings.get("gist_policy")

    def _update_gist_availability(self) -> None:
        folder, _policy = self._gist_settings()
        if not folder:
            available, reason, short = False, NO_MODEL_HINT, NO_MODEL_SHORT
        elif not Path(folder).is_dir():
            available = False
            reason = (
                f"The generative model folder {folder} cannot be found; choose it again in "
                "Settings."
            )
            short = "Off — the model folder cannot be found (see Settings)"
        else:
            available, reason, short = True, "", ""
        for box in (self.details.gist, self.summary.overview):
            box.set_available(available, reason, short)

    def explain_clause(self) -> None:
        """Explain the clause shown in the details panel, in plain English (checked)."""
        text, key = self.details.source_text, self.details.source_key
        if text.strip():
            self._start_gist(self.details.gist, "clause", [text], key)

    def explain_contract(self) -> None:
        """An overview of the contract from the clauses with findings or key terms."""
        if self.result is not None:
            texts = overview_texts(self.result)
            if texts:
                self._start_gist(self.summary.overview, "overview", texts, "overview")

    def _start_gist(self, box: GistBox, kind: str, texts: list[str], key: Any) -> None:
        self._drop_gist(box)
        folder, policy = self._gist_settings()
        if not folder:
            return
        names = known_names(self.result)
        cache_key = (kind, key, folder, policy, tuple(texts))
        cached = self._gist_cache.get(cache_key)
        if cached is not None:  # the same clause again: the same (greedy) gist
            box.show_gist(cached)
            self.gist_finished.emit(kind, cached)
            return

        def generate(should_stop: Any) -> Any:
            engine = self._gist_engine_for(folder, policy)
            self._gist_running = job
            try:  # the box shows "Loading…" until the first token
                if kind == "clause":
                    run = engine.gist_clause(texts[0], should_stop, known_names=names)
                else:
                    run = engine.contract_overview(texts, should_stop, known_names=names)
                for _delta in run:  # unchecked text: only its length leaves this thread
                    yield GistProgress(len(run.generation.token_ids))
                yield GistDone(run.result)
            finally:
                self._gist_running = None

        job = GeneratorJob(
            "gist",
            generate,
            is_result=lambda x: isinstance(x, GistDone),
            generation=self.pools.generation,
        )
        job.on_cancel = lambda: self._stop_gist_engine(job)
        busy = self._analysis_job is not None or bool(self.pools.jobs("gist"))
        self._gist_jobs[id(box)] = job
        box.start(queued=busy)

        def finished(done: GistDone | None) -> None:
            if self._gist_jobs.get(id(box)) is not job or done is None:
                return
            self._gist_cache[cache_key] = done.gist
            box.show_gist(done.gist)
            self.gist_finished.emit(kind, done.gist)

        def progress(p: GistProgress) -> None:
            if self._gist_jobs.get(id(box)) is job:
                box.show_progress(p.tokens, GIST_MAX_NEW_TOKENS)
                self.gist_progress.emit(kind, p.tokens)

        def failed(error: BaseException) -> None:
            if self._gist_jobs.get(id(box)) is not job:
                return
            if isinstance(error, ContractReviewError):
                box.show_failure(f"No explanation: {error}")
            else:
                box.show_failure("No explanation: the generative model hit an unexpected error.")
                self.show_unexpected(error)

        def cancelled() -> None:
            if self._gist_jobs.get(id(box)) is job:
                box.show_cancelled()

        def over() -> None:
            if self._gist_jobs.get(id(box)) is job:
                del self._gist_jobs[id(box)]

        self.pools.submit(
            "model",
            job,
            finished=finished,
            failed=failed,
            progress=progress,
            cancelled=cancelled,
            done=over,
        )

    def _gist_engine_for(self, folder: str, policy: str) -> Any:
        """The engine for the configured folder and policy (model thread only)."""
        if self._gist_engine is None or self._gist_engine_key != (folder, policy):
            from contractreview.gist.engine import GistEngine, GistPolicy

            self._gist_engine = None
            self._gist_engine = GistEngine(
                Path(folder), policy=GistPolicy(policy), max_new_tokens=GIST_MAX_NEW_TOKENS
            )
            self._gist_engine_key = (folder, policy)
        return self._gist_engine

    def _stop_gist_engine(self, job: GeneratorJob) -> None:
        # stop the token being computed, but only if it is this job's (one model thread)
        engine = self._gist_engine
        if engine is not None and self._gist_running is job:
            engine.cancel()

    def cancel_gist(self, box: GistBox) -> None:
        """The user pressed Stop: nothing of the unfinished gist is shown."""
        if self._drop_gist(box):
            box.show_cancelled()

    def _drop_gist(self, box: GistBox) -> bool:
        job = self._gist_jobs.pop(id(box), None)
        if job is None:
            return False
        job.cancel()
        return True

    def _cancel_gists(self) -> None:
        for box in (self.details.gist, self.summary.overview):
            self._drop_gist(box)

    # == settings, about, messages ==========================================================
    def _loaded_playbook(self) -> Any:
        playbook = self._playbook
        if playbook is None:
            try:
                from contractreview.analysis.playbook import load_playbook

                playbook = load_playbook(self.settings.get("playbook") or None)
            except ContractReviewError:
                return None
        return playbook

    def _sides(self) -> list[tuple[str, str]]:
        """The playbook's sides: (id, its human-readable label)."""
        playbook = self._loaded_playbook()
        if playbook is None:
            return []
        return [(side, playbook.side_label(side)) for side in playbook.sides]

    def _side_label(self, side: str) -> str:
        playbook = self._playbook  # the one the analysis used
        return playbook.side_label(side) if playbook is not None else side

    def open_settings(self) -> None:
        from contractreview_ui.dialogs import SettingsDialog

        sides = [("", "Automatic (from the contract type)"), *self._sides()]
        dialog = SettingsDialog(self.settings, sides, self)
        before = (self.settings.get("side"), self.settings.get("playbook"))
        gist_before = self._gist_settings()
        dialog.accepted.connect(lambda: self._settings_accepted(dialog, before, gist_before))
        dialog.open()
        self.settings_dialog = dialog

    def _settings_accepted(
        self, dialog: Any, before: tuple[str, str], gist_before: tuple[str, str]
    ) -> None:
        dialog.apply()
        self.highlight_action.setChecked(self.settings.get("highlight"))
        self._toggle_highlight()
        if self._gist_settings() != gist_before:
            self._cancel_gists()
            self._gist_cache.clear()
            self.details.gist.clear()
            self.summary.overview.clear()
        self._update_gist_availability()
        if (self.settings.get("side"), self.settings.get("playbook")) != before:
            self._playbook = None
            self.start_analysis()

    def show_about(self) -> None:
        from contractreview_ui.dialogs import AboutDialog

        self.about_dialog = AboutDialog(self)
        self.about_dialog.open()

    def show_message(self, title: str, text: str, *, warning: bool = False) -> None:
        """A message that does not block the event loop (the analysis keeps running)."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        self.message_shown.emit(title, text)

    def show_unexpected(self, error: BaseException) -> None:
        from contractreview_ui.crash_handler import format_report
        from contractreview_ui.dialogs import ErrorReportDialog

        log.error(
            "unexpected error: %s",
            type(error).__name__,
            exc_info=(type(error), error, error.__traceback__),
        )
        report = format_report(type(error), error, error.__traceback__)
        self.error_dialog = ErrorReportDialog(
            "ContractReview hit an unexpected error", report, self
        )
        self.error_dialog.open()
        self.message_shown.emit("unexpected", type(error).__name__)

    # == recent files, drag and drop ========================================================
    def _fill_recent(self, recent: list[str] | None = None) -> None:
        recent = recent if recent is not None else self.settings.get("recent_files")
        self.recent_menu.clear()
        for i, path in enumerate(recent):
            act = self.recent_menu.addAction(f"&{i + 1} {Path(path).name}")
            act.setToolTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _dropped_docx(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = _dropped_docx(event)
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    # == state ==============================================================================
    def _update_actions(self) -> None:
        has_result = self.result is not None and self.snapshot is not None
        for act in self.export_actions.values():
            act.setEnabled(has_result)
        self.export_menu.setEnabled(has_result)
        snap = self.snapshot
        self.undo_action.setEnabled(bool(snap and snap.can_undo))
        self.redo_action.setEnabled(bool(snap and snap.can_redo))
        has_findings = bool(self._items)
        for act in (self.next_action, self.prev_action, self.next_high_action):
            act.setEnabled(has_findings)
        self.close_action.setEnabled(self.document is not None)

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
        self._cancel_gists()
        if self._store is not None:
            self.pools.submit("save", CallJob("store-close", self._close_store))
        stopped: bool = self.pools.shutdown()
        return stopped

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


_PARENTHESIS = re.compile(r"\(([^()]{1,160})\)")
_QUOTED_NAME = re.compile(r"[\"“‘']([A-Z][^\"”’'\n]{0,60}?)[\"”’']")


def known_names(result: AnalysisResult | None) -> list[str]:
    """The parties and defined terms of the contract, which a gist may name even where the
    clause it explains does not ("the Supplier" defined in the preamble)."""
    if result is None:
        return []
    names: list[str] = []
    for term in result.terms:
        if term.name == "parties" and isinstance(term.normalized, list):
            for party in term.normalized:
                if isinstance(party, dict):
                    names.extend(str(party[k]) for k in ("name", "alias") if party.get(k))
    for seg in result.segments:  # defined terms: (the "Customer"), (each a "Party")
        for paren in _PARENTHESIS.finditer(seg.text):
            names.extend(m.group(1).strip() for m in _QUOTED_NAME.finditer(paren.group(1)))
    return list(dict.fromkeys(n for n in names if n))


def overview_texts(result: AnalysisResult) -> list[str]:
    """The texts of the clauses with findings or key terms, in document order."""
    wanted = {sid for f in result.findings for sid in f.segments}
    wanted.update(c.segment for t in result.terms for c in t.citations if c.segment)
    return [s.text for s in result.segments if s.id in wanted and s.text.strip()]


def _snapshot(store: Any, review_id: int) -> StoreSnapshot:
    return StoreSnapshot(
        review_id,
        tuple(store.annotations(review_id)),
        store.can_undo(review_id),
        store.can_redo(review_id),
    )


def _dropped_docx(event: QDragEnterEvent | QDropEvent) -> str | None:
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith((".docx", ".docm", ".doc")):
            return url.toLocalFile()
    return None


def _html(text: str) -> str:
    import html

    return html.escape(text, quote=False)
