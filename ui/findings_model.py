"""The findings table: one row per finding as the lawyer left it (the core's ``FindingReview``:
the finding, its effective risk level, its status and notes), and the proxy that filters it by
risk, type, status and search text and sorts by meaning (risk rank, document order)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from contractreview.analysis import labels
from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.review.store import FindingReview
from contractreview_ui.risk_style import risk_text, style
from contractreview_ui.table_model import OBJECT_ROLE, SORT_ROLE, Column, RowTableModel

COL_RISK, COL_CLAUSE, COL_TYPE, COL_STATUS, COL_NOTE, COL_EDIT, COL_TEXT = range(7)
QUOTE_CHARS = 160
# the Edit column: what the lawyer decided on the finding's suggested edit(s), the most
# decided first (one accepted edit marks the finding)
# (a symbol: the table's Text column keeps its room on a 1366-pixel screen; the tooltip says it)
EDIT_MARKS = {"accepted": "✓", "rejected": "✗", "pending": "○"}
EDIT_MARK_WORDS = {
    "accepted": "Suggested edit accepted: it goes into the Word copy as a tracked change",
    "rejected": "Suggested edit rejected",
    "pending": "The playbook suggests an edit (see the details)",
}
EDIT_MARK_RANK = {"accepted": 3, "rejected": 2, "pending": 1}


def type_text(clause_type: str) -> str:
    """A clause type or playbook rule as a lawyer reads it (the core's one table)."""
    return labels.type_name(clause_type)


def clause_label(result: AnalysisResult | None, item: FindingReview) -> str:
    """What a lawyer calls the clause ("9.1(a)"): the same name as in every export."""
    return labels.clause_label(result, item.finding)


def _quote(item: FindingReview) -> str:
    q = " ".join(item.finding.quote.split())
    return q if len(q) <= QUOTE_CHARS else q[: QUOTE_CHARS - 1] + "…"


class FindingsModel(RowTableModel[FindingReview]):
    """Rows are ``FindingReview`` objects in document order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: AnalysisResult | None = None
        self._order: dict[str, int] = {}
        self._edits: dict[str, str] = {}  # finding id -> decision status of its edits
        self.COLUMNS = (
            Column(
                "Risk",
                lambda r: risk_text(r.level) + (" *" if r.overridden else ""),
                sort=lambda r: r.level.rank,
                tooltip=self._risk_tooltip,
                foreground=lambda r: QColor(style(r.level).accent),
            ),
            Column(
                "Clause",
                lambda r: clause_label(self.result, r),
                sort=lambda r: self._order.get(r.finding.id, 0),
            ),
            Column("Type", lambda r: labels.type_names(r.finding.types)),
            Column("Status", lambda r: r.status.value.capitalize()),
            Column("Note", lambda r: "✎" if r.note else "", tooltip=lambda r: r.note),
            Column(
                "Edit",
                lambda r: EDIT_MARKS.get(self._edits.get(r.finding.id, ""), ""),
                sort=lambda r: EDIT_MARK_RANK.get(self._edits.get(r.finding.id, ""), 0),
                tooltip=self._edit_tooltip,
                foreground=lambda r: QColor(
                    "#17692b" if self._edits.get(r.finding.id) == "accepted" else "#555555"
                ),
            ),
            Column("Text", _quote, tooltip=lambda r: r.finding.quote),
        )

    @staticmethod
    def _risk_tooltip(r: FindingReview) -> str:
        if r.overridden:
            return (
                f"Overridden by the reviewer (model/playbook said "
                f"{r.finding.risk.level.value}). {r.override_reason}"
            )
        return "; ".join(reason.text for reason in r.finding.risk.reasons)

    def _edit_tooltip(self, r: FindingReview) -> str:
        return EDIT_MARK_WORDS.get(self._edits.get(r.finding.id, ""), "")

    def edit_status(self, finding_id: str) -> str | None:
        """'accepted', 'rejected' or 'pending' for a finding with a suggested edit, else None."""
        return self._edits.get(finding_id)

    def set_edit_marks(self, marks: dict[str, str]) -> None:
        """The decision status of each finding's suggested edits (finding id -> status)."""
        if marks == self._edits:
            return
        self._edits = dict(marks)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_EDIT), self.index(len(self._rows) - 1, COL_EDIT)
            )

    def set_review(self, result: AnalysisResult | None, items: list[FindingReview]) -> None:
        self.result = result
        self._order = {f.id: i for i, f in enumerate(result.findings)} if result else {}
        self.set_rows(items)

    def update_items(self, items: list[FindingReview]) -> None:
        """New annotations for the same findings: change the rows in place, keep selection."""
        by_id = {it.finding.id: it for it in items}
        if [r.finding.id for r in self._rows] != [it.finding.id for it in items]:
            self.set_rows(items)
            return
        for row, old in enumerate(self._rows):
            new = by_id[old.finding.id]
            if new != old:
                self._rows[row] = new
                self.refresh_row(row)

    def row_of(self, finding_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.finding.id == finding_id:
                return i
        return -1

    def types(self) -> list[str]:
        return sorted({t for r in self._rows for t in r.finding.types})


class FindingsFilterProxy(QSortFilterProxyModel):
    """Filters by minimum risk level, clause type, status and free text; sorts on SORT_ROLE."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._levels: set[RiskLevel] | None = None
        self._type: str | None = None
        self._status: str | None = None
        self._search = ""

    def _refilter(self, **changes: Any) -> None:
        # Qt 6.9 has beginFilterChange but not endFilterChange (6.10): check for the one we end with
        if hasattr(self, "endFilterChange") and hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.__dict__.update(changes)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.__dict__.update(changes)
            self.invalidateRowsFilter()

    def set_levels(self, levels: set[RiskLevel] | None) -> None:
        self._refilter(_levels=levels)

    def set_type(self, clause_type: str | None) -> None:
        self._refilter(_type=clause_type or None)

    def set_status(self, status: str | None) -> None:
        self._refilter(_status=status or None)

    def set_search(self, text: str) -> None:
        self._refilter(_search=text.strip().casefold())

    def filterAcceptsRow(  # noqa: N802
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        item: FindingReview | None = model.data(
            model.index(source_row, 0, source_parent), OBJECT_ROLE
        )
        if item is None:
            return False
        if self._levels is not None and item.level not in self._levels:
            return False
        if self._type and self._type not in item.finding.types:
            return False
        if self._status and item.status.value != self._status:
            return False
        if self._search:
            hay = " ".join(
                (
                    item.finding.quote,
                    " ".join(item.finding.types),
                    item.note,
                    clause_label(getattr(model, "result", None), item),
                )
            ).casefold()
            if self._search not in hay:
                return False
        return True
