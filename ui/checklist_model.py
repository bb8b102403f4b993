"""The checklist table: one row per question with its answer, level and confidence. A model
over the core's :class:`ChecklistItem` objects (STYLE.md §4)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from contractreview.analysis.checklist.answer import ChecklistItem
from contractreview_ui.risk_style import risk_text, style
from contractreview_ui.table_model import Column, RowTableModel

ANSWER_TEXT = {"entailment": "Yes", "contradiction": "No", "not_mentioned": "Not mentioned"}


def answer_text(item: ChecklistItem) -> str:
    return ANSWER_TEXT.get(item.answer, item.answer)


def level_text(item: ChecklistItem) -> str:
    return "" if item.preferred else risk_text(item.level)


def _tooltip(item: ChecklistItem) -> str:
    parts = [item.question, item.note]
    if not item.preferred:
        parts += [item.reason, item.position and f"Firm position: {item.position}"]
    if item.citations:
        parts.append("(select the row to see the evidence in the document)")
    return "\n\n".join(p for p in parts if p)


class ChecklistModel(RowTableModel[ChecklistItem]):
    COL_QUESTION, COL_ANSWER, COL_LEVEL, COL_CONFIDENCE = range(4)
    COLUMNS = (
        Column("Question", lambda i: i.title, tooltip=_tooltip, sort=lambda i: i.id),
        Column("Answer", answer_text, tooltip=_tooltip),
        Column(
            "Level",
            level_text,
            sort=lambda i: 0 if i.preferred else i.level.rank,
            foreground=lambda i: QColor(style(i.level).accent),
        ),
        Column(
            "Confidence",
            lambda i: f"{i.confidence:.0%}",
            sort=lambda i: i.confidence,
            align_right=True,
        ),
    )
