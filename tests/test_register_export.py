"""The CSV and JSON risk register: one row per finding."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from review_samples import make_contract, make_result

from contractreview.analysis.results import RiskLevel
from contractreview.export.register import (
    COLUMNS,
    REGISTER_SCHEMA,
    export_register_csv,
    export_register_json,
)
from contractreview.review.store import Annotation, Status

NOTE = Annotation(
    1,
    1,
    "f-s2",
    None,
    None,
    None,
    "cap",
    note='=HYPERLINK("http://example.invalid")',
    status=Status.NEEDS_NEGOTIATION,
    risk_override=RiskLevel.HIGH,
    reviewer="Jane Doe",
)


def test_csv_register(tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    path = export_register_csv(result, tmp_path / "register.csv", [NOTE])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["finding"], r["clause"], r["type"], r["level"], r["status"]) for r in rows] == [
        ("f-s2", "1.", "Cap on liability", "high", "needs negotiation"),
        ("f-s4", "3.", "Governing law", "low", "open"),
        ("f-s5", "4.", "Payment Terms", "info", "open"),
    ]
    assert rows[0]["model_level"] == "medium"
    assert rows[0]["level_basis"] == (
        "set by the reviewer (the analysis said: High — playbook: Cap too low)"
    )
    assert rows[1]["level_basis"] == (
        "For information — playbook: Governing law (model confidence 88%)"
    )
    assert "_" not in "".join(r["type"] + r["level_basis"] for r in rows)  # no rule ids
    assert rows[0]["note"] == '\'=HYPERLINK("http://example.invalid")'  # never a formula
    assert rows[0]["reviewer"] == "Jane Doe"
    assert (
        rows[2]["quote"]
        == "Customer shall pay each invoice within 90 days. Net USD 10,000 per month"
    )


def test_json_register(tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    path = export_register_json(result, tmp_path / "register.json", [NOTE])
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == REGISTER_SCHEMA
    assert doc["document"]["sha256"] == result.document.sha256
    assert [r["finding"] for r in doc["rows"]] == ["f-s2", "f-s4", "f-s5"]
    assert doc["rows"][0]["note"] == NOTE.note  # JSON keeps the text as typed
    assert set(doc["rows"][0]) == set(COLUMNS)


def test_register_without_findings(tmp_path: Path) -> None:
    from review_samples import empty_result

    path = export_register_csv(empty_result(tmp_path / "x.docx"), tmp_path / "r.csv")
    assert path.read_text(encoding="utf-8-sig").strip() == ",".join(COLUMNS)


SELECTION = Annotation(
    2,
    1,
    None,
    "document:3",
    13,
    25,
    "either party",
    note="Only we should be able to terminate.",
    status=Status.NEEDS_NEGOTIATION,
    risk_override=RiskLevel.MEDIUM,
    reviewer="Jane Doe",
)
PLAIN_NOTE = Annotation(3, 1, None, "document:7", 0, 3, "USD", note="Which currency?")


def test_notes_on_selected_text_are_rows_of_the_register(tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    path = export_register_csv(result, tmp_path / "r.csv", [NOTE, SELECTION, PLAIN_NOTE])
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    notes = {r["finding"]: r for r in rows if r["finding"].startswith("note-")}
    assert set(notes) == {"note-2", "note-3"}
    row = notes["note-2"]
    assert (row["clause"], row["type"], row["level"], row["status"]) == (
        "2.",
        "Note on selected text",
        "medium",
        "needs negotiation",
    )
    assert row["note"] == "Only we should be able to terminate."
    assert row["quote"] == "either party"
    assert row["reviewer"] == "Jane Doe"
    assert notes["note-3"]["note"] == "Which currency?"
    assert notes["note-3"]["level"] == ""
    assert [r["finding"] for r in rows][-1] == "note-3"  # no level: after every finding
    doc = json.loads(export_register_json(result, tmp_path / "r.json", [SELECTION]).read_text())
    assert [r["finding"] for r in doc["rows"]] == ["f-s2", "note-2", "f-s4", "f-s5"]
