# ruff: noqa: E501 -- the minimal pairs are one clause a line
"""What a clause does, and to whom, read for either side: principles a reviewer applies to real
contracts read for the side the review did not act for at first, each shown by minimal pairs of
our own wording (no corpus sentence, other party names, other phrasing).

Each pair is a benign clause (nothing above the level given for the side it names) and an
adverse one (raised at least that level for the side it names), read through the default
playbook's effect tables as the review reads a clause (the clause model's label or the type's
own cues).
"""

from __future__ import annotations

import pytest

from contractreview.analysis.effect.risk_types import BY_ID
from contractreview.analysis.effect.roles import PartyIndex
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import ReasonSource, RiskLevel
from contractreview.analysis.risk import effect_reason

PARTIES = [{"name": "Harbour Analytics Ltd", "alias": "Vendor"},
           {"name": "Quill Retail plc", "alias": "Customer"}]  # fmt: skip
PLAYBOOK = load_playbook()
RULES = {r.id: r for r in PLAYBOOK.clauses}


def level(side: str, rule_id: str, text: str) -> RiskLevel:
    """The highest level the rule gives ``text`` for ``side``, whether the clause model
    labelled the clause or the type's cues found it."""
    index = PartyIndex.build(PARTIES, side, PLAYBOOK.sides.get(side), text)
    out = RiskLevel.NONE
    for source in (ReasonSource.MODEL, ReasonSource.RULE):
        reason = effect_reason(PLAYBOOK, side, RULES[rule_id], BY_ID[rule_id], text, index,
                               "s", source, rule_id, None)  # fmt: skip
        if reason is not None and reason.level.rank > out.rank:
            out = reason.level
    return out


# (rule, side, benign clause, at most, adverse clause, at least)
PAIRS = [
    # V6. a representation in negated form states that something will not happen; the
    # negation of a list's lead-in covers its items
    (
        "suspension",
        "customer",
        "The Vendor's signing and performance of this Agreement do not and will not: (a) breach any order binding on the Vendor; (b) accelerate any loan of the Vendor; or (c) lead to the suspension or withdrawal of any accreditation held by the Vendor.",
        RiskLevel.LOW,
        "The Vendor may suspend the deliveries under this Agreement at any time.",
        RiskLevel.HIGH,
    ),
    (
        "suspension",
        "customer",
        "Entering into this Agreement does not and will not: (i) conflict with any court order applicable to the Vendor; (ii) speed up the repayment of any loan to which the Vendor is a party; or (iii) create a charge over any asset of the Vendor or the suspension of any licence applicable to the Vendor, its business or its operations.",
        RiskLevel.LOW,
        "Entering into this Agreement does not and will not conflict with any court order, and the Vendor may suspend the Services at any time.",
        RiskLevel.HIGH,
    ),
    (
        "suspension",
        "customer",
        "The Vendor shall not: (a) suspend the Services for convenience; or (b) lower the agreed service levels.",
        RiskLevel.LOW,
        "The Vendor may: (a) suspend the Services for convenience; or (b) lower the agreed service levels.",
        RiskLevel.HIGH,
    ),
    # V10. a no-waiver clause (a right not used when it could be is not lost) creates no right
    (
        "termination_for_convenience",
        "vendor",
        "If the Customer decides not to end this Agreement on an occasion when it is entitled to do so, the Customer keeps its right to end this Agreement on a later occasion.",
        RiskLevel.LOW,
        "The Customer may end this Agreement at any time by written notice to the Vendor.",
        RiskLevel.HIGH,
    ),
    (
        "termination_for_convenience",
        "vendor",
        "Even if the Customer elects not to end this Agreement on one or more occasions when it may do so, the Customer retains the right to end this Agreement on later occasions.",
        RiskLevel.LOW,
        "Even if the Vendor has not breached this Agreement, the Customer retains the right to end this Agreement at any time.",
        RiskLevel.HIGH,
    ),
    (
        "termination_for_convenience",
        "vendor",
        "A failure or delay by the Customer in exercising its right to terminate this Agreement shall not operate as a waiver of that right.",
        RiskLevel.LOW,
        "The Customer may terminate this Agreement for any reason on thirty days' notice.",
        RiskLevel.HIGH,
    ),
    # S1. a suspension the law, safeguards or a regulator require is a compliance trigger
    (
        "suspension",
        "customer",
        "The Vendor shall suspend transfers of personal data to the sub-processor if ordered to do so by a supervisory authority.",
        RiskLevel.LOW,
        "The Vendor may suspend the service at its discretion.",
        RiskLevel.HIGH,
    ),
    (
        "suspension",
        "customer",
        "The Vendor shall suspend the export of personal data if it considers that adequate safeguards for the export can no longer be ensured, or if instructed by a data protection authority to do so.",
        RiskLevel.LOW,
        "The Vendor may suspend the export of personal data if it considers that the export is no longer commercially attractive.",
        RiskLevel.HIGH,
    ),
    # V14. an assignment needs the agreement, or rights or duties under it, as its object: a
    # transfer of data, goods, title or money is no assignment of the contract
    (
        "assignment",
        "customer",
        "The Vendor shall stop the transfer of personal data to the recipient until compliance is restored or the contract is ended.",
        RiskLevel.LOW,
        "The Vendor may transfer this contract to any third party without the Customer's consent.",
        RiskLevel.MEDIUM,
    ),
    (
        "assignment",
        "customer",
        "Any customer records transferred to the Vendor before the end of the contract shall be handed back or erased at the Customer's choice.",
        RiskLevel.LOW,
        "The Vendor may transfer any of its rights under the contract to an affiliate or a buyer without consent.",
        RiskLevel.MEDIUM,
    ),
    # V1. "neither of us", "each of us", "we each" bind both parties; so do "Recipient" and
    # "Discloser" where they are roles either party takes, not the names of two parties
    (
        "confidentiality",
        "vendor",
        "Neither of us will (a) use the other's confidential information; nor (b) disclose it to anyone, except as the law requires.",
        RiskLevel.INFO,
        "The Customer may use and disclose the Vendor's confidential information to anyone.",
        RiskLevel.MEDIUM,
    ),
    (
        "confidentiality",
        "vendor",
        "Recipient will not (a) use Discloser's Confidential Information; nor (b) disclose it to anyone, except as the law requires.",
        RiskLevel.INFO,
        "The Customer may disclose the Vendor's Confidential Information to any third party.",
        RiskLevel.MEDIUM,
    ),
    # V3. a party keeping its own content, data or materials takes nothing from the other side
    (
        "ip_assignment",
        "vendor",
        "Save for the limited licence in clause 2.4 (Customer Data), the Customer retains all right, title and interest in and to the Customer Data.",
        RiskLevel.LOW,
        "The Vendor hereby assigns to the Customer all right, title and interest in the deliverables it creates under this Agreement.",
        RiskLevel.MEDIUM,
    ),
    # V5. a thing "provided AS IS" is disclaimed by the party that provides it
    (
        "warranty_disclaimer",
        "vendor",
        'If the Vendor lets the Customer try a preview feature, the preview feature is provided "as is" and the warranty in clause 7 does not apply to it.',
        RiskLevel.LOW,
        'The Customer gives no warranty that its payment details are accurate, and all such details are provided "as is" by the Customer.',
        RiskLevel.MEDIUM,
    ),
    # V7 / V9. a representation that a party owns, possesses or may grant what it has moves no
    # intellectual property
    (
        "ip_assignment",
        "vendor",
        "So far as it is aware, the Customer owns or possesses sufficient rights to all trade marks and know-how used in its business.",
        RiskLevel.LOW,
        "The Vendor hereby assigns to the Customer all intellectual property rights in the work product it creates for the Customer.",
        RiskLevel.MEDIUM,
    ),
    (
        "ip_assignment",
        "vendor",
        "The Customer warrants that it is legally entitled to grant the licence in clause 2.",
        RiskLevel.LOW,
        "All rights in the deliverables created under this Agreement shall vest in the Customer on creation.",
        RiskLevel.MEDIUM,
    ),
    (
        "ip_assignment",
        "vendor",
        "The Customer hereby grants to the Vendor and its licensees a perpetual, irrevocable, fully transferable licence to use the feedback it gives.",
        RiskLevel.LOW,
        "The Vendor agrees that all rights in the work product it makes for the Customer shall vest in the Customer.",
        RiskLevel.MEDIUM,
    ),
    # V15. a dispute-resolution waiver gives up a forum or a procedure, not moral rights or
    # the costs in an indemnity
    (
        "dispute_waiver",
        "vendor",
        "The Vendor irrevocably waives, and agrees never to assert, all moral rights it may have in the deliverables.",
        RiskLevel.LOW,
        "The Vendor irrevocably waives any right to a trial by jury in any proceedings arising out of this Agreement.",
        RiskLevel.MEDIUM,
    ),
    (
        "dispute_waiver",
        "vendor",
        "The Vendor will indemnify and hold the Customer harmless from all losses and costs, including reasonable attorneys' fees, arising from the Vendor's taxes.",
        RiskLevel.LOW,
        "The Vendor waives its right to bring or join any class action against the Customer.",
        RiskLevel.MEDIUM,
    ),
]


@pytest.mark.parametrize(("rule", "side", "benign", "most", "adverse", "least"), PAIRS)
def test_pair(
    rule: str, side: str, benign: str, most: RiskLevel, adverse: str, least: RiskLevel
) -> None:
    got = level(side, rule, benign)
    assert got.rank <= most.rank, ("benign raised", rule, side, benign, got)
    got = level(side, rule, adverse)
    assert got.rank >= least.rank, ("adverse missed", rule, side, adverse, got)


def test_a_disclaimer_as_is_hurts_the_side_that_receives_the_thing() -> None:
    # the same passive disclaimer is the vendor's own: raised for the customer only
    text = "If the Vendor gives the Customer access to a trial module, the trial module is provided as is."
    assert level("customer", "warranty_disclaimer", text).rank >= RiskLevel.MEDIUM.rank
    assert level("vendor", "warranty_disclaimer", text).rank <= RiskLevel.LOW.rank


def label_level(side: str, label: str, text: str) -> RiskLevel:
    """The level the clause model's ``label`` alone gives ``text`` for ``side``."""
    import numpy as np

    from contractreview.analysis.risk import model_reasons

    index = PartyIndex.build(PARTIES, side, PLAYBOOK.sides.get(side), text)
    reasons = model_reasons(PLAYBOOK, side, [label], np.array([0.9], dtype=np.float32),
                            np.array([0.5], dtype=np.float32), text=text, parties=index,
                            segment="s")  # fmt: skip
    return max((r.level for r in reasons), key=lambda lv: lv.rank, default=RiskLevel.NONE)


@pytest.mark.parametrize(
    ("label", "fragment", "sentence"),
    [
        # G20. a lead-in ending in ":" that introduces a table states nothing by itself
        (
            "Revenue/Profit Sharing",
            "The following monthly charges (plus sales tax, where due) are payable:",
            "The Vendor shall pay the Customer twenty per cent of the net revenue it earns from the resale of the Products.",
        ),
        # S2. a list item whose lead-in stands elsewhere belongs to that lead-in (an indemnity)
        (
            "Covenant Not to Sue",
            "any allegation that the Deliverables, or the Customer's use of them, infringe the patent or copyright of a third party;",
            "The Customer shall not sue the Vendor, or challenge the validity of any of the Vendor's patents, in any court.",
        ),
    ],
)
def test_a_fragment_of_a_sentence_is_not_raised_on_its_label(
    label: str, fragment: str, sentence: str
) -> None:
    assert label_level("customer", label, fragment).rank <= RiskLevel.INFO.rank
    assert label_level("customer", label, sentence).rank >= RiskLevel.MEDIUM.rank


def test_a_licence_granted_to_our_side_is_no_risk_to_it() -> None:
    # V9. the other side grants: what is perpetual or irrevocable is ours to keep
    label = "Irrevocable or Perpetual License"
    to_us = "The Customer hereby grants to the Vendor and its licensees a perpetual, irrevocable licence to use the feedback."
    by_us = "The Vendor hereby grants to the Customer and its affiliates a perpetual, irrevocable licence to use the Software."
    assert label_level("vendor", label, to_us).rank <= RiskLevel.INFO.rank
    assert label_level("vendor", label, by_us).rank >= RiskLevel.MEDIUM.rank
