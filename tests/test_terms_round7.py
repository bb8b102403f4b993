"""Key-term rules of issue 19's round 7 (docs/terms_rounds.md), each on a small contract written
as a DOCX the test builds: another document's date, a "Date:" field, the term commencing on a
date, a dotted day-first date, signature dates side by side, an event that ends the contract
named before the verb, "such" period, and another contract's parties."""
# ruff: noqa: E501  (the contracts below keep their real, long lines)

from __future__ import annotations

from pathlib import Path

from contractreview.analysis.results import Term
from contractreview.analysis.segmenter import segment_document
from contractreview.analysis.terms.extractor import extract_terms
from contractreview.analysis.terms.grounding import term_is_grounded
from contractreview.docx.reader import read_docx
from contractreview.text import normalize as nz
from tests.docx_builder import build_docx, p


def _terms(tmp_path: Path, *paragraphs: str) -> dict[str, Term]:
    """The key terms of a DOCX holding ``paragraphs``, each checked against its citation."""
    path = build_docx(tmp_path / "contract.docx", [p(text) for text in paragraphs])
    segments = segment_document(read_docx(str(path)))
    terms = {t.name: t for t in extract_terms(segments)}
    texts = {s.id: s.text for s in segments}
    for t in terms.values():
        assert term_is_grounded(t, texts), t
    return terms


def test_a_letter_of_intents_date_is_not_the_contracts(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "AFFILIATE AGREEMENT DATED JULY 15, 2005",
        "WHEREAS, LKPL and Axiometric entered into a Letter of Intent dated May 3, 2005, and now desire to further describe their relationship.",
        "1. The Affiliate shall market the products.",
    )
    assert terms["agreement_date"].normalized == "2005-07-15"


def test_a_recital_naming_another_agreement_far_before_dated(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        'MAINTENANCE AGREEMENT (this "Agreement"), dated as of July 23, 2003, made by Universal Access, Inc. ("Provider") for the benefit of UAGH, Inc. (the "Company").',
        'WHEREAS, the Provider and the Company entered into that certain Stock Purchase Agreement (the "Purchase Agreement") by and between the Provider and the Company dated as of April 7, 2003;',
    )
    assert terms["agreement_date"].normalized == "2003-07-23"


def test_another_agreements_date_is_no_signature_date(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "STRATEGIC ALLIANCE AGREEMENT",
        "1. Scope. The Parties shall seek attractive Projects.",
        "7.6 Entire Agreement. This Agreement, together with that certain Non-Circumvention and Confidentiality Agreement, dated December 16, 2011, between Lightbridge and Lloyd's Register, is the entire agreement of the Parties.",
    )
    # near the top it stays a date without cue, under the "check" mark; never a signature's
    assert terms["agreement_date"].check


def test_this_before_an_object_does_not_date_the_contract(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "SPONSORSHIP AGREEMENT",
        "SDBF shall install this sign on or before March 28, 2008.",
        "By: /s/ James M. Ballweg Its: Vice President Date: 3/21/08",
    )
    assert terms["agreement_date"].normalized == "2008-03-21"


def test_a_date_field_at_the_top_dates_the_document(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "TECHNICAL INFRASTRUCTURE MAINTENANCE AGREEMENT",
        "Date: March 1, 1998",
        "Termination Date: March 1, 1999",
        "1. Services. MMMW shall maintain the Customer's infrastructure.",
        "By: /s/ Jane Roe Date: March 4, 1998",
    )
    assert terms["agreement_date"].normalized == "1998-03-01"


def test_a_row_of_signatories_dates_is_no_document_date(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "DISTRIBUTOR AGREEMENT",
        'This Distributor Agreement ("Agreement") is between ScanSource, Inc. ("Distributor") and Cisco Systems, Inc. ("Cisco").',
        "Date: 1/19/07 Date: January 22, 2007",
    )
    assert terms["agreement_date"].normalized == "2007-01-22"


def test_signature_dates_side_by_side_the_later_dates_the_contract(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "SUPPLY AGREEMENT",
        "1. Supply. Supplier shall supply the Product.",
        "S/ Saleh Al-Rasheed   S/ Thomas K. Equels   CEO & Owner   President and CEO   Date:   Date:   3-29-2016   3-31-16",
    )
    assert terms["agreement_date"].normalized == "2016-03-31"


def test_the_term_commencing_on_a_date_is_the_effective_date(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        'This Endorsement Agreement ("Agreement") is made and entered into as of August 24, 1995, by and among Ambassador Eyewear, Inc. ("Ambassador") and Jane Roe ("Roe").',
        "(c) Term. The term of the license hereby granted shall commence August 1, 1995 and continue until January 30, 2000, unless sooner terminated.",
    )
    assert terms["agreement_date"].normalized == "1995-08-24"
    assert terms["effective_date"].normalized == "1995-08-01"
    assert terms["expiration_date"].normalized == "2000-01-30"


def test_such_date_named_the_effective_date(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        'THIS DEVELOPMENT AGREEMENT (this "Agreement") is entered into as of June 12, 2019 (the "Execution Date") by and between Eton Pharmaceuticals, Inc. ("Eton") and Beta LLC ("Beta").',
        '2. Effectiveness. This Agreement takes effect upon acceptance for review of the Dossier by the FDA no later than September 2, 2019 (such date, the "Effective Date").',
    )
    assert terms["effective_date"].normalized == "2019-09-02"


def test_a_dotted_numeric_date_is_day_first() -> None:
    assert [d.value.isoformat() for d in nz.find_dates("effective as of the 1.4.2011")] == [
        "2011-04-01"
    ]
    assert [d.value.isoformat() for d in nz.find_dates("dated 6/1/2020")] == ["2020-06-01"]


def test_a_date_filled_in_after_a_blank_line(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        'This ENDORSEMENT AGREEMENT (the "Agreement") is made this 1st day of ------ November, 2003 by and between Bruce Jenner ("CELEBRITY") and The Right Solution, a Nevada Corporation ("COMPANY").',
    )
    assert terms["agreement_date"].normalized == "2003-11-01"


def test_contract_start_and_end_fields(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "CONTENT LICENSE AGREEMENT",
        "2.1 Contract start: 04-01-06",
        "2.2 Contract end: 04-01-08",
    )
    assert terms["effective_date"].normalized == "2006-04-01"
    assert terms["expiration_date"].normalized == "2008-04-01"


def test_such_period_is_no_term_and_the_event_ends_the_contract(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "MARKETING AGREEMENT",
        "4. Duration and Termination. The term of this Agreement shall commence on the Effective Date and shall end on the 60th day following a written notice from one party to the other of its decision to terminate this Agreement at the end of such 60-day period.",
    )
    assert "term" not in terms
    assert terms["expiration_date"].normalized == nz.PERPETUAL
    assert terms["expiration_date"].check


def test_an_event_named_before_the_verb_ends_the_contract(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "COOPERATION AGREEMENT",
        "(m) Termination. Unless earlier terminated as provided in this Agreement, upon the expiration of the Support Period in accordance with Section 4, this Agreement shall immediately and automatically terminate in its entirety.",
    )
    assert terms["expiration_date"].normalized == nz.PERPETUAL
    assert terms["expiration_date"].value.startswith("upon the expiration of the Support Period")


def test_the_end_of_the_own_term_is_no_event(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "SERVICES AGREEMENT",
        "Upon the expiration of the Initial Term, this Agreement shall terminate unless renewed in writing.",
    )
    assert "expiration_date" not in terms


def test_another_contracts_parties_are_marked_check(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "SPONSORSHIP AGREEMENT",
        "In no event shall the Term extend beyond the term of the Joint Use and Management Agreement by and between the City of San Diego and Padres, L.P. dated as of February 1, 2000.",
    )
    parties = terms["parties"]
    assert parties.check  # the only list found, but not this contract's: shown as uncertain
    assert parties.confidence < 0.6


def test_this_contracts_preamble_outranks_another_contracts_parties(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        'This Sponsorship Agreement (the "Agreement") is made by and between San Diego Ballpark Funding LLC ("SDBF") and Rubio\'s Restaurants, Inc. ("Sponsor").',
        "In no event shall the Term extend beyond the term of the Joint Use and Management Agreement by and between the City of San Diego and Padres, L.P. dated as of February 1, 2000.",
    )
    names = [p["name"] for p in terms["parties"].normalized]
    assert names == ["San Diego Ballpark Funding LLC", "Rubio's Restaurants, Inc."]
    assert not terms["parties"].check


def test_where_a_party_was_formed_is_not_the_governing_law(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "OUTSOURCING AGREEMENT",
        "3. BNL represents that it is and will remain a duly organized and validly existing corporation and insurance company under the laws of the State of Arkansas and holds all permits and other governmental authorizations.",
        "16. G. CHOICE OF LAW. This Agreement and performance hereunder shall be governed by the laws of the State of Oklahoma without regard to conflict of laws.",
    )
    assert terms["governing_law"].normalized == "Oklahoma"


def test_governmental_is_not_govern(tmp_path: Path) -> None:
    terms = _terms(
        tmp_path,
        "AGENCY AGREEMENT",
        "12. Counsel shall opine as to the laws of Canada and shall obtain all governmental consents.",
        "20. Governing Law This Agreement shall be governed by and construed in accordance with the laws of the Province of Ontario and the federal laws of Canada applicable in the Province of Ontario.",
    )
    assert terms["governing_law"].normalized == "Ontario"
