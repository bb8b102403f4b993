"""A read-only table model over a list of plain core objects, described by named columns.

Every list or table of the GUI is one of these (STYLE.md §4): the core objects stay plain
dataclasses; the model adapts them. ``OBJECT_ROLE`` returns the row's object, ``SORT_ROLE`` a
value that sorts correctly (a risk rank, a number), so proxies sort on meaning, not text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

T = TypeVar("T")

OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    display: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    tooltip: Callable[[T], str] | None = None
    decoration: Callable[[T], Any] | None = None
    foreground: Callable[[T], Any] | None = None
    align_right: bool = False


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Rows are objects of type ``T``; ``COLUMNS`` says how to show each column."""

    COLUMNS: Sequence[Column[Any]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    # -- content -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_object(self, row: int) -> T:
        return self._rows[row]

    def refresh_row(self, row: int) -> None:
        if 0 <= row < len(self._rows) and self.COLUMNS:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # -- Qt API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        col = self.COLUMNS[index.column()]
        obj = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(obj)
        if role == OBJECT_ROLE:
            return obj
        if role == SORT_ROLE:
            return col.sort(obj) if col.sort else col.display(obj)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(obj)
        if role == Qt.ItemDataRole.DecorationRole and col.decoration:
            return col.decoration(obj)
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground:
            return col.foreground(obj)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
