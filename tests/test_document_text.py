"""Plain text (CUAD's PDF-converted contracts) to blocks: continued lines join, offsets hold."""

from __future__ import annotations

import json
import re

import pytest

from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text
from contractreview_training.datasets import _abs_offsets
from tests.conftest import CUAD, needs_cuad

PREAMBLE = (
    "DISTRIBUTOR AGREEMENT\n\n"
    'This Agreement is effective 7/1/98 between Tripath Technology, Inc. ("Tripath"), and\n\n'
    "Uniquest Corporation 780 Montague Expressway\n\n"
    "1. Products\n"
    "1.1 The Products are those of\r\n"
    "  Exhibit A.\n"
    "THIS AGREEMENT is made on 26 September 2019\n"
    "BETWEEN:\n"
    '(1) BICYCLETX LIMITED (the "Company"); and\n'
    '(2) NIGEL CROCKETT (the "Employee").\n'
    "The Supplier shall deliver the goods\n"
    "within thirty days.\n"
    "a) first item\n"
    "b) second item\n"
)


def _same_text(text: str, start: int, end: int, expected: str) -> bool:
    return re.sub(r"\s+", " ", text[start:end]) == re.sub(r"\s+", " ", expected)


def test_lines_that_continue_join_and_keep_their_offsets() -> None:
    doc = document_from_text(PREAMBLE)
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "DISTRIBUTOR AGREEMENT",
        'This Agreement is effective 7/1/98 between Tripath Technology, Inc. ("Tripath"), and  '
        "Uniquest Corporation 780 Montague Expressway",
        "1. Products",
        "1.1 The Products are those of    Exhibit A.",
        "THIS AGREEMENT is made on 26 September 2019",
        'BETWEEN: (1) BICYCLETX LIMITED (the "Company"); and (2) NIGEL CROCKETT (the "Employee").',
        "The Supplier shall deliver the goods within thirty days.",
        "a) first item",
        "b) second item",
    ]
    for block in doc.blocks:
        start = int(block.id.split(":")[1])
        # one space for each line-break character: the block is the original, char for char
        assert len(block.text) == len(PREAMBLE[start : start + len(block.text)])
        assert re.sub(r"[\r\n]", " ", PREAMBLE[start : start + len(block.text)]) == block.text
    for seg in segment_document(doc):
        a, b = _abs_offsets(seg)
        assert _same_text(PREAMBLE, a, b, seg.text)


def test_a_single_line_block_is_the_stripped_line() -> None:
    doc = document_from_text("  Heading  \n\n   Body text here.\n")
    assert [(b.id, b.text) for b in doc.blocks] == [
        ("text:2", "Heading"),
        ("text:16", "Body text here."),
    ]


@pytest.mark.slow
@needs_cuad
def test_segment_offsets_match_cuad_text_after_joining() -> None:
    with (CUAD / "contracts.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for _, line in zip(range(25), f, strict=False)]
    joined = 0
    for row in rows:
        text = row["text"]
        doc = document_from_text(text)
        joined += sum(1 for b in doc.blocks if "\n" in text[int(b.id[5:]) :][: len(b.text)])
        for seg in segment_document(doc):
            a, b = _abs_offsets(seg)
            assert _same_text(text, a, b, seg.text), (row["contract_id"], seg.id)
    assert joined > 0  # PDF text does break preambles over lines


def test_a_cover_page_party_list_joins_across_dashes_and_and() -> None:
    text = (
        "SUPPLY AGREEMENT\n\nbetween\n\nCREMER OLEO GmbH & Co KG, Hamburg,\n\nGermany\n\n"
        "— hereinafter referred to as Cremer —\n\nAND\n\nUltragenyx Pharmaceutical Inc\n\n"
        "Preamble\n\n(a) first item\n"
    )
    doc = document_from_text(text)
    assert [b.text for b in doc.blocks] == [
        "SUPPLY AGREEMENT  between  CREMER OLEO GmbH & Co KG, Hamburg,  Germany  "
        "— hereinafter referred to as Cremer —  AND  Ultragenyx Pharmaceutical Inc",
        "Preamble",
        "(a) first item",
    ]
