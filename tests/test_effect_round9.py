# ruff: noqa: E501 -- the minimal pairs are one clause a line
"""Round 9 of the effect reader, each rule shown by minimal pairs of our own wording (none from a
pair set):

- a unilateral right of the other side (to change the terms, raise the fees, transfer the
  contract) that our client may answer by walking away is a limited one;
- a right our client holds only with the other side's consent is a right the other side
  controls, and consent it may refuse at its discretion is worse than consent it may not
  unreasonably withhold;
- the other side left free to compete with or poach from our client is raised;
- an express denial of a right that protects our client (its audit, its suspension, its
  termination for breach, deemed acceptance in its favour) is raised;
- deemed acceptance on an objective test or an express confirmation is no acceptance by
  silence, and renewal "unless our client cancels" is automatic renewal;
- "if the Client objects it may terminate": the pronoun is the party of the condition;
- a promise a party says it does not make ("does not undertake that ...") is negated;
- the same duty owed by each party in its own sentence is mutual (a duty only our client owes
  stays ours);
- a guidance note and a lettered recital are not clauses.
"""

from __future__ import annotations

import numpy as np
import pytest

from contractreview.analysis.effect.clause_effect import read
from contractreview.analysis.effect.risk_types import BY_ID
from contractreview.analysis.effect.roles import RECEIVES, PartyIndex
from contractreview.analysis.operative import TextKind, text_kind
from contractreview.analysis.pipeline import ModelOutput, combine
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import RiskLevel
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text

ROLES = [{"name": "Hollins Data Services Ltd", "alias": "Provider"},
         {"name": "Quarry Lane Bakeries plc", "alias": "Client"}]  # fmt: skip


def _keys(rtype: str, text: str) -> list[str]:
    index = PartyIndex.build(ROLES, "customer", RECEIVES, text)
    return [r.keys[0] for r in read(text, BY_ID[rtype], index, "s")]


def _level(clause: str, side: str) -> RiskLevel:
    """The highest level raised on ``clause`` in a small services contract, read by the rules
    alone (a clause model that gives no label)."""
    text = (
        "SERVICES AGREEMENT\n"
        'This Services Agreement is made between Hollins Data Services Ltd ("Provider") and '
        'Quarry Lane Bakeries plc ("Client").\n'
        f"1. Terms\n{clause}\n"
    )
    doc = document_from_text(text)
    segments = segment_document(doc)
    model = ModelOutput(np.zeros((len(segments), 0), dtype=np.float32), [],
                        np.zeros(0, dtype=np.float32))  # fmt: skip
    result = combine(doc, segments, model, load_playbook(), side)
    ids = {s.id for s in result.segments if s.text and s.text in clause}
    levels = [f.risk.level for f in result.findings if ids & set(f.segments)]
    return max(levels, key=lambda lv: lv.rank, default=RiskLevel.NONE)


def _adverse(level: RiskLevel) -> bool:
    return level.rank >= RiskLevel.MEDIUM.rank


def _benign(level: RiskLevel) -> bool:
    return level.rank <= RiskLevel.LOW.rank


# (adverse, benign) for the side named
PAIRS = [
    # our client may walk away from the other side's unilateral change: a limited right
    ("customer",
     "The Provider may alter the service description by notice, and the Client shall have no right to end this Agreement because of the alteration.",
     "The Provider may alter the service description by notice, and the Client may end this Agreement without any charge if it does not accept the alteration."),
    ("customer",
     "The Provider may raise its fees once a year by notice, and the Client shall pay the raised fees.",
     "The Provider may raise its fees once a year by notice; if the Client does not accept the raised fees it may cancel this Agreement on notice without liability."),
    ("customer",
     "The Provider may novate this Agreement to any other company on notice to the Client.",
     "The Provider may novate this Agreement to any other company on notice to the Client, and the Client may then cancel this Agreement without penalty."),
    # consent to our client's assignment: at the other side's discretion, or not unreasonably withheld
    ("customer",
     "The Client may transfer this Agreement only with the Provider's prior written consent, which the Provider may refuse in its absolute discretion.",
     "The Client may transfer this Agreement only with the Provider's prior written consent, which shall not be unreasonably withheld or delayed."),
    ("customer",
     "The Client shall not transfer this Agreement without the consent of the Provider, which the Provider may give or refuse for any reason.",
     "The Client shall not transfer this Agreement without the consent of the Provider, such consent not to be unreasonably withheld."),
    # the other side expressly free to compete or to poach
    ("customer",
     "The Provider remains free to carry on any business competing with the Client, in any place.",
     "The Provider shall not carry on any business competing with the Client during the Term."),
    ("customer",
     "The Provider may recruit any member of the Client's staff at any time.",
     "The Provider shall not recruit any member of the Client's staff during the Term."),
    ("vendor",
     "Nothing in this Agreement prevents the Client from recruiting any employee of the Provider.",
     "The Client shall not recruit any employee of the Provider during the Term."),
    # a promise stated as not made
    ("vendor",
     "The Provider undertakes that its charges to the Client are the lowest it offers to any other customer.",
     "The Provider does not undertake that its charges to the Client are the lowest it offers to any other customer."),
    # a duty each side owes in its own sentence is mutual; one only our client owes is one-sided
    ("customer",
     "The Client shall indemnify the Provider against claims that the Client's recipes infringe a third party's rights, and the Provider gives no indemnity to the Client.",
     "The Client shall indemnify the Provider against claims that the Client's recipes infringe a third party's rights, and the Provider shall indemnify the Client against claims that the Provider's software does so."),
    # an express denial of a right that protects our client is raised: its audit, its
    # suspension, its termination for the other side's breach, deemed acceptance in its favour
    ("customer",
     "The Client shall not be entitled to inspect or audit the Provider's data centres.",
     "The Client shall be entitled, on reasonable notice, to inspect and audit the Provider's data centres."),
    ("vendor",
     "The Provider may not suspend the services in any circumstances, even where invoices remain unpaid.",
     "The Provider may suspend the services where an undisputed invoice remains unpaid sixty days after a reminder."),
    ("customer",
     "The Client may not end this Agreement because of any breach by the Provider, and may claim damages only.",
     "The Client may end this Agreement if the Provider commits a material breach and does not remedy it within thirty days."),
    ("vendor",
     "No deliverable shall be treated as accepted until the Client confirms its acceptance in writing, whatever use the Client makes of it.",
     "A deliverable shall be treated as accepted if the Client has not rejected it in writing within ten days after delivery."),
    # "may suspend only (a) ...; (b) ...": every item is a limited case
    ("customer",
     "The Provider may suspend the services (a) at any time for maintenance; (b) whenever it sees a risk to its network; or (c) for any other reason it thinks fit.",
     "The Provider may suspend the services only (a) for maintenance announced a week ahead; (b) to deal with an emergency affecting its network; or (c) if an undisputed invoice is more than sixty days overdue."),
    # owning the data our client generates is a use beyond the service
    ("customer",
     "As between the parties, the Provider owns all data produced through the Client's use of the platform.",
     "As between the parties, the Client owns all data produced through its use of the platform."),
    # "no fees ... shall be refundable" is a non-refundable fee
    ("customer",
     "The Client may not cancel a subscription year once it has started, and no fees paid for that year shall be refundable.",
     "The Client may cancel a subscription year at any time and receive a pro rata refund of the fees paid for it."),
    # running the same business anywhere, next door included
    ("customer",
     "The Provider may itself open, or license others to open, bakeries of the same brand anywhere, even next to the Client's shop.",
     "The Provider shall not itself open, or license others to open, bakeries of the same brand within the Client's exclusive area during the Term."),
    # exclusive rights granted bind the grantor; "the only business that may sell" is exclusivity
    ("vendor",
     "The Provider grants the Client the exclusive right to resell the software in Wales.",
     "The Provider grants the Client a non-exclusive right to resell the software in Wales."),
    ("vendor",
     "Quarry Lane Bakeries plc is the only business that may resell the software in Wales.",
     "Quarry Lane Bakeries plc is one of several businesses that may resell the software in Wales."),
    # an indemnity only for losses caused solely by the indemnifier is a narrow one
    ("customer",
     "The Provider shall be indemnified by the Client against any regulatory fine imposed on the Provider, whatever caused it.",
     "The Provider shall be indemnified by the Client against any regulatory fine imposed on the Provider solely as a result of the Client's written instructions."),
    # an indemnity in plain words: "if anyone sues X ..., Y will cover the cost"
    ("customer",
     "If anyone sues the Provider over the hosting work, Quarry Lane Bakeries plc will cover the cost, even if the Provider was to blame.",
     "If anyone sues Quarry Lane Bakeries plc over something the Provider's staff did, the Provider will cover the cost."),
    # third parties named in a list: enforcing terms made for them, or denied any right (a guard)
    ("vendor",
     "The following persons may enforce the terms made for their benefit: (a) the Client's affiliates; (b) the Provider's subcontractors; and (c) the Provider's licensors.",
     "No person other than the parties may enforce this Agreement, and in particular (a) the Client's affiliates; (b) the Provider's subcontractors; and (c) the Provider's licensors shall have no rights under it."),
    # acceptance the customer may refuse as it likes hurts the supplier
    ("vendor",
     "The Client may reject any report for any reason it thinks fit, however small the fault.",
     "The Client may reject a report only if it fails to meet the specification in a material respect."),
    ("vendor",
     "Whether a deliverable is approved shall be decided by the Client, and approval may be withheld in its absolute discretion.",
     "The Client shall not unreasonably withhold approval of a deliverable that materially meets the specification."),
    # deemed acceptance on an objective test or an express confirmation is no acceptance by silence
    ("customer",
     "Each report shall be deemed approved by the Client upon its delivery.",
     "Each report shall be deemed approved by the Client upon successful completion of the review tests."),
    ("customer",
     "A report counts as approved if the Client has said nothing about it within three days.",
     "A report only counts as approved once the Client confirms in writing that it is satisfied."),
    # renewal unless our client cancels is automatic renewal, not our client's choice
    ("customer",
     "This Agreement will be renewed automatically for further periods of two years unless the Client cancels it at least ninety days before the renewal date.",
     "This Agreement will be renewed for a further period of two years only if the Client asks for it in writing before the renewal date."),
    ("customer",
     "The Client's subscription will keep renewing each month unless the Client tells the Provider to stop.",
     "The Client's subscription ends after one month, and the Client may sign up again if it wants."),
    # "if the Client objects it may terminate": the pronoun is the party of the condition
    ("customer",
     "The Provider may vary the service levels on notice, and the Client may not leave this Agreement because of the variation.",
     "The Provider may vary the service levels on notice, and if the Client objects to the variation it may terminate this Agreement."),
]  # fmt: skip


@pytest.mark.parametrize(("side", "adverse", "benign"), PAIRS)
def test_the_adverse_half_is_raised_and_the_benign_half_is_not(
    side: str, adverse: str, benign: str
) -> None:
    assert _adverse(_level(adverse, side)), adverse
    assert _benign(_level(benign, side)), benign


KEYS = [
    # our own change that the other side may answer by leaving is still ours ("us_exit" reads as "us")
    ("unilateral_change", "The Client may alter the service description by notice, and the Provider may end this Agreement without any charge if it does not accept the alteration.", "us_exit"),
    # an exit right of the holder itself is no answer to its own change
    ("price_change", "The Provider may raise its fees by notice and may cancel this Agreement if the Client refuses to pay them.", "them"),
    # consent of the other side to our right turns it into theirs to give
    ("assignment", "The Client may transfer this Agreement with the Provider's prior written consent.", "not_us"),
    ("assignment", "The Client may transfer this Agreement without the Provider's consent.", "us"),
    ("assignment", "The Provider may transfer this Agreement with the Client's consent, which the Client may refuse in its sole discretion.", "not_them_wide"),
    # "the franchise ends" names the franchise; the verb is what the holder may do
    ("non_compete", "Once the franchise ends, the Client can open any kind of bakery it likes, anywhere.", "not_us_wide"),
    ("non_compete", "Once the franchise ends, the Client can't open a bakery anywhere in the county for three years.", "us_wide"),
    # a list of verbs, a comma after each, is still the right to assign
    ("assignment", "The Provider may assign, novate, charge or otherwise deal with any of its rights under this Agreement.", "them"),
    # a denial with the breach as its exception is a denial of the convenience right only (no
    # "_cause"; the material breach narrows it)
    ("termination_for_convenience", "The Client may not terminate this Agreement except for a material breach by the Provider.", "not_us_narrow"),
    # "no more than once a year" is a measure, not a denial
    ("audit_rights", "The Client shall permit the Provider to audit its records on ten days' notice and no more than once a year.", "them_narrow"),
    # "remain subject to" is no ownership
    ("ip_assignment", "The software shall remain subject to the acceptance tests in Schedule 3 until the Client signs it off.", "none"),
]  # fmt: skip


@pytest.mark.parametrize(("rtype", "text", "key"), KEYS)
def test_who_holds_the_right_and_how_far(rtype: str, text: str, key: str) -> None:
    keys = _keys(rtype, text)
    assert (key in keys) if key != "none" else not keys, keys


def test_a_guidance_note_and_a_lettered_recital_are_not_clauses() -> None:
    note = "Guidance: fill in this box only if the Provider is to supply the Client exclusively."
    assert text_kind(note) is TextKind.DRAFTING_NOTE
    recital = "(C) The Provider has agreed to give the Client a right of first refusal over new bakery software, on the terms below."
    assert text_kind(recital) is TextKind.RECITAL
    # a capital-lettered item that binds someone is still a clause
    clause = (
        "(C) The Provider shall give the Client a right of first refusal over new bakery software."
    )
    assert text_kind(clause) is TextKind.OPERATIVE
    for text in (note, recital):
        for side in ("customer", "vendor"):
            assert _level(text, side).rank <= RiskLevel.INFO.rank, (text, side)


def _missing(clause: str, side: str = "customer") -> dict[str, str]:
    text = (
        "SERVICES AGREEMENT\n"
        'This Services Agreement is made between Hollins Data Services Ltd ("Provider") and '
        'Quarry Lane Bakeries plc ("Client").\n'
        f"1. Services\nThe Provider shall host the Client's ordering system.\n2. Terms\n{clause}\n"
    )
    doc = document_from_text(text)
    segments = segment_document(doc)
    model = ModelOutput(np.zeros((len(segments), 0), dtype=np.float32), [],
                        np.zeros(0, dtype=np.float32))  # fmt: skip
    result = combine(doc, segments, model, load_playbook(), side)
    return {m.rule: m.reason for m in result.missing}


def test_no_liability_cap_found_is_not_said_beside_a_liability_clause() -> None:
    # a cap whose amount cannot be read is still a liability clause: its finding says so
    assert "low_liability_cap" not in _missing(
        "The Provider's liability shall be limited to the service credits described in the service level terms."
    )
    # an uncapped liability is said on its clause, not again as a missing cap
    assert "low_liability_cap" not in _missing(
        "The Provider shall be liable for all losses of the Client, without any financial limit."
    )
    # no liability clause at all: the cap is missing (as the clause, or as its value)
    assert {"low_liability_cap", "limitation_of_liability"} & set(
        _missing("The Client shall pay each invoice within thirty days of receipt.")
    )


def test_a_long_renewal_is_raised_only_where_renewal_is_automatic() -> None:
    assert _level(
        "This Agreement renews automatically for successive periods of three years unless either party gives notice.",
        "customer",
    ) in (RiskLevel.MEDIUM, RiskLevel.HIGH)
    assert _benign(
        _level(
            "This Agreement may be renewed for a further period of three years only by written agreement of both parties.",
            "customer",
        )
    )


def test_the_customer_refusing_acceptance_at_will_is_not_raised_for_the_customer() -> None:
    text = "The Client may reject any report for any reason it thinks fit, however small the fault."
    assert _benign(_level(text, "customer"))
    assert "them_wide" in _keys("acceptance_discretion", text.replace("Client", "Provider"))
