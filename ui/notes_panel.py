"""The notes tab: every note the lawyer wrote, on selected text (in document order) and on
findings. A click shows the text or the finding; "Delete note" removes a note on selected text
(undo brings it back); a finding's note is edited in the details panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contractreview.review.store import Annotation
from contractreview_ui.table_model import OBJECT_ROLE, Column, RowTableModel

EMPTY_HINT = (
    "To note anything in the contract, select its text, right-click and choose "
    "“Add note on selection”."
)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class NotesModel(RowTableModel[Annotation]):
    COLUMNS = (
        Column("Text", lambda a: _short(a.quote), tooltip=lambda a: a.quote),
        Column("Note", lambda a: _short(a.note), tooltip=lambda a: a.note),
        Column("Reviewer", lambda a: a.reviewer),
    )


class NotesPanel(QWidget):
    note_selected = Signal(object)  # Annotation
    delete_requested = Signal(int)  # annotation id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555555;")
        lay.addWidget(self.hint)
        self.model = NotesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        lay.addWidget(self.table, 1)

    def show_notes(self, annotations: Sequence[Annotation]) -> list[Annotation]:
        """List every note of a review: on selected text, and on findings where the lawyer
        wrote one. Returns the notes on selected text (the document marks them)."""
        from contractreview.review.store import selection_annotations

        on_text = selection_annotations(annotations)
        on_findings = [a for a in annotations if a.finding_id and not a.deleted and a.note.strip()]
        self.set_annotations(on_text + on_findings)
        return on_text

    def set_annotations(self, annotations: list[Annotation]) -> None:
        rows = sorted(
            annotations, key=lambda a: (a.finding_id is not None, a.block or "", a.start or 0, a.id)
        )
        self.model.set_rows(rows)

    def _activated(self, index: QModelIndex) -> None:
        note = index.data(OBJECT_ROLE)
        if note is not None:
            self.note_selected.emit(note)

    def _menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        note: Any = index.data(OBJECT_ROLE) if index.isValid() else None
        if note is None or note.finding_id is not None:
            return  # a finding's note is edited in the details panel
        menu = QMenu(self)
        menu.addAction("Delete note", lambda: self.delete_requested.emit(note.id))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self.context_menu = menu
