"""The summary tab: contract type, counts by risk, the key terms (each one clickable: it shows
the clause it came from) and the clauses the contract should have but does not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.review.store import FindingReview
from contractreview_ui.gist_view import GistBox
from contractreview_ui.risk_style import style
from contractreview_ui.table_model import OBJECT_ROLE, SORT_ROLE
from contractreview_ui.terms_model import MissingModel, TermsModel


def _table(model: QSortFilterProxyModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    # a row as tall as its wrapped text: the parties of a contract are not cut short
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    h = view.horizontalHeader()
    h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    h.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _proxy(model: object, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)  # type: ignore[arg-type]
    proxy.setSortRole(SORT_ROLE)
    return proxy


class SummaryPanel(QWidget):
    term_clicked = Signal(str)  # segment id the term came from

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side_label: Callable[[str], str] = str  # side id -> the playbook's name for it
        lay = QVBoxLayout(self)
        self.headline = QLabel("No contract open.")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.headline)

        self.overview = GistBox("Overview", "Contract overview")
        self.overview.set_tooltip(
            "A plain-English overview of the clauses with findings or key terms, from the "
            "firm's generative model; every figure and name is checked against them"
        )
        lay.addWidget(self.overview)

        lay.addWidget(QLabel("<b>Key terms</b> (click one to see its clause)"))
        self.terms_model = TermsModel(self)
        self.terms_proxy = _proxy(self.terms_model, self)
        self.terms_view = _table(self.terms_proxy, TermsModel.COL_VALUE)
        self.terms_view.clicked.connect(self._term_activated)
        self.terms_view.activated.connect(self._term_activated)
        # the order of a review memo (parties, dates, term, ...) until the user sorts a column
        self.terms_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        lay.addWidget(self.terms_view, 3)

        self.missing_label = QLabel("<b>Missing clauses</b>")
        lay.addWidget(self.missing_label)
        self.missing_model = MissingModel(self)
        self.missing_proxy = _proxy(self.missing_model, self)
        self.missing_view = _table(self.missing_proxy, MissingModel.COL_REASON)
        lay.addWidget(self.missing_view, 1)

    def _show_missing(self, count: int | None) -> None:
        """An empty missing-clauses table of a review gives its room to the key terms;
        ``count`` None: no review yet, the (empty) table stays."""
        none = count == 0
        self.missing_view.setVisible(not none)
        self.missing_label.setText(
            "<b>Missing clauses:</b> none (every clause the playbook expects is present)"
            if none
            else "<b>Missing clauses</b>"
        )

    def show_result(self, result: AnalysisResult | None, items: list[FindingReview]) -> None:
        if result is None:
            self.headline.setText("Analysis not available yet.")
            self.terms_model.set_rows([])
            self.missing_model.set_rows([])
            self._show_missing(None)
            self.overview.clear()
            self.overview.set_enabled_for_source(False)
            return
        self.overview.set_enabled_for_source(bool(result.findings or result.terms))
        self.update_counts(result, items)
        self.terms_model.set_rows(list(result.terms))
        self.missing_model.set_rows(list(result.missing))
        self._show_missing(len(result.missing))

    def update_counts(self, result: AnalysisResult, items: list[FindingReview]) -> None:
        counts = Counter(it.level for it in items)
        parts = []
        for level in (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.INFO):
            st = style(level)
            parts.append(
                f'<span style="color:{st.accent}">{st.glyph}</span> {st.name}: '
                f"<b>{counts.get(level, 0)}</b>"
            )
        ctype = result.document.contract_type or "unknown"
        side = self.side_label(result.side)
        self.headline.setText(
            f"<b>Contract type:</b> {ctype} &nbsp; <b>Acting for:</b> {side}<br/>"
            f"<b>Findings:</b> {' &nbsp; '.join(parts)} &nbsp; "
            f"<b>Missing clauses:</b> {len(result.missing)}"
        )

    def _term_activated(self, index: QModelIndex) -> None:
        term = index.data(OBJECT_ROLE)
        if term is not None and term.segment:
            self.term_clicked.emit(term.segment)
