"""The NDA checklist over a cover page that incorporates standard terms not in the file (the
Common Paper and Bonterms cover pages): the model's questions say the terms are elsewhere
instead of citing party rows; form fields are never evidence, in any contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED
from docx_builder import build_docx, p, tbl, tc
from nda_docx import build_nda

from contractreview.analysis.checklist.answer import answer_checklist, checklist_result
from contractreview.analysis.checklist.cover import is_form_field, missing_terms
from contractreview.analysis.checklist.definition import load_checklist
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.reader import read_docx

CORPUS = SHARED / "corpus" / "docx"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("PARTY 1", True),
        ("{party_1_name}", True),
        ("Signature:", True),
        ("Name and Title: {party_1_signatory_name_and_title}", False),
        ("[ x ]\tExpires {mnda_term} from Effective Date.", False),
        ("Governing Law", True),
        ("______________________", True),
        ("The Receiving Party shall not disclose Confidential Information.", False),
    ],
)
def test_form_fields(text: str, field: bool) -> None:
    assert is_form_field(text) is field


def _cover_page(path: Path) -> Path:
    rows = [
        ("Purpose", "{purpose}"),
        ("Governing Law", "The laws of the State of {governing_law}."),
        ("PARTY 1", "PARTY 2"),
        ("Signature", ""),
        ("Print Name", "{party_1_name}"),
    ]
    return build_docx(path, [
        p("Mutual Non-Disclosure Agreement", style="Title"),
        p("This Mutual Non-Disclosure Agreement (the \u201cMNDA\u201d) consists of: (1) this "
          "Cover Page and (2) the Common Paper Mutual NDA Standard Terms Version 1.0 posted at "
          "commonpaper.com/standards/mutual-nda/1.0."),
        tbl(*[[tc(p(a)), tc(p(b) if b else "")] for a, b in rows]),
    ])  # fmt: skip


def _assert_cover_answers(path: Path, terms: str) -> None:
    checklist = load_checklist("nda")
    items = {i.id: i for i in checklist_result(path, checklist).items}
    model_questions = [q.id for q in checklist.questions if not q.cues]
    assert model_questions
    for qid in model_questions:
        item = items[qid]
        assert item.answer == "not_mentioned"
        assert item.citations == ()
        assert terms in item.note
        assert item.to_json()["reason"] == item.note
        assert item.preferred  # unknown here, not raised as the firm's concern


def test_cover_page_built_here_points_to_its_standard_terms(tmp_path: Path) -> None:
    path = _cover_page(tmp_path / "cover.docx")
    segments = segment_document(read_docx(path))
    assert missing_terms(segments) == "the Common Paper Mutual NDA Standard Terms Version 1.0"
    _assert_cover_answers(path, "Common Paper Mutual NDA Standard Terms")
    law = next(i for i in answer_checklist(load_checklist("nda"), segments) if i.id == "firm-law")
    assert law.answer == "entailment"  # the cover page does state the governing law
    cited = {s.id: s.text for s in segments}
    assert any("laws of the State" in cited[c.segment] for c in law.citations)


def test_nda_with_its_terms_is_answered_and_cites_no_form_field(tmp_path: Path) -> None:
    path = build_nda(tmp_path / "nda.docx")
    segments = segment_document(read_docx(path))
    assert missing_terms(segments) == ""
    texts = {s.id: s.text for s in segments}
    items = answer_checklist(load_checklist("nda"), segments)
    assert any(i.answer != "not_mentioned" and not i.note for i in items)
    for item in items:
        for c in item.citations:
            assert not is_form_field(texts[c.segment]), (item.id, texts[c.segment])


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "terms"),
    [
        ("open-agreements__common-paper-mutual-nda__template.docx", "Common Paper Mutual NDA"),
        ("open-agreements__bonterms-mutual-nda__template.docx", "Bonterms Mutual NDA"),
    ],
)
def test_real_cover_pages(name: str, terms: str) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared/corpus is not in the repository)")
    _assert_cover_answers(path, terms)


def test_spans_marked_unusable_are_never_cited() -> None:
    from nda_docx import NDA_PARAGRAPHS

    from contractreview.analysis.checklist.nli_model import load_checklist_model

    spans = [text for text, _ in NDA_PARAGRAPHS]
    usable = [i in (2, 3) for i in range(len(spans))]
    for answer in load_checklist_model("contract_nli").answer(spans, usable):
        assert answer.evidence
        assert set(answer.evidence) <= {2, 3}, answer.hypothesis
