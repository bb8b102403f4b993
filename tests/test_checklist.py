"""Checklists: the YAML format (every problem named with its line), the shipped checklist
model's hash check, the ``contractreview checklist`` command's JSON on an NDA built here, and
the checklist in the memo and the Word comments."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from nda_docx import build_nda

from contractreview.analysis.checklist.answer import SCHEMA, answer_checklist
from contractreview.analysis.checklist.definition import (
    ANSWERS,
    load_checklist,
    parse_checklist,
)
from contractreview.analysis.checklist.nli_model import (
    checklist_models_dir,
    load_checklist_model,
)
from contractreview.analysis.results import RiskLevel
from contractreview.analysis.segmenter import segment_document
from contractreview.cli.main import main
from contractreview.docx.reader import read_docx
from contractreview.errors import ChecklistError, ModelError

MINIMAL = """\
name: Test checklist
sides: [recipient, discloser]
questions:
  nda-5:
    title: Sharing with employees
    question: Receiving Party may share some Confidential Information with its employees.
    preferred: {recipient: entailment}
    level: high
    reason: The recipient must share internally.
"""


# -- the YAML format ---------------------------------------------------------------------------


def test_shipped_checklist_has_contract_nli_questions() -> None:
    c = load_checklist("nda")
    ids = [q.id for q in c.questions]
    assert ids[:17] == [f"nda-{n}" for n in (1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 15, 16, 17,
                                              18, 19, 20)]  # fmt: skip
    assert c.sides == ("recipient", "discloser")
    assert c.contract_types == ("nda",)
    assert len(c.sha256) == 64
    for q in c.questions:
        assert q.title
        assert q.text
        for wanted in q.preferred.values():
            assert wanted <= set(ANSWERS)
    assert [q.id for q in c.questions if q.cues] == ["firm-law", "firm-residuals",
                                                      "firm-non-compete"]  # fmt: skip


def test_minimal_checklist_reads() -> None:
    c = parse_checklist(MINIMAL, source="t.yaml")
    (q,) = c.questions
    assert q.is_preferred("entailment", "recipient")
    assert not q.is_preferred("contradiction", "recipient")
    assert q.is_preferred("contradiction", "discloser")  # a side left out takes any answer
    assert q.level("recipient") is RiskLevel.HIGH


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("{recipient: entailment}", "{recipient: yes}", 7, "answer 'yes' is not one of"),
        ("level: high", "level: hgih", 8, "level 'hgih' is not one of"),
        ("level: high", "levle: high", 8, "unknown setting 'levle'"),
        ("    title: Sharing with employees\n", "", 5, "has no 'title'"),
        ("{recipient: entailment}", "{buyer: entailment}", 7, "not a side of this checklist"),
        ("reason: The", "reason: [The", 10, "not valid YAML"),
        ("    reason:", "    cues: ['(unclosed']\n    reason:", 9, "not a valid pattern"),
    ],
)
def test_malformed_checklist_names_the_line(old: str, new: str, line: int, words: str) -> None:
    text = MINIMAL.replace(old, new, 1)
    assert text != MINIMAL
    with pytest.raises(ChecklistError) as err:
        parse_checklist(text, source="firm.yaml")
    assert f"firm.yaml, line {line}:" in str(err.value)
    assert words in str(err.value)


def test_unknown_checklist_and_side_are_clear() -> None:
    with pytest.raises(ChecklistError, match="no checklist 'dpa'"):
        load_checklist("dpa")
    with pytest.raises(ChecklistError, match="has no side 'customer'"):
        load_checklist("nda").check_side("customer")


def test_empty_checklist_is_an_error() -> None:
    with pytest.raises(ChecklistError, match="empty"):
        parse_checklist("", source="e.yaml")


# -- the model file's hash ---------------------------------------------------------------------


def _model_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "checklist"
    shutil.copytree(checklist_models_dir(), folder)
    return folder


def test_shipped_model_loads_and_matches_its_manifest(tmp_path: Path) -> None:
    model = load_checklist_model("contract_nli")
    listed = json.loads((checklist_models_dir() / "manifest.json").read_text())
    assert listed["files"]["contract_nli.npz"] == model.sha256
    assert len(model.hypotheses) == 17
    assert model.contexts in (2, 3)
    assert model.evidence_w.shape == (17, model.contexts * model.features.size)


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    folder = _model_copy(tmp_path)
    path = folder / "contract_nli.npz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="SHA-256 differs"):
        load_checklist_model("contract_nli", folder)


def test_model_without_manifest_is_refused(tmp_path: Path) -> None:
    folder = _model_copy(tmp_path)
    (folder / "manifest.json").unlink()
    with pytest.raises(ModelError, match=r"manifest\.json, is missing"):
        load_checklist_model("contract_nli", folder)
    with pytest.raises(ModelError, match="not installed"):
        load_checklist_model("other", folder)


# -- answers on an NDA built here -----------------------------------------------------------------


@pytest.fixture
def nda(tmp_path: Path) -> Path:
    return build_nda(tmp_path / "mutual-nda.docx")


def test_cli_json_schema(nda: Path, tmp_path: Path) -> None:
    out = tmp_path / "answers.json"
    assert main(["checklist", str(nda), "--side", "discloser", "--json", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc) == {"schema", "checklist", "document", "items"}
    assert doc["schema"] == SCHEMA == "contractreview.checklist/1"
    assert set(doc["checklist"]) == {"name", "sha256"}
    assert doc["checklist"]["sha256"] == load_checklist("nda").sha256
    assert doc["document"]["path"] == str(nda)
    assert len(doc["document"]["sha256"]) == 64
    assert len(doc["items"]) == len(load_checklist("nda").questions)
    segments = {s.id: s for s in segment_document(read_docx(nda))}
    for item in doc["items"]:
        assert set(item) == {"id", "question", "answer", "confidence", "citations", "quote",
                             "level", "reason"}  # fmt: skip
        assert item["answer"] in ANSWERS
        assert 0.0 <= item["confidence"] <= 1.0
        assert item["level"] in {lv.value for lv in RiskLevel}
        if item["answer"] == "not_mentioned":
            assert item["citations"] == []
            assert item["quote"] == ""
            continue
        assert item["citations"], f"{item['id']} answered without evidence"
        for c in item["citations"]:
            seg = segments[c["segment"]]
            assert 0 <= c["start"] < c["end"] <= len(seg.text)
        first = item["citations"][0]
        assert (
            item["quote"]
            == segments[first["segment"]].text[first["start"] : first["end"]][: len(item["quote"])]
        )
    by_id = {i["id"]: i for i in doc["items"]}
    # the clauses the NDA states in plain words: the firm's governing-law cue finds clause 9,
    # the model finds the limited-use and survival clauses
    assert by_id["firm-law"]["answer"] == "entailment"
    assert "governed by the laws of England" in by_id["firm-law"]["quote"]
    assert by_id["nda-4"]["answer"] == "entailment"
    assert "solely for the purpose" in by_id["nda-4"]["quote"]
    assert by_id["nda-19"]["answer"] == "entailment"
    assert "survive" in by_id["nda-19"]["quote"]


def test_cli_text_and_refusals(nda: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklist", str(nda)]) == 0
    out = capsys.readouterr().out
    assert "acting for: recipient" in out
    assert "Governing law: yes" in out
    assert main(["checklist", str(nda), "--side", "customer"]) == 2
    assert "has no side 'customer'" in capsys.readouterr().err
    assert main(["checklist", str(nda), "--json", str(nda)]) == 2  # never onto its input


def test_preferred_answer_sets_the_level(nda: Path) -> None:
    checklist = load_checklist("nda")
    segments = segment_document(read_docx(nda))
    for side in checklist.sides:
        for item in answer_checklist(checklist, segments, side):
            q = next(q for q in checklist.questions if q.id == item.id)
            assert item.preferred == q.is_preferred(item.answer, side)
            assert (item.level is RiskLevel.NONE) == item.preferred
            assert bool(item.citations) == (item.answer != "not_mentioned")


def test_memo_and_word_comments_carry_the_checklist(nda: Path, tmp_path: Path) -> None:
    from contractreview.analysis.pipeline import run_analysis
    from contractreview.export.memo import export_memo, memo_text
    from contractreview.export.word_comments import export_annotated_docx

    result = run_analysis(nda)
    assert result.document.contract_type == "nda"
    memo = export_memo(result, tmp_path / "memo.docx")
    text = memo_text(memo)
    assert "Checklist: NDA checklist" in text
    assert "Sharing with employees" in text
    out = export_annotated_docx(nda, tmp_path / "annotated.docx", result)
    keys = [k for k in out.anchored if k.startswith("checklist:")]
    assert "checklist:firm-law" in keys
    assert "checklist:nda-4" in keys
    with zipfile.ZipFile(out.path) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "Checklist (NDA checklist) nda-4: Limited use: Yes" in comments
