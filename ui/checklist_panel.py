"""The checklist tab: the firm's checklist (the NDA one) answered for the open contract.

A table of questions with their answer, level and confidence; selecting a row selects the
cited segment in the document and shows the quote, the reason and the firm's position under
the table. The checklist runs on the model thread as a generator job (progress, cancel),
by itself when the contract is an NDA, or when the lawyer presses "Run checklist".
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contractreview.analysis.checklist.answer import ChecklistItem, ChecklistResult
from contractreview.analysis.pipeline import Progress
from contractreview.docx.document import Document
from contractreview_ui.checklist_model import ChecklistModel, answer_text
from contractreview_ui.table_model import OBJECT_ROLE, SORT_ROLE
from contractreview_ui.workers import GeneratorJob, Pools

CHECKLIST = "nda"
JOB_NAME = "checklist"
EMPTY_HINT = "Open an NDA to see its checklist, or press “Run checklist”."


def checklist_job(document: Document, side: str | None, generation: int) -> GeneratorJob:
    from contractreview.analysis.checklist.answer import run_checklist

    return GeneratorJob(
        JOB_NAME,
        lambda stop: run_checklist(document, CHECKLIST, side, should_stop=stop),
        is_result=lambda x: isinstance(x, ChecklistResult),
        generation=generation,
    )


class ChecklistPanel(QWidget):
    evidence_selected = Signal(list)  # the cited segment ids of the selected answer
    finished = Signal(object)  # ChecklistResult
    failed = Signal(str)

    def __init__(self, pools: Pools, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pools = pools
        self.result: ChecklistResult | None = None
        self.document: Document | None = None
        self.side: str | None = None
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.headline = QLabel(EMPTY_HINT)
        self.headline.setWordWrap(True)
        top.addWidget(self.headline, 1)
        self.run_button = QPushButton("Run checklist")
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.run)
        top.addWidget(self.run_button)
        lay.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        lay.addWidget(self.progress)
        self.model = ChecklistModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ChecklistModel.COL_QUESTION, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        lay.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)

    # -- running ---------------------------------------------------------------------------
    def set_document(self, document: Document | None, side: str | None = None) -> None:
        """A new document (or none): the old answers go; the button runs it on demand."""
        self.pools.cancel(JOB_NAME)
        self.document, self.side, self.result = document, side, None
        self.model.set_rows([])
        self.detail.clear()
        self.headline.setText(EMPTY_HINT)
        self.run_button.setEnabled(document is not None)

    def run(self) -> None:
        if self.document is None:
            return
        self.pools.cancel(JOB_NAME)
        self.run_button.setEnabled(False)
        self.progress.show()
        self.headline.setText("Answering the checklist…")
        self.pools.submit(
            "model",
            checklist_job(self.document, self.side, self.pools.generation),
            finished=self.show_result,
            failed=self._failed,
            progress=self._progress,
            done=self._over,
        )

    def _progress(self, event: Any) -> None:
        if isinstance(event, Progress):
            self.headline.setText(f"Answering the checklist… ({event.stage})")

    def _over(self) -> None:
        self.progress.hide()
        self.run_button.setEnabled(self.document is not None)

    def _failed(self, error: BaseException) -> None:
        self.headline.setText(f"The checklist could not be answered: {error}")
        self.failed.emit(str(error))

    # -- showing ---------------------------------------------------------------------------
    def show_result(self, result: ChecklistResult | None) -> None:
        if result is None:
            return
        self.result = result
        self.model.set_rows(result.items)
        raised = len(result.raised())
        self.headline.setText(
            f"<b>{html.escape(result.checklist_name)}</b> · acting for the "
            f"{html.escape(result.side)} · {raised} answer{'s' * (raised != 1)} "
            "the firm does not prefer"
            + "".join(f"<br/><i>{html.escape(n)}</i>" for n in _notes(result))
        )
        self.finished.emit(result)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def current_item(self) -> ChecklistItem | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(OBJECT_ROLE) if rows else None

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        item = self.current_item()
        if item is None:
            self.detail.clear()
            return
        self.detail.setText(detail_html(item))
        if item.citations:
            self.evidence_selected.emit([c.segment for c in item.citations])


def _notes(result: ChecklistResult) -> list[str]:
    """The notes that hold for the whole checklist (a cover page's), each once."""
    return list(dict.fromkeys(i.note for i in result.items if i.note))


def detail_html(item: ChecklistItem) -> str:
    e = html.escape
    parts = [f"<b>{e(item.title)}: {e(answer_text(item))}</b> ({item.confidence:.0%})",
             f"<i>{e(item.question)}</i>"]  # fmt: skip
    if item.quote:
        where = ", ".join(r for r in item.refs if r)
        parts.append(f"{e(where) + ': ' if where else ''}“{e(' '.join(item.quote.split()))}”")
    elif item.note:
        parts.append(e(item.note))
    elif item.answer == "not_mentioned":
        parts.append("Not mentioned in the contract: no clause is cited.")
    if not item.preferred:
        parts.append(e(item.reason))
        if item.position:
            parts.append(f"<b>Firm position:</b> {e(item.position)}")
    return "<br/>".join(parts)
