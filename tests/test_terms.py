"""Key terms: values, normalisation and grounding (every value is the text it cites)."""
# ruff: noqa: E501  (the contract below keeps its real, long lines)

from __future__ import annotations

import json
from datetime import date

import pytest

from contractreview.analysis.results import Term
from contractreview.analysis.segmenter import Segment, segment_document
from contractreview.analysis.terms.extractor import extract_terms
from contractreview.analysis.terms.grounding import term_is_grounded
from contractreview.docx.document import document_from_text
from contractreview.text import normalize as nz
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
    by_id = {s.id: s.text for s in segments}
    for t in terms.values() if isinstance(terms, dict) else terms:
        assert all(c.segment in by_id for c in t.citations), t
        assert term_is_grounded(t, by_id), t  # every citation supports what it is cited for
        assert 0.0 < t.confidence <= 1.0


def test_terms_of_a_written_services_agreement() -> None:
    segments, terms = _terms(CONTRACT)
    assert terms["parties"].normalized == [
        {"name": "Acme Corp.", "alias": "Supplier", "role": "supplier"},
        {"name": "Beta Holdings Limited", "alias": "Customer", "role": "customer"},
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
    assert terms["payment_terms"].normalized == {"days": 45, "from": "invoice receipt"}
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
        # PDF-converted text: split ordinals, stray spaces and punctuation, two-digit years
        ("made as of this 18t h day of August 2014", date(2014, 8, 18)),
        ("entered into on April 15 , 2010", date(2010, 4, 15)),
        ("THE 19  DAY OF MAY , 2010", date(2010, 5, 19)),
        ("effective as of1 August 2019", date(2019, 8, 1)),
        ("effective as of _Dec. 8, 2005", date(2005, 12, 8)),
        ("until March 18. 2021", date(2021, 3, 18)),
        ("Effective Date:  11/4/10", date(2010, 11, 4)),
        ("Date: 7/7/98", date(1998, 7, 7)),
        ("3-31-16", date(2016, 3, 31)),
        ("12-23-2019", date(2019, 12, 23)),
        ("Section 2.1.10", None),
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
        ("the fifth (5t h) anniversary", {"days": 1825}),
        ("until the earlier to occur of (i) and (ii)", "perpetual"),
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


@pytest.mark.slow
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


@pytest.mark.slow
@needs_corpus
def test_every_term_of_every_corpus_document_is_grounded() -> None:
    from contractreview.docx.reader import read_docx
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
    from contractreview_training.eval_terms import cuad_parties, parties_match

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
    # "Operating" is part of a name; "d/b/a ..." and "&" are not differences
    expected = cuad_parties(
        'Martin Operating Partnership L.P. ("Owner"); The Babcock and Wilcox Company '
        '("RemainCo"); Holiday RV Superstores, Inc. d/b/a Recreation USA ("Company"); '
        'Company and RemainCo (each a "Party" and collectively the "Parties")'
    )
    assert len(expected) == 3
    assert parties_match(
        expected,
        [
            {"name": "Martin Operating Partnership L.P.", "alias": "Owner"},
            {"name": "Babcock & Wilcox Company", "alias": "RemainCo"},
            {"name": "Holiday RV Superstores, Inc.", "alias": "Company"},
        ],
    )
    assert not parties_match(expected[:1], [{"name": "Martin Partnership L.P.", "alias": None}])
    blank = cuad_parties('[ * * * ] ("Provider"); Telcostar Pte, Ltd.')
    assert parties_match(
        blank,
        [
            {"name": "Acme", "alias": "Provider", "role": "provider"},
            {"name": "Telcostar Pte", "alias": None},
        ],
    )


def test_dates_from_signatures_amendments_and_referenced_agreements() -> None:
    # No date in the preamble: the contract is dated by the last signature.
    text = (
        "DISTRIBUTION AGREEMENT\n"
        'This Agreement is between Acme Inc. ("Acme") and Beta LLC ("Beta").\n'
        "1. Acme appoints Beta as its distributor.\n"
        "By: /s/ John Roe Name: John Roe Date: 7/1/98 By: /s/ Jane Doe Name: Jane Doe Date: 7/7/98\n"
    )
    segments, terms = _terms(text)
    assert terms["agreement_date"].normalized == "1998-07-07"
    assert_grounded(segments, terms)
    # An amendment is dated when it is made, not by the agreement it amends.
    text = (
        "FIRST AMENDMENT\n"
        "This First Amendment to the Supply and Manufacturing Agreement dated April 1, 2017 "
        'between Cerus Corporation ("Cerus") and Porex Corporation ("Porex") is made this 22 day '
        "of June 2018.\n"
    )
    segments, terms = _terms(text)
    assert terms["agreement_date"].normalized == "2018-06-22"
    assert terms["effective_date"].normalized == "2018-06-22"
    assert_grounded(segments, terms)


def test_until_terminated_is_perpetual_and_successive_renewals() -> None:
    text = (
        "SERVICES AGREEMENT\n"
        "1. Acme may terminate any order within five (5) years of its date.\n"
        "2. This Agreement shall become effective on the Effective Date and shall continue in "
        "full force and effect until terminated pursuant to Article 18.\n"
    )
    segments, terms = _terms(text)
    assert terms["expiration_date"].normalized == "perpetual"
    assert_grounded(segments, terms)
    text = (
        "SUPPLY AGREEMENT\n"
        "1. The initial term of this Agreement is three (3) years. This Agreement shall "
        "automatically renew for successive one (1) year terms unless either party gives notice "
        "of non-renewal at least ninety (90) days before the end of the then-current term.\n"
        "2. The Term will be 3 years from the Effective Date with an automatic 2 year term "
        "extension.\n"
    )
    segments, terms = _terms(text)
    assert terms["renewal_term"].normalized == {"days": 365}
    assert terms["notice_period"].normalized == {"days": 90}
    assert_grounded(segments, terms)


def test_parties_over_pdf_lines_and_lower_case_names() -> None:
    text = (
        "DISTRIBUTOR AGREEMENT\n\n"
        'This Agreement is effective 7/1/98 ("Effective Date") between Tripath Technology, Inc. '
        '("Tripath"), and\n\n'
        "Uniquest Corporation 780 Montague Expressway Suite 406 Santa Jose, CA 95131\n\n"
        "Tripath and Distributor intend to establish Distributor as a distributor.\n"
    )
    segments, terms = _terms(text)
    assert terms["parties"].normalized == [
        {"name": "Tripath Technology, Inc.", "alias": "Tripath"},
        {"name": "Uniquest Corporation", "alias": None},
    ]
    assert terms["effective_date"].normalized == "1998-07-01"
    assert_grounded(segments, terms)
    text = (
        "This Agreement is made this 21st day of January 2003 by and between Lucent Technologies "
        'Inc., a Delaware corporation ("Lucent") and mPhase Technologies Inc., a New Jersey '
        'corporation ("mPhase"). This Endorsement Agreement is made by and between Lifeway '
        'Foods, Inc. ("Lifeway") and Ludmila Smolyansky("Individual") on her own behalf.\n'
    )
    segments, terms = _terms(text)
    assert terms["parties"].normalized == [
        {"name": "Lucent Technologies Inc.", "alias": "Lucent"},
        {"name": "mPhase Technologies Inc.", "alias": "mPhase"},
    ]
    assert_grounded(segments, terms)
    second = _terms(text.split(". ", 1)[1])[1]["parties"].normalized
    assert second == [
        {"name": "Lifeway Foods, Inc.", "alias": "Lifeway"},
        {"name": "Ludmila Smolyansky", "alias": "Individual"},
    ]


def test_law_named_before_the_word_law_and_unevenly_spaced() -> None:
    text = (
        "COOPERATION AGREEMENT\n"
        "12. The execution, validity and construction of this Agreement shall be governed by "
        "PRC Laws.\n"
    )
    segments, terms = _terms(text)
    assert terms["governing_law"].normalized == "China"
    assert_grounded(segments, terms)
    text = (
        "12.  Governing  Law.  This  Agreement  shall be  governed  by and  construed  in "
        "accordance  with the laws of the  Province  of  British  Columbia.\n"
    )
    segments, terms = _terms(text)
    assert terms["governing_law"].value == "British  Columbia"  # cited as written
    assert terms["governing_law"].normalized == "British Columbia"
    assert_grounded(segments, terms)


def test_renewal_until_terminated_and_expiry_from_the_term_clause_start() -> None:
    text = (
        'This Agreement is made on March 3, 2021 between Acme Inc. ("Acme") and Beta LLC '
        '("Beta").\n'
        "2. The term of this Agreement shall commence upon April 1, 1999 and shall continue for a "
        "period of six (6) months, and shall continue thereafter until terminated by either "
        "party on thirty (30) days' notice.\n"
    )
    segments, terms = _terms(text)
    assert terms["term"].normalized == {"days": 182}
    assert terms["expiration_date"].normalized == "1999-10-01"  # six calendar months
    assert terms["renewal_term"].normalized == "perpetual"
    assert_grounded(segments, terms)


def test_notice_before_the_term_ends_wins_and_cuad_lists_several_periods() -> None:
    from contractreview_training.eval_terms import expected_value

    text = (
        "1. Either party may terminate this Agreement for breach on thirty (30) days' notice.\n"
        "2. This Agreement shall renew for successive one (1) year terms. Franchisor shall notify "
        "Franchisee of the nonrenewal not less than six (6) months prior to the expiration of "
        "the term, with thirty (30) days' notice to cure.\n"
    )
    segments, terms = _terms(text)
    assert terms["notice_period"].normalized == {"days": 182}
    assert_grounded(segments, terms)
    assert expected_value("notice_period", "180 days / 6 months") == {180, 182}
    assert expected_value("notice_period", "60 days; 180 days") == {60, 180}


def test_parties_as_labelled_fields_and_a_number_in_a_name() -> None:
    text = (
        "Road Transportation Agreement\n"
        "Party A (Shipper): ZTO Express Co., Ltd. Address: Building 1, Huazhi Road, Shanghai "
        "Party B (Carrier): Tonglu Tongze Logistics Ltd. Address: 12 Floor, HSBC Tower\n"
    )
    segments, terms = _terms(text)
    assert terms["parties"].normalized == [
        {"name": "ZTO Express Co., Ltd.", "alias": "Party A"},
        {"name": "Tonglu Tongze Logistics Ltd.", "alias": "Party B"},
    ]
    assert_grounded(segments, terms)
    text = (
        'THIS AGREEMENT is made between (1) WPP 2005 LIMITED (registered number 01003653) ("the '
        'Company") and (2) JOHN ROGERS ("the Executive").\n'
    )
    segments, terms = _terms(text)
    assert [p["name"] for p in terms["parties"].normalized] == ["WPP 2005 LIMITED", "JOHN ROGERS"]
    assert_grounded(segments, terms)


def test_parties_over_alias_lines_hereinafter_and_an_address_after_of() -> None:
    text = (
        "CONSULTING AGREEMENT\n\n"
        'THIS AGREEMENT made effective the 10 day of January 2019 (the "Effective Date"), '
        "BETWEEN:\n\n"
        "EMERALD HEALTH NATURALS, INC., a company having its registered office at 7860 Venture "
        "Street, Burnaby\n\n"
        '("Emerald" or the "Company") AND:\n\n'
        "DR. GAETANO MORELLO N.D. INC., Businessperson, having an office at 2975 East 4th "
        "Avenue, Vancouver\n\n"
        '(the "Contractor")\n\n'
        "WHEREAS Emerald would like to engage the Contractor as an independent contractor.\n"
    )
    segments, terms = _terms(text)
    assert terms["parties"].normalized == [
        {"name": "EMERALD HEALTH NATURALS, INC.", "alias": "Emerald"},
        {"name": "DR. GAETANO MORELLO N.D. INC.", "alias": "Contractor", "role": "contractor"},
    ]
    assert_grounded(segments, terms)
    text = (
        'This Turn-Key Manufacturing Agreement (the "Agreement") is effective as of April 1, '
        "2011 by and between: INVASIX LTD., with a principal place of business at Tavor "
        'Building, POB 533, Yokneam 20692, Israel. Hereinafter referred to as "Customer" And '
        "FLEXTRONICS ISRAEL LTD. with a principal place of business at Industrial Zone Migdal "
        'Haemek 23108 P.O.B. 867, Israel. Hereinafter referred to as "Contractor."\n'
        "Whereas Customer designs, manufactures and sells the Products.\n"
    )
    segments, terms = _terms(text)
    assert terms["parties"].normalized == [
        {"name": "INVASIX LTD.", "alias": "Customer", "role": "customer"},
        {"name": "FLEXTRONICS ISRAEL LTD.", "alias": "Contractor.", "role": "contractor"},
    ]
    assert_grounded(segments, terms)
    text = (
        "DEVELOPMENT AGREEMENT between LEO PHARMA A/S of Industriparken 55, DK-2750 Ballerup, "
        'Denmark (hereinafter referred to as "LEO") and GALEN (CHEMICALS) LIMITED of 4 '
        'Adelaide Street, Dun Laoghaire, Ireland (hereinafter referred to as "GALEN").\n'
        'The agreement between Bank of America, N.A. ("Bank") and Aluminum Company of America '
        '("Alcoa").\n'
    )
    segments, terms = _terms(text)
    assert terms["parties"].normalized == [
        {"name": "LEO PHARMA A/S", "alias": "LEO"},
        {"name": "GALEN (CHEMICALS) LIMITED", "alias": "GALEN"},
    ]
    assert_grounded(segments, terms)
    alcoa = {t.name: t for t in extract_terms(segments[1:])}["parties"].normalized
    assert [p["name"] for p in alcoa] == ["Bank of America, N.A.", "Aluminum Company of America"]


def test_a_term_until_an_event_is_perpetual_and_cuad_century_and_bracketed_names() -> None:
    from contractreview_training.eval_terms import cuad_parties, expected_value, parties_match

    text = (
        "1. Term. This Agreement shall be effective as of the Effective Date and, unless "
        "terminated earlier, the term of this Agreement shall continue in effect until Achaogen "
        'ceases development and commercialization of Plazomicin ("Term").\n'
        "2. Term of Employment 2.1 The Executive's employment with the Company will commence on "
        "the Commencement Date and shall continue, subject to the remaining terms of this "
        "Agreement, until terminated by either party giving the other six weeks' notice.\n"
    )
    segments = segment_document(document_from_text(text))
    for k in range(2):
        terms = {t.name: t for t in extract_terms(segments[k : k + 1])}
        assert terms["expiration_date"].normalized == nz.PERPETUAL, k
        assert_grounded(segments, terms)
    # CUAD wrote the two-digit year 34 as 1934; "Galen (Chemicals) Limited" is one name
    assert expected_value("expiration_date", "12/31/1934") == {"1934-12-31", "2034-12-31"}
    assert expected_value("expiration_date", "12/31/2004") == {"2004-12-31"}
    expected = cuad_parties('Leo Pharma A/S ("LEO"); Galen (Chemicals) Limited ("GALEN")')
    assert parties_match(
        expected,
        [
            {"name": "LEO PHARMA A/S", "alias": "LEO"},
            {"name": "GALEN (CHEMICALS) LIMITED", "alias": "GALEN"},
        ],
    )
    assert not parties_match(expected, [{"name": "LEO PHARMA A/S", "alias": "LEO"}])


def test_renewal_from_year_to_year_without_the_word_renew() -> None:
    for text, days in (
        (
            "This Agreement shall continue in effect for a period of one year from the date of "
            "its execution and from year to year thereafter provided such continuance is approved "
            "by the trustees.",
            365,
        ),
        (
            "7. Term. The term of this Agreement shall be two (2) years from the Effective Date "
            "with automatic annual renewals thereafter.",
            365,
        ),
        (
            "This Agreement shall be effective month to month, until terminated by either party "
            "upon sixty (60) days written notice.",
            30,
        ),
    ):
        segments, terms = _terms(text)
        assert nz.duration_days(terms["renewal_term"].normalized) == days, text
        assert_grounded(segments, terms)
    # a yearly fee in a term clause is no renewal
    _, terms = _terms("The term of this Agreement shall be three years; the annual fee is $5,000.")
    assert "renewal_term" not in terms


def _paragraphs(*texts: str) -> list[Segment]:
    """One segment per paragraph, as a Word document whose preamble is split into paragraphs
    reads (headings: all-capital lines without a full stop)."""
    return [
        Segment(f"s{i:05d}", t, f"p{i}", 0, len(t), is_heading=t.isupper() and "." not in t)
        for i, t in enumerate(texts)
    ]


def test_parties_over_three_preamble_paragraphs_each_cited_where_it_is_named() -> None:
    segments = _paragraphs(
        "CONSULTING AGREEMENT",
        "This Consulting Agreement is dated 1 May 2020 and is made",
        "BETWEEN:",
        'Acme Widgets Limited, a company registered in England ("Acme");',
        "AND:",
        'Beta Services LLC, a Delaware limited liability company ("Consultant").',
        "WHEREAS Acme wishes to engage the Consultant.",
        "1. SERVICES",
        "1.1 The Consultant shall provide the services to Gamma Holdings Inc.",
    )
    terms = {t.name: t for t in extract_terms(segments)}
    parties = terms["parties"]
    assert parties.normalized == [
        {"name": "Acme Widgets Limited", "alias": "Acme"},
        {"name": "Beta Services LLC", "alias": "Consultant", "role": "consultant"},
    ]
    assert [
        (c.segment, segments[int(c.segment[1:])].text[c.start : c.end]) for c in parties.citations
    ] == [
        ("s00003", 'Acme Widgets Limited, a company registered in England ("Acme")'),
        ("s00005", 'Beta Services LLC, a Delaware limited liability company ("Consultant")'),
    ]
    assert parties.value == segments[3].text[parties.start : parties.end]
    assert_grounded(segments, terms)
    # every citation is checked: the primary text alone does not ground the second party
    assert not term_is_grounded(parties, segments[3].text)
    swapped = {"s00003": segments[5].text, "s00005": segments[3].text}
    assert not term_is_grounded(parties, swapped)


def test_parties_over_numbered_paragraphs_and_labelled_lines() -> None:
    segments = _paragraphs(
        "SUPPLY AGREEMENT",
        "This Supply Agreement is entered into on June 2, 2019 by and between:",
        '(1) Gamma Industries Inc., a Nevada corporation ("Supplier"); and',
        '(2) Delta Retail Corp., a Texas corporation ("Buyer").',
        "1. SUPPLY",
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert terms["parties"].normalized == [
        {"name": "Gamma Industries Inc.", "alias": "Supplier", "role": "supplier"},
        {"name": "Delta Retail Corp.", "alias": "Buyer", "role": "buyer"},
    ]
    assert [c.segment for c in terms["parties"].citations] == ["s00002", "s00003"]
    assert_grounded(segments, terms)
    segments = _paragraphs(
        "COOPERATION AGREEMENT",
        "Party A: Nanjing Example Technology Co., Ltd.",
        "Address: 6 Example Road, Nanjing",
        "Party B: Beijing Sample Technology Co., Ltd.",
        "Address: 4 Sample Street, Beijing",
        "WHEREAS the parties wish to cooperate.",
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert terms["parties"].normalized == [
        {"name": "Nanjing Example Technology Co., Ltd.", "alias": "Party A"},
        {"name": "Beijing Sample Technology Co., Ltd.", "alias": "Party B"},
    ]
    assert_grounded(segments, terms)


def test_a_preamble_does_not_run_into_the_first_clause() -> None:
    segments = _paragraphs(
        'This Agreement is made between Acme Widgets Limited ("Acme") and',
        "1. Beta Services LLC shall provide the services.",
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert terms["parties"].normalized == [{"name": "Acme Widgets Limited", "alias": "Acme"}]
    assert terms["parties"].more == ()
    assert_grounded(segments, terms)


def test_and_inside_a_jurisdiction_does_not_start_a_new_party() -> None:
    text = (
        "This Agreement is made between:\n"
        "(1) NORTHWIND ANALYTICS LTD., a private limited company incorporated in England and "
        'Wales under company number 09876543 ("Supplier"); and\n'
        '(2) HARBOR FREIGHT LOGISTICS, INC., a Delaware corporation ("Customer").\n'
    )
    segments, terms = _terms(text)
    assert terms["parties"].normalized == [
        {"name": "NORTHWIND ANALYTICS LTD.", "alias": "Supplier", "role": "supplier"},
        {"name": "HARBOR FREIGHT LOGISTICS, INC.", "alias": "Customer", "role": "customer"},
    ]
    assert_grounded(segments, terms)


def test_expiry_from_a_field_a_numbered_range_and_from_to() -> None:
    for text, expected in (
        (
            'This Agreement is dated as of October 1, 2005 (the "Effective Date").\n'
            "Expiration Date: August 31, 2006\n"
            "3. Term. This Agreement shall expire on the Expiration Date set forth above.",
            "2006-08-31",
        ),
        ("6. TERM: November 01, 2014 to October 31, 2017", "2017-10-31"),
        (
            'This Agreement is made as of August 1, 2011 (the "Effective Date").\n'
            '"Term" means the earlier of: (a) the end of the two year period from the Effective '
            "Date to 31 July 2013; or (b) the last day of the month of the last delivery.",
            "2013-07-31",
        ),
    ):
        segments, terms = _terms(text)
        assert terms["expiration_date"].normalized == expected, text
        assert_grounded(segments, terms)


def test_term_clause_beats_another_definition_and_full_or_contract_years() -> None:
    text = (
        'This Agreement is entered into as of May 31, 2019 (the "Effective Date").\n'
        '1.5 "Calendar Quarter" means a period of three (3) consecutive months ending on the last '
        "day of March, June, September, or December, except that the first Calendar Quarter of "
        "the Term shall commence on the Effective Date and end on June 30, 2019.\n"
        "11.1 Term. This Agreement becomes effective on the Effective Date and, unless earlier "
        "terminated as provided in this ARTICLE 11, shall continue until the five (5) year "
        'anniversary of the Effective Date (the "Initial Term").'
    )
    segments, terms = _terms(text)
    assert terms["term"].value == "five (5) year"
    assert terms["expiration_date"].normalized == "2024-05-31"
    assert_grounded(segments, terms)
    assert nz.find_durations("ten (10) Contract Years")[0].days == 3650
    assert nz.find_durations("twelve (12) full calendar months")[0].days == 365
    # a period after the term ends (a non-compete) is not the term
    segments, terms = _terms(
        "3. Term. Subject to the provisions for termination hereinafter provided, the term of "
        "this Agreement shall commence on the date hereof and shall continue for a minimum period "
        "of 12 months.\n"
        "9. During the term of this Agreement and for a period of two (2) years after expiration "
        "or termination of this Agreement, Consultant shall not compete with the Company."
    )
    assert terms["term"].normalized == {"days": 365}


def test_renewal_of_the_same_duration_cites_the_initial_term() -> None:
    text = (
        "This Agreement shall be for a period of five (5) years commencing upon the Effective "
        "Date. Upon expiry of the Initial Term this Agreement shall automatically renew for "
        "successive terms of the same duration, unless either party gives notice of non-renewal."
    )
    segments, terms = _terms(text)
    renewal = terms["renewal_term"]
    assert renewal.value == "the same duration"
    assert renewal.normalized == {"days": 1825}
    assert [c.start for c in renewal.more] == [terms["term"].start]  # the term it repeats
    assert_grounded(segments, terms)
    # the phrase alone, without the term it refers to, is not grounded
    from dataclasses import replace

    by_id = {s.id: s.text for s in segments}
    assert not term_is_grounded(replace(renewal, more=()), by_id)
    # "two (2) additional terms of ten (10) years each" renews without the word "renew"
    segments, terms = _terms(
        "When this Agreement expires, you will have the option to continue the franchise "
        "relationship with us for two (2) additional terms of ten (10) years each."
    )
    assert terms["renewal_term"].normalized == {"days": 3650}


def test_parties_after_a_description_and_a_parties_heading() -> None:
    segments, terms = _terms(
        "This Agreement is entered into on January 13, 2005 between professional golfer, JOHN "
        'SMITH, (hereinafter referred to as "PLAYER") and ACME GOLF, LTD. (hereinafter referred '
        'to as "ACME").'
    )
    assert [p["name"] for p in terms["parties"].normalized] == ["JOHN SMITH", "ACME GOLF, LTD."]
    assert_grounded(segments, terms)
    segments, terms = _terms(
        "PARTIES (1) Widget Labs UK Limited is a company registered in England whose registered "
        'office is at 1 High Street, London (the "Employer"); and (2) Jane Doe of [address '
        'removed] (the "Executive").'
    )
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Widget Labs UK Limited",
        "Jane Doe",
    ]
    assert_grounded(segments, terms)


def test_a_preamble_goes_on_after_an_address_cut_at_an_abbreviation() -> None:
    segments = _paragraphs(
        "This Reseller Agreement is made as of July 31, 2019 by and between Acme Imaging Ltd., "
        "having its principal place of business at 3 Main St., POB.",
        '325, Springfield 12345, Israel ("Supplier"), and Beta Living Holdings, Inc., having its '
        'principal place of business at 1 Rudder Lane, Knoxville, TN 37919 ("Reseller").',
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Acme Imaging Ltd.",
        "Beta Living Holdings, Inc.",
    ]
    assert_grounded(segments, terms)


def test_three_labelled_parties_over_address_lines() -> None:
    segments = _paragraphs(
        "COOPERATION AGREEMENT",
        "Party A:",
        "Alpha Netcom Technology Co., Ltd.",
        "Address:",
        "ALPHA BUILDING, 10 EAST STREET, BEIJING",
        "Contact:",
        "Party B:",
        "Beta Online Housing (Hong Kong) Co., Ltd.",
        "Address:",
        "8/F, PLAZA TOWER, BEIJING",
        "Contact: Telephone: 010-1234 Party C: Gamma Leju Information Services Co., Ltd. Legal "
        "representative: ZHU Xu",
        "WHEREAS: Party A provides search services.",
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Alpha Netcom Technology Co., Ltd.",
        "Beta Online Housing (Hong Kong) Co., Ltd.",
        "Gamma Leju Information Services Co., Ltd.",
    ]
    assert_grounded(segments, terms)


def test_a_lone_pair_of_formal_names_and_an_alias_without_comma() -> None:
    # "between A and B Inc.": one name joined by "and" is two parties when it is formal
    segments, terms = _terms(
        "This agreement replaces all previous agreements between Orbitcomm and Halden Media Inc.\n"
    )
    assert [p["name"] for p in terms["parties"].normalized] == ["Orbitcomm", "Halden Media Inc."]
    assert_grounded(segments, terms)
    # ... but not two defined terms
    _, terms = _terms("This Agreement is made between Customer and Supplier.\n")
    assert "parties" not in terms
    # a cover line in capitals, with Brazilian and French company forms
    segments, terms = _terms(
        "BETWEEN  ACME LINHAS BRASILEIRAS S/A  AND  BETA TRANSPORT REGIONAL, G.I.E.   "
        "ACME-BETA   Amendment N° 1 Maintenance Agreement\n"
    )
    assert [p["name"] for p in terms["parties"].normalized] == [
        "ACME LINHAS BRASILEIRAS S/A",
        "BETA TRANSPORT REGIONAL, G.I.E.",
    ]
    assert_grounded(segments, terms)
    # an alias, then the next party without "and"; an agreement is no alias
    segments, terms = _terms(
        'This Amendment is entered into by and between Alpha Foods, LLC ("Alpha") Omega '
        'Nutrition Corporation ("Omega") and amends the Agreement.\n'
    )
    assert terms["parties"].normalized == [
        {"name": "Alpha Foods, LLC", "alias": "Alpha"},
        {"name": "Omega Nutrition Corporation", "alias": "Omega"},
    ]
    assert_grounded(segments, terms)
    _, terms = _terms(
        'The Transport Agreement between Vendor and AT&T Corp. (the "Transport Agreement") '
        "is terminated.\n"
    )
    found = terms.get("parties")
    assert found is None or all(p["alias"] is None for p in found.normalized)


def test_names_with_a_bracketed_place_a_room_and_labelled_fields_without_cue() -> None:
    segments = _paragraphs(
        "Party A: Alpha Internet (Beijing) Security Technology Co., Ltd. Legal Representative: "
        "Li Wei Party B: Beta Leasing Co., Ltd Legal Representative: Wang Fang",
        'Between: Gamma Corp. Suite 207 - 1130 Main Avenue (hereinafter referred to as "Gamma")',
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Alpha Internet (Beijing) Security Technology Co., Ltd.",
        "Beta Leasing Co., Ltd",
    ]
    assert_grounded(segments, terms)
    _, terms = _terms(
        'Between: Gamma Corp. (hereinafter referred to as "Gamma") And: Delta Industries '
        'Limited Room 1302 Golden Gate Building, Hong Kong (hereinafter referred to as "Delta")\n'
    )
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Gamma Corp.",
        "Delta Industries Limited",
    ]


def test_joint_filing_agreement_parties_are_the_signatories() -> None:
    segments = _paragraphs(
        "JOINT FILING AGREEMENT",
        "The undersigned hereby agree to the joint filing of the Statement on Schedule 13D.",
        "IN WITNESS WHEREOF, the undersigned hereby execute this Agreement as of May 1, 2020.",
        "ALPHA CAPITAL PARTNERS, LLC /s/ Jane Roe Name: Jane Roe Title: Authorized Signatory "
        "ALPHA FUND II GP, L.P. By: Alpha Capital Partners, LLC, its general partner /s/ Jane "
        "Roe Name: Jane Roe",
        "THE BETA OFFSHORE FUND, L.P.",
        "By: Beta Advisors GP LLC, its General Partner",
        "By: /s/ Jane Roe Name: Jane Roe Title: General Counsel",
        "JOHN Q. SMITH /s/ John Q. Smith",
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert [p["name"] for p in terms["parties"].normalized] == [
        "ALPHA CAPITAL PARTNERS, LLC",
        "ALPHA FUND II GP, L.P.",
        "BETA OFFSHORE FUND, L.P.",
        "JOHN Q. SMITH",
    ]
    assert_grounded(segments, terms)
    # not in another agreement's signature page
    segments = _paragraphs(
        "SERVICES AGREEMENT",
        "The undersigned agree to the terms below.",
        "ALPHA CAPITAL PARTNERS, LLC /s/ Jane Roe Name: Jane Roe",
        "ALPHA FUND II GP, L.P. By: /s/ Jane Roe",
    )
    terms = {t.name: t for t in extract_terms(segments)}
    assert "parties" not in terms


def test_expiry_from_a_defined_period_a_field_an_outer_bound_and_a_year_end() -> None:
    for text, expected in (
        # the term is a defined period whose definition states its end
        (
            "This Agreement is dated March 1, 2011.\n"
            'a. "Contract Period" shall mean that period of time from March 1, 2011 through '
            "December 31, 2012.\n"
            "2. Term. The Term of this Agreement shall be for the Contract Period.\n"
            "7. Records shall be kept during the Term of this Agreement and the two (2) year "
            "period immediately following thereafter.",
            "2012-12-31",
        ),
        (
            "This Agreement is made as of March 15, 2000.\n"
            "1.20. Term shall mean the Effective Date through June 15, 2001.\n"
            "6.5 Within thirty (30) days after the end of the initial Term, Vendor shall report.",
            "2001-06-15",
        ),
        # a "Termination Date:" field of a schedule, without the word "term" beside it
        (
            "This Agreement is made effective as of November 5, 1997.\n"
            "5.1 Term. The Term will remain in effect until the termination date in Exhibit A.\n"
            "5.2 Distributor may terminate for convenience, provided Distributor gives thirty "
            "(30) days' advance written notice.\n"
            "TERMINATION DATE:          September 30, 1998 TRADEMARKS:",
            "1998-09-30",
        ),
        (
            "This Agreement is dated January 15, 2008.\n"
            "10.1 Term. This Agreement shall commence as of the Effective Date and shall terminate "
            "five (5) years following the launch of the Website, but in no event later than "
            'February 28, 2013 (the "Initial Term").',
            "2013-02-28",
        ),
        (
            "Effective Dates: May 1, 2006\nThis agreement will be in effect until the end of 2006.",
            "2006-12-31",
        ),
    ):
        segments, terms = _terms(text)
        assert terms["expiration_date"].normalized == expected, text
        assert_grounded(segments, terms)


def test_a_term_from_a_named_date_cites_where_that_date_is_given() -> None:
    text = (
        "This Agreement is made this 30th day of June 1999.\n"
        "3. The launch date of the Co-Branded Site shall be September 1st, 1999.\n"
        '11.1 The term of this Agreement shall be for a period of two (2) years (the "Term"). '
        "The start of the Term will be from the Launch Date."
    )
    segments, terms = _terms(text)
    expiry = terms["expiration_date"]
    assert expiry.normalized == "2001-09-01"
    assert expiry.value == "two (2) years"
    by_id = {s.id: s.text for s in segments}
    assert [by_id[c.segment][c.start : c.end] for c in expiry.more] == ["September 1st, 1999"]
    assert_grounded(segments, terms)
    from dataclasses import replace

    assert not term_is_grounded(replace(expiry, normalized="2001-06-30"), by_id)
    # "Commencement Date: means the date of this agreement", dated day first
    segments, terms = _terms(
        "Dated 29/3/18\n"
        "Commencement Date: means the date of this agreement.\n"
        "11.1 This agreement begins on the Commencement Date and shall continue for an initial "
        "term of one (1) years (Initial Term)."
    )
    assert terms["agreement_date"].normalized == "2018-03-29"
    assert terms["expiration_date"].normalized == "2019-03-29"
    assert_grounded(segments, terms)
    # an event the contract does not date: computed from the effective date, less sure
    segments, terms = _terms(
        "This Agreement is dated February 3, 2010.\n"
        "2. Term. This Agreement shall commence as of the Effective Date and shall continue for "
        "an initial term of three (3) years from the Promotion Commencement Date."
    )
    assert terms["expiration_date"].normalized == "2013-02-03"
    assert terms["expiration_date"].confidence < 0.3
    assert_grounded(segments, terms)


def test_day_first_numeric_dates_and_year_ends() -> None:
    assert nz.parse_date("29/3/18") == date(2018, 3, 29)
    assert nz.parse_date("31.12.2019") == date(2019, 12, 31)
    assert nz.parse_date("3/4/2011") == date(2011, 3, 4)  # month first when it can be
    assert nz.find_year_ends("until the end of calendar year 2010")[0].value == date(2010, 12, 31)
    assert nz.find_year_ends("the end of 2010-11") == []


def test_notice_with_a_possessive_apostrophe_of_non_renewal_not_insurance() -> None:
    segments, terms = _terms(
        "2. Term. This Agreement shall continue until the fourth anniversary of the Effective "
        "Date and shall automatically renew for successive one-year periods, unless the "
        "Company provides 90 days' notice of termination before any such successive period.\n"
        "9. The policy shall provide that there shall be no cancellation or non-renewal of such "
        "coverage without thirty (30) days' prior written notice to the Company."
    )
    assert terms["notice_period"].normalized == {"days": 90}
    assert_grounded(segments, terms)
    segments, terms = _terms(
        "3. You must give us notice of your wish to renew at least six (6) months but not more "
        "than twelve (12) months prior to the end of the term.\n"
        "4. We shall give you written notice of our election not to renew at least three (3) "
        "months prior to the expiration of the term of this Agreement."
    )
    assert terms["notice_period"].normalized == {"days": 91}
    # "monthly periods" renew for a month
    _, terms = _terms(
        "1.2. Extension of Term. This Agreement will extend automatically for monthly periods "
        "unless either party notifies the other at least thirty (30) days before the expiration."
    )
    assert terms["renewal_term"].normalized == {"days": 30}


def _party_names(text: str) -> list[str]:
    segments, terms = _terms(text)
    assert_grounded(segments, terms)
    return [p["name"] for p in terms["parties"].normalized]


def test_parties_listed_with_commas_and_a_group_alias_in_brackets() -> None:
    # companies listed with commas, the last joined by "and", then a collective alias
    assert _party_names(
        'This Agreement is entered into by and between Acme Widgets, Inc. (the "Company"), and '
        "Alpha Value Partners L.P., a Delaware limited partnership, Alpha Focus Fund, L.P., "
        'Alpha Research & Management, LLC and John Roe (collectively, the "Alpha Group").'
    ) == [
        "Acme Widgets, Inc.",
        "Alpha Value Partners L.P.",
        "Alpha Focus Fund, L.P.",
        "Alpha Research & Management, LLC",
        "John Roe",
    ]
    # a ";" inside an alias's bracket does not start a new party
    assert _party_names(
        'This Agreement is made by and between Northwind GmbH ("North DE") and Northwind Inc. '
        '("North US"; North DE and North US together referred to as "Northwind") and Beta '
        'Labs, Inc. ("Beta").'
    ) == ["Northwind GmbH", "Northwind Inc.", "Beta Labs, Inc."]


def test_and_inside_a_description_or_a_representation_is_no_new_party() -> None:
    assert _party_names(
        "This Agreement is entered into by and between ACME INCORPORATED, a Delaware "
        'corporation ("Acme"), and GAMMA AKTIENGESELLSCHAFT, a German corporation with its '
        'registered offices located at Hamburg and Bremen ("Gamma").'
    ) == ["ACME INCORPORATED", "GAMMA AKTIENGESELLSCHAFT"]
    # representatives, and a name written in quotes
    assert _party_names(
        'This Agreement is made between "Delta Holding AG", a company incorporated under the '
        "laws of Switzerland, duly represented by its Chief Executive Officer Jane Roe and its "
        'Chief Technology Officer John Doe, hereinafter referred to as "DELTA" and Omega '
        'Networks B.V., a Dutch company, hereinafter referred to as "OMEGA".'
    ) == ["Delta Holding AG", "Omega Networks B.V."]


def test_address_lines_and_form_fields_are_not_parties() -> None:
    assert _party_names(
        'This License Agreement is entered into by and between Acme University (hereinafter "AU"), '
        "a corporation of the State of Maryland, and Beta Robotics, Inc. (hereinafter "
        '"Company"), a Tennessee corporation having an address at 12 Old Pike; Suite 200; '
        "Nashville, TN 37205."
    ) == ["Acme University", "Beta Robotics, Inc."]
    assert _party_names(
        "THIS AGREEMENT IS MADE ON 1 MAY 2010 PARTIES (1) NORTH STAR (ASIA) LTD, a company "
        'incorporated in Hong Kong whose registered office is at Unit 3 ("NSA"); and Harbour '
        "Plaza, 1 Harbour Rd, Hong Kong   (2) SOUTH WIND HOLDINGS PLC a company incorporated in "
        'England ("SWH"), each a "Party".'
    ) == ["NORTH STAR (ASIA) LTD", "SOUTH WIND HOLDINGS PLC"]
    assert _party_names(
        "BETWEEN ALPHA BIO Inc., a Delaware Company, 1 Main St., Houston TX 77054 USA AND "
        "BETA PHARMA S.R.L. an Italian Company stated in Rome, FISCAL CODE AND VAT NUMBER: "
        "01655870705; each a Party and, together, the Parties."
    ) == ["ALPHA BIO Inc.", "BETA PHARMA S.R.L."]


def test_a_person_whose_services_a_party_lends_is_a_party() -> None:
    assert _party_names(
        'This Agreement is entered into by and between Star Lending, LLC ("Lender"), for '
        'services of Jane Roe ("Endorser"), and Brand Nutrition Corporation ("Company").'
    ) == ["Star Lending, LLC", "Jane Roe", "Brand Nutrition Corporation"]
    # not when the company's alias follows the person: the company alone is the party
    assert _party_names(
        "This Agreement is entered into by and between T&C Seminars, Inc., a California "
        'corporation f/s/o Jane Roe ("T&C") and Learning Holdings, Inc. ("LH").'
    ) == ["T&C Seminars, Inc.", "Learning Holdings, Inc."]


def test_half_and_fractional_years_and_an_unlimited_renewal() -> None:
    assert nz.parse_duration("half a year") == {"days": 182}
    assert nz.parse_duration("0.5 year") == {"days": 182}
    assert nz.parse_duration("1.5 years") == {"days": 548}
    segments, terms = _terms(
        "7.1 The term of this Agreement shall continue for twenty-four (24) months. The Initial "
        "Term shall automatically be extended for an additional period of half a year unless "
        "either party gives notice at least 60 days prior to the end of such period."
    )
    assert terms["renewal_term"].normalized == {"days": 182}
    assert_grounded(segments, terms)
    segments, terms = _terms(
        "15.1 Term. This Agreement shall commence on the Effective Date and shall remain in full "
        "force for ten (10) years after the First Commercial Sale, and shall thereafter "
        "automatically renew for an unlimited period of time unless otherwise terminated."
    )
    assert terms["renewal_term"].normalized == nz.PERPETUAL
    assert terms["term"].normalized == {"days": 3650}
    assert_grounded(segments, terms)


def test_engagement_letter_parties_include_the_agent_and_drop_the_salutation() -> None:
    assert _party_names(
        "AGENCY AGREEMENT\n\nLadies and Gentlemen:\n\nNorth Bancorp, a Maryland corporation "
        '(the "Company"), and North Savings Bank, a savings bank (the "Bank"), hereby confirm '
        'their agreement with Smith, Jones & Brown, Inc. (the "Agent") as follows:'
    ) == ["North Bancorp", "North Savings Bank", "Smith, Jones & Brown, Inc."]
    # a party "together with" another, and the agent the shares are sold through
    assert _party_names(
        "AGENCY AGREEMENT\n\nGentlemen: Rock Residential REIT, Inc., a Maryland corporation "
        '(the "Company"), together with Rock Holdings, L.P., a Delaware limited partnership '
        '(the "Operating Partnership"), and Rock Manager, LLC (the "Manager"), agrees that it '
        "may issue and sell through Harbor Research & Trading, LLC, acting as agent (the "
        '"Agent"), up to 400,000 shares of its stock under this Agreement.'
    ) == [
        "Rock Residential REIT, Inc.",
        "Rock Holdings, L.P.",
        "Rock Manager, LLC",
        "Harbor Research & Trading, LLC",
    ]


def test_parties_each_said_hereinafter_without_between() -> None:
    assert _party_names(
        'JSC Alpha Oil, hereinafter referred to as the "Company", in the person of its Director '
        "Mr. A. Roe, acting on the basis of the Charter, on the one side and JSC Beta Gas, "
        'hereinafter referred to as the "Principal", in the person of Mr. B. Doe and Mr. C. '
        "Poe, on the other side, have entered into this Contract and hereby agree as follows:"
    ) == ["JSC Alpha Oil", "JSC Beta Gas"]


def test_parties_of_a_whereas_preamble() -> None:
    assert _party_names(
        'ENDORSEMENT AGREEMENT\n\nWHEREAS, Acme Watch Group, Inc. (the "Company") and the '
        'Trustees of the Roe Family Trust (the "Trust") entered into a Split Dollar Agreement, '
        'dated as of May 5, 1995 (the "Split Dollar Agreement"); and'
    ) == ["Acme Watch Group, Inc.", "Trustees of the Roe Family Trust"]


def test_lower_case_name_vouched_for_by_its_description_and_honorifics() -> None:
    assert _party_names(
        "This Hosting Agreement is entered into by and between Centro Systems, a Florida "
        'corporation ("the Customer"), and i-on interactive, a Florida corporation ("i-on").'
    ) == ["Centro Systems", "i-on interactive"]
    # "its Affiliates" refers to the party before; it is no name of its own
    assert _party_names(
        "This Agreement is made by and between Delta Diagnostics, LLC and its Affiliates, a "
        'Delaware limited liability company ("Delta"), and Omega, Inc. and its Affiliates, a '
        'Delaware corporation ("Omega").'
    ) == ["Delta Diagnostics, LLC", "Omega, Inc."]
    assert _party_names(
        'This Agreement is made by and between Acme Industries Limited ("AIL") and Mr. John K. '
        'Roe ("Roe").'
    ) == ["Acme Industries Limited", "John K. Roe"]


def test_an_earlier_agreement_and_its_parties_end_the_preamble() -> None:
    assert _party_names(
        'This Amendment is entered into by and among Alpha AB ("Alpha") and Beta Co., Ltd. '
        '("Beta"), as an amendment to that certain Joint Venture Agreement dated March 7, 2016 '
        'by and among Gamma ASP, Inc. ("Gamma ASP") and Gamma AB ("Gamma").'
    ) == ["Alpha AB", "Beta Co., Ltd."]


def test_a_fund_a_party_acts_for_and_a_list_after_an_address() -> None:
    assert _party_names(
        "MAINTENANCE AGREEMENT, effective as of May 1, 2012, by and between Alpha Capital "
        'Management, Inc. (the "Adviser") and Alpha Funds Trust (the "Trust"), a Delaware '
        'statutory trust, on behalf of the Trust\'s Alpha Money Market Fund (the "Fund").'
    ) == ["Alpha Capital Management, Inc.", "Alpha Funds Trust", "Trust's Alpha Money Market Fund"]
    assert _party_names(
        'This Agreement is made by and among Aizu Chip Limited ("ACL"), a company with an '
        'address at 4 Kogyo Danchi, Fukushima, Japan, Fuji Chip Limited ("FCL"), a company '
        'incorporated in Japan, and Transit, Inc. ("TI").'
    ) == ["Aizu Chip Limited", "Fuji Chip Limited", "Transit, Inc."]
    # a description "to be formed by" two people names no party
    assert _party_names(
        'This Agreement is made between Turn Capital Inc. ("TC") and A Seminole Trading Company '
        "to be formed by Former Tribal Chairman James E. Roe and John Doe, hereinafter referred "
        'to as "STC".'
    ) == ["Turn Capital Inc.", "A Seminole Trading Company"]


def _party_pairs(text: str) -> list[tuple[str, str | None]]:
    segments, terms = _terms(text)
    assert_grounded(segments, terms)
    return [(p["name"], p["alias"]) for p in terms["parties"].normalized]


def test_a_form_party_left_blank_is_named_by_its_alias() -> None:
    assert _party_pairs(
        "This Supply Agreement is between Omega Labs Inc., a Texas corporation, having a "
        "place of business at 12 Elm Road, Austin TX 78701 And [*]  ('Reseller')  For good "
        "and valuable consideration, the parties hereby agree:"
    ) == [("Omega Labs Inc.", None), ("[*]", "Reseller")]
    # a blank whose description goes on with "and" keeps its alias
    assert _party_pairs(
        'This Agreement is made by and between Delta Tools AG ("Delta"), and ____________, a '
        "corporation organized and existing under the laws of ________, with offices at "
        '__________ ("Distributor").'
    ) == [("Delta Tools AG", "Delta"), ("____________", "Distributor")]
    # two blanks are two parties; a blank without an alias names none
    assert _party_pairs(
        'This Agreement is made by and between __________ (the "Owner"), and __________, who '
        'is an officer of Owner (the "Member").'
    ) == [("__________", "Owner"), ("__________", "Member")]
    assert _party_pairs(
        'This Agreement is made by and between Acme Inc. ("Acme") and ____________ .'
    ) == [("Acme Inc.", "Acme")]


def test_a_joint_venture_comprised_of_members_names_the_members() -> None:
    assert _party_names(
        'This Agency Agreement is made by and between Maple Stores, Inc. ("Merchant"), on the '
        "one hand, and (a) a contractual joint venture comprised of Orbit Retail, Inc. "
        '("Orbit") and Lumen Capital Group, LLC ("Lumen"), on the other hand.'
    ) == ["Maple Stores, Inc.", "Orbit Retail, Inc.", "Lumen Capital Group, LLC"]


def test_parties_listed_after_the_following_parties() -> None:
    assert _party_pairs(
        "This Endorsement Agreement is made as of May 2, 2001, by and among the following "
        'parties: (a) Jane Roe, Inc. ("JR Inc."), furnishing the services of Jane Roe ("JR"); '
        '(b) Pine Talent Co. ("Pine"); and (c) Vista Eyewear Group ("Vista").'
    ) == [
        ("Jane Roe, Inc.", "JR Inc."),
        ("Jane Roe", "JR"),
        ("Pine Talent Co.", "Pine"),
        ("Vista Eyewear Group", "Vista"),
    ]


def test_a_later_list_of_aliases_defined_earlier_does_not_replace_the_preamble() -> None:
    names = _party_names(
        "MAINTENANCE AGREEMENT\n\n"
        'This Agreement is made by and between Harbor Equity Partners, L.P. (the "Investor"), '
        "North Bank, N.A. and Keel Trust Ltd.\n\n"
        "1. Fees. The Investor shall bear the fees of the agreement made between Investor, on "
        'the one hand, and Gamma Advisors, LLC (the "Advisor"), on the other hand.\n'
    )
    assert names == ["Harbor Equity Partners, L.P.", "North Bank, N.A.", "Keel Trust Ltd."]


# -- parties and dates in forms the preamble rules did not cover ---------------------------------


def test_parties_from_a_cover_page_s_role_fields() -> None:
    text = (
        "LICENSE AGREEMENT\n"
        "Licensor: Acme Software, Inc.\n"
        "Licensee: Beta Manufacturing LLC, 500 Main Street, Chicago, Illinois\n"
        "Effective Date: January 1, 2020\n"
        "1. Grant. Licensor grants Licensee a license to use the Software.\n"
        "2. Term. This Agreement shall continue for three (3) years from the Effective Date.\n"
        "3. Notices. If to Licensor: Acme Software, Inc., Attn: Legal.\n"
    )
    segments, terms = _terms(text)
    assert_grounded(segments, terms)
    assert [(p["name"], p["alias"]) for p in terms["parties"].normalized] == [
        ("Acme Software, Inc.", "Licensor"),
        ("Beta Manufacturing LLC", "Licensee"),
    ]
    assert terms["effective_date"].normalized == "2020-01-01"
    assert terms["expiration_date"].normalized == "2023-01-01"


def test_an_order_form_s_start_date_and_term_fields_give_the_expiry() -> None:
    segments, terms = _terms(
        "SUBSCRIPTION ORDER FORM\n"
        "Customer: Omicron Health, Inc.\n"
        "Provider: Pi Cloud Services LLC\n"
        "Subscription Start Date: February 1, 2021\n"
        "Subscription Term: 36 months\n"
    )
    assert_grounded(segments, terms)
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Omicron Health, Inc.",
        "Pi Cloud Services LLC",
    ]
    assert terms["effective_date"].normalized == "2021-02-01"
    assert terms["expiration_date"].normalized == "2024-02-01"


def test_a_long_preamble_by_and_among_ten_parties() -> None:
    names = [
        "Alpha Holdings, Inc.", "Beta Capital Partners, L.P.", "Gamma Ventures LLC",
        "Delta Fund I, L.P.", "Delta Fund II, L.P.", "Epsilon Investors LLC", "Zeta Partners LP",
        "Eta Holdings Ltd.", "Theta Capital LLC", "Iota Management, Inc.",
    ]  # fmt: skip
    listed = ", ".join(f'{n}, a Delaware entity with offices at {k} Main Street ("P{k}")'
                       for k, n in enumerate(names[:-1]))  # fmt: skip
    text = (
        "STOCKHOLDERS AGREEMENT\n"
        'This Stockholders Agreement (this "Agreement") is entered into as of May 1, 2015, by '
        f'and among {listed} and {names[-1]} ("P9").\n'
    )
    assert _party_names(text) == names


def test_parties_listed_under_a_parties_heading() -> None:
    assert _party_names(
        "SERVICES AGREEMENT\n"
        "THIS AGREEMENT is dated 15 August 2016\n"
        "PARTIES\n"
        "(1) UPSILON SERVICES LIMITED incorporated and registered in England and Wales with "
        "company number 01234567 whose registered office is at 1 King Street, London "
        '("Supplier")\n'
        "(2) PHI RETAIL PLC incorporated and registered in England and Wales with company "
        'number 07654321 whose registered office is at 2 Queen Street, Leeds ("Customer")\n'
        "BACKGROUND\n"
        "(A) The Supplier provides services.\n"
    ) == ["UPSILON SERVICES LIMITED", "PHI RETAIL PLC"]


def test_parties_entered_into_on_a_date_by_and_an_address_after_of() -> None:
    assert _party_names(
        'This Collaboration Agreement (the "Agreement") is entered into on this 12th day of '
        "December, 2019 by Theta Therapeutics, Inc., a Delaware corporation having its "
        'principal office at 1 Main St, Boston, MA ("Theta"), and Iota University, a public '
        'university organized under the laws of the State of Ohio ("University").'
    ) == ["Theta Therapeutics, Inc.", "Iota University"]
    assert _party_names(
        "This Consulting Agreement is made on 2 February 2019 between Kappa Consulting Pty Ltd "
        '(ACN 123 456 789) of 10 George Street, Sydney ("Consultant") and Lambda Mining '
        'Limited of 20 Hay Street, Perth ("Client").'
    ) == ["Kappa Consulting Pty Ltd", "Lambda Mining Limited"]


def test_parties_named_before_their_aliases_without_between() -> None:
    assert _party_pairs(
        "CONSULTING AGREEMENT\n"
        "July 20, 2018\n"
        "Dear Jane:\n"
        'Orbit Labs, Inc, a Delaware corporation (the "Company"), is pleased to offer this '
        'Consulting Agreement (this "Agreement") to retain Jane Roe ("Consultant") to perform '
        "consulting activities on the following terms:\n"
        "1. Services. Consultant agrees to act as a consultant to Company.\n"
    ) == [("Orbit Labs, Inc", "Company"), ("Jane Roe", "Consultant")]


def test_parties_named_before_an_address_and_their_aliases_without_between() -> None:
    """A description with an address may stand between a name and its alias; "a Nevada
    corporation" is that description, not a name; a defined date or period is no alias."""
    assert _party_pairs(
        "RESELLER AGREEMENT\n"
        'THIS AGREEMENT (the "AGREEMENT") entered into as of the 19 day of March, 2004 (the '
        '"Agreement Date") provides the terms under which MediaNet Group Technologies, Inc., a '
        "Nevada corporation having an address at 5100 W. Copans Road Suite 710 Margate, FL 33063 "
        'USA ("MEDIANET"), authorizes International Direct Response, Inc., a Pennsylvania '
        "Corporation, having an address at 1125 Lancaster Avenue, Berwyn, PA 19312 "
        '("RESELLER") to resell its products.\n'
    ) == [
        ("MediaNet Group Technologies, Inc.", "MEDIANET"),
        ("International Direct Response, Inc.", "RESELLER"),
    ]


def test_a_title_before_the_first_name_and_post_nominal_letters() -> None:
    """A capitalised title a few spaces before the first name is not part of it; a person's
    post-nominal letters are ("Michael T. Murray, N.D.")."""
    assert _party_pairs(
        "Exhibit 4\n"
        "INTELLECTUAL PROPERTY RIGHTS AGREEMENT   Synchron, a California corporation having a "
        "principal place of business at 3550 General Atomics Court, San Diego, CA 92121 (or one "
        'or more Affiliates, the "Investor"), and Rare Element Resources Ltd., a British Columbia '
        "corporation having a principal place of business at P.O. Box 271049, Littleton, "
        'Colorado 80127 (the "Company") (Investor and Company each a "Party"), agree as follows:\n'
        "1. Investor wishes to acquire certain rights.\n"
    ) == [("Synchron", "Investor"), ("Rare Element Resources Ltd.", "Company")]
    assert _party_pairs(
        "CONSULTING AGREEMENT\nThis Agreement is made between Emerald Health Sciences Inc. "
        '("EHS") and Michael T. Murray, N.D. ("Dr. Murray").\n'
    ) == [("Emerald Health Sciences Inc.", "EHS"), ("Michael T. Murray, N.D.", "Dr. Murray")]
    assert _party_pairs(
        'CONSULTING AGREEMENT\nThis Agreement is made between Acme Inc. ("Acme") and Jane Roe, '
        'M.D., Ph.D., an individual ("Consultant").\n'
    ) == [("Acme Inc.", "Acme"), ("Jane Roe, M.D., Ph.D.", "Consultant")]


def test_companies_that_hereby_agree_are_the_parties() -> None:
    assert _party_names(
        "JOINT DEVELOPMENT AGREEMENT\n"
        "Sigma Semiconductor Corp. and Tau Optics GmbH hereby agree as follows, effective as "
        "of July 7, 2009:\n"
        "1. The parties shall cooperate.\n"
    ) == ["Sigma Semiconductor Corp.", "Tau Optics GmbH"]
    # brackets on the way: an unquoted acronym, an alias, a note on the parties together
    assert _party_pairs(
        "AGENCY AGREEMENT\n"
        "Mutual Insurance Corporation of America, a Michigan insurance corporation (MICOA) and "
        'Stratton, Cheeseman & Walsh-Nevada, Inc., a Nevada corporation, ("Agency"), (sometimes '
        "commonly referred to as the Parties) agree as follows:\n"
        "A. AUTHORITY OF AGENCY\n"
    ) == [
        ("Mutual Insurance Corporation of America", None),
        ("Stratton, Cheeseman & Walsh-Nevada, Inc.", "Agency"),
    ]


def test_a_letter_agreement_s_addressee_and_signatory_are_the_parties() -> None:
    letter = (
        "ACME PHARMA, INC.\n100 Science Park\nCambridge, MA 02139\n\nMarch 15, 2016\n\n"
        "Mr. John Smith\nChief Executive Officer\nBeta Biotech Corporation\n45 River Road\n"
        "Boston, MA 02110\n\nDear Mr. Smith:\n\n"
        'This letter agreement (this "Letter Agreement") sets forth the terms on which Acme '
        "Pharma, Inc. will provide services to Beta Biotech Corporation.\n\n"
        "1. Term. This Letter Agreement will remain in effect for one year.\n\n"
        "Very truly yours,\nACME PHARMA, INC.\nBy: /s/ Jane Roe\nName: Jane Roe\n\n"
        "Accepted and agreed:\nBETA BIOTECH CORPORATION\nBy: /s/ John Smith\n"
    )
    segments, terms = _terms(letter)
    assert_grounded(segments, terms)
    assert [p["name"] for p in terms["parties"].normalized] == [
        "Beta Biotech Corporation",
        "ACME PHARMA, INC.",
    ]
    assert terms["agreement_date"].normalized == "2016-03-15"
    assert terms["expiration_date"].normalized == "2017-03-15"
    # signed by no company under the closing: the letterhead is the sender
    unsigned = letter.replace("Very truly yours,\nACME PHARMA, INC.\n", "Sincerely,\n")
    assert _party_names(unsigned) == ["ACME PHARMA, INC.", "Beta Biotech Corporation"]


def test_a_term_that_begins_and_ends_on_dates_and_one_valid_for_years() -> None:
    segments, terms = _terms(
        "MARKETING AGREEMENT\n"
        'This Marketing Agreement is entered into on December 1, 2002 between Iota Inc. ("Iota") '
        'and Kappa Corp. ("Kappa").\n'
        "TERM OF AGREEMENT\n"
        "This Agreement shall begin on January 1, 2003 and end on December 31, 2005.\n"
    )
    assert_grounded(segments, terms)
    assert terms["effective_date"].normalized == "2003-01-01"
    assert terms["expiration_date"].normalized == "2005-12-31"
    # "shall begin on the date hereof and shall expire December 31, 2023": no start date
    segments, terms = _terms(
        'This Supply Agreement is dated February 28, 2019 between Acme LLC ("Acme") and Beta '
        'LLC ("Beta").\n'
        '3. Term. The "Term" shall begin on the date hereof and shall expire December 31, 2023.\n'
    )
    assert terms["effective_date"].normalized == "2019-02-28"
    assert terms["expiration_date"].normalized == "2023-12-31"
    segments, terms = _terms(
        "This Cooperation Agreement is signed on 8 November 2017 between Acme Co., Ltd. "
        '("Party A") and Beta Co., Ltd. ("Party B").\n'
        "Article 9 This Agreement is valid for two years from the date of signing.\n"
    )
    assert_grounded(segments, terms)
    assert terms["expiration_date"].normalized == "2019-11-08"


def _parties(text: str) -> list[dict[str, str | None]] | None:
    segments, terms = _terms(text)
    assert_grounded(segments, terms)
    got = terms.get("parties")
    return got.normalized if got else None


def test_a_name_with_several_brackets_runs_to_its_company_form() -> None:
    assert _parties(
        'This Reseller Agreement is made by and between KESTREL SYSTEMS APPLICATIONS (AFRICA) (PTY) LIMITED ("KESTREL AFRICA") and Nimbus Data Corp., a Delaware corporation ("Reseller").'
    ) == [
        {"name": "KESTREL SYSTEMS APPLICATIONS (AFRICA) (PTY) LIMITED", "alias": "KESTREL AFRICA"},
        {"name": "Nimbus Data Corp.", "alias": "Reseller", "role": "reseller"},
    ]
    assert _parties(
        'This Supply Agreement is made between Foo Trading (Shanghai) Co., Ltd., a company organized under the laws of China ("Supplier") and Kestrel Logistics (Hong Kong) (Holdings) Limited ("Carrier").'
    ) == [
        {"name": "Foo Trading (Shanghai) Co., Ltd.", "alias": "Supplier", "role": "supplier"},
        {"name": "Kestrel Logistics (Hong Kong) (Holdings) Limited", "alias": "Carrier"},
    ]
    assert _parties(
        'This Agreement is made between Bar Holdings (Pty) Ltd, a South African company ("Buyer") and Zephyr Networks, Inc. ("Seller").'
    ) == [
        {"name": "Bar Holdings (Pty) Ltd", "alias": "Buyer", "role": "buyer"},
        {"name": "Zephyr Networks, Inc.", "alias": "Seller", "role": "seller"},
    ]


def test_a_name_in_capitals_ends_before_its_address() -> None:
    assert _parties(
        'THIS DISTRIBUTION AGREEMENT is made between ACME MEDIA INTERNATIONAL LANDDROSTLAAN 23, 1234 AB AMSTERDAM, THE NETHERLANDS ("AMI") and Zephyr Networks, Inc., a Nevada corporation ("Distributor").'
    ) == [
        {"name": "ACME MEDIA INTERNATIONAL", "alias": "AMI"},
        {"name": "Zephyr Networks, Inc.", "alias": "Distributor", "role": "distributor"},
    ]
    assert _parties(
        'THIS AGREEMENT is made between ORBIT SOFTWARE GROUP 5 KING ROAD, LONDON ("Orbit") and NORDWIND MEDIA HAUPTSTRASSE 12, 10115 BERLIN, GERMANY ("Nordwind").'
    ) == [
        {"name": "ORBIT SOFTWARE GROUP", "alias": "Orbit"},
        {"name": "NORDWIND MEDIA", "alias": "Nordwind"},
    ]
    assert _parties(
        'THIS AGREEMENT is made between Lambda Mining Limited of 20 Hay Street, Perth ("Lambda") and Zephyr Networks, Inc., with offices at 5 Elm Road, Austin, Texas ("Zephyr").'
    ) == [
        {"name": "Lambda Mining Limited", "alias": "Lambda"},
        {"name": "Zephyr Networks, Inc.", "alias": "Zephyr"},
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('("i9 CW" or "Reseller")', '("ZNTX", "Company") (each a "party")'),
        ('("i9 CW", "Reseller")', '(the "ZNTX" or "Company")'),
        ('(the "i9 CW" or "Reseller")', '(hereinafter "ZNTX" or the "Company")'),
        ("('i9 CW' or 'Reseller')", "('ZNTX', 'Company')"),
        ('("i9 CW," "we," or "us")', '("ZNTX" or "Company"; i9 CW and ZNTX each a "Party")'),
    ],
)
def test_several_aliases_in_one_bracket_and_the_party_after_them(first: str, second: str) -> None:
    assert _parties(
        f"This Reseller Agreement is entered into between i9 Creative Widgets, LLC {first} and Zentrix Solutions, Inc. {second}."
    ) == [
        {"name": "i9 Creative Widgets, LLC", "alias": "i9 CW"},
        {"name": "Zentrix Solutions, Inc.", "alias": "ZNTX"},
    ]


def test_capitals_of_a_clause_name_no_party() -> None:
    # a clause in capitals "between" roles and words of a sentence: no answer, not a garbage one
    assert (
        _parties(
            "SECURITIES PURCHASE AGREEMENT\n1. ESCROW.\n1.1 ALL AMOUNTS PAID BETWEEN COMPANY WILL HOLD INVESTOR AND AGENTS SHALL BE HELD IN ESCROW."
        )
        is None
    )
    assert (
        _parties(
            "SECURITIES PURCHASE AGREEMENT\n1.1 ANY AMOUNTS OWED BETWEEN INVESTOR BY THE COMPANY AND AGENTS SHALL BE PAID IN CASH."
        )
        is None
    )
    # ... while the preamble's parties, in capitals too, stay
    assert _parties(
        'THIS AGREEMENT IS MADE BETWEEN ACME WIDGETS, INC. ("COMPANY") AND JANE ROE ("INVESTOR").\n1. SHARES.\n1.1 ANY SHARES HELD BETWEEN INVESTOR BY THE COMPANY AND OR AGENTS SHALL BE HELD IN TRUST.'
    ) == [
        {"name": "ACME WIDGETS, INC.", "alias": "COMPANY"},
        {"name": "JANE ROE", "alias": "INVESTOR", "role": "investor"},
    ]


def test_a_contract_that_ends_on_an_event_has_no_fixed_expiry() -> None:
    """No term and no end date, but the contract ends on an event: CUAD's "perpetual", cited
    from the clause and shown as "No fixed date"; an ending on a date or after a notice period
    is not such an event, but an ending on notice is ("upon 90 days' notice")."""
    from contractreview.analysis.results import term_display

    text = (
        "LICENSE AGREEMENT\n"
        "1. Nimbus Capital LLC grants Orion Advisers Inc. a license to use the Nimbus name.\n"
        "2. This Agreement shall expire if Orion Advisers Inc. ceases to serve as investment "
        "adviser to the Fund.\n"
    )
    segments, terms = _terms(text)
    end = terms["expiration_date"]
    assert end.normalized == "perpetual"
    assert end.value.startswith("shall expire if Orion Advisers Inc. ceases to serve")
    assert end.confidence < 0.5  # a fallback: a lawyer should check it
    assert term_display(end).startswith("No fixed date: \u201cshall expire if")
    assert_grounded(segments, terms)

    text = "IP AGREEMENT\n3. The license rights of this Agreement shall not be terminable for any reason.\n"
    segments, terms = _terms(text)
    assert terms["expiration_date"].value == "shall not be terminable for any reason"
    assert_grounded(segments, terms)

    text = "SERVICES AGREEMENT\n1. This Agreement shall terminate upon ninety (90) days' written notice by either party.\n"
    segments, terms = _terms(text)
    assert terms["expiration_date"].normalized == "perpetual"
    assert terms["expiration_date"].value.startswith("shall terminate upon ninety (90) days'")
    assert_grounded(segments, terms)

    for ending in (
        "This Agreement shall terminate one (1) year after the closing of the Offering.",
        "This Agreement shall terminate on June 30, 2020 unless renewed.",
    ):
        _, terms = _terms(f"SERVICES AGREEMENT\n1. {ending}\n")
        assert (
            terms.get("expiration_date") is None
            or terms["expiration_date"].normalized != "perpetual"
        )


@pytest.mark.parametrize(
    ("clause", "cited"),
    [
        (
            "This Agreement shall terminate (a) at the option of any party, upon 90 days' advance "
            "written notice to the other parties; or (b) upon a material breach.",
            "shall terminate (a) at the option of any party, upon 90 days' advance written notice "
            "to the other parties",
        ),
        (
            "Unless earlier terminated as provided below, this IP Agreement shall extend until the "
            "last date of expiration of the Licensed Patents.",
            "shall extend until the last date of expiration of the Licensed Patents",
        ),
        (
            "This Agreement shall become effective as of the day and year first above written and "
            "shall govern the relations between the parties hereto thereafter, unless terminated "
            "as set forth in this Section 6.",
            "shall govern the relations between the parties hereto thereafter, unless terminated "
            "as set forth in this Section 6",
        ),
        (
            "The term of cooperation under this Agreement shall commence from the execution date "
            "hereof and end on the expiration date of the operation term of Party B.",
            "end on the expiration date of the operation term of Party B",
        ),
    ],
)
def test_event_endings_in_other_words(clause: str, cited: str) -> None:
    segments, terms = _terms(f"COOPERATION AGREEMENT\n1. {clause}\n")
    end = terms["expiration_date"]
    assert (end.normalized, end.value) == ("perpetual", cited)
    assert_grounded(segments, terms)


@pytest.mark.parametrize(
    "clause",
    [
        # another subject's verb: the indemnity survives, the contract has no term stated here
        "The indemnity in this Agreement will not be limited by any other indemnity obtained by "
        "the Sponsor under this Agreement and will continue in full force and effect until all "
        "liability of the Sponsor has been extinguished.",
        # the end of the contract's own term or a date it defines: not an event
        "This Agreement shall continue until the end of Year 3.",
        'This Agreement shall expire on the Expiration Date set forth above (the "Initial Term").',
    ],
)
def test_what_is_not_an_event_ending(clause: str) -> None:
    _, terms = _terms(f"SPONSORSHIP AGREEMENT\n1. {clause}\n")
    end = terms.get("expiration_date")
    assert end is None or end.normalized != "perpetual"


@pytest.mark.parametrize(
    "clause",
    [
        '1.1 "Term" means the period commencing on the Effective Date and continuing thereafter '
        "indefinitely until this Agreement is terminated pursuant to Section 10.",
        "2. The licence granted hereunder shall become effective upon execution of this "
        "AGREEMENT by both parties and shall endure indefinitely unless terminated under clause 6.",
    ],
)
def test_a_defined_term_or_an_enduring_licence_without_end_is_perpetual(clause: str) -> None:
    """A capitalised "Term" definition is the term clause (not some other defined word), and a
    licence that "shall endure" is a statement of the term."""
    segments, terms = _terms(f"HOSTING AGREEMENT\n\n{clause}\n")
    assert terms["term"].normalized == "perpetual"
    assert terms["expiration_date"].normalized == "perpetual"
    assert_grounded(segments, terms)


@pytest.mark.parametrize(
    ("clause", "cited"),
    [
        (
            "This Agreement shall commence on the Effective Date and shall continue in effect "
            "until the expiration of the Royalty Term applicable to such Product.",
            "until the expiration of the Royalty Term applicable to such Product",
        ),
        (
            "The term of this Agreement shall begin on the date hereof and shall continue unless "
            "and until either party gives thirty (30) days' written notice of termination.",
            "unless and until either party gives thirty (30) days' written notice of termination",
        ),
        (
            "This Agreement shall remain in effect until terminated by either party.",
            "until terminated",  # a phrase that says it all is cited alone
        ),
    ],
)
def test_an_open_perpetual_phrase_is_cited_with_the_rest_of_its_clause(
    clause: str, cited: str
) -> None:
    """A term shown as "until the expiration of" tells a lawyer nothing; its clause does."""
    segments, terms = _terms(f"LICENSE AGREEMENT\n1. Term. {clause}\n")
    assert (terms["term"].normalized, terms["term"].value) == ("perpetual", cited)
    assert terms["expiration_date"].value == cited
    assert_grounded(segments, terms)


@pytest.mark.parametrize(
    ("clause", "days", "renewal_notice"),
    [
        (
            "Supplier may terminate this Agreement for convenience at any time by giving "
            "Customer not less than ten (10) days' written notice.",
            10,
            10,  # CUAD's notice period is the notice to end the contract when none other is set
        ),
        (
            "Customer may terminate this Agreement without cause on sixty (60) days' written "
            "notice. This Agreement renews for successive one-year terms unless either party "
            "gives notice of non-renewal at least ninety (90) days before the end of the term.",
            60,
            90,
        ),
        (
            "Either party may terminate this Agreement at any time upon ninety (90) days' prior "
            "written notice to the other party.",
            90,
            90,
        ),
    ],
)
def test_notice_to_terminate_for_convenience(
    clause: str, days: int, renewal_notice: int | None
) -> None:
    """The notice to end the contract at will is a term of its own; where a renewal notice is
    also set, that is the notice period."""
    segments, terms = _terms(f"SERVICES AGREEMENT\n1. {clause}\n")
    assert terms["termination_notice"].normalized == {"days": days}
    got = terms.get("notice_period")
    assert (got.normalized["days"] if got else None) == renewal_notice
    assert_grounded(segments, terms)


def test_a_notice_to_terminate_for_breach_is_not_for_convenience() -> None:
    _, terms = _terms(
        "SERVICES AGREEMENT\n1. Either party may terminate this Agreement at any time upon "
        "thirty (30) days' written notice if the other party materially breaches it.\n"
    )
    assert "termination_notice" not in terms
