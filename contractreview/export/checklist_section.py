"""The checklist in the exports: which checklist a review carries (the NDA one when the
contract is an NDA, or the one the user ran), its section of the memo and the text of its
Word comments on the evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contractreview.analysis.checklist.answer import (
    ChecklistItem,
    ChecklistResult,
    checklist_for_analysis,
)
from contractreview.analysis.labels import level_name
from contractreview.analysis.results import AnalysisResult

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

ANSWER_TEXT = {"entailment": "Yes", "contradiction": "No", "not_mentioned": "Not mentioned"}
NDA = "nda"


def review_checklist(
    result: AnalysisResult, checklist: ChecklistResult | None = None
) -> ChecklistResult | None:
    """``checklist`` when one was run; else the NDA checklist when the contract is an NDA."""
    if checklist is not None:
        return checklist
    if result.document.contract_type == NDA:
        return checklist_for_analysis(result, NDA)
    return None


def answer_line(item: ChecklistItem) -> str:
    return f"{item.title}: {ANSWER_TEXT[item.answer]} ({item.confidence:.0%})"


def checklist_comment_lines(item: ChecklistItem, checklist: ChecklistResult) -> list[str]:
    """What the Word comment on an answer's evidence says."""
    lines = [f"Checklist ({checklist.checklist_name}) {item.id}: {answer_line(item)}",
             f"Question: {item.question}"]  # fmt: skip
    if not item.preferred:
        lines.append(f"Level: {level_name(item.level)} for the {checklist.side}")
        lines.append(f"Why: {item.reason}")
        if item.position:
            lines.append(f"Firm position: {item.position}")
    return lines


def write_memo_section(doc: DocxDocument, checklist: ChecklistResult) -> None:
    """A table of every question and answer, then the answers the firm does not prefer with
    their evidence and the firm's position."""
    doc.add_heading(f"Checklist: {checklist.checklist_name}", 2)
    doc.add_paragraph(
        f"Acting for the {checklist.side}. Each answer cites the clause it was read in; "
        "'Not mentioned' cites none."
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Question", "Answer", "Level", "Clause"),
                          strict=True):  # fmt: skip
        cell.paragraphs[0].add_run(text).bold = True
    for item in checklist.items:
        cells = table.add_row().cells
        cells[0].text = item.title
        cells[1].text = f"{ANSWER_TEXT[item.answer]} ({item.confidence:.0%})"
        cells[2].text = "" if item.preferred else level_name(item.level)
        cells[3].text = ", ".join(r for r in item.refs if r)
    notes = list(dict.fromkeys(item.note for item in checklist.items if item.note))
    for note in notes:
        doc.add_paragraph(note)
    for item in checklist.raised():
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{answer_line(item)} ({level_name(item.level)}): ").bold = True
        p.add_run(item.reason)
        if item.quote:
            doc.add_paragraph(" ".join(item.quote.split()), style="Quote")
        if item.position:
            doc.add_paragraph(f"Firm position: {item.position}", style="List Bullet 2")
