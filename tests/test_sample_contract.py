"""The sample contract shipped in resources/samples/: present, well formed, really numbered."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document
from docx.oxml.ns import qn

from contractreview.docx.reader import read_docx
from tests.conftest import REPO

SAMPLES = REPO / "resources" / "samples"
SAMPLE = SAMPLES / "sample_services_agreement.docx"
GENERATOR = SAMPLES / "make_sample_contract.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_contract", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _full_text(doc: object) -> str:
    body = doc.element.body  # type: ignore[attr-defined]
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def test_sample_exists_and_opens() -> None:
    assert SAMPLE.is_file()
    doc = Document(str(SAMPLE))
    assert doc.core_properties.title == "Master Services Agreement"
    assert len(doc.paragraphs) > 150


def test_clauses_use_word_automatic_numbering() -> None:
    doc = Document(str(SAMPLE))
    numbered = [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered) > 100
    # Headings get their number through the style chain, not direct formatting.
    heading = doc.styles["Heading 1"].element
    assert heading.pPr is not None
    assert heading.pPr.numPr is not None
    headings = [p for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert len(headings) == 16
    # No label is typed into the text.
    assert not any(p.text.startswith(("9.", "(a)")) for p in doc.paragraphs)

    numbering = doc.part.numbering_part.element
    level_texts = {
        (lvl.get(qn("w:ilvl")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
        for lvl in numbering.iter(qn("w:lvl"))
    }
    assert {("0", "%1."), ("1", "%1.%2"), ("2", "(%3)"), ("3", "(%4)")} <= level_texts


def test_labels_are_computed_by_the_reader() -> None:
    document = read_docx(SAMPLE)
    by_label = {b.list_label: b for b in document.blocks if b.list_label}
    assert by_label["9."].text == "Limitation of Liability"
    assert by_label["9."].heading_level == 1
    assert "three (3) months immediately preceding" in by_label["9.3"].text
    assert "fifteen (15) days before the expiry" in by_label["4.2"].text
    assert "laws of the State of New York" in by_label["14.1"].text
    assert any(b.list_label and b.list_label.endswith("(iii)") for b in document.blocks)
    regions = {b.region.value for b in document.blocks}
    assert {"body", "header", "footer", "footnote"} <= regions


def test_fee_and_signature_tables() -> None:
    doc = Document(str(SAMPLE))
    assert len(doc.tables) == 2
    fees = doc.tables[0]
    assert [c.text for c in fees.rows[0].cells] == ["Service", "Monthly Fee", "Currency"]
    assert fees.rows[-1].cells[1].text == "31,300.00"
    signatures = doc.tables[1]
    assert "NORTHWIND ANALYTICS LTD." in signatures.rows[0].cells[0].text
    assert "HARBOR FREIGHT LOGISTICS, INC." in signatures.rows[0].cells[1].text


@pytest.mark.parametrize(
    "phrase",
    [
        "Governing Law and Jurisdiction",
        "Limitation of Liability",
        "shall automatically renew for successive periods of two (2) years",
        "within forty-five (45) days of the date of the invoice",
        "for convenience at any time by giving Customer not less than ten (10) days",
        "courts located in New York County, New York",
        "Northwind Analytics Ltd.",
        "Harbor Freight Logistics, Inc.",
    ],
)
def test_key_phrases(phrase: str) -> None:
    assert phrase in _full_text(Document(str(SAMPLE)))


def test_header_footer_and_footnote() -> None:
    doc = Document(str(SAMPLE))
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "Confidential"
    instructions = [
        t.text.strip() for t in section.footer._element.iter(qn("w:instrText")) if t.text
    ]
    assert instructions == ["PAGE", "NUMPAGES"]
    with zipfile.ZipFile(SAMPLE) as package:
        footnotes = package.read("word/footnotes.xml").decode()
    assert "Consumer Price Index" in footnotes


def test_generator_is_deterministic_and_matches_shipped_file(tmp_path: Path) -> None:
    built = _generator().build(tmp_path / "again.docx")
    assert built.read_bytes() == SAMPLE.read_bytes(), (
        "the shipped sample is stale: run python resources/samples/make_sample_contract.py"
    )
