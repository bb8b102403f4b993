"""The risk register: one row per finding (clause label, type, level, status, note) as CSV for a
spreadsheet or JSON for other tools. Also the atomic file writes every export uses."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from contractreview.analysis.results import AnalysisResult, RiskLevel, SegmentResult
from contractreview.atomic_write import write_bytes_atomic, write_text_atomic
from contractreview.review.store import Annotation, FindingReview, reviewed_findings

REGISTER_SCHEMA = "contractreview.register/1"
COLUMNS = (
    "finding",
    "clause",
    "heading",
    "type",
    "level",
    "model_level",
    "status",
    "note",
    "override_reason",
    "reviewer",
    "reasons",
    "quote",
)
QUOTE_CHARS = 300  # the register quotes a clause's opening words, the memo quotes it whole


def clause_label(result: AnalysisResult, item: FindingReview) -> str:
    """The clause's number as the document shows it, else its heading, else its first words."""
    first = _first_segment(result, item)
    if first is not None and first.label:
        return first.label
    if first is not None and first.heading:
        return first.heading.rsplit(" > ", 1)[-1]
    return " ".join(item.finding.quote.split()[:6])


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
        quote = " ".join(f.quote.split())
        rows.append(
            {
                "finding": f.id,
                "clause": clause_label(result, item),
                "heading": first.heading if first is not None else "",
                "type": "; ".join(f.types),
                "level": item.level.value,
                "model_level": f.risk.level.value,
                "status": item.status.value,
                "note": item.note,
                "override_reason": item.override_reason,
                "reviewer": item.reviewer,
                "reasons": "; ".join(r.text for r in f.risk.reasons),
                "quote": quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…",
            }
        )
    rows.sort(key=lambda r: -_rank(r["level"]))
    return rows


def _rank(level: str) -> int:
    return RiskLevel(level).rank


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
