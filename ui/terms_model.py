"""Tables of the summary tab (key terms, missing clauses) and of the details panel (clause types
with confidence, risk reasons). Each is a model over the core's plain objects."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from contractreview.analysis.labels import reason_basis
from contractreview.analysis.results import (
    LabelScore,
    MissingClause,
    Reason,
    Term,
    party_label,
    term_display,
)
from contractreview.analysis.terms.extractor import term_title
from contractreview_ui.findings_model import (
    EDIT_MARK_RANK,
    EDIT_MARK_WORDS,
    EDIT_MARKS,
    type_text,
)
from contractreview_ui.risk_style import risk_text, style
from contractreview_ui.table_model import Column, RowTableModel


def _pct(x: float | None) -> str:
    if x is None or x != x:  # NaN: a playbook rule topic, no model score
        return "—"
    return f"{x:.0%}"


def term_value_text(term: Term) -> str:
    """What a term says: the cited text, except parties, which are listed with their aliases
    ('Acme Ltd ("Supplier"); Beta LLC'), not as the preamble's words (its descriptions and
    addresses, and, when cited from several places, only some of them)."""
    if isinstance(term.normalized, list):
        return "; ".join(party_label(p) for p in term.normalized if isinstance(p, dict))
    return term_display(term)


def _term_tooltip(term: Term) -> str:
    where = "(click to see the clause)"
    if term.more:
        where = f"(stated in {len(term.citations)} places; click to see the first)"
    shown = term_value_text(term)
    cited = f"\n\u201c{term.value}\u201d" if term.value != shown else ""
    return f"{shown}{cited}\n{where}"


class TermsModel(RowTableModel[Term]):
    COL_TERM, COL_VALUE, COL_CONFIDENCE = range(3)
    COLUMNS = (
        Column("Term", lambda t: term_title(t.name), sort=lambda t: t.name),
        Column("Value", term_value_text, tooltip=_term_tooltip),
        Column(
            "Confidence",
            lambda t: _pct(t.confidence),
            sort=lambda t: t.confidence,
            align_right=True,
        ),
    )


class MissingModel(RowTableModel[MissingClause]):
    COL_LEVEL, COL_TYPE, COL_REASON, COL_EDIT = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._edits: dict[str, str] = {}  # rule id (or type) -> decision status of its insert
        self.COLUMNS = (
            Column(
                "Risk",
                lambda m: risk_text(m.level),
                sort=lambda m: m.level.rank,
                foreground=lambda m: QColor(style(m.level).accent),
            ),
            Column("Missing clause", lambda m: m.type),
            Column(
                "Why it matters",
                lambda m: m.reason,
                tooltip=lambda m: "\n\n".join(x for x in (m.reason, m.position) if x),
            ),
            Column(
                "Edit",
                lambda m: EDIT_MARKS.get(self._edits.get(m.rule or m.type, ""), ""),
                sort=lambda m: EDIT_MARK_RANK.get(self._edits.get(m.rule or m.type, ""), 0),
                tooltip=lambda m: EDIT_MARK_WORDS.get(self._edits.get(m.rule or m.type, ""), ""),
            ),
        )

    def set_edit_marks(self, marks: dict[str, str]) -> None:
        """The decision status of the insert suggested for each missing clause, by its
        playbook rule (the suggested edit's ``clause_type``)."""
        if marks != self._edits:
            self._edits = dict(marks)
            if self._rows:
                last = self.index(len(self._rows) - 1, self.COL_EDIT)
                self.dataChanged.emit(self.index(0, self.COL_EDIT), last)


class LabelScoresModel(RowTableModel[LabelScore]):
    COL_TYPE, COL_CONFIDENCE = range(2)
    COLUMNS = (
        Column("Clause type", lambda s: type_text(s.type)),
        Column("Confidence", lambda s: _pct(s.score), sort=lambda s: s.score, align_right=True),
    )


class ReasonsModel(RowTableModel[Reason]):
    COL_LEVEL, COL_SOURCE, COL_REASON, COL_SCORE = range(4)
    COLUMNS = (
        Column(
            "Risk",
            lambda r: risk_text(r.level),
            sort=lambda r: r.level.rank,
            foreground=lambda r: QColor(style(r.level).accent),
        ),
        Column(
            "From",
            lambda r: "Playbook rule" if r.source.value == "rule" else "Model",
            tooltip=reason_basis,
        ),
        Column(
            "Reason",
            lambda r: r.text,
            tooltip=lambda r: "\n\n".join(
                x for x in (r.text, r.check and f"Check: {r.check}") if x
            ),
        ),
        Column("Score", lambda r: _pct(r.score), sort=lambda r: r.score or 0.0, align_right=True),
    )
