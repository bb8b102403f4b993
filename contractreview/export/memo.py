"""The review memo (DOCX): title, parties, key terms with the clause each came from, findings
by risk level with quotes, notes and statuses, missing clauses, and a footer naming the model,
playbook and document hashes and saying the analysis ran on this machine.

Also the pieces of a report the HTML export shares: parties, key-term rows, findings by level.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractreview.analysis.contract_type import contract_type_name
from contractreview.analysis.labels import (
    clause_label,
    level_basis,
    level_name,
    segment_label,
    type_names,
)
from contractreview.analysis.results import (
    AnalysisResult,
    RiskLevel,
    Term,
    effect_text,
    party_label,
    term_check_note,
    term_display,
)
from contractreview.analysis.terms.extractor import term_title
from contractreview.atomic_write import write_bytes_atomic
from contractreview.docx.xml_text import xml_safe, xml_text
from contractreview.review.store import (
    Annotation,
    FindingReview,
    reviewed_findings,
    selection_annotations,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from contractreview.analysis.checklist.answer import ChecklistResult

LEVEL_ORDER = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.INFO, RiskLevel.NONE)
LEVEL_TITLE = {
    RiskLevel.HIGH: "High risk",
    RiskLevel.MEDIUM: "Medium risk",
    RiskLevel.LOW: "Low risk",
    RiskLevel.INFO: "For information",
    RiskLevel.NONE: "No risk found",
}
LOCAL_STATEMENT = (
    "The analysis ran on this machine with a local model; the contract was not sent anywhere."
)


@dataclass(frozen=True)
class TermRow:
    name: str  # "Governing law"
    value: str
    clause: str  # label or heading of the clause it came from
    source: str  # the words of the clause the value was read from


def parties(result: AnalysisResult) -> list[str]:
    """Each party as "Name (the "Alias")" from the ``parties`` term."""
    out: list[str] = []
    for t in result.terms:
        if t.name != "parties":
            continue
        norm = t.normalized
        if isinstance(norm, list) and norm and all(isinstance(p, dict) for p in norm):
            out.extend(party_label(p) for p in norm)
        else:
            out.append(t.value)
    return list(dict.fromkeys(x for x in out if x))


def term_rows(result: AnalysisResult) -> list[TermRow]:
    return [_term_row(result, t) for t in result.terms if t.name != "parties"]


def _term_row(result: AnalysisResult, t: Term) -> TermRow:
    try:
        seg = result.segment(t.segment)
    except KeyError:
        return TermRow(term_title(t.name), _shown(t), "", "")
    clause = segment_label(seg)
    lo = max(0, t.start - 80)
    hi = min(len(seg.text), t.end + 80)
    source = ("…" if lo else "") + seg.text[lo:hi] + ("…" if hi < len(seg.text) else "")
    return TermRow(term_title(t.name), _shown(t), clause, " ".join(source.split()))


def _shown(t: Term) -> str:
    """The value, and for a term marked "check" the mark and the competing values."""
    note = term_check_note(t)
    return f"{term_display(t)} [{note}]" if note else term_display(t)


def findings_by_level(
    result: AnalysisResult, annotations: Sequence[Annotation]
) -> list[tuple[RiskLevel, list[FindingReview]]]:
    items = reviewed_findings(result, annotations)
    return [(lv, [i for i in items if i.level == lv]) for lv in LEVEL_ORDER]


def provenance(result: AnalysisResult) -> list[str]:
    return [
        f"Document SHA-256: {result.document.sha256}",
        f"Model: {result.model.name} (SHA-256 {result.model.sha256})",
        f"Playbook: {result.playbook.name} (SHA-256 {result.playbook.sha256})",
        LOCAL_STATEMENT,
    ]


def export_memo(
    result: AnalysisResult,
    path: Path | str,
    annotations: Sequence[Annotation] = (),
    *,
    reviewer: str = "",
    date: datetime | None = None,
    protect: Sequence[Path | str] = (),
    checklist: ChecklistResult | None = None,
) -> Path:
    """Write the review memo as a Word document at ``path`` (atomically); never onto the
    contract reviewed nor any of ``protect``. ``checklist``: its answers get a section (an
    NDA gets the NDA checklist's without asking)."""
    import docx

    from contractreview.export.checklist_section import review_checklist, write_memo_section

    path = Path(path)
    annotations, reviewer = [xml_safe(a) for a in annotations], xml_text(reviewer)
    doc = docx.Document()
    _header(doc, result, reviewer, date or datetime.now(UTC))
    _terms(doc, result)
    _findings(doc, result, annotations)
    _selections(doc, annotations)
    _missing(doc, result)
    checklist = review_checklist(result, checklist)
    if checklist is not None:
        write_memo_section(doc, checklist)
    _footer(doc, result)
    buf = io.BytesIO()
    doc.save(buf)
    write_bytes_atomic(path, buf.getvalue(), protect=(result.document.path, *protect))
    return path


def _header(doc: DocxDocument, result: AnalysisResult, reviewer: str, date: datetime) -> None:
    info = result.document
    doc.add_heading("Contract review memo", 0)
    doc.add_heading(info.title or Path(info.path).name, 1)
    facts = [
        ("File", Path(info.path).name),
        ("Contract type", contract_type_name(info.contract_type) if info.contract_type else ""),
        ("We act for", result.side),
        ("Reviewer", reviewer),
        ("Date", date.strftime("%d %B %Y")),
    ]
    for label, value in facts:
        if value:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
    doc.add_heading("Parties", 2)
    names = parties(result)
    for name in names or ["The parties were not identified; check the preamble."]:
        doc.add_paragraph(name, style="List Bullet")


def _terms(doc: DocxDocument, result: AnalysisResult) -> None:
    doc.add_heading("Key terms", 2)
    rows = term_rows(result)
    if not rows:
        doc.add_paragraph("No key terms were found.")
        return
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Term", "Value", "From clause"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for r in rows:
        cells = table.add_row().cells
        cells[0].text = r.name
        cells[1].text = r.value
        p = cells[2].paragraphs[0]
        if r.clause:
            p.add_run(r.clause + " ").bold = True
        p.add_run(r.source).italic = True


def _findings(doc: DocxDocument, result: AnalysisResult, annotations: Sequence[Annotation]) -> None:
    doc.add_heading("Findings", 2)
    groups = findings_by_level(result, annotations)
    summary = ", ".join(f"{len(items)} {LEVEL_TITLE[lv].lower()}" for lv, items in groups if items)
    doc.add_paragraph(summary or "No findings.")
    for level, items in groups:
        if not items:
            continue
        doc.add_heading(f"{LEVEL_TITLE[level]} ({len(items)})", 3)
        for item in items:
            _finding(doc, result, item)


def _finding(doc: DocxDocument, result: AnalysisResult, item: FindingReview) -> None:
    f = item.finding
    p = doc.add_paragraph()
    p.add_run(f"{clause_label(result, f)} — {type_names(f.types) or 'Clause'}").bold = True
    doc.add_paragraph(" ".join(f.quote.split()), style="Quote")
    if f.effect is not None:
        doc.add_paragraph(f"Effect: {effect_text(f.effect)}", style="List Bullet")
    for r in f.risk.reasons:
        doc.add_paragraph(r.text, style="List Bullet")
        doc.add_paragraph(f"Level: {level_basis(r)}", style="List Bullet 2")
        if r.check:
            doc.add_paragraph(f"Check: {r.check}", style="List Bullet 2")
        if r.position:
            doc.add_paragraph(f"Playbook position: {r.position}", style="List Bullet 2")
    status = f"Status: {item.status.value}"
    if item.overridden:
        status += f" · level set by the reviewer (analysis said {level_name(f.risk.level)})"
        if item.override_reason:
            status += f": {item.override_reason}"
    doc.add_paragraph(status)
    for a in item.annotations:
        if a.note:
            p = doc.add_paragraph()
            p.add_run(f"Note{f' ({a.reviewer})' if a.reviewer else ''}: ").bold = True
            p.add_run(a.note)


def _selections(doc: DocxDocument, annotations: Sequence[Annotation]) -> None:
    notes = selection_annotations(annotations)
    if not notes:
        return
    doc.add_heading("Other notes", 2)
    for a in notes:
        doc.add_paragraph(" ".join(a.quote.split()), style="Quote")
        line = f"Status: {a.status.value}"
        if a.risk_override is not None:
            line += f" · risk {a.risk_override.value}"
        if a.override_reason:
            line += f" ({a.override_reason})"
        doc.add_paragraph(line)
        if a.note:
            p = doc.add_paragraph()
            p.add_run(f"Note{f' ({a.reviewer})' if a.reviewer else ''}: ").bold = True
            p.add_run(a.note)


def _missing(doc: DocxDocument, result: AnalysisResult) -> None:
    doc.add_heading("Missing clauses", 2)
    if not result.missing:
        doc.add_paragraph("None of the clauses the playbook expects is missing.")
        return
    for m in sorted(result.missing, key=lambda m: -m.level.rank):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{m.type} ({level_name(m.level)}): ").bold = True
        p.add_run(m.reason)
        if m.position:
            doc.add_paragraph(f"Playbook position: {m.position}", style="List Bullet 2")


def _footer(doc: DocxDocument, result: AnalysisResult) -> None:
    from docx.shared import Pt

    footer = doc.sections[0].footer
    first = footer.paragraphs[0]
    for i, line in enumerate(provenance(result)):
        p = first if i == 0 else footer.add_paragraph()
        run = p.add_run(line)
        run.font.size = Pt(7)


def memo_text(path: Path | str) -> str:
    """All text of a memo, footer included (for tests and previews)."""
    import docx

    doc: Any = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(c.text for row in table.rows for c in row.cells)
    parts.extend(p.text for p in doc.sections[0].footer.paragraphs)
    return "\n".join(parts)
