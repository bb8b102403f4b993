"""A self-contained, printable HTML report of a review: one file, inline CSS, every piece of
text escaped, no scripts, no images, no fonts or links fetched from anywhere (a
Content-Security-Policy forbids it too)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from contractreview.analysis.contract_type import contract_type_name
from contractreview.analysis.labels import clause_label, level_basis, level_name, type_names
from contractreview.analysis.results import AnalysisResult
from contractreview.atomic_write import write_text_atomic
from contractreview.export.memo import (
    LEVEL_TITLE,
    findings_by_level,
    parties,
    provenance,
    term_rows,
)
from contractreview.review.store import Annotation, FindingReview, selection_annotations

CSS = """
:root { --high:#b71c1c; --medium:#e65100; --low:#2e7d32; --info:#546e7a; --none:#9e9e9e; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color:#111; max-width:52em;
       margin:2em auto; padding:0 1em; }
h1 { font-size:1.6em; margin-bottom:.2em; } h2 { border-bottom:1px solid #ccc; margin-top:1.6em; }
table { border-collapse:collapse; width:100%; } th, td { border:1px solid #bbb; padding:.3em .5em;
       vertical-align:top; text-align:left; }
.facts td:first-child { font-weight:bold; width:10em; }
.finding { border-left:5px solid var(--none); padding:.3em .8em; margin:.8em 0;
           break-inside:avoid; page-break-inside:avoid; }
.finding.high { border-color:var(--high); } .finding.medium { border-color:var(--medium); }
.finding.low { border-color:var(--low); } .finding.info { border-color:var(--info); }
.level { font:bold 9pt sans-serif; text-transform:uppercase; padding:.1em .4em; color:#fff;
         background:var(--none); border-radius:3px; }
.level.high { background:var(--high); } .level.medium { background:var(--medium); }
.level.low { background:var(--low); } .level.info { background:var(--info); }
blockquote { margin:.4em 0 .4em 1em; font-style:italic; white-space:pre-wrap; }
.note { background:#fff8e1; padding:.2em .5em; } .source { font-style:italic; color:#444; }
footer { margin-top:2em; font:8pt sans-serif; color:#555; border-top:1px solid #ccc;
         word-break:break-all; }
@media print { body { margin:0; max-width:none; } h2 { break-after:avoid; } }
@page { margin:2cm; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def html_report(
    result: AnalysisResult,
    annotations: Sequence[Annotation] = (),
    *,
    reviewer: str = "",
    date: datetime | None = None,
) -> str:
    info = result.document
    title = info.title or Path(info.path).name
    when = (date or datetime.now(UTC)).strftime("%d %B %Y")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Review: {_e(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>Contract review: {_e(title)}</h1>",
        '<table class="facts">',
    ]
    facts = [
        ("File", Path(info.path).name),
        ("Contract type", contract_type_name(info.contract_type) if info.contract_type else ""),
        ("We act for", result.side),
        ("Reviewer", reviewer),
        ("Date", when),
    ]
    out += [f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in facts if v]
    out.append("</table><h2>Parties</h2><ul>")
    names = parties(result) or ["The parties were not identified; check the preamble."]
    out += [f"<li>{_e(n)}</li>" for n in names]
    out.append("</ul>")
    out += _terms_html(result)
    out += _findings_html(result, annotations)
    out += _selections_html(annotations)
    out += _missing_html(result)
    out.append("<footer>" + "<br>".join(_e(line) for line in provenance(result)) + "</footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _terms_html(result: AnalysisResult) -> list[str]:
    rows = term_rows(result)
    if not rows:
        return ["<h2>Key terms</h2><p>No key terms were found.</p>"]
    out = ["<h2>Key terms</h2><table><tr><th>Term</th><th>Value</th><th>From clause</th></tr>"]
    for r in rows:
        clause = f"<b>{_e(r.clause)}</b> " if r.clause else ""
        out.append(
            f"<tr><td>{_e(r.name)}</td><td>{_e(r.value)}</td>"
            f'<td>{clause}<span class="source">{_e(r.source)}</span></td></tr>'
        )
    out.append("</table>")
    return out


def _findings_html(result: AnalysisResult, annotations: Sequence[Annotation]) -> list[str]:
    out = ["<h2>Findings</h2>"]
    groups = findings_by_level(result, annotations)
    if not any(items for _, items in groups):
        out.append("<p>No findings.</p>")
    for level, items in groups:
        if items:
            out.append(f"<h3>{_e(LEVEL_TITLE[level])} ({len(items)})</h3>")
            out += [_finding_html(result, item) for item in items]
    return out


def _finding_html(result: AnalysisResult, item: FindingReview) -> str:
    f = item.finding
    lv = _e(item.level.value)
    parts = [
        f'<section class="finding {lv}" id="{_e(f.id)}">',
        f'<p><span class="level {lv}">{lv}</span> <b>{_e(clause_label(result, f))}</b> — '
        f"{_e(type_names(f.types) or 'Clause')}</p>",
        f"<blockquote>{_e(f.quote)}</blockquote><ul>",
    ]
    for r in f.risk.reasons:
        parts.append(f"<li>{_e(r.text)}<br>Level: {_e(level_basis(r))}")
        if r.check:
            parts.append(f"<br>Check: {_e(r.check)}")
        if r.position:
            parts.append(f"<br>Playbook position: {_e(r.position)}")
        parts.append("</li>")
    parts.append("</ul>")
    status = f"Status: {item.status.value}"
    if item.overridden:
        status += f" · level set by the reviewer (analysis said {level_name(f.risk.level)})"
        if item.override_reason:
            status += f": {item.override_reason}"
    parts.append(f"<p>{_e(status)}</p>")
    for a in item.annotations:
        if a.note:
            who = f" ({a.reviewer})" if a.reviewer else ""
            parts.append(f'<p class="note"><b>Note{_e(who)}:</b> {_e(a.note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _selections_html(annotations: Sequence[Annotation]) -> list[str]:
    notes = selection_annotations(annotations)
    if not notes:
        return []
    out = ["<h2>Other notes</h2>"]
    for a in notes:
        who = f" ({a.reviewer})" if a.reviewer else ""
        risk = f" · risk {a.risk_override.value}" if a.risk_override is not None else ""
        out.append(
            f'<section class="finding"><blockquote>{_e(a.quote)}</blockquote>'
            f"<p>{_e(f'Status: {a.status.value}{risk}')}</p>"
            + (f'<p class="note"><b>Note{_e(who)}:</b> {_e(a.note)}</p>' if a.note else "")
            + "</section>"
        )
    return out


def _missing_html(result: AnalysisResult) -> list[str]:
    out = ["<h2>Missing clauses</h2>"]
    if not result.missing:
        return [*out, "<p>None of the clauses the playbook expects is missing.</p>"]
    out.append("<ul>")
    for m in sorted(result.missing, key=lambda m: -m.level.rank):
        pos = f"<br>Playbook position: {_e(m.position)}" if m.position else ""
        level = _e(level_name(m.level))
        out.append(f"<li><b>{_e(m.type)} ({level}):</b> {_e(m.reason)}{pos}</li>")
    out.append("</ul>")
    return out


def export_html(
    result: AnalysisResult,
    path: Path | str,
    annotations: Sequence[Annotation] = (),
    *,
    reviewer: str = "",
    date: datetime | None = None,
    protect: Sequence[Path | str] = (),
) -> Path:
    path = Path(path)
    report = html_report(result, annotations, reviewer=reviewer, date=date)
    write_text_atomic(path, report, protect=(result.document.path, *protect))
    return path
