"""The findings panel: filters (risk, type, status, search) over the findings table, and
keyboard navigation through what is shown (next/previous finding, next high risk)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contractreview.analysis.results import RiskLevel
from contractreview.review.store import FindingReview, Status
from contractreview_ui.findings_model import (
    COL_CLAUSE,
    COL_EDIT,
    COL_NOTE,
    COL_RISK,
    COL_STATUS,
    COL_TEXT,
    COL_TYPE,
    FindingsFilterProxy,
    FindingsModel,
    type_text,
)
from contractreview_ui.table_model import OBJECT_ROLE

RISK_FILTERS: list[tuple[str, set[RiskLevel] | None]] = [
    ("All levels", None),
    ("High only", {RiskLevel.HIGH}),
    ("High and medium", {RiskLevel.HIGH, RiskLevel.MEDIUM}),
    ("Medium", {RiskLevel.MEDIUM}),
    ("Low", {RiskLevel.LOW}),
    ("Info", {RiskLevel.INFO}),
]


class FindingsPanel(QWidget):
    finding_selected = Signal(str)  # finding id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search findings (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.risk = QComboBox()
        for text, _ in RISK_FILTERS:
            self.risk.addItem(text)
        self.risk.currentIndexChanged.connect(lambda i: self.proxy.set_levels(RISK_FILTERS[i][1]))
        self.type = QComboBox()
        self.type.addItem("All types", "")
        self.type.currentIndexChanged.connect(
            lambda _i: self.proxy.set_type(self.type.currentData())
        )
        self.status = QComboBox()
        self.status.addItem("Any status", "")
        for s in Status:
            self.status.addItem(s.value.capitalize(), s.value)
        self.status.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status.currentData())
        )
        grid = QGridLayout()
        grid.addWidget(self.search, 0, 0, 1, 3)
        grid.addWidget(self.risk, 1, 0)
        grid.addWidget(self.type, 1, 1)
        grid.addWidget(self.status, 1, 2)
        grid.setColumnStretch(1, 1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_CLAUSE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Findings")
        h = self.table.horizontalHeader()
        for col in (COL_RISK, COL_STATUS, COL_NOTE, COL_EDIT):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col, width in ((COL_CLAUSE, 90), (COL_TYPE, 150)):  # long headings must not
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)  # push Text away
            h.resizeSection(col, width)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        h.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.count = QLabel("")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(grid)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    # -- content ---------------------------------------------------------------------------
    def set_types(self, types: list[str]) -> None:
        current = self.type.currentData()
        self.type.blockSignals(True)
        self.type.clear()
        self.type.addItem("All types", "")
        for t in types:
            self.type.addItem(type_text(t), t)
        self.type.setCurrentIndex(max(0, self.type.findData(current)))
        self.type.blockSignals(False)
        self.proxy.set_type(self.type.currentData())

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} findings shown" if total else "")

    # -- selection -------------------------------------------------------------------------
    def current_item(self) -> FindingReview | None:
        idx = self.table.currentIndex()
        return idx.data(OBJECT_ROLE) if idx.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(OBJECT_ROLE) if current.isValid() else None
        if item is not None:
            self.finding_selected.emit(item.finding.id)

    def select_finding(self, finding_id: str) -> bool:
        """Select the row of ``finding_id`` if the filters show it; False if they hide it."""
        row = self.model.row_of(finding_id)
        if row < 0:
            return False
        pidx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not pidx.isValid():
            self.table.clearSelection()
            return False
        self._select_proxy_row(pidx.row())
        return True

    def _select_proxy_row(self, row: int) -> None:
        idx = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(idx)

    def step(self, delta: int, *, high_only: bool = False) -> bool:
        """Move to the next (``delta`` = 1) or previous (-1) shown finding; False at the end."""
        n = self.proxy.rowCount()
        if n == 0:
            return False
        cur = self.table.currentIndex()
        row = cur.row() if cur.isValid() else (-1 if delta > 0 else n)
        row += delta
        while 0 <= row < n:
            item: FindingReview = self.proxy.index(row, 0).data(OBJECT_ROLE)
            if not high_only or item.level == RiskLevel.HIGH:
                self._select_proxy_row(row)
                return True
            row += delta
        return False

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
