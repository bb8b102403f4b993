"""The suggested edits of the open review: which edits the details panel shows (those of the
selected finding, or the insert of a selected missing clause), the lawyer's decisions saved in
the review store as they are made (undone and redone with the annotations, from the Edit menu),
and each finding's and missing clause's decision marked in its table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject

from contractreview_ui.edit_view import EditView
from contractreview_ui.table_model import OBJECT_ROLE

if TYPE_CHECKING:
    from collections.abc import Mapping

    from contractreview.analysis.edits.model import EditDecision, SuggestedEdit
    from contractreview.analysis.results import AnalysisResult, MissingClause
    from contractreview_ui.details_panel import DetailsPanel
    from contractreview_ui.findings_model import FindingsModel
    from contractreview_ui.review_session import ReviewSession, StoreSnapshot
    from contractreview_ui.summary_panel import SummaryPanel


def strongest(statuses: list[str]) -> str:
    """The mark of a finding with several edits: accepted if any is, else rejected if any is."""
    for status in ("accepted", "rejected"):
        if status in statuses:
            return status
    return "pending"


class EditsController(QObject):
    """Connects the edit view in the details panel to the review session."""

    def __init__(
        self,
        session: ReviewSession,
        details: DetailsPanel,
        findings: FindingsModel,
        summary: SummaryPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.details = session, details
        self.findings, self.summary = findings, summary
        self.view: EditView = details.edits
        self.result: AnalysisResult | None = None
        self.missing_shown: str | None = None  # the missing clause's rule shown, if any
        self.view.decided.connect(self.decide)
        details.finding_shown.connect(self._finding_shown)
        session.changed.connect(self._store_changed)
        summary.missing_view.clicked.connect(self._missing_clicked)
        summary.missing_view.activated.connect(self._missing_clicked)

    # -- the open review -------------------------------------------------------------------
    def set_result(self, result: AnalysisResult | None) -> None:
        """A new analysis (or none): its edits; the marks follow the saved decisions."""
        self.result = result
        self._mark()

    @property
    def decisions(self) -> Mapping[str, EditDecision]:
        snap = self.session.snapshot
        return snap.decisions if snap is not None else {}

    def edits_for_finding(self, finding_id: str) -> list[SuggestedEdit]:
        edits = self.result.edits if self.result is not None else ()
        return [e for e in edits if e.finding_id == finding_id]

    def edits_for_missing(self, missing: MissingClause) -> list[SuggestedEdit]:
        """The inserts suggested for a missing clause (their type is its playbook rule)."""
        edits = self.result.edits if self.result is not None else ()
        keys = {missing.rule or missing.type}
        return [e for e in edits if e.finding_id is None and e.clause_type in keys]

    # -- showing ---------------------------------------------------------------------------
    def _finding_shown(self, finding_id: str | None) -> None:
        self.missing_shown = None
        self._show(self.edits_for_finding(finding_id) if finding_id else [])

    def show_missing(self, missing: MissingClause) -> None:
        """A missing clause in the details, with the insert the playbook suggests."""
        self.details.show_missing(missing)
        self.missing_shown = missing.rule or missing.type
        self._show(self.edits_for_missing(missing))
        dock = self.details.parentWidget()
        if dock is not None:
            dock.show()

    def _missing_clicked(self, index: QModelIndex) -> None:
        missing = index.data(OBJECT_ROLE)
        if missing is not None:
            self.show_missing(missing)

    def _show(self, edits: list[SuggestedEdit]) -> None:
        shown = []
        for edit in edits:
            text = ""
            if self.result is not None:
                try:
                    text = self.result.segment(edit.segment_id).text
                except KeyError:
                    text = ""
            shown.append((edit, text))
        self.view.show_edits(shown, dict(self.decisions))

    # -- deciding --------------------------------------------------------------------------
    def decide(self, edit: SuggestedEdit, decision: EditDecision) -> None:
        """Save at once (the Edit menu's Undo takes it back)."""
        self.session.decide(edit, decision, then=lambda _s: self.details.show_saved())

    def _store_changed(self, snapshot: StoreSnapshot) -> None:
        self.view.update_decisions(dict(snapshot.decisions))
        self._mark()

    def _mark(self) -> None:
        decisions = self.decisions
        by_finding: dict[str, list[str]] = {}
        by_missing: dict[str, list[str]] = {}
        for edit in self.result.edits if self.result is not None else ():
            decision = decisions.get(edit.id)
            status = decision.status if decision is not None else "pending"
            if edit.finding_id is not None:
                by_finding.setdefault(edit.finding_id, []).append(status)
            else:
                by_missing.setdefault(edit.clause_type, []).append(status)
        self.findings.set_edit_marks({k: strongest(v) for k, v in by_finding.items()})
        self.summary.missing_model.set_edit_marks({k: strongest(v) for k, v in by_missing.items()})
