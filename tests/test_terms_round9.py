"""Key-term rules of issue 19's round 9 (docs/terms_rounds.md): parties read from the signature
blocks and reconciled with the preamble's list, each on a small contract written as a DOCX the
test builds."""
# ruff: noqa: E501  (the contracts below keep their real, long lines)

from __future__ import annotations

from pathlib import Path

from contractreview.analysis.results import Term
from contractreview.analysis.segmenter import segment_document
from contractreview.analysis.terms.candidates import Context
from contractreview.analysis.terms.extractor import extract_terms
from contractreview.analysis.terms.grounding import term_is_grounded
from contractreview.analysis.terms.parties.signature_blocks import signature_names
from contractreview.docx.reader import read_docx
from tests.docx_builder import build_docx, p, tbl, tc


def _read(tmp_path: Path, body: list[str]) -> tuple[list[str], dict[str, Term]]:
    """The names over the signature blocks of a DOCX with ``body``, and its key terms, each
    term checked against its citation."""
    path = build_docx(tmp_path / "contract.docx", body)
    segments = segment_document(read_docx(str(path)))
    names = [n.name for n in signature_names(Context(segments, None, None, {}))]
    terms = {t.name: t for t in extract_terms(segments)}
    texts = {s.id: s.text for s in segments}
    for t in terms.values():
        assert term_is_grounded(t, texts), t
    return names, terms


def _signature_table(left: str, right: str) -> str:
    """Two signature blocks side by side, as Word templates lay them out."""
    return tbl(
        [tc(p(left)), tc(p(right))],
        [tc(p("By: ______________________")), tc(p("By: ______________________"))],
        [tc(p("Name: Jane Roe")), tc(p("Name: John Doe"))],
        [tc(p("Title: Chief Executive Officer")), tc(p("Title: Director"))],
    )


def _names(term: Term) -> list[str]:
    return [party["name"] for party in term.normalized]


def test_parties_from_the_signature_blocks_when_the_preamble_names_none(tmp_path: Path) -> None:
    names, terms = _read(
        tmp_path,
        [
            p("SUPPLY AGREEMENT"),
            p("1. Supply. The Supplier shall supply the Products ordered by the Customer."),
            p("2. Payment. The Customer shall pay each invoice within thirty (30) days."),
            p(
                "IN WITNESS WHEREOF, the parties have executed this Agreement as of the date last signed below."
            ),
            _signature_table("NORTHWIND SUPPLY LIMITED", "Contoso Retail GmbH"),
        ],
    )
    assert names == ["NORTHWIND SUPPLY LIMITED", "Contoso Retail GmbH"]
    parties = terms["parties"]
    assert _names(parties) == ["NORTHWIND SUPPLY LIMITED", "Contoso Retail GmbH"]
    assert parties.check  # read from the signature blocks alone: marked "check"


def test_the_officer_or_general_partner_after_by_is_no_party(tmp_path: Path) -> None:
    names, _ = _read(
        tmp_path,
        [
            p("SERVICES AGREEMENT"),
            p("1. Services. The Provider shall provide the Services."),
            p(
                "IN WITNESS WHEREOF, the parties hereto have caused this Agreement to be executed by their duly authorized officers."
            ),
            p("ALPHA HOLDINGS, INC."),
            p("By: /s/ Jane Roe Name: Jane Roe Title: President"),
            p("BETA FUND II, L.P."),
            p("By: Beta Advisors GP LLC, its general partner"),
            p("By: /s/ John Doe Name: John Doe Title: Managing Member"),
            p("Source: ALPHA HOLDINGS, INC., 10-K, 3/1/2020"),
        ],
    )
    assert names == ["ALPHA HOLDINGS, INC.", "BETA FUND II, L.P."]


def test_a_one_party_preamble_is_completed_by_the_other_signatory(tmp_path: Path) -> None:
    _, terms = _read(
        tmp_path,
        [
            p("SPONSORSHIP AGREEMENT"),
            p(
                'This Sponsorship Agreement is made as of May 1, 2012 by Peek Investments LLC ("Purchaser") for the benefit of the sponsors named below.'
            ),
            p("1. Sponsorship. Each sponsor shall fund its share of the purchase price."),
            p(
                "IN WITNESS WHEREOF, the parties have executed this Agreement as of the date first written above."
            ),
            p("PEEK INVESTMENTS LLC"),
            p("By: /s/ Jane Roe"),
            p("PLATINUM VALUE FUND L.P."),
            p("By: /s/ John Doe"),
        ],
    )
    parties = terms["parties"].normalized
    assert parties == [
        {"name": "Peek Investments LLC", "alias": "Purchaser", "role": "purchaser"},
        {"name": "PLATINUM VALUE FUND L.P.", "alias": None},
    ]
    assert not terms["parties"].check  # both lists agree on the one party they share


def test_the_signatories_outweigh_another_contracts_parties(tmp_path: Path) -> None:
    _, terms = _read(
        tmp_path,
        [
            p("MAINTENANCE AGREEMENT"),
            p(
                "This Maintenance Agreement provides for continued service under the Master Agreement between Netzee and Bankers Bank."
            ),
            p("1. Maintenance. Netzee shall maintain the System for one (1) year."),
            p(
                "IN WITNESS WHEREOF, the undersigned duly authorized representatives of the parties hereto have made and entered into this Agreement."
            ),
            p("NETZEE, INC.                 THE BANKERS BANK, a Georgia banking corporation"),
            p("By:      /s/ Richard Roe            By:       /s/ Kevin Doe"),
        ],
    )
    assert _names(terms["parties"]) == ["NETZEE, INC.", "BANKERS BANK"]


def test_a_preamble_whose_parties_sign_keeps_its_aliases_and_roles(tmp_path: Path) -> None:
    _, terms = _read(
        tmp_path,
        [
            p("MASTER SERVICES AGREEMENT"),
            p(
                'This Master Services Agreement is made on 3 March 2021 between Northwind Systems Ltd ("Supplier") and Contoso Retail GmbH ("Customer").'
            ),
            p("1. Services. The Supplier shall provide the Services."),
            p("IN WITNESS WHEREOF, the parties have executed this Agreement."),
            _signature_table("NORTHWIND SYSTEMS LTD", "CONTOSO RETAIL GMBH"),
        ],
    )
    parties = terms["parties"]
    assert parties.normalized == [
        {"name": "Northwind Systems Ltd", "alias": "Supplier", "role": "supplier"},
        {"name": "Contoso Retail GmbH", "alias": "Customer", "role": "customer"},
    ]
    assert not parties.check


def test_sentences_and_roles_over_the_blocks_are_not_names(tmp_path: Path) -> None:
    names, _ = _read(
        tmp_path,
        [
            p("GUARANTEE"),
            p("1. Guarantee. The Guarantor guarantees the Franchisee's obligations."),
            p("IN WITNESS WHEREOF, the parties have executed this Agreement."),
            p(
                "In order to induce Goosehead Agency, LLC to enter into the Franchise Agreement, the undersigned guarantee it."
            ),
            p("FRANCHISOR: GOOSEHEAD AGENCY, LLC"),
            p("By: /s/ Jane Roe"),
            p("STAAR SURGICAL AG DISTRIBUTOR"),
            p("A Nevada Corporation"),
        ],
    )
    assert names == ["GOOSEHEAD AGENCY, LLC", "STAAR SURGICAL AG"]


def test_parties_from_the_notices_clause_where_nothing_else_names_them(tmp_path: Path) -> None:
    _, terms = _read(
        tmp_path,
        [
            p("SOFTWARE DEVELOPMENT AGREEMENT"),
            p("1. Services. Developer will design and deliver the Application to Client."),
            p("2. Notices. Notices will be given in writing to the address set forth below:"),
            p("If to Developer: Seattle Software Developers, Inc. 4 Elm Road, Seattle, WA 98101"),
            p("If to Client: Pelican Delivers Inc. Dave Comeau 5452 Pineridge Drive, Bremerton"),
            p("Attn: Legal Department"),
        ],
    )
    parties = terms["parties"]
    assert _names(parties) == ["Seattle Software Developers, Inc.", "Pelican Delivers Inc."]
    assert parties.check  # the addressees of the notices alone: marked "check"


def test_a_one_party_preamble_is_completed_by_the_other_addressee(tmp_path: Path) -> None:
    _, terms = _read(
        tmp_path,
        [
            p("DISTRIBUTION AGREEMENT"),
            p(
                'This Distribution Agreement is entered into by Hydraspin USA, Inc. ("Hydraspin") on the terms below.'
            ),
            p("1. Appointment. Hydraspin appoints the Distributor as its exclusive distributor."),
            p("2. Notices. All notices shall be in writing and sent:"),
            p(
                "If to Hydraspin: Hydraspin USA, Inc. 5000 South Freeway, Suite 110, Fort Worth, Texas"
            ),
            p("If to Distributor: Bestev Management, LLC 11 Main Street, Austin, Texas"),
        ],
    )
    assert _names(terms["parties"]) == ["Hydraspin USA, Inc.", "Bestev Management, LLC"]
    assert terms["parties"].normalized[0]["alias"] == "Hydraspin"
