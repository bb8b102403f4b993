"""Everything about the selected clause: its types with confidence, its risk with every reason,
the lawyer's annotation (note, status, risk override), the suggested edits with the lawyer's
decisions (:mod:`contractreview_ui.edit_view`, filled by the edits controller) and the
playbook's position and fallback wording (copyable). Annotation edits leave through
``edit_requested``; the main window saves them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contractreview.analysis.labels import segment_label
from contractreview.analysis.results import (
    AnalysisResult,
    ClauseEffect,
    LabelScore,
    MissingClause,
    RiskLevel,
    SegmentResult,
    effect_text,
)
from contractreview.review.store import FindingReview, Status
from contractreview_ui.edit_view import EditView
from contractreview_ui.findings_model import clause_label, type_text
from contractreview_ui.gist_view import GistBox
from contractreview_ui.risk_style import risk_text, style
from contractreview_ui.terms_model import LabelScoresModel, ReasonsModel

NOTE_SAVE_DELAY_MS = 600  # a pause in typing saves the note
QUOTE_MAX_CHARS = 260  # longer clauses are cut here (the document shows them whole)
AS_ANALYSED = ""


def _small_table(model: Any, stretch_col: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_col, QHeaderView.ResizeMode.Stretch)
    view.setMinimumHeight(70)
    view.setMaximumHeight(150)
    return view


class DetailsPanel(QScrollArea):
    """Shows one finding (or one unflagged clause) and edits its annotation."""

    edit_requested = Signal(str, dict)  # finding id, changed fields
    # what is shown now: a finding's id, or None (an unflagged clause, a missing one, nothing)
    finding_shown = Signal(object)
    source_changed = Signal(str)  # the text a gist would explain (a selected clause), or ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        lay = QVBoxLayout(body)

        self.title = QLabel("Select a finding to see why it was flagged.")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        lay.addWidget(self.title)

        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setStyleSheet("color:#333333;")
        lay.addWidget(self.quote)
        # who can do what to whom, with the clause's own words (empty when not read)
        self.effect = QLabel("")
        self.effect.setTextFormat(Qt.TextFormat.PlainText)
        self.effect.setWordWrap(True)
        self.effect.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.effect)

        # why first: the reasons a lawyer weighs, then the lawyer's own review, both visible
        # without scrolling on a 1366x768 screen; the gist, every clause type the model saw
        # and the playbook's wording follow
        lay.addWidget(QLabel("<b>Why it was flagged</b>"))
        self.reasons_model = ReasonsModel(self)
        self.reasons_view = _small_table(self.reasons_model, ReasonsModel.COL_REASON)
        self.reasons_view.setMinimumHeight(0)
        lay.addWidget(self.reasons_view)

        self.status = QComboBox()
        for s in Status:
            self.status.addItem(s.value.capitalize(), s.value)
        self.override = QComboBox()
        self.override.addItem("As analysed", AS_ANALYSED)
        for level in (
            RiskLevel.HIGH,
            RiskLevel.MEDIUM,
            RiskLevel.LOW,
            RiskLevel.INFO,
            RiskLevel.NONE,
        ):
            self.override.addItem(risk_text(level) or "None", level.value)
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText("Why you changed the risk level")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Your note (saved as you type)")
        self.note.setMinimumHeight(54)
        self.note.setMaximumHeight(88)  # four lines: it still fits a 1366x768 screen
        review = QHBoxLayout()  # one line: the status and the risk override side by side
        review.addWidget(QLabel("<b>Your review</b>"))
        review.addSpacing(6)
        review.addWidget(QLabel("Status"))
        review.addWidget(self.status)
        review.addSpacing(6)
        review.addWidget(QLabel("Risk"))
        review.addWidget(self.override, 1)
        self.saved_label = QLabel("")
        self.saved_label.setStyleSheet("color:#3d6b3d;")
        review.addWidget(self.saved_label)
        lay.addLayout(review)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.override_reason_label = QLabel("Override reason")
        form.addRow(self.override_reason_label, self.override_reason)
        form.addRow("Note", self.note)
        lay.addLayout(form)
        self._review_form = form

        # the suggested fix, right under the lawyer's review of the finding
        self.edits = EditView()
        lay.addWidget(self.edits)

        self.gist = GistBox("Gist", "Explain in plain English")
        lay.addWidget(self.gist)

        lay.addWidget(QLabel("<b>Clause types</b>"))
        self.types_model = LabelScoresModel(self)
        self.types_view = _small_table(self.types_model, LabelScoresModel.COL_TYPE)
        lay.addWidget(self.types_view)

        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Playbook position and fallback</b>"))
        row.addStretch(1)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the playbook's position to the clipboard")
        self.copy_button.clicked.connect(self.copy_position)
        row.addWidget(self.copy_button)
        lay.addLayout(row)
        self.position = QPlainTextEdit()
        self.position.setReadOnly(True)
        self.position.setMaximumHeight(110)
        self.position.setPlaceholderText("The playbook has no position for this clause.")
        lay.addWidget(self.position)
        lay.addStretch(1)

        self._finding_id: str | None = None
        self.source_key: str | None = None  # the clause shown: finding or segment id
        self.source_text = ""  # its text, what a gist explains
        self._loading = False
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.flush_note)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.override.currentIndexChanged.connect(self._override_changed)
        self.override_reason.editingFinished.connect(self._override_reason_changed)
        self.note.textChanged.connect(self._note_changed)
        self._last_note = ""
        self._set_editor_enabled(False)

    # -- showing ---------------------------------------------------------------------------
    def show_finding(self, result: AnalysisResult, item: FindingReview) -> None:
        self.flush_note()
        f = item.finding
        self._finding_id = f.id
        st = style(item.level)
        label = clause_label(result, item)
        self.title.setText(f"{st.glyph} {st.name} risk — {label}")
        self.title.setStyleSheet(f"color:{st.accent};")
        self._set_quote(f.quote)
        self._set_effect(f.effect)
        self.types_model.set_rows(_finding_labels(result, f.segments, f.types))
        self.reasons_model.set_rows(list(f.risk.reasons))
        self._fit_reasons()
        self.position.setPlainText(_position_text(f.risk.reasons))
        self._load_annotation(item)
        self._set_editor_enabled(True)
        self._set_source(f.id, f.quote)
        self.finding_shown.emit(f.id)

    def show_segment(self, segment: SegmentResult) -> None:
        """An unflagged clause: what the model saw in it; nothing to annotate as a finding."""
        self.flush_note()
        self._finding_id = None
        self.title.setText(f"Not flagged — {segment_label(segment) or 'clause'}")
        self.title.setStyleSheet("")
        self._set_quote(segment.text)
        self._set_effect(next((r.effect for r in segment.risk.reasons if r.effect), None))
        self.types_model.set_rows(list(segment.labels))
        self.reasons_model.set_rows(list(segment.risk.reasons))
        self._fit_reasons()
        self.position.setPlainText(_position_text(segment.risk.reasons))
        self._load_annotation(None)
        self._set_editor_enabled(False)
        self._set_source(segment.id, segment.text)
        self.finding_shown.emit(None)

    def show_missing(self, missing: MissingClause) -> None:
        """A clause the contract lacks: why it matters and what the playbook would insert."""
        self.flush_note()
        self._finding_id = None
        st = style(missing.level)
        self.title.setText(f"{st.glyph} Missing clause — {type_text(missing.type)}")
        self.title.setStyleSheet(f"color:{st.accent};")
        self._set_quote(missing.reason)
        self._set_effect(None)
        self.types_model.set_rows([])
        self.reasons_model.set_rows([])
        self._fit_reasons()
        self.position.setPlainText(missing.position)
        self._load_annotation(None)
        self._set_editor_enabled(False)
        self._set_source(None, "")
        self.finding_shown.emit(None)

    def _fit_reasons(self) -> None:
        """The reasons table as tall as its rows (up to its maximum): no empty space above
        the lawyer's review, no scrolling for one or two reasons."""
        view = self.reasons_view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(r) for r in range(self.reasons_model.rowCount()))
        height = view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth()
        view.setFixedHeight(min(max(height, 48), 150))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_reasons()  # the wrapped reasons take more lines in a narrower panel

    def _set_quote(self, text: str) -> None:
        text = " ".join(text.split())
        if len(text) > QUOTE_MAX_CHARS:
            cut = text.rfind(" ", 0, QUOTE_MAX_CHARS)
            self.quote.setText(text[: cut if cut > 0 else QUOTE_MAX_CHARS] + " …")
            self.quote.setToolTip(text)
        else:
            self.quote.setText(text)
            self.quote.setToolTip("")

    def _set_effect(self, effect: ClauseEffect | None) -> None:
        self.effect.setText(f"Effect: {effect_text(effect)}" if effect is not None else "")

    def _set_source(self, key: str | None, text: str) -> None:
        changed = (key, text) != (self.source_key, self.source_text)
        if changed:
            self.gist.clear()
        self.source_key = key
        self.source_text = text
        if changed:
            self.source_changed.emit(text)
        self.gist.set_enabled_for_source(bool(text.strip()))

    def clear(self) -> None:
        self.flush_note()
        self._finding_id = None
        self.title.setText("Select a finding to see why it was flagged.")
        self.title.setStyleSheet("")
        self.quote.clear()
        self._set_effect(None)
        self.types_model.set_rows([])
        self.reasons_model.set_rows([])
        self.position.clear()
        self._load_annotation(None)
        self._set_editor_enabled(False)
        self._set_source(None, "")
        self.finding_shown.emit(None)

    def update_annotation(self, item: FindingReview) -> None:
        """The store changed (undo, redo, reopen): show the saved values, keep typing intact."""
        if item.finding.id == self._finding_id and not self._note_timer.isActive():
            self._load_annotation(item)

    @property
    def finding_id(self) -> str | None:
        return self._finding_id

    def _load_annotation(self, item: FindingReview | None) -> None:
        self._loading = True
        try:
            status = item.status.value if item else Status.OPEN.value
            self.status.setCurrentIndex(max(0, self.status.findData(status)))
            override = item.level.value if item and item.overridden else AS_ANALYSED
            self.override.setCurrentIndex(max(0, self.override.findData(override)))
            self.override_reason.setText(item.override_reason if item else "")
            self._review_form.setRowVisible(self.override_reason, override != AS_ANALYSED)
            note = item.note if item else ""
            if self.note.toPlainText() != note:
                self.note.setPlainText(note)
            self._last_note = note
            self.saved_label.setText("")
        finally:
            self._loading = False

    def _set_editor_enabled(self, on: bool) -> None:
        for w in (self.status, self.override, self.override_reason, self.note):
            w.setEnabled(on)

    # -- editing ---------------------------------------------------------------------------
    def _emit(self, changes: dict[str, Any]) -> None:
        if self._finding_id is not None and not self._loading:
            self.edit_requested.emit(self._finding_id, changes)

    def _status_changed(self) -> None:
        self._emit({"status": self.status.currentData()})

    def _override_changed(self) -> None:
        value = self.override.currentData()
        self._review_form.setRowVisible(self.override_reason, value != AS_ANALYSED)
        if value == AS_ANALYSED:
            self._emit({"clear_override": True})
        else:
            self._emit({"risk_override": value, "override_reason": self.override_reason.text()})

    def _override_reason_changed(self) -> None:
        if self.override.currentData() != AS_ANALYSED:
            self._emit({"override_reason": self.override_reason.text()})

    def _note_changed(self) -> None:
        if not self._loading and self._finding_id is not None:
            self._note_timer.start()

    def flush_note(self) -> None:
        """Save a note (or an edit's wording) typed but not yet saved (before the selection
        changes, an undo, an export, on close)."""
        self.edits.flush()
        if self._note_timer.isActive():
            self._note_timer.stop()
        text = self.note.toPlainText()
        if self._finding_id is not None and not self._loading and text != self._last_note:
            self._last_note = text
            self._emit({"note": text})

    def show_saved(self, message: str = "Saved") -> None:
        self.saved_label.setText(message)

    def copy_position(self) -> None:
        QGuiApplication.clipboard().setText(self.position.toPlainText())


def _finding_labels(
    result: AnalysisResult, segment_ids: tuple[str, ...], types: tuple[str, ...]
) -> list[LabelScore]:
    best: dict[str, float] = {}
    for sid in segment_ids:
        try:
            seg = result.segment(sid)
        except KeyError:
            continue
        for ls in seg.labels:
            best[ls.type] = max(best.get(ls.type, 0.0), ls.score)
    rows = [LabelScore(t, s) for t, s in sorted(best.items(), key=lambda kv: -kv[1])]
    for t in types:  # rule topics without a model score
        if t not in best:
            rows.append(LabelScore(t, float("nan")))
    return rows


def _position_text(reasons: Any) -> str:
    seen: list[str] = []
    for r in reasons:
        for piece in (r.position, r.check and f"Check: {r.check}"):
            if piece and piece not in seen:
                seen.append(piece)
    return "\n\n".join(seen)
