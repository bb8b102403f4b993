"""The registry of export formats: each format declared once, found by file name or key, and
written through one function by the CLI and the GUI alike."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pytest
from review_samples import make_contract, make_result

from contractreview.errors import ExportError
from contractreview.export.registry import (
    FORMATS,
    ExportRequest,
    export_review,
    format_by_key,
    format_for,
)


@pytest.mark.parametrize(
    ("name", "memo", "key"),
    [
        ("a.docx", False, "annotated-docx"),
        ("A.DOCX", False, "annotated-docx"),
        ("m.docx", True, "memo"),
        ("r.csv", False, "csv"),
        ("r.csv", True, "csv"),
        ("r.json", False, "json"),
        ("r.html", False, "html"),
        ("r.htm", False, "html"),
    ],
)
def test_format_for_a_file_name(name: str, memo: bool, key: str) -> None:
    assert format_for(Path("out") / name, memo=memo).key == key


def test_unknown_suffix_names_the_known_ones() -> None:
    with pytest.raises(ExportError, match=r"out\.pdf: use \.docx"):
        format_for("out.pdf")


def test_every_format_is_declared_once() -> None:
    keys = [f.key for f in FORMATS]
    assert len(set(keys)) == len(keys)
    assert {format_by_key(k) for k in keys} == set(FORMATS)
    assert format_by_key("memo").file_filter == "Word document (*.docx)"
    assert format_by_key("html").file_filter == "HTML report (*.html *.htm)"
    assert [f.key for f in FORMATS if f.needs_source] == [
        "annotated-docx",
        "tracked-docx",
        "clean-draft",
    ]
    assert format_by_key("memo").default_name("/x/msa.docx") == "msa-memo.docx"
    assert all(f.title and f.suffix.startswith(".") for f in FORMATS)


def test_every_format_is_written(tmp_path: Path) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    result = make_result(sample)
    for fmt in FORMATS:
        target = tmp_path / fmt.default_name(sample.path)
        done = export_review(ExportRequest(result, target, source=sample.path), fmt)
        assert done.path == target
        assert target.is_file()
        assert str(target) in done.summary
    memo = docx.Document(str(tmp_path / "msa-memo.docx"))
    assert memo.paragraphs[0].text == "Contract review memo"
    assert len(docx.Document(str(tmp_path / "msa-reviewed.docx")).comments) > 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "msa-register.csv").read_text("utf-8-sig"))))
    assert rows
    assert json.loads((tmp_path / "msa-register.json").read_text())["rows"]
    assert "<!DOCTYPE html>" in (tmp_path / "msa-report.html").read_text()


def test_the_annotated_copy_needs_the_source(tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    with pytest.raises(ExportError, match="needs the original Word file"):
        export_review(ExportRequest(result, tmp_path / "a.docx"), format_by_key("annotated-docx"))


@pytest.mark.parametrize("key", [f.key for f in FORMATS])
def test_no_format_writes_onto_the_contract(tmp_path: Path, key: str) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    before = sample.path.read_bytes()
    request = ExportRequest(make_result(sample), sample.path, source=sample.path)
    with pytest.raises(ExportError, match="never replaces its input"):
        export_review(request, format_by_key(key))
    with pytest.raises(ExportError, match="never replaces its input"):
        format_by_key(key).write(request)  # each writer checks too, not only the registry
    assert sample.path.read_bytes() == before
