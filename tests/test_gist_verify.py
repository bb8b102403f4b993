"""The gist verifier on hand-written gists: faithful ones pass, invented or changed facts are
marked, dropped figures and exceptions are reported."""

from __future__ import annotations

import pytest

from contractreview.gist.verify import INCOMPLETE, UNSUPPORTED, VERIFIED, verify_gist

PAYMENT = (
    "12.1 The Customer shall pay each undisputed invoice issued by Acme Widgets Ltd (the "
    "\u201cSupplier\u201d) within thirty (30) days of receipt. Late payments shall bear interest "
    "at five percent (5%) per annum. The Customer's total liability shall not exceed "
    "USD 250,000, except in the case of fraud. This Agreement commences on June 1, 2024."
)
CONFIDENTIALITY = (
    "Each party shall keep the other party's Confidential Information secret for a period of "
    "two (2) years after termination, unless disclosure is required by law."
)


def unsupported(gist: str, source: str = PAYMENT, **kw: object) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in verify_gist(gist, source, **kw).unsupported]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "gist",
    [
        "The Customer must pay Acme Widgets Ltd's invoices within 30 days. Late payment costs "
        "5% interest a year. Liability is capped at $250,000 except for fraud. The agreement "
        "starts on 1 June 2024.",
        "The Supplier is paid within thirty days; late amounts carry 5 per cent interest. The "
        "Customer's liability stops at USD 250,000 unless there is fraud. Start: 2024-06-01.",
    ],
)
def test_a_faithful_gist_is_verified(gist: str) -> None:
    check = verify_gist(gist, PAYMENT)
    assert check.unsupported == ()
    assert check.status == VERIFIED, check.omitted
    kinds = {f.kind for f in check.facts}
    assert {"money", "duration", "percentage", "date", "name"} <= kinds


def test_an_invented_amount_is_marked() -> None:
    gist = "Liability is capped at USD 500,000 except for fraud."
    assert unsupported(gist) == [("money", "USD 500,000")]


def test_a_changed_number_of_days_is_marked() -> None:
    gist = "The Customer pays within 60 days."
    assert unsupported(gist) == [("duration", "60 days")]
    assert unsupported("The Customer pays within sixty (60) days.") == [
        ("duration", "sixty (60) days")
    ]


def test_a_changed_percentage_is_marked() -> None:
    assert unsupported("Late payments carry 8% interest.") == [("percentage", "8%")]
    assert unsupported("Late payments carry ten percent interest.") == [
        ("percentage", "ten percent")
    ]


def test_an_invented_date_is_marked() -> None:
    assert unsupported("The agreement starts on 1 July 2024.") == [("date", "1 July 2024")]


def test_an_invented_party_is_marked() -> None:
    assert unsupported("The Customer must pay Globex within 30 days.") == [("name", "Globex")]
    assert unsupported("Initech Corporation must pay the Supplier.") == [
        ("name", "Initech Corporation")
    ]


def test_an_invented_defined_term_is_marked() -> None:
    gist = (
        "Each party keeps the other's \u201cTrade Secrets\u201d private for 2 years, unless the "
        "law requires disclosure."
    )
    assert unsupported(gist, CONFIDENTIALITY) == [("term", "Trade Secrets")]
    ok = (
        "Each party keeps the other's Confidential Information secret for two years unless the "
        "law requires disclosure."
    )
    assert verify_gist(ok, CONFIDENTIALITY).status == VERIFIED


def test_a_stray_number_is_marked() -> None:
    assert unsupported("There are 3 exceptions to the cap, except fraud.") == [("number", "3")]


def test_names_known_from_the_rest_of_the_contract_are_supported() -> None:
    gist = "Globex Inc, the Customer, must pay within 30 days."
    assert unsupported(gist) == [("name", "Globex Inc")]
    assert unsupported(gist, known_names=["Globex Inc."]) == []


def test_plain_english_at_a_sentence_start_is_not_a_name() -> None:
    gist = "Payment is due within 30 days. Interest is 5% a year. Fraud is not capped."
    assert unsupported(gist) == []


def test_dropped_figures_and_exceptions_make_a_gist_incomplete() -> None:
    check = verify_gist("The Customer must pay invoices within 30 days.", PAYMENT)
    assert check.supported
    assert check.status == INCOMPLETE
    assert "five percent (5%)" in check.omitted
    assert "USD 250,000" in check.omitted
    assert any("except" in item for item in check.omitted)
    dropped = verify_gist(
        "Each party keeps Confidential Information secret for 2 years.", CONFIDENTIALITY
    )
    assert dropped.omitted == ("the exception introduced by \u201cunless\u201d",)


def test_marks_wrap_exactly_the_unsupported_words() -> None:
    check = verify_gist(
        "The Customer pays within 60 days, capped at USD 250,000, except fraud.", PAYMENT
    )
    assert check.status == UNSUPPORTED
    assert (
        check.marked()
        == "The Customer pays within [60 days?], capped at USD 250,000, except fraud."
    )
    assert "".join(t for t, _ in check.segments()) == check.text
    assert [t for t, bad in check.segments() if bad] == ["60 days"]


def test_an_empty_gist_states_nothing() -> None:
    check = verify_gist("", "")
    assert check.facts == ()
    assert check.status == VERIFIED


PROVISO = (
    "The Supplier may subcontract the Services, provided that it remains responsible for the "
    "acts of its subcontractors."
)


@pytest.mark.parametrize(
    "condition",
    [
        "as long as",
        "so long as",
        "on condition that",
        "on the condition that",
        "provided that",
        "providing that",
        "unless it does not stay",
        "except where it does not stay",
        "excepting cases where it is not",
        "save where it is not",
        "only if",
        "conditional on",
    ],
)
def test_any_way_of_stating_the_condition_counts_as_stating_it(condition: str) -> None:
    with_it = verify_gist(
        f"The Supplier may subcontract, {condition} it stays responsible for subcontractors.",
        PROVISO,
    )
    without = verify_gist(
        "The Supplier may subcontract, and it stays responsible for subcontractors.", PROVISO
    )
    assert with_it.omitted == ()
    assert with_it.status == VERIFIED
    assert without.omitted == ("the exception introduced by \u201cprovided that\u201d",)
    assert without.status == INCOMPLETE


def test_a_name_run_stops_at_a_full_stop() -> None:
    clause = "The Seller ships the goods to the USA and the Buyer pays on delivery."
    assert unsupported("The goods ship to the USA. The Buyer pays.", clause) == []
    assert unsupported("The goods ship to the USA. The Agent pays.", clause) == [("name", "Agent")]
