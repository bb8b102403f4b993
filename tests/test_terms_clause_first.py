"""Key terms read from the clause whose job it is, never from words that only look like a value
(issue 19): statute citations, examples, drafting notes, blanks, unticked options, other
clauses' tails; cover-page fields; a cap formula; a "check" mark on an uncertain term; and the
hand-checked corpus set."""
# ruff: noqa: E501  (the contracts below keep their real, long lines)

from __future__ import annotations

from pathlib import Path

import pytest

from contractreview.analysis.results import Term, term_check_note
from contractreview.analysis.segmenter import Segment, segment_document
from contractreview.analysis.terms.extractor import extract_terms
from contractreview.analysis.terms.grounding import term_is_grounded
from contractreview.analysis.terms.screen import screened_out
from contractreview.docx.document import document_from_text
from tests.conftest import needs_corpus


def _terms(text: str) -> tuple[list[Segment], dict[str, Term]]:
    segments = segment_document(document_from_text(text))
    terms = {t.name: t for t in extract_terms(segments)}
    texts = {s.id: s.text for s in segments}
    for t in terms.values():
        assert term_is_grounded(t, texts), t
    return segments, terms


def test_a_statute_date_is_no_agreement_date() -> None:
    _, terms = _terms(
        "DATA PROCESSING AGREEMENT\n"
        "The purpose of these clauses is to ensure compliance with Regulation (EU) 2016/679 of "
        "the European Parliament and of the Council of 27 April 2016 on the protection of natural persons.\n"
        "1. The Processor shall process personal data only on documented instructions.\n"
    )
    assert "agreement_date" not in terms
    assert "effective_date" not in terms


def test_an_example_in_a_note_is_no_payment_term() -> None:
    _, terms = _terms(
        "SERVICES AGREEMENT\n"
        "4. Payment\n"
        "[Drafting note: insert the payment period, e.g., 30 days from the invoice date.]\n"
        "4.1 Customer shall pay each invoice within forty-five (45) days of receipt of the invoice.\n"
    )
    assert terms["payment_terms"].normalized == {"days": 45, "from": "invoice receipt"}


def test_another_clauses_tail_is_no_term() -> None:
    segments, terms = _terms(
        "SUPPLY AGREEMENT\n"
        "9. Insurance\n"
        "During the term of this Agreement and for six months after, Supplier will carry commercial insurance.\n"
        "12. Term\n"
        "This Agreement shall continue for an initial term of three (3) years from the Effective Date.\n"
    )
    assert terms["term"].normalized == {"days": 3 * 365}
    insurance = next(s for s in segments if "insurance" in s.text)
    start = insurance.text.index("six months")
    assert (
        screened_out("term", insurance, start, start + len("six months")) == "another clause's tail"
    )


def test_cover_page_fields_and_an_elected_cap() -> None:
    _, terms = _terms(
        "Cover Page for Mutual NDA\n"
        "Effective Date\n"
        "March 1, 2026\n"
        "Term of NDA\n"
        "18 months\n"
        "Governing Law\n"
        "California\n"
        "General Cap Amount\n"
        "( ) $1,000,000\n"
        "( x ) 2x the Fees paid or payable by Customer to Provider in the 12 month period immediately before the claim\n"
        "Party Name: Meridian Ventures LLC\n"
        "Party Name: Atlas Biotech Inc.\n"
    )
    assert terms["term"].normalized == {"days": 18 * 30} or terms["term"].value == "18 months"
    assert terms["governing_law"].normalized == "California"
    assert terms["liability_cap"].normalized == {"months_of_fees": 12, "multiple": 2}
    names = [p["name"] for p in terms["parties"].normalized]
    assert names == ["Meridian Ventures LLC", "Atlas Biotech Inc."]


def test_a_blank_and_an_unticked_option_are_no_values() -> None:
    _, terms = _terms(
        "Cloud Service Agreement\n"
        "Governing Law\n"
        "{governing_law}\n"
        "Payment Process\n"
        "[ ] Customer will pay each invoice within 30 days from the invoice date.\n"
    )
    assert "governing_law" not in terms
    assert "payment_terms" not in terms


@pytest.mark.parametrize(
    "heading",
    ["3. Grant of License in the Trademarks", "EXHIBIT 10.2", "[Company Name]", "Key Terms"],
)
def test_a_clause_heading_an_exhibit_label_or_a_blank_is_no_title(heading: str) -> None:
    _, terms = _terms(
        f"{heading}\nThe Licensor grants the Licensee a licence to use the Trademarks.\n"
    )
    assert "document_name" not in terms


def test_names_in_a_drafting_note_are_no_parties() -> None:
    _, terms = _terms(
        "AI Addendum\n"
        "[Drafting note: This addendum is signed by the parties of the Agreement, for example Rose Apothecaries, Inc. and Vandelay Industries, Inc.]\n"
        "This AI Addendum amends the Agreement.\n"
    )
    assert "parties" not in terms or "Rose" not in str(terms["parties"].normalized)


def test_an_uncertain_term_is_marked_check_with_its_rivals() -> None:
    _, terms = _terms(
        "LICENSE AGREEMENT\n"
        "The laws of the State of New York and the laws of the State of Texas may apply to certain matters.\n"
    )
    law = terms["governing_law"]
    assert law.check
    assert [a.normalized for a in law.alternatives] == ["Texas"]
    note = term_check_note(law)
    assert note.startswith("check")
    assert "Texas" in note


def test_a_sure_term_is_not_marked() -> None:
    _, terms = _terms(
        "SERVICES AGREEMENT\n"
        "10. Governing Law\n"
        "This Agreement shall be governed by the laws of the State of Texas.\n"
    )
    assert not terms["governing_law"].check
    assert term_check_note(terms["governing_law"]) == ""


@needs_corpus
def test_corpus_templates_against_the_hand_checked_set() -> None:
    """Rules only (the model adds minutes): no value from a citation, an example, a note or a
    tail, no organisation merely mentioned reported as a party, and most terms as expected."""
    from contractreview_training.eval_terms_corpus import evaluate_corpus

    res = evaluate_corpus(Path("../shared/corpus/docx"))
    assert res.traps == []
    total = sum(s.scored for s in res.scores.values())
    right = sum(s.correct for s in res.scores.values())
    assert total > 100
    assert right / total >= 0.8, {k: v.misses for k, v in res.scores.items()}


def test_each_party_carries_its_role() -> None:
    _, terms = _terms(
        "DATA PROCESSING AGREEMENT\n"
        'This Data Processing Agreement is made on 1 March 2024 between Northwind Systems Ltd ("Processor") and Beta Retail plc ("Controller").\n'
        "1. The Processor shall process personal data only on documented instructions.\n"
    )
    roles = {p["name"]: p.get("role") for p in terms["parties"].normalized}
    assert roles == {"Northwind Systems Ltd": "processor", "Beta Retail plc": "controller"}
