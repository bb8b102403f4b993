"""The suggested edits of the selected finding (or missing clause), under it in the details panel:
each as a before/after diff of the contract's words (deleted struck through in red, inserted
underlined in green), the options (the firm's position, then its fallbacks), the proposed text
the lawyer may reword, and Accept / Reject / Reset. A change leaves through ``decided`` at once
(typing after a short pause); the store saves it and the Edit menu undoes it."""

from __future__ import annotations

import difflib
import html
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from contractreview.analysis.edits.model import DecisionStatus, EditDecision, SuggestedEdit

TEXT_SAVE_DELAY_MS = 600  # a pause in typing saves the reworded text
CONTEXT_CHARS = 70  # the clause's words shown either side of the edited span
DELETED_STYLE = "color:#a31515;background-color:#fde8e8;text-decoration:line-through;"
INSERTED_STYLE = "color:#17692b;background-color:#e2f3e5;text-decoration:underline;"
KIND_NAMES = {
    "replace_value": "Change the value",
    "replace_clause": "Replace the clause",
    "insert_clause": "Insert the missing clause",
    "delete": "Delete",
    "make_mutual": "Make it mutual",
}
STATUS_TEXT = {
    "pending": "Not decided yet",
    "accepted": "Accepted: exported as a tracked change",
    "rejected": "Rejected: left as it is",
}
STATUS_COLOUR = {"pending": "#555555", "accepted": "#17692b", "rejected": "#a31515"}
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _words(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _span(text: str, css: str) -> str:
    return f'<span style="{css}">{html.escape(text, quote=False)}</span>' if text else ""


def diff_html(
    old: str, new: str, before: str = "", after: str = "", *, by_word: bool = True
) -> str:
    """``old`` becoming ``new`` as HTML, word by word (``by_word``: a reworded clause shows
    what changed in it) or as a whole (a value: "~~fifteen (15) days~~ thirty (30) days"),
    between the unchanged ``before`` and ``after``; every piece of contract text escaped."""
    a, b = (_words(old), _words(new)) if by_word else ([old] if old else [], [new] if new else [])
    out = [html.escape(before, quote=False)]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2]), quote=False))
            continue
        out.append(_span("".join(a[i1:i2]), DELETED_STYLE))
        if i2 > i1 and j2 > j1 and not by_word:
            out.append(" ")
        out.append(_span("".join(b[j1:j2]), INSERTED_STYLE))
    out.append(html.escape(after, quote=False))
    return "".join(out).replace("\n", "<br/>")


def context(segment_text: str, edit: SuggestedEdit) -> tuple[str, str]:
    """The clause's words either side of the edit (cut at a word, marked with …)."""
    start, end = max(0, edit.start), min(len(segment_text), edit.end)
    before = segment_text[max(0, start - CONTEXT_CHARS) : start]
    after = segment_text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before[before.index(" ") :]
    if len(segment_text) - end > CONTEXT_CHARS and " " in after:
        after = after[: after.rindex(" ")] + " …"
    if edit.kind == "insert_clause":
        return (before + "\n\n" if before else ""), ""
    return before, after


class EditCard(QFrame):
    """One suggested edit and the lawyer's decision on it."""

    decided = Signal(object, object)  # SuggestedEdit, EditDecision

    def __init__(self, edit: SuggestedEdit, segment_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = edit
        self.decision = EditDecision(edit.id)
        self._before, self._after = context(segment_text, edit)
        self._loading = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        head = QLabel(
            f"<b>{KIND_NAMES.get(edit.kind, edit.kind)}</b> — " + html.escape(edit.reason)
        )
        head.setWordWrap(True)
        lay.addWidget(head)
        self.diff = QLabel()
        self.diff.setTextFormat(Qt.TextFormat.RichText)
        self.diff.setWordWrap(True)
        self.diff.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.diff.setStyleSheet("background:#ffffff;border:1px solid #d0d0d0;padding:4px;")
        self.diff.setAccessibleName("The clause before and after the suggested edit")
        lay.addWidget(self.diff)
        self._build_controls(lay)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TEXT_SAVE_DELAY_MS)
        self._timer.timeout.connect(self._save_text)
        self.load(self.decision)

    def _build_controls(self, lay: QVBoxLayout) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel("Wording"))
        self.options = QComboBox()
        for i, opt in enumerate(self.edit.options):
            self.options.addItem(opt.label, i)
        self.options.setToolTip("The firm's position, then its fallbacks")
        self.options.setAccessibleName("Wording")
        self.options.currentIndexChanged.connect(self._option_chosen)
        row.addWidget(self.options, 1)
        self.accept_button = QPushButton("Accept")
        self.reject_button = QPushButton("Reject")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Back to undecided, with the firm's position")
        self.accept_button.clicked.connect(lambda: self._set_status("accepted"))
        self.reject_button.clicked.connect(lambda: self._set_status("rejected"))
        self.reset_button.clicked.connect(lambda: self._emit(EditDecision(self.edit.id)))
        for b in (self.accept_button, self.reject_button, self.reset_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The proposed text (delete the clause: leave it empty)")
        # a value takes a line or two, a clause a few more
        self.text.setMaximumHeight(44 if self.edit.kind == "replace_value" else 88)
        self.text.setAccessibleName("Proposed text")
        self.text.textChanged.connect(self._text_changed)
        lay.addWidget(self.text)
        self.status = QLabel()
        lay.addWidget(self.status)

    # -- showing ---------------------------------------------------------------------------
    def load(self, decision: EditDecision) -> None:
        """Show a saved decision (without saving it again); typing in progress is kept."""
        if self._timer.isActive():
            return
        self._loading = True
        try:
            self.decision = decision
            self.options.setCurrentIndex(max(0, self.options.findData(decision.option)))
            proposed = decision.new_text(self.edit)
            if self.text.toPlainText() != proposed:
                self.text.setPlainText(proposed)
            self._show_state()
        finally:
            self._loading = False

    def _show_state(self) -> None:
        d = self.decision
        self._show_diff()
        own = " (your wording)" if d.text is not None else ""
        self.status.setText(STATUS_TEXT.get(d.status, d.status) + own)
        self.status.setStyleSheet(f"color:{STATUS_COLOUR.get(d.status, '#555555')};")
        self.accept_button.setEnabled(d.status != "accepted")
        self.reject_button.setEnabled(d.status != "rejected")
        self.reset_button.setEnabled(d != EditDecision(self.edit.id))

    def _show_diff(self) -> None:
        by_word = self.edit.kind != "replace_value"
        html_text = diff_html(
            self.edit.old_text, self.proposed(), self._before, self._after, by_word=by_word
        )
        self.diff.setText(html_text)

    def proposed(self) -> str:
        return self.text.toPlainText()

    # -- deciding --------------------------------------------------------------------------
    def _emit(self, decision: EditDecision) -> None:
        if self._loading or decision == self.decision:
            return
        self._timer.stop()
        self.decision = decision
        self._loading = True
        try:
            self.options.setCurrentIndex(max(0, self.options.findData(decision.option)))
            proposed = decision.new_text(self.edit)
            if self.text.toPlainText() != proposed:
                self.text.setPlainText(proposed)
        finally:
            self._loading = False
        self._show_state()
        self.decided.emit(self.edit, decision)

    def _set_status(self, status: DecisionStatus) -> None:
        self.flush()
        d = self.decision
        self._emit(EditDecision(d.edit_id, status, d.option, d.text))

    def _option_chosen(self, index: int) -> None:
        d = self.decision
        option = int(self.options.itemData(index) or 0)
        self._emit(EditDecision(d.edit_id, d.status, option, None))  # a new option, its words

    def _text_changed(self) -> None:
        if self._loading:
            return
        self._show_diff()
        self._timer.start()

    def flush(self) -> None:
        """Save reworded text not yet saved (before a decision, undo, another selection)."""
        if self._timer.isActive():
            self._timer.stop()
            self._save_text()

    def _save_text(self) -> None:
        d = self.decision
        typed = self.proposed()
        option_text = EditDecision(d.edit_id, d.status, d.option).new_text(self.edit)
        self._emit(
            EditDecision(d.edit_id, d.status, d.option, None if typed == option_text else typed)
        )


class EditView(QWidget):
    """The suggested edits of what the details panel shows; empty (hidden) when it has none."""

    decided = Signal(object, object)  # SuggestedEdit, EditDecision

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("<b>Suggested edit</b>")
        lay.addWidget(self.title)
        self._cards_box = QVBoxLayout()
        lay.addLayout(self._cards_box)
        self.cards: list[EditCard] = []
        self.setVisible(False)

    def show_edits(
        self, edits: list[tuple[SuggestedEdit, str]], decisions: dict[str, EditDecision]
    ) -> None:
        """``edits``: each edit with the text of its segment (for the words around it)."""
        self.flush()
        for card in self.cards:
            card.decided.disconnect()
            self._cards_box.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for edit, segment_text in edits:
            card = EditCard(edit, segment_text, self)
            card.load(decisions.get(edit.id, EditDecision(edit.id)))
            card.decided.connect(self.decided)
            self._cards_box.addWidget(card)
            self.cards.append(card)
        self.title.setText("<b>Suggested edits</b>" if len(edits) > 1 else "<b>Suggested edit</b>")
        self.setVisible(bool(edits))

    def update_decisions(self, decisions: dict[str, EditDecision]) -> None:
        """The store changed (saved, undone, redone): show what it holds now."""
        for card in self.cards:
            card.load(decisions.get(card.edit.id, EditDecision(card.edit.id)))

    def flush(self) -> None:
        for card in self.cards:
            card.flush()
