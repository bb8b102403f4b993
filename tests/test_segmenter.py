"""The clause segmenter on texts written here (legal abbreviations, enumerations, headings)."""

from __future__ import annotations

import pytest

from contractreview.analysis.segmenter import (
    looks_like_heading,
    segment_document,
    sentence_spans,
    typed_label,
)
from contractreview.docx.document import Block, Document, Region, TableCell, document_from_text

LONG = (
    "This Agreement is made by Acme, Inc. and U.S. Widgets Corp. pursuant to Sec. 4 and "
    "No. 5 of the Act, as described in § 3.2(a) hereof and in Art. 7 of the Schedule. "
    "The Supplier shall (i) deliver the Goods. to the depot named by the Customer, "
    "(ii) invoice the Customer, and (iii) keep records. "
    "Payment is due within 30 days (see Section 4. Payment Terms. for details). "
    "J. Smith, the Customer's representative, will approve each invoice, e.g. by e-mail. "
    "The Customer may terminate this Agreement on notice."
)


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_no_split_after_legal_abbreviations_initials_or_in_parentheses() -> None:
    got = _sentences(LONG)
    assert got == [
        "This Agreement is made by Acme, Inc. and U.S. Widgets Corp. pursuant to Sec. 4 and "
        "No. 5 of the Act, as described in § 3.2(a) hereof and in Art. 7 of the Schedule.",
        "The Supplier shall (i) deliver the Goods. to the depot named by the Customer, "
        "(ii) invoice the Customer, and (iii) keep records.",
        "Payment is due within 30 days (see Section 4. Payment Terms. for details).",
        "J. Smith, the Customer's representative, will approve each invoice, e.g. by e-mail.",
        "The Customer may terminate this Agreement on notice.",
    ]


def test_spans_index_the_original_text() -> None:
    text = "  " + LONG + "   "
    for s, e in sentence_spans(text):
        assert text[s:e] == text[s:e].strip()
        assert text[s:e] in LONG


def test_short_paragraph_is_one_unit() -> None:
    text = "Fees are due in 30 days. Late fees apply."
    assert _sentences(text) == [text]


def test_fragments_join_the_next_sentence() -> None:
    text = (
        "12. Notices. " + "All notices under this Agreement shall be in writing and sent to "
        "the addresses set out above by courier or registered mail. " * 4
    )
    got = _sentences(text)
    assert got[0].startswith("12. Notices. All notices")
    assert all(len(s) >= 40 for s in got)


def test_typed_numbers_start_new_units_and_keep_their_label() -> None:
    text = (
        "1.1 The Supplier shall provide the Services described in Schedule 1 with reasonable "
        "skill and care and in accordance with good industry practice at all times.   "
        "1.2 The Customer shall provide access to its premises as reasonably required by the "
        "Supplier for the performance of the Services.   1.3 Each party shall comply with law."
    )
    doc = document_from_text(text)
    segs = segment_document(doc)
    assert [s.label for s in segs] == ["1.1", "1.2", "1.3"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("12.3(b) The Supplier", "12.3(b)"),
        ("(ii) the Customer", "(ii)"),
        ("Article IV Term", "Article IV"),
        ("7. Governing Law", "7."),
        ("The Supplier", None),
    ],
)
def test_typed_label(text: str, label: str | None) -> None:
    assert typed_label(text) == label


def test_headings_attach_to_units_below() -> None:
    text = "\n".join(
        [
            "MASTER SERVICES AGREEMENT",
            "1. DEFINITIONS",
            '"Services" means the services described in Schedule 1.',
            "2. LIMITATION OF LIABILITY",
            "2.1 Cap",
            "Neither party's liability shall exceed the fees paid in the twelve months "
            "before the claim.",
        ]
    )
    segs = segment_document(document_from_text(text))
    by_text = {s.text: s for s in segs}
    assert by_text["MASTER SERVICES AGREEMENT"].is_heading
    cap = by_text[
        "Neither party's liability shall exceed the fees paid in the twelve months "
        "before the claim."
    ]
    # the unnumbered title and "1." are both top level: a new section replaces the title
    assert cap.heading == "2. LIMITATION OF LIABILITY > 2.1 Cap"
    assert cap.model_input().startswith("2.1 Cap | Neither")
    definitions = by_text['"Services" means the services described in Schedule 1.']
    assert definitions.heading.endswith("1. DEFINITIONS")


def test_style_headings_table_cells_and_regions() -> None:
    blocks = (
        Block("document:0", "Payment", heading_level=1),
        Block("document:1", "Invoices are payable within 45 days of receipt.", list_label="3.1"),
        Block("document:2", "Monthly fee", cell=TableCell(0, 0, 0)),
        Block("header1:0", "Confidential", region=Region.HEADER),
        Block("footnotes:2", "As amended from time to time.", region=Region.FOOTNOTE),
    )
    doc = Document(path="x.docx", sha256="0", blocks=blocks)
    segs = segment_document(doc)
    assert [s.block for s in segs] == ["document:0", "document:1", "document:2", "footnotes:2"]
    assert segs[1].label == "3.1"
    assert segs[1].heading == "Payment"
    assert not segs[2].is_heading  # a short cell is not a heading
    assert segs[3].region == Region.FOOTNOTE


def test_heading_heuristic() -> None:
    assert looks_like_heading(Block("t:0", "GOVERNING LAW"))
    assert looks_like_heading(Block("t:0", "9. Limitation of Liability"))
    assert not looks_like_heading(Block("t:0", "The Customer shall pay the fees."))
    assert not looks_like_heading(Block("t:0", "the Supplier and"))


def test_non_english_text_is_segmented_without_error() -> None:
    text = (
        "Dieser Vertrag unterliegt deutschem Recht. Gerichtsstand ist München. " * 5
        + "本合同受中华人民共和国法律管辖。双方应友好协商解决争议。" * 5
    )
    spans = sentence_spans(text)
    assert spans
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


def test_clause_styled_as_heading_is_a_body_unit_with_its_run_in_title() -> None:
    clause = (
        "License. During the Subscription Period, Provider grants Customer a non-exclusive, "
        "non-transferable right to access and use the Cloud Service. Customer may not resell "
        "the Cloud Service or make it available to any third party except its Users, and may "
        "not reverse engineer it. Provider may update the Cloud Service from time to time "
        "provided that no update materially reduces its functionality."
    )
    blocks = (
        Block("document:0", "Cloud Service", heading_level=1, list_label="1."),
        Block("document:1", clause, heading_level=2, list_label="1.1"),
        Block("document:2", "Customer shall keep its passwords confidential.", list_label="1.2"),
    )
    segs = segment_document(Document(path="x.docx", sha256="0", blocks=blocks))
    body = [s for s in segs if s.block == "document:1"]
    assert len(body) == 3  # split into sentences, not one heading unit
    assert not any(s.is_heading for s in body)
    assert body[0].heading == "1. Cloud Service > 1.1 License"
    assert segs[-1].heading == "1. Cloud Service > 1.1 License"
    assert body[0].model_input().startswith("1.1 License | License. During")


def test_no_split_after_dotted_initials_or_before_hereinafter() -> None:
    text = (
        "This Co-Branding Agreement is made by and between PC Quote, Inc., an Illinois "
        'corporation ("PCQ"), and A.B. Watley, Inc., a New York corporation ("ABW"), with '
        'offices at P.O.B. 867, Yokneam, Israel. Hereinafter referred to as "Customer" And '
        "FLEXTRONICS ISRAEL LTD. with a principal place of business at Migdal Haemek, Israel. "
        "The parties agree as follows on the terms set out below in this Agreement."
    )
    sentences = _sentences(text)
    assert len(sentences) == 2
    assert "A.B. Watley" in sentences[0]
    assert "Hereinafter referred to" in sentences[0]
    assert sentences[1].startswith("The parties agree")


def test_a_preamble_with_its_aliases_on_lines_of_their_own_is_one_block() -> None:
    text = (
        "THIS AGREEMENT made effective the 10 day of January 2019, BETWEEN:\n\n"
        "EMERALD HEALTH NATURALS, INC., a company having its office at 7860 Venture Street\n\n"
        '("Emerald" or the "Company") AND:\n\n'
        "DR. GAETANO MORELLO N.D. INC., having an office at 2975 East 4th Avenue\n\n"
        '(the "Contractor")\n\n'
        "WHEREAS Emerald would like to engage the Contractor;\n"
    )
    blocks = document_from_text(text).blocks
    assert len(blocks) == 2
    assert blocks[0].text.endswith('(the "Contractor")')


# -- clause references ------------------------------------------------------------------------


def _refs(blocks: list[Block], title: str = "") -> list[tuple[str, str]]:
    doc = Document("x.docx", "0" * 64, tuple(blocks), title=title)
    return [(s.text[:12], s.ref) for s in segment_document(doc)]


def test_a_list_item_is_cited_with_its_numbered_parents() -> None:
    long_a = "The Supplier fails to pay the fees when due. " * 10  # sentences: each "9.1(a)"
    blocks = [
        Block("document:0", "Liability", heading_level=1, list_label="9."),
        Block("document:1", "Either party may terminate this Agreement:", list_label="9.1"),
        Block("document:2", long_a, list_label="(a)", list_level=2),
        Block("document:3", "on insolvency, where the other party:", list_label="(b)"),
        Block("document:4", "fails to pay its debts;", list_label="(i)"),
        Block("document:5", "enters into liquidation.", list_label="(ii)"),
        Block("document:6", "The notice must be in writing and signed.", list_label=None),
        Block("document:7", "Each party's liability is capped at the fees.", list_label="9.2"),
        Block("document:8", "except for fraud;", list_label="(a)"),
        Block("document:9", "Fees", heading_level=1, list_label="10."),
        Block("document:10", "Fees are payable monthly in advance.", list_label="(a)"),
    ]
    refs = [r for _, r in _refs(blocks)]
    assert refs[:3] == ["9.", "9.1", "9.1(a)"]
    assert set(refs[3:-8]) == {"9.1(a)"}  # every sentence of (a)
    assert refs[-8:] == [
        "9.1(b)",
        "9.1(b)(i)",
        "9.1(b)(ii)",
        "9.1",
        "9.2",
        "9.2(a)",
        "10.",
        "10(a)",
    ]


def test_typed_clause_headings_and_letters_that_look_roman() -> None:
    blocks = [
        Block("document:0", "SECTION I", heading_level=1),
        Block("document:1", "Clause 8", heading_level=2),
        Block("document:2", "8.1   Purpose limitation of the data importer"),
        Block(
            "document:3",
            "where it has obtained the prior consent of the data subject;",
            list_label="(i)",
        ),
        Block("document:4", "Clause 12 – Liability", heading_level=2),
        *(
            Block(
                f"document:{5 + i}",
                f"The Party shall do thing number {c} here.",
                list_label=f"({c})",
            )
            for i, c in enumerate("abcdefghi")
        ),
        Block("document:14", "ANNEX I", heading_level=1),
        Block("document:15", "The data exporter is the party named below.", list_label="(a)"),
    ]
    got = [r for _, r in _refs(blocks)]
    assert got[:5] == ["Section I", "Clause 8", "Clause 8.1", "Clause 8.1(i)", "Clause 12"]
    assert got[5:14] == [f"Clause 12({c})" for c in "abcdefghi"]  # "(i)" after "(h)" is a letter
    assert got[14:] == ["Annex I", "Annex I(a)"]  # an annex starts the numbering again


def test_cover_page_and_table_rows_never_cite_the_title() -> None:
    title = "Cloud Service Agreement"
    blocks = [
        Block("document:0", title, heading_level=1),
        Block("document:1", "This Agreement is made between Acme Ltd and Beta LLC."),
        Block("document:2", "Governing Law", cell=TableCell(0, 0, 0)),
        Block("document:3", "The laws of the State of Delaware.", cell=TableCell(0, 0, 1)),
        Block("document:4", "☐", cell=TableCell(0, 1, 0)),
        Block("document:5", "Cap on liability: 12 months of fees", cell=TableCell(0, 1, 1)),
        Block("document:6", "☐", cell=TableCell(0, 2, 0)),
        Block("document:7", "1", cell=TableCell(0, 2, 1)),
        Block("document:8", "{IF has_pilot}Pilot", cell=TableCell(0, 3, 0)),
        Block("document:9", "{pilot_fee_display}{END-IF}", cell=TableCell(0, 3, 1)),
        Block("document:10", "Service", heading_level=1, list_label="1."),
        Block("document:11", "Provider shall provide the Service with care.", list_label="1.1"),
    ]
    assert _refs(blocks, title) == [
        ("Cloud Servic", "Cover page"),
        ("This Agreeme", "Cover page"),
        ("Governing La", "Governing Law"),
        ("The laws of ", "Governing Law"),  # the row's first cell names the row
        ("☐", "Cover page"),
        ("Cap on liabi", "Cap on liability: 12 months of fees"),
        ("☐", "Cover page"),
        ("1", "Cover page"),
        ("{IF has_pilo", "Pilot"),
        ("{pilot_fee_d", "Pilot"),
        ("Service", "1."),
        ("Provider sha", "1.1"),
    ]


def test_footnotes_and_unnumbered_documents() -> None:
    blocks = [
        Block("document:0", "GOVERNING LAW"),
        Block("document:1", "This Agreement is governed by the laws of England."),
        Block("footnotes:2", "As amended from time to time.", region=Region.FOOTNOTE),
    ]
    assert [r for _, r in _refs(blocks, "Licence")] == [
        "GOVERNING LAW",
        "GOVERNING LAW",
        "Footnote",
    ]


CORPUS_AUTO_NUMBERED = [
    "open-agreements__common-paper-cloud-service-agreement__template.docx",
    "open-agreements__common-paper-csa-with-sla__template.docx",
    "open-agreements__common-paper-independent-contractor-agreement__template.docx",
    "open-agreements__common-paper-software-license-agreement__template.docx",
    "Public-nEUro__SCC_controler2controler.docx",
    "Public-nEUro__InternalServiceAgreement.docx",
]


@pytest.mark.parametrize("name", CORPUS_AUTO_NUMBERED)
def test_numbered_clauses_of_the_corpus_have_unique_references(name: str) -> None:
    """Each auto-numbered clause of a real contract is cited by a reference no other clause
    has (before: 6-77 duplicates per file, "(a)" repeated under every clause), and no unit is
    cited by the document's title."""
    from conftest import CORPUS

    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is absent")
    from contractreview.docx.reader import read_docx

    doc = read_docx(path)
    segs = segment_document(doc)
    blocks = {b.id: b for b in doc.blocks}
    first = {}
    for s in segs:
        if blocks[s.block].list_label and blocks[s.block].cell is None:
            first.setdefault(s.block, s.ref)
    refs = [r for r in first.values() if r[:1].isalnum() or r[:1] == "("]
    dups = sorted({r for r in refs if refs.count(r) > 1})
    assert len(refs) >= 10
    assert dups == [], dups
    assert not any(s.ref == doc.title for s in segs if doc.title)
