"""The risk register: one row per finding (clause reference, type, level and what it rests on,
status, note), and one per note the lawyer wrote on selected text, as CSV for a spreadsheet or
JSON for other tools. Types and reasons are in a lawyer's words (:mod:`..analysis.labels`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from contractreview.analysis.labels import clause_label, level_basis, segment_label, type_names
from contractreview.analysis.results import AnalysisResult, RiskLevel, SegmentResult
from contractreview.atomic_write import write_bytes_atomic, write_text_atomic
from contractreview.review.store import (
    Annotation,
    FindingReview,
    reviewed_findings,
    selection_annotations,
)

REGISTER_SCHEMA = "contractreview.register/1"
COLUMNS = (
    "finding",
    "clause",
    "heading",
    "type",
    "level",
    "level_basis",
    "model_level",
    "status",
    "note",
    "override_reason",
    "reviewer",
    "reasons",
    "quote",
)
QUOTE_CHARS = 300  # the register quotes a clause's opening words, the memo quotes it whole
NOTE_TYPE = "Note on selected text"


def _first_segment(result: AnalysisResult, item: FindingReview) -> SegmentResult | None:
    for sid in item.finding.segments:
        try:
            return result.segment(sid)
        except KeyError:
            continue
    return None


def register_rows(
    result: AnalysisResult, annotations: Sequence[Annotation] = ()
) -> list[dict[str, str]]:
    rows = []
    for item in reviewed_findings(result, annotations):
        f = item.finding
        first = _first_segment(result, item)
        basis = "; ".join(dict.fromkeys(level_basis(r) for r in f.risk.reasons))
        if item.overridden:
            basis = f"set by the reviewer (the analysis said: {basis or f.risk.level.value})"
        rows.append(
            {
                "finding": f.id,
                "clause": clause_label(result, f),
                "heading": first.heading if first is not None else "",
                "type": type_names(f.types),
                "level": item.level.value,
                "level_basis": basis,
                "model_level": f.risk.level.value,
                "status": item.status.value,
                "note": item.note,
                "override_reason": item.override_reason,
                "reviewer": item.reviewer,
                "reasons": "; ".join(r.text for r in f.risk.reasons),
                "quote": _quote(f.quote),
            }
        )
    rows += [_note_row(result, a) for a in selection_annotations(annotations)]
    rows.sort(key=lambda r: -_rank(r["level"]))  # stable: document order within a level
    return rows


def _note_row(result: AnalysisResult, a: Annotation) -> dict[str, str]:
    """A note the lawyer wrote on selected text rather than on a finding."""
    seg = _segment_at(result, a.block, a.start)
    return {
        "finding": f"note-{a.id}",
        "clause": segment_label(seg) if seg is not None else "",
        "heading": seg.heading if seg is not None else "",
        "type": NOTE_TYPE,
        "level": a.risk_override.value if a.risk_override is not None else "",
        "level_basis": "set by the reviewer" if a.risk_override is not None else "",
        "model_level": "",
        "status": a.status.value,
        "note": a.note,
        "override_reason": a.override_reason,
        "reviewer": a.reviewer,
        "reasons": "",
        "quote": _quote(a.quote),
    }


def _segment_at(
    result: AnalysisResult, block: str | None, start: int | None
) -> SegmentResult | None:
    """The segment holding offset ``start`` of ``block``, else the block's first."""
    in_block = [s for s in result.segments if s.block == block]
    at = next((s for s in in_block if start is not None and s.start <= start < s.end), None)
    return at or (in_block[0] if in_block else None)


def _quote(text: str) -> str:
    quote = " ".join(text.split())
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"


def _rank(level: str) -> int:
    return RiskLevel(level).rank if level else -1


def _cell(value: str) -> str:
    # A cell starting with = + - @ would be run as a formula by a spreadsheet (CSV injection).
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def register_csv(result: AnalysisResult, annotations: Sequence[Annotation] = ()) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in register_rows(result, annotations):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def register_json(result: AnalysisResult, annotations: Sequence[Annotation] = ()) -> dict[str, Any]:
    return {
        "schema": REGISTER_SCHEMA,
        "document": {
            "path": result.document.path,
            "sha256": result.document.sha256,
            "title": result.document.title,
        },
        "model": {"name": result.model.name, "sha256": result.model.sha256},
        "playbook": {"name": result.playbook.name, "sha256": result.playbook.sha256},
        "side": result.side,
        "rows": register_rows(result, annotations),
    }


def export_register_csv(
    result: AnalysisResult,
    path: Path | str,
    annotations: Sequence[Annotation] = (),
    *,
    protect: Sequence[Path | str] = (),
) -> Path:
    """Write the register as CSV (UTF-8 with a byte-order mark, so Excel reads accents)."""
    path = Path(path)
    data = register_csv(result, annotations).encode("utf-8-sig")
    write_bytes_atomic(path, data, protect=(result.document.path, *protect))
    return path


def export_register_json(
    result: AnalysisResult,
    path: Path | str,
    annotations: Sequence[Annotation] = (),
    *,
    protect: Sequence[Path | str] = (),
) -> Path:
    path = Path(path)
    text = json.dumps(register_json(result, annotations), indent=2, ensure_ascii=False) + "\n"
    write_text_atomic(path, text, protect=(result.document.path, *protect))
    return path
