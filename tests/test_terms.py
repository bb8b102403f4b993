"""Key terms: values, normalisation and grounding (every value is the text it cites)."""
# ruff: noqa: E501  (the contract below keeps its real, long lines)

from __future__ import annotations

import json
from datetime import date

import pytest

from contractreview import normalize as nz
from contractreview.document import document_from_text
from contractreview.review import Term
from contractreview.segmenter import Segment, segment_document
from contractreview.terms import extract_terms, term_is_grounded
from tests.conftest import CUAD, needs_corpus, needs_cuad

CONTRACT = """\
MASTER SERVICES AGREEMENT
This Master Services Agreement (the "Agreement") is made and entered into as of March 3, 2021 by and between Acme Corp., a Delaware corporation ("Supplier"), and Beta Holdings Limited, a company registered in England and Wales ("Customer").
1. TERM
1.1 This Agreement shall commence on April 1, 2021 (the "Effective Date") and shall continue for an initial term of three (3) years.
1.2 Thereafter this Agreement shall automatically renew for successive two (2) year periods unless either party gives written notice of non-renewal at least fifteen (15) days prior to the end of the then-current term.
2. FEES
2.1 Customer shall pay each invoice within forty-five (45) days of receipt of the invoice.
3. LIMITATION OF LIABILITY
3.1 In no event shall either party's aggregate liability under this Agreement exceed the fees paid by Customer in the six (6) months preceding the claim.
4. GOVERNING LAW
4.1 This Agreement shall be governed by and construed in accordance with the laws of the State of Texas, without regard to its conflict of laws principles.
4.2 The parties submit to the exclusive jurisdiction of the courts located in Harris County, Texas.
"""


def _terms(text: str) -> tuple[list[Segment], dict[str, Term]]:
    segments = segment_document(document_from_text(text))
    return segments, {t.name: t for t in extract_terms(segments)}


def assert_grounded(segments: list[Segment], terms: list[Term] | dict[str, Term]) -> None:
    by_id = {s.id: s for s in segments}
    for t in terms.values() if isinstance(terms, dict) else terms:
        assert t.segment in by_id, t
        assert term_is_grounded(t, by_id[t.segment].text), t
        assert 0.0 < t.confidence <= 1.0


def test_terms_of_a_written_services_agreement() -> None:
    segments, terms = _terms(CONTRACT)
    assert terms["parties"].normalized == [
        {"name": "Acme Corp.", "alias": "Supplier"},
        {"name": "Beta Holdings Limited", "alias": "Customer"},
    ]
    assert terms["agreement_date"].normalized == "2021-03-03"
    assert terms["effective_date"].normalized == "2021-04-01"
    assert terms["term"].normalized == {"days": 1095}
    assert terms["expiration_date"].normalized == "2024-04-01"  # computed from the term
    assert terms["renewal_term"].normalized == {"days": 730}
    assert terms["notice_period"].normalized == {"days": 15}
    assert terms["governing_law"].normalized == "Texas"
    assert terms["venue"].normalized == "Texas"
    assert terms["liability_cap"].normalized == {"months_of_fees": 6}
    assert terms["payment_terms"].normalized == {"days": 45}
    assert terms["document_name"].value == "MASTER SERVICES AGREEMENT"
    assert_grounded(segments, terms)


def test_perpetual_term_fixed_cap_and_english_law() -> None:
    text = (
        "LICENCE AGREEMENT\n"
        'This Licence Agreement is dated 1 June 2019 between Gamma GmbH ("Licensor") and '
        'Delta plc ("Licensee").\n'
        "1. This Agreement shall remain in force in perpetuity unless terminated under clause 5.\n"
        "2. The Licensor's total liability shall not exceed $250,000 in aggregate.\n"
        "3. This Agreement is governed by the laws of England and Wales.\n"
    )
    segments, terms = _terms(text)
    assert terms["agreement_date"].normalized == "2019-06-01"
    assert terms["term"].normalized == "perpetual"
    assert terms["expiration_date"].normalized == "perpetual"
    assert terms["liability_cap"].normalized == {"amount": 250000.0, "currency": "USD"}
    assert terms["governing_law"].normalized == "England and Wales"
    assert [p["alias"] for p in terms["parties"].normalized] == ["Licensor", "Licensee"]
    assert_grounded(segments, terms)


def test_a_contract_without_terms_gives_none() -> None:
    _, terms = _terms("Meeting notes\nWe talked about the weather and lunch.\n")
    assert terms == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 1, 2020", date(2020, 6, 1)),
        ("the 7th day of April, 2017", date(2017, 4, 7)),
        ("this fifteenth day of March, 2010", date(2010, 3, 15)),
        ("1 October 2019", date(2019, 10, 1)),
        ("2020-06-01", date(2020, 6, 1)),
        ("06/01/2020", date(2020, 6, 1)),
        ("Sept. 3, 2001", date(2001, 9, 3)),
        ("February 30, 2020", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert nz.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thirty (30) days", {"days": 30}),
        ("60 days", {"days": 60}),
        ("one (1) year", {"days": 365}),
        ("twelve months", {"days": 365}),
        ("six (6) months", {"days": 182}),
        ("one hundred twenty (120) days", {"days": 120}),
        ("a year", {"days": 365}),
        ("in perpetuity", "perpetual"),
        ("no period here", None),
    ],
)
def test_durations(text: str, expected: object) -> None:
    assert nz.parse_duration(text) == expected


def test_money_and_jurisdictions() -> None:
    assert nz.parse_money("up to US$1,500,000") == {"amount": 1500000.0, "currency": "USD"}
    assert nz.parse_money("EUR 2 million") == {"amount": 2000000.0, "currency": "EUR"}
    assert nz.parse_money("€500") == {"amount": 500.0, "currency": "EUR"}
    assert nz.jurisdiction_name("the State of New York") == "New York"
    assert nz.jurisdiction_name("Commonwealth of Massachusetts") == "Massachusetts"
    assert nz.jurisdiction_name("Ontario, Canada") == "Ontario"
    assert nz.jurisdiction_name("People's Republic of China") == "China"
    assert nz.jurisdiction_name("Narnia") is None


@needs_cuad
def test_every_term_on_cuad_dev_is_grounded() -> None:
    n = 0
    with (CUAD / "contracts.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] != "dev":
                continue
            segments = segment_document(document_from_text(row["text"]))
            terms = extract_terms(segments)
            assert_grounded(segments, terms)
            n += len(terms)
    assert n > 300


@needs_corpus
def test_every_term_of_every_corpus_document_is_grounded() -> None:
    from contractreview.docx_reader import read_docx
    from tests.conftest import corpus_files

    for path in corpus_files():
        segments = segment_document(read_docx(str(path)))
        assert_grounded(segments, extract_terms(segments))


def test_parties_without_aliases_and_with_an_address_before_and() -> None:
    text = (
        "AFFILIATE AGREEMENT\n"
        "This Agreement entered into as of the Effective Date by and between Link Plus "
        "Corporation and Axiometric, LLC.\n"
    )
    segments, terms = _terms(text)
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Link Plus Corporation",
        "Axiometric, LLC.",
    ]
    text = (
        'This Agreement, dated this 19th day of January, 2001, is by and between About.com, Inc. ("About"), '
        "a Delaware corporation, located at 1440 Broadway, New York, NY 10018 and ebix.com, Inc. "
        '("ebix"), a Delaware corporation.\n'
    )
    segments2, terms2 = _terms(text)
    assert terms2["parties"].normalized == [
        {"name": "About.com, Inc.", "alias": "About"},
        {"name": "ebix.com, Inc.", "alias": "ebix"},
    ]
    assert_grounded(segments, terms)
    assert_grounded(segments2, terms2)


def test_a_name_with_and_stays_whole() -> None:
    text = (
        'This Agreement is made between Louisville Gas and Electric Company ("Shipper") and '
        'Tennessee Gas Pipeline Company ("Transporter").\n'
    )
    _, terms = _terms(text)
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Louisville Gas and Electric Company",
        "Tennessee Gas Pipeline Company",
    ]


def test_expiry_until_terminated_anniversary_and_filing_dates() -> None:
    text = (
        "Source: ACME INC., 10-K, 3/12/2020\n"
        "This Agreement is made as of June 1, 2019 between Acme Inc. and Beta LLC.\n"
        "This Agreement shall continue in full force and effect until terminated pursuant to Article 9.\n"
    )
    segments, terms = _terms(text)
    assert terms["agreement_date"].normalized == "2019-06-01"  # not the filing's date
    assert terms["expiration_date"].normalized == "perpetual"
    assert_grounded(segments, terms)
    assert nz.parse_duration("the third anniversary of the Effective Date") == {"days": 1095}
    assert nz.parse_duration("for five years unless terminated earlier") == {"days": 1825}
    assert nz.parse_duration("unless terminated earlier") is None


def test_cuad_parties_comparison_ignores_collective_entries_and_typos() -> None:
    from contractreview.terms_eval import cuad_parties, parties_match

    expected = cuad_parties(
        'Ginkgo Bioworks, Inc. ("Ginkgo"); Berkely Lights, Inc. ("BLI"); '
        'Ginkgo and BLI ("Party", collectively as the "Parties")'
    )
    assert len(expected) == 2
    found = [
        {"name": "Ginkgo Bioworks, Inc.", "alias": "Ginkgo"},
        {"name": "Berkeley Lights, Inc.", "alias": "BLI"},
    ]
    assert parties_match(expected, found)
    assert not parties_match(expected, found[:1])  # a missing party is wrong
    assert not parties_match(expected, [*found, {"name": "Kemble Ave", "alias": None}])
    blank = cuad_parties('[ * * * ] ("Provider"); Telcostar Pte, Ltd.')
    assert parties_match(
        blank, [{"name": "Acme", "alias": "Provider"}, {"name": "Telcostar Pte", "alias": None}]
    )
