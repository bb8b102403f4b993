# ruff: noqa: E501 -- the minimal pairs are one clause a line
"""What a clause does, and to whom: principles a reviewer applies to real contracts, each shown
by minimal pairs of our own wording (no corpus sentence, other party names, other phrasing).

Each pair is a benign clause (nothing above the level given) and an adverse one (raised at
least that level) for the side we act for, read through the default playbook's effect tables
exactly as the review reads a clause (the clause model's label or the type's own cues).
"""

from __future__ import annotations

import pytest

from contractreview.analysis.effect.clause_effect import read
from contractreview.analysis.effect.risk_types import BY_ID
from contractreview.analysis.effect.roles import RECEIVES, PartyIndex
from contractreview.analysis.operative import TextKind, text_kind
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import ReasonSource, RiskLevel
from contractreview.analysis.risk import effect_reason

PARTIES = [{"name": "Harbour Analytics Ltd", "alias": "Vendor"},
           {"name": "Quill Retail plc", "alias": "Customer"}]  # fmt: skip
PLAYBOOK = load_playbook()
RULES = {r.id: r for r in PLAYBOOK.clauses}


def _index(text: str) -> PartyIndex:
    return PartyIndex.build(PARTIES, "customer", RECEIVES, text)


def level(rule_id: str, text: str) -> RiskLevel:
    """The highest level the rule gives ``text`` for the customer, whether the clause model
    labelled the clause or the type's cues found it."""
    out = RiskLevel.NONE
    for source in (ReasonSource.MODEL, ReasonSource.RULE):
        reason = effect_reason(PLAYBOOK, "customer", RULES[rule_id], BY_ID[rule_id], text,
                               _index(text), "s", source, rule_id, None)  # fmt: skip
        if reason is not None and reason.level.rank > out.rank:
            out = reason.level
    return out


def parties_read(rule_id: str, text: str) -> list[str]:
    return [r.party for r in read(text, BY_ID[rule_id], _index(text), "s", labelled=True)]


# (rule, benign clause, at most, adverse clause, at least)
PAIRS = [
    # B. the parties acting together hold no unilateral right: a compound subject of both
    # parties, "by mutual (written) agreement/consent", the consent of our client
    (
        "termination_for_convenience",
        "The Customer and the Vendor may terminate this Agreement at any time by their mutual written consent.",
        RiskLevel.LOW,
        "The Vendor may terminate this Agreement at any time by written notice to the Customer.",
        RiskLevel.HIGH,
    ),
    (
        "termination_for_convenience",
        "This Agreement may be terminated at any time by mutual agreement in writing.",
        RiskLevel.LOW,
        "This Agreement may be terminated by the Vendor at any time for any reason.",
        RiskLevel.HIGH,
    ),
    (
        "unilateral_change",
        "The Customer and the Vendor may vary any Work Order by mutual written agreement.",
        RiskLevel.LOW,
        "The Vendor may vary any Work Order at any time by notice to the Customer.",
        RiskLevel.HIGH,
    ),
    (
        "unilateral_change",
        "Any clause of this Agreement may be varied or waived upon the written consent of the Customer and the holders of a majority of the units.",
        RiskLevel.LOW,
        "The Vendor may change any term of these conditions at any time by posting the new terms online.",
        RiskLevel.HIGH,
    ),
    (
        "renewal",
        "The Customer and the Vendor may mutually agree to extend this Agreement for a further year, including by an exchange of letters.",
        RiskLevel.LOW,
        "The Vendor may extend this Agreement for further periods of one year at its then-current prices.",
        RiskLevel.MEDIUM,
    ),
    # B6. the changes a signed variation itself makes are agreed by both signatories
    (
        "unilateral_change",
        "The changes made by this Variation Deed shall take effect on the Variation Date.",
        RiskLevel.LOW,
        "Changes to these terms published by the Vendor shall take effect on posting.",
        RiskLevel.MEDIUM,
    ),
    # F. a right used to comply with the law is an event, not the holder's convenience; the
    # holder's discretion judges whether the law requires it
    (
        "termination_for_convenience",
        "If the Vendor decides, in its sole discretion, that continuing would breach any export control regulation, it may terminate this Agreement forthwith.",
        RiskLevel.MEDIUM,
        "If the Vendor decides, in its sole discretion, that continuing is no longer worthwhile, it may terminate this Agreement forthwith.",
        RiskLevel.HIGH,
    ),
    (
        "termination_for_convenience",
        "The Vendor may end this Agreement at any time, without liability, where required to do so by a court order or a regulator.",
        RiskLevel.MEDIUM,
        "The Vendor may end this Agreement at any time, without liability, for any reason or none.",
        RiskLevel.HIGH,
    ),
    (
        "termination_for_convenience",
        "The Vendor may terminate this Agreement with immediate effect in order to comply, as it reasonably determines in its own discretion, with trade sanctions legislation.",
        RiskLevel.MEDIUM,
        "The Vendor may terminate this Agreement with immediate effect for any reason, including to comply with trade sanctions legislation.",
        RiskLevel.HIGH,
    ),
    # C8. a run-in heading is no action; a party barred from assigning without our consent
    # is restricted, our own right to assign is ours
    (
        "assignment",
        "Assignment.  The Vendor may not transfer this Agreement or any of its rights under it without the prior written consent of the Customer. Any transfer made without that consent is void. The Customer may assign this Agreement to a buyer of its business.",
        RiskLevel.LOW,
        "Assignment.  The Vendor may transfer this Agreement or any of its rights under it to any person without the Customer's consent.",
        RiskLevel.MEDIUM,
    ),
    # A. the titles of the sections a clause cites do nothing in that clause
    (
        "warranty_disclaimer",
        "Clauses 2 (Fees), 5 (Warranty Disclaimer) and 9 (Governing Law) survive the end of this Agreement.",
        RiskLevel.INFO,
        "The Vendor excludes all implied warranties, including any warranty of satisfactory quality.",
        RiskLevel.MEDIUM,
    ),
    (
        "termination_for_convenience",
        "The following provisions survive the expiry or termination of this Agreement: Section 3.2 (Termination for Convenience), 6 (Confidentiality) and 11 (Liability).",
        RiskLevel.INFO,
        "The Vendor may terminate this Agreement for convenience on seven days' notice.",
        RiskLevel.HIGH,
    ),
    # the ending as the time of something else is an event, not a right to end
    (
        "termination_for_convenience",
        "Clause 5 continues to apply to any sums that fall due before the expiry or termination of this Agreement, whatever the reason for it.",
        RiskLevel.INFO,
        "The Vendor may terminate this Agreement for convenience on seven days' notice.",
        RiskLevel.HIGH,
    ),
    # D. an audit is adverse only where our client is audited: records made available to our
    # client, a party inspecting itself or its own sub-contractors audit nobody on our side
    (
        "audit_rights",
        "On reasonable request, the Vendor shall make its books and records relating to this Agreement available to the Customer for inspection.",
        RiskLevel.INFO,
        "On reasonable request, the Customer shall make its books and records relating to this Agreement available to the Vendor for inspection.",
        RiskLevel.MEDIUM,
    ),
    # the auditor named as the agent of a passive audit is not the one audited
    (
        "audit_rights",
        "The Vendor's accounts shall be open to inspection by the Customer during business hours.",
        RiskLevel.INFO,
        "The Customer's accounts shall be open to inspection by the Vendor at any time.",
        RiskLevel.MEDIUM,
    ),
    (
        "audit_rights",
        "The Vendor shall carry out and record an annual inspection of the Vendor's own security controls.",
        RiskLevel.LOW,
        "The Vendor may carry out an inspection of the Customer's security controls.",
        RiskLevel.MEDIUM,
    ),
    (
        "audit_rights",
        "The Vendor shall, where it can, audit its subcontractors and keep a record of each audit.",
        RiskLevel.LOW,
        "The Vendor may audit the Customer and keep a record of each audit.",
        RiskLevel.MEDIUM,
    ),
    # E. negated or beneficial wording read as adverse
    (
        "dispute_waiver",
        "Ending this Agreement early does not mean that the Customer waives its right to claim damages for the Vendor's breach.",
        RiskLevel.LOW,
        "On ending this Agreement early the Customer waives its right to claim damages for the Vendor's breach.",
        RiskLevel.MEDIUM,
    ),
    (
        "indemnity",
        "The Customer's obligation to indemnify under this clause will not apply to any claim that arises from a change the Vendor made to the Deliverables.",
        RiskLevel.LOW,
        "The Customer shall indemnify the Vendor against any claim that arises from the Deliverables, however caused.",
        RiskLevel.MEDIUM,
    ),
    (
        "third_party_beneficiary",
        "In each subcontract the Vendor must, where possible, include the Customer as preferred third party so that the Customer can assume the Vendor's rights and enforce them against the subcontractor.",
        RiskLevel.INFO,
        "The Vendor's subcontractors may enforce the terms of this Agreement against the Customer directly.",
        RiskLevel.MEDIUM,
    ),
    (
        "suspension",
        "When contesting a disclosure order, the Vendor shall seek interim relief suspending the effects of the order until a court has ruled on it.",
        RiskLevel.LOW,
        "The Vendor may suspend the Services at any time until a court has ruled on the order.",
        RiskLevel.HIGH,
    ),
    # G17. "in advance" that no payment precedes is no prepayment
    (
        "prepayment",
        "Neither party shall be liable for any loss of profit, even where it was told of the possibility of that loss in advance.",
        RiskLevel.INFO,
        "The Customer shall pay all Fees annually in advance and no Fees are refundable.",
        RiskLevel.MEDIUM,
    ),
    # the parties agreeing that one of them owns the work: that one holds it
    (
        "ip_assignment",
        "The Vendor and the Customer agree that, so far as the law allows, every Deliverable shall be a work made for hire owned solely by the Customer.",
        RiskLevel.INFO,
        "The Vendor and the Customer agree that, so far as the law allows, every Deliverable shall be a work made for hire owned solely by the Vendor.",
        RiskLevel.MEDIUM,
    ),
    # "successors and assigns" assigns nothing; an attempted transfer declared void is denied
    (
        "assignment",
        "This Agreement binds and benefits the parties and their permitted successors and assigns.",
        RiskLevel.INFO,
        "The Vendor may assign this Agreement to its successors without the Customer's consent.",
        RiskLevel.MEDIUM,
    ),
    (
        "assignment",
        "Any attempted transfer of this Agreement made without that consent shall be null and void.",
        RiskLevel.INFO,
        "The Vendor may transfer this Agreement at any time without that consent.",
        RiskLevel.MEDIUM,
    ),
    # a third party is anyone outside the contract, whatever the clause calls it
    (
        "third_party_beneficiary",
        "The Customer's own stockists may not enforce any term of this Agreement against the Vendor.",
        RiskLevel.INFO,
        "The Vendor's franchisees may enforce the terms of this Agreement that benefit them against the Customer.",
        RiskLevel.MEDIUM,
    ),
    # a contract that binds a party is no third party's right against it
    (
        "third_party_beneficiary",
        "These terms are a legal and binding obligation of the Customer, enforceable against the Customer in accordance with its terms, subject to insolvency laws.",
        RiskLevel.INFO,
        "Any customer of the Vendor may enforce these terms against the Customer in accordance with its terms.",
        RiskLevel.MEDIUM,
    ),
    # a party enforcing its own rights is no third party's right
    (
        "third_party_beneficiary",
        "The Vendor shall sign any document the Customer reasonably asks for to enable the Customer to register and enforce its rights in the Deliverables.",
        RiskLevel.INFO,
        "The Vendor's affiliates may enforce any term of this Agreement against the Customer as if they were parties to it.",
        RiskLevel.MEDIUM,
    ),
    # G21. a party keeping its own product takes nothing; taking what the contract creates does
    (
        "ip_assignment",
        "Apart from the licence in clause 2, the Vendor keeps all right, title and interest in the Platform, whenever developed.",
        RiskLevel.LOW,
        "The Vendor retains all right, title and interest in the Deliverables developed for the Customer under this Agreement.",
        RiskLevel.MEDIUM,
    ),
    (
        "ip_assignment",
        "The Vendor reserves every right in its own software tools that this Agreement does not grant.",
        RiskLevel.LOW,
        "The Vendor keeps ownership of everything it creates for the Customer.",
        RiskLevel.MEDIUM,
    ),
    # C9. "neither ... nor ... may be assigned" denies; a proviso for affiliates only is narrow
    (
        "assignment",
        "Neither this Agreement nor any right under it may be transferred by the Vendor without the Customer's prior written consent; provided that the Vendor may transfer it without that consent to any company that controls, is controlled by or is under common control with the Vendor.",
        RiskLevel.LOW,
        "This Agreement and any right under it may be transferred by the Vendor without the Customer's prior written consent to any person.",
        RiskLevel.MEDIUM,
    ),
]


@pytest.mark.parametrize(("rule", "benign", "most", "adverse", "least"), PAIRS)
def test_benign_is_not_raised_and_adverse_is(
    rule: str, benign: str, most: RiskLevel, adverse: str, least: RiskLevel
) -> None:
    got = level(rule, benign)
    assert got.rank <= most.rank, (rule, benign, got)
    got = level(rule, adverse)
    assert got.rank >= least.rank, (rule, adverse, got)


def test_a_compound_subject_of_both_parties_is_both() -> None:
    text = "Quill and Harbour may terminate this Agreement on the mutual consent of both of them."
    assert parties_read("termination_for_convenience", text) == ["both"]
    # one party acting alone is that party, even where the other is named after it
    text = "Harbour may terminate this Agreement for any reason on notice to Quill."
    assert parties_read("termination_for_convenience", text) == ["them"]


def test_a_party_named_in_the_next_sentence_does_not_hold_the_right() -> None:
    # "Kestrel" is no party the contract's parties name: the holder is unknown, not "the parties"
    text = (
        "Kestrel may terminate this Agreement for any reason by giving thirty days' notice to "
        "the Vendor. During that period the parties shall keep performing their obligations."
    )
    assert "both" not in parties_read("termination_for_convenience", text)
    text = "Either party may terminate this Agreement for any reason by giving thirty days' notice."
    assert parties_read("termination_for_convenience", text) == ["both"]


def test_several_terms_defined_at_once_are_a_definition() -> None:
    definition = '"Learn" or "Learning" means any use of Customer Data to build or improve a model.'
    assert text_kind(definition) is TextKind.DEFINITION
    assert text_kind("The Vendor may use Customer Data to build or improve its models.") is (
        TextKind.OPERATIVE
    )


def test_a_party_named_only_company_is_the_other_side_of_the_role_word() -> None:
    from contractreview.analysis.effect.party_aliases import with_defined_terms

    text = (
        "Company may end this Agreement for any reason on notice to Consultant. "
        "Consultant shall perform the Services. Consultant may not subcontract. "
        "Company shall pay each invoice within thirty days."
    )
    named = with_defined_terms(None, text)
    index = PartyIndex.build(named, "customer", RECEIVES, text)
    first = text.split(". ")[0] + "."
    assert [r.party for r in read(first, BY_ID["termination_for_convenience"], index, "s")] == [
        "us"
    ]
    # no guess where the contract says who the parties are, or uses no role word as a subject
    assert with_defined_terms(PARTIES, text) == PARTIES
    assert with_defined_terms(None, "Company may end this Agreement. Company shall pay.") is None


def test_clause_parts_keep_offsets_and_find_run_in_headings() -> None:
    from contractreview.analysis.effect.clause_parts import (
        mask_reference_titles,
        run_in_heading_end,
    )

    text = "Clauses 4 (Warranty Disclaimer) and 7 (Indemnities) survive. See Section 2."
    masked = mask_reference_titles(text)
    assert len(masked) == len(text)
    assert "Warranty" not in masked
    assert "Indemnities" not in masked
    assert "Section 2" in masked
    # a number in brackets after its words is no title
    assert mask_reference_titles("within thirty (30) days") == "within thirty (30) days"
    assert run_in_heading_end("Limitation of Liability.  The Vendor shall not be liable.") == 24
    assert run_in_heading_end("The Vendor may assign this Agreement.") == 0
    assert run_in_heading_end("12.3 Assignment. The Vendor may not assign.") == 16


@pytest.mark.parametrize(
    ("rule", "text", "least"),
    [
        # the law as one example, or one alternative ground, leaves the discretion whole
        (
            "termination_for_convenience",
            "The Vendor may terminate this Agreement in its sole discretion, including where required by law.",
            RiskLevel.HIGH,
        ),
        (
            "termination_for_convenience",
            "The Vendor may terminate this Agreement at any time in its sole discretion or where required by law.",
            RiskLevel.HIGH,
        ),
        # an agreement about something else does not make the change joint
        (
            "unilateral_change",
            "The Vendor may change the Services at any time, subject to mutual agreement on any change to the Fees.",
            RiskLevel.MEDIUM,
        ),
    ],
)
def test_what_only_looks_like_a_limit_is_still_raised(
    rule: str, text: str, least: RiskLevel
) -> None:
    got = level(rule, text)
    assert got.rank >= least.rank, (rule, text, got)
