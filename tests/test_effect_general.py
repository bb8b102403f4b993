# ruff: noqa: E501 -- the minimal pairs are one clause a line
"""General rules of the effect reader, each shown by minimal pairs of our own wording (none from
a pair set): inflected key verbs ("increasing", "varied", "revised"), a liability that is stated
rather than limited, the holder of a third party's right of enforcement, a covenant not to run a
business in an area, and the roles of parties whose names say what they sell.
"""

from __future__ import annotations

import numpy as np
import pytest

from contractreview.analysis.effect.clause_effect import read
from contractreview.analysis.effect.risk_types import BY_ID
from contractreview.analysis.effect.roles import (
    PROVIDES,
    RECEIVES,
    Party,
    PartyIndex,
    infer_roles,
)
from contractreview.analysis.pipeline import ModelOutput, combine
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import RiskLevel
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text

ROLES = [{"name": "Tallis Cloud Services Limited", "alias": "Provider"},
         {"name": "Merrow Foods Inc.", "alias": "Client"}]  # fmt: skip


def _keys(rtype: str, text: str, parties: list[dict[str, str]] = ROLES) -> list[str]:
    index = PartyIndex.build(parties, "customer", RECEIVES, text)
    # a clause that states a liability is read where the clause model labels it one
    labelled = rtype == "liability_cap"
    return [r.keys[0] for r in read(text, BY_ID[rtype], index, "s", labelled=labelled)]


CASES = [
    # inflected verbs are the key word too: "increasing", "varied", "revised", "changes"
    ("price_change", "The Provider may vary the Fees by written notice to the Client.", "them"),
    ("price_change", "The Client may vary the Fees by written notice to the Provider.", "us"),
    (
        "price_change",
        "The Fees may be revised by the Provider on each anniversary of the start date.",
        "them",
    ),
    (
        "price_change",
        "Nothing in this Agreement prevents the Provider from increasing the Fees in the first year.",
        "them",
    ),
    (
        "price_change",
        "Nothing in this Agreement entitles the Provider to increase the Fees in the first year.",
        "not_them",
    ),
    # a liability stated, not limited, is no cap; "howsoever" widens an exclusion
    (
        "liability_cap",
        "The Provider shall be liable for any loss of files caused by its failure to make backups.",
        "not_them",
    ),
    (
        "liability_cap",
        "The Provider shall not be liable for any loss of files caused by its failure to make backups.",
        "them",
    ),
    (
        "liability_cap",
        "The Provider shall be liable for all losses of the Client, without any financial limit.",
        "not_them",
    ),
    (
        "liability_cap",
        "The Provider's liability shall be limited to the service credits in Schedule 4.",
        "them",
    ),
    (
        "liability_cap",
        "The Provider shall not in any event be liable for any loss howsoever arising.",
        "them_wide",
    ),
    # a generous cap or an exclusion of indirect loss only is narrow; plain words for a cap
    (
        "liability_cap",
        "The Provider's aggregate liability shall be limited to one hundred and fifty per cent (150%) of the fees paid in the year.",
        "them_narrow",
    ),
    (
        "liability_cap",
        "The Provider shall not be liable for any loss of anticipated savings or any indirect loss.",
        "them_narrow",
    ),
    (
        "liability_cap",
        "The Provider shall not be liable for indirect loss, loss of profit or loss of data.",
        "them_wide",
    ),
    (
        "liability_cap",
        "The Provider shall not be liable for any loss, whether direct or indirect loss.",
        "them_wide",
    ),
    (
        "liability_cap",
        "If things go wrong, the most the Provider will ever have to pay is one month of fees.",
        "them_wide",
    ),
    (
        "liability_cap",
        "If things go wrong, the Provider will have to pay up to twice the yearly fees.",
        "them_narrow",
    ),
    # a third party's right to enforce is held against the party it may sue
    (
        "third_party_beneficiary",
        "Any affiliate of the Client may enforce this Agreement against the Provider as if it were a party.",
        "them",
    ),
    (
        "third_party_beneficiary",
        "Any affiliate of the Provider may enforce this Agreement against the Client as if it were a party.",
        "us",
    ),
    (
        "third_party_beneficiary",
        "The terms hereof shall be enforceable against the Client by the Provider's subcontractors.",
        "us",
    ),
    (
        "third_party_beneficiary",
        "Any company in the Provider's group can sue the Client under this Agreement.",
        "us",
    ),
    # a right "for cause" needs a cause, whatever the cause is
    (
        "termination_for_convenience",
        "The Client may terminate this Agreement for convenience; the Provider may terminate only for cause.",
        "them_cause",
    ),
    (
        "termination_for_convenience",
        "The Provider may terminate this Agreement with or without cause on 30 days' notice.",
        "them",
    ),
    # a trivial cause is a wide one; a serious uncured one narrow; "in its opinion" is discretion
    (
        "termination_for_convenience",
        "If the Client breaks any rule in this agreement, even a small one, the Provider can end it straight away.",
        "them_cause_wide",
    ),
    (
        "termination_for_convenience",
        "If the Client seriously breaks this agreement and doesn't fix it within a month, the Provider can end it.",
        "them_cause_narrow",
    ),
    (
        "termination_for_convenience",
        "The Client may terminate this Agreement at once if any delivery is made late.",
        "us_cause_wide",
    ),
    (
        "termination_for_convenience",
        "This Agreement may be terminated by the Provider if, in the Provider's opinion, the Client's credit has worsened.",
        "them",
    ),
    # older and plainer words for the same right: "determine", "end it", "take offline"
    (
        "termination_for_convenience",
        "It shall be lawful for the Provider at any time to determine this Agreement by one month's notice.",
        "them",
    ),
    (
        "termination_for_convenience",
        "The Client can end it at any time by telling the Provider a week ahead.",
        "us",
    ),
    (
        "suspension",
        "The Client's website may be taken offline by the Provider without notice.",
        "them_wide",
    ),
    ("suspension", "The Provider can switch the Client's systems off whenever it likes.", "them"),
    # control passing to another is a change of control
    (
        "change_of_control",
        "This Agreement may be terminated by the Provider if control of the Client passes to any third party.",
        "them",
    ),
    # promising not to appoint another reseller is exclusivity granted by the one who promises
    (
        "exclusivity",
        "The Provider shall not appoint any other distributor of the Products in the Territory.",
        "them",
    ),
    (
        "exclusivity",
        "No other person shall be appointed by the Client as a supplier of the goods in Wales.",
        "us",
    ),
    # processing the client's data for the processor's own ends
    (
        "data_use",
        "The Provider may process the personal data for the Provider's own business purposes, including marketing.",
        "them_wide",
    ),
    # "gives", "makes", "promises" are verbs: the clause says something of someone
    (
        "warranty_disclaimer",
        "The Provider gives no warranty that the system meets any law on food hygiene.",
        "not_them",
    ),
    (
        "warranty_disclaimer",
        "The Provider warrants that the system meets the law on food hygiene.",
        "them",
    ),
    # one negation read once: "No warranty is given" is a disclaimer, not two negations
    (
        "warranty_disclaimer",
        "No warranty is given by the Provider as to the accuracy of any report.",
        "not_them",
    ),
    # contractions negate
    ("warranty_disclaimer", "The Provider doesn't promise that the app will work.", "not_them"),
    (
        "assignment",
        "The Provider can't assign this Agreement to anyone without the Client's consent.",
        "not_them",
    ),
    # a negation inside the condition of a clause ("if X does not object, ...") is no denial of it
    (
        "deemed_acceptance",
        "If the Client does not reject the work within five days after delivery, the work shall be deemed accepted.",
        "us",
    ),
    (
        "deemed_acceptance",
        "The Client shall not be deemed to have accepted the work by reason of its use of it.",
        "not_us",
    ),
    (
        "deemed_acceptance",
        "If the Client hasn't complained within a week of getting the app, the app counts as accepted.",
        "us",
    ),
    (
        "termination_for_convenience",
        "If the Client does not pay, the Provider may terminate this Agreement on notice.",
        "them_cause",
    ),
    # a change limited by a proviso, by law or by the other side's acceptance is narrow
    (
        "unilateral_change",
        "The Provider may revise the support terms at its discretion, provided that no revision shall reduce the support hours.",
        "them_narrow",
    ),
    (
        "unilateral_change",
        "The privacy terms may be changed by the Provider only where required by a change in law.",
        "them_narrow",
    ),
    (
        "unilateral_change",
        "The Provider may propose changes to these terms, and no change shall take effect unless the Client has accepted it in writing.",
        "them_narrow",
    ),
    # keeping a right is no waiver of it
    ("dispute_waiver", "The Client gives up its right to a jury trial of any dispute.", "us"),
    ("dispute_waiver", "The Client keeps its right to a jury trial of any dispute.", "not_us"),
    # hiring the other side's people, in other words
    (
        "non_solicit",
        "The Client shall not hire any of the Provider's workers during the Term.",
        "us",
    ),
    (
        "non_solicit",
        "The Provider shall not offer jobs to any employee of the Client during the Term.",
        "them",
    ),
    (
        "non_solicit",
        "No engineer supplied under this Agreement shall be engaged by the Client other than through the Provider.",
        "us",
    ),
    # a recipient free to share widely bears a lighter duty; one bound even against the law a heavier
    (
        "confidentiality",
        "The Client may disclose the Provider's Confidential Information to any person it considers appropriate.",
        "us_narrow",
    ),
    (
        "confidentiality",
        "The Client may share the Confidential Information with anyone it likes.",
        "us_narrow",
    ),
    (
        "confidentiality",
        "After six months the Client shall be free to use and disclose all Confidential Information.",
        "us_narrow",
    ),
    (
        "confidentiality",
        "The Client shall not disclose any Confidential Information, even where required by law.",
        "us_wide",
    ),
    (
        "confidentiality",
        "The Client shall not disclose the Confidential Information to any third party.",
        "us",
    ),
    # most-favoured terms: "more favourable", and limited to comparable deals
    (
        "most_favored_nation",
        "The Client shall be offered by the Provider the benefit of any more favourable price given to any other client.",
        "them",
    ),
    (
        "most_favored_nation",
        "The Provider shall match a lower price it gives another client only where that client buys comparable volumes on substantially similar terms.",
        "them_narrow",
    ),
    (
        "most_favored_nation",
        "The Provider shall give the Client prices no less favourable than those it gives any other client, and any reduction shall apply retroactively.",
        "them_wide",
    ),
    # assignment: a long list of dealings, plain words, consent that shall not be unreasonably withheld
    (
        "assignment",
        "The Provider shall be free at any time to assign, transfer, mortgage, charge or otherwise deal with any or all of its rights under this Agreement.",
        "them",
    ),
    (
        "assignment",
        "The Provider can hand this agreement over to another company at any time.",
        "them",
    ),
    (
        "assignment",
        # with our client's consent it is no right of the Provider's alone (round 9)
        "The Provider may assign this Agreement with the consent of the Client, which shall not be unreasonably withheld.",
        "not_them_narrow",
    ),
    (
        "assignment",
        "The Provider may assign this Agreement without consent only to an affiliate.",
        "them_narrow",
    ),
    # notice of non-renewal that may be given up to the last day leaves renewal to the parties
    (
        "renewal",
        "This Agreement shall renew for successive one-year periods unless either party gives notice of non-renewal at any time before the renewal date.",
        "both_narrow",
    ),
    # "a person employed by X" names the person, not the one who may not hire
    (
        "non_solicit",
        "The Client shall not solicit or employ any person who was employed by the Provider during the Term.",
        "us",
    ),
    # a non-compete for years or anywhere is wide; for months or miles narrow
    (
        "non_compete",
        "For ten (10) years after termination, the Client shall not operate any restaurant business anywhere in Europe.",
        "us_wide",
    ),
    (
        "non_compete",
        "For twelve (12) months after termination, the Client shall not operate a restaurant within three (3) miles of the Site.",
        "us_narrow",
    ),
    (
        "non_compete",
        "For twelve (12) months after termination, the Client shall not compete with the Provider in the Territory.",
        "us",
    ),
    # a party named after "after" or "before" is in a time clause, not the one who acts
    (
        "deemed_acceptance",
        "The work shall be deemed accepted two days after the Provider emails the Client to say it is ready.",
        "us",
    ),
    (
        "deemed_acceptance",
        "The work shall be deemed accepted if the Client has not rejected it within thirty (30) Working Days.",
        "us_narrow",
    ),
    # intellectual property: kept, retained by, belonging to; nothing assigning it
    (
        "ip_assignment",
        "Title to all reports and software produced under this Agreement shall be retained by the Provider.",
        "them",
    ),
    (
        "ip_assignment",
        "The Provider keeps ownership of everything it creates for the Client.",
        "them",
    ),
    (
        "ip_assignment",
        "Everything the Provider creates for the Client belongs to the Client.",
        "us",
    ),
    (
        "ip_assignment",
        "The Provider shall own any improvements to the Client's processes made in the course of the Services.",
        "them",
    ),
    (
        "ip_assignment",
        "Nothing in this Agreement assigns to the Client any right, title or interest in the Deliverables.",
        "not_us",
    ),
    (
        "ip_assignment",
        "The Client shall have a licence to use the Deliverables only for the duration of this Agreement.",
        "us_narrow",
    ),
    # paying up front with no money back; keeping prepaid fees
    (
        "prepayment",
        "The Client pays for every course up front, and doesn't get its money back if it changes its mind.",
        "us_wide",
    ),
    (
        "prepayment",
        "If either party ends this Agreement, the Provider may retain all prepaid fees.",
        "us_wide",
    ),
    # a price review the other side decides, or one both must agree
    (
        "price_change",
        "The Provider shall review the Fees annually and shall notify the Client of any change, which shall bind the Client.",
        "them",
    ),
    (
        "price_change",
        "The parties shall review the Fees annually, and any change shall be agreed in writing by both of them.",
        "both_narrow",
    ),
    # running a business in an area is what a covenant not to compete forbids
    (
        "non_compete",
        "The Client shall not, for two years after termination, operate any restaurant within ten miles of the Site.",
        "us_wide",
    ),
    (
        "non_compete",
        "The Provider shall not, during the Term, open or run any shop within two miles of the Site.",
        "them_narrow",
    ),
]


@pytest.mark.parametrize(("rtype", "text", "key"), CASES)
def test_general_rules_read_who_does_what(rtype: str, text: str, key: str) -> None:
    assert key in _keys(rtype, text), (rtype, text, _keys(rtype, text))


def test_an_operating_duty_without_a_place_or_period_is_no_non_compete() -> None:
    assert (
        _keys(
            "non_compete", "The Client shall operate the Equipment in accordance with the manual."
        )
        == []
    )


def test_a_name_that_says_it_sells_media_or_marketing_supplies() -> None:
    parties = [Party("Brightwave Media Ltd", "Brightwave", None, "unknown"),
               Party("Harlow Foods plc", "Harlow", None, "unknown")]  # fmt: skip
    assert infer_roles(parties, "") == [PROVIDES, RECEIVES]
    parties = [Party("Kestrel Foods plc", "Kestrel", None, "unknown"),
               Party("Odeon Marketing LLP", "Odeon", None, "unknown")]  # fmt: skip
    assert infer_roles(parties, "") == [RECEIVES, PROVIDES]


def test_the_owner_of_the_confidential_information_discloses_it() -> None:
    parties = [Party("Corvid Holdings Ltd", "Corvid", None, "unknown"),
               Party("Linden Partners LP", "Linden", None, "unknown")]  # fmt: skip
    text = "Linden shall keep Corvid's Confidential Information secret."
    assert infer_roles(parties, text) == [PROVIDES, RECEIVES]
    text = "Corvid shall not disclose any information received from Linden."
    assert infer_roles(parties, text) == [RECEIVES, PROVIDES]


def _levels(clause: str, side: str) -> dict[str, RiskLevel]:
    """Each rule's level on ``clause`` in a small services contract, with a clause model that
    labels a liability clause as one."""
    text = (
        "SERVICES AGREEMENT\n"
        'This Services Agreement is made between Tallis Cloud Services Limited ("Provider") and '
        'Merrow Foods Inc. ("Client").\n'
        f"1. Terms\n{clause}\n"
    )
    doc = document_from_text(text)
    segments = segment_document(doc)
    labels = ["Cap on Liability"]
    scores = np.full((len(segments), 1), 0.05, dtype=np.float32)
    for i, seg in enumerate(segments):
        if "liab" in seg.text:
            scores[i, 0] = 0.9
    model = ModelOutput(scores, labels, np.full(1, 0.5, dtype=np.float32))
    result = combine(doc, segments, model, load_playbook(), side)
    out: dict[str, RiskLevel] = {}
    for f in result.findings:
        for r in f.risk.reasons:
            out[r.id] = r.level
    return out


def test_a_cap_below_a_year_of_fees_is_raised_only_where_the_cap_is_raised() -> None:
    conds = {c.id: c for c in load_playbook().conditions}
    assert conds["low_liability_cap"].clause == "liability_cap"
    theirs = "The Provider's total liability shall not exceed the fees paid in the three (3) months before the claim."
    ours = "The Client's total liability shall not exceed the fees paid in the three (3) months before the claim."
    assert _levels(theirs, "customer").get("low_liability_cap") is RiskLevel.HIGH
    assert "low_liability_cap" not in _levels(ours, "customer")


def test_the_other_side_denying_an_indemnity_is_raised() -> None:
    denied = "The Provider shall not be required to indemnify the Client in respect of any claim."
    given = (
        "The Provider shall indemnify the Client in respect of any claim arising from its breach."
    )
    assert _levels(denied, "customer").get("indemnity") is RiskLevel.MEDIUM
    assert _levels(given, "customer").get("indemnity", RiskLevel.NONE).rank <= RiskLevel.LOW.rank


def test_a_price_reduced_for_the_payer_is_no_price_increase() -> None:
    text = (
        "The Provider shall tell the Client of any lower price it offers to others, and the "
        "Client's price shall be reduced to match it."
    )
    assert [k for k in _keys("price_change", text) if not k.startswith("not_")] == []


def test_a_proviso_after_the_last_item_of_a_list_scopes_every_item() -> None:
    text = (
        "The Provider may update the platform to (a) fix bugs; (b) meet new laws; or (c) add "
        "features, provided that no update shall reduce the functions of the platform."
    )
    assert set(_keys("unilateral_change", text)) == {"them_narrow"}
    text = "The Provider may update the platform to (a) fix bugs; (b) meet new laws; or (c) add features."
    assert "them_narrow" not in _keys("unilateral_change", text)


def test_a_number_in_brackets_after_its_words_is_no_list_item() -> None:
    from contractreview.analysis.effect.clause_effect import propositions

    text = "The Term renews for one (1) year only if the Client agrees within sixty (60) days."
    assert propositions(text) == [(0, len(text))]
    items = "The Provider may end it (a) on notice; or (b) if the Client fails to pay."
    assert len(propositions(items)) == 3


def test_nothing_obliging_a_refund_is_no_refund() -> None:
    text = "Nothing in this Agreement shall oblige the Provider to refund any fees paid in advance."
    keys = _keys("prepayment", text)
    assert keys
    assert not any(k.startswith("not_") for k in keys)


def test_a_proposition_naming_no_party_continues_the_holder_before_it() -> None:
    text = (
        "The Client may vary the Fees by notice to the Provider, and the varied Fees shall apply "
        "from the date of the notice."
    )
    assert set(_keys("price_change", text)) == {"us"}


def test_a_standard_most_favoured_comparison_is_still_the_promise() -> None:
    text = (
        "The Provider shall give the Client prices no less favourable than those it gives any "
        "other client for comparable volumes."
    )
    assert _keys("most_favored_nation", text) == ["them"]
