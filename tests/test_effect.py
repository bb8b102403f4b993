# ruff: noqa: E501 -- the minimal pairs are one clause a line
"""Clause effect: who holds the right or bears the duty, seen from the side we act for.

Cues carry their own examples (one parametrised test), the reader is checked on minimal pairs
of our own wording (the same clause with the roles swapped, negated, made mutual, or for cause),
and the review turns what is read into one finding per clause with a reason naming the parties.
The dev pair set is measured end to end with the shipped model in the slow test at the end.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from contractreview.analysis.effect.clause_effect import CAUSE, CONVENIENCE, read
from contractreview.analysis.effect.risk_types import BY_ID, RISK_TYPES, Cue
from contractreview.analysis.effect.roles import PartyIndex
from contractreview.analysis.pipeline import ModelOutput, combine
from contractreview.analysis.playbook import load_playbook, parse_playbook
from contractreview.analysis.results import RiskLevel
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text
from contractreview.errors import PlaybookError

PARTIES = [{"name": "Kestrel Widgets plc", "alias": "Vendor"},
           {"name": "Osprey Retail Ltd", "alias": "Purchaser"}]  # fmt: skip


def _cues() -> list[tuple[str, Cue]]:
    out = [("trigger", c) for c in (*CONVENIENCE, *CAUSE)]
    for t in RISK_TYPES:
        for group in (t.topic, t.flip, t.wide, t.narrow):
            out += [(t.id, c) for c in group]
    return out


@pytest.mark.parametrize(("owner", "cue"), _cues(), ids=lambda v: getattr(v, "name", v))
def test_every_cue_matches_its_examples_and_not_its_counter_examples(owner: str, cue: Cue) -> None:
    for text in cue.examples:
        assert cue.pattern.search(text), f"{owner}/{cue.name} misses {text!r}"
    for text in cue.counter:
        assert not cue.pattern.search(text), f"{owner}/{cue.name} wrongly matches {text!r}"


def _key(rtype: str, text: str, side: str = "customer") -> str:
    role = "receives" if side == "customer" else "provides"
    readings = read(text, BY_ID[rtype], PartyIndex.build(PARTIES, side, role), "s1")
    assert readings, f"nothing read for {rtype}: {text}"
    return readings[0].keys[0]


@pytest.mark.parametrize(
    ("rtype", "text", "key"),
    [
        # direction: the same right held by either side
        (
            "termination_for_convenience",
            "The Vendor may end this Agreement for convenience on notice.",
            "them",
        ),
        (
            "termination_for_convenience",
            "The Purchaser may end this Agreement for convenience on notice.",
            "us",
        ),
        (
            "termination_for_convenience",
            "This Agreement may be terminated by the Purchaser at any time.",
            "us",
        ),
        (
            "termination_for_convenience",
            "Kestrel Widgets plc may cancel this Agreement at will, for any reason.",
            "them",
        ),
        # mutual and negated
        (
            "termination_for_convenience",
            "Each party may terminate this Agreement without cause on notice.",
            "both",
        ),
        (
            "termination_for_convenience",
            "The Vendor shall not be entitled to terminate this Agreement for convenience.",
            "not_them",
        ),
        # cause, not convenience
        (
            "termination_for_convenience",
            "The Vendor may terminate this Agreement if the Purchaser becomes insolvent.",
            "them_cause",
        ),
        (
            "termination_for_convenience",
            "The Vendor may terminate this Agreement if the Purchaser commits a material breach that it fails to remedy.",
            "them_cause_narrow",
        ),
        # polarity of a cap
        (
            "liability_cap",
            "The Vendor's aggregate liability shall not exceed the price paid.",
            "them",
        ),
        (
            "liability_cap",
            "Nothing in this Agreement limits the Vendor's liability for its negligence.",
            "not_them",
        ),
        (
            "liability_cap",
            "The Purchaser's liability under this Agreement shall be unlimited.",
            "not_us",
        ),
        # who indemnifies whom
        (
            "indemnity",
            "The Purchaser shall indemnify the Vendor against claims to the extent caused by its breach.",
            "us_narrow",
        ),
        (
            "indemnity",
            "The Vendor shall indemnify the Purchaser against all losses however caused.",
            "them_wide",
        ),
        ("indemnity", "The Purchaser shall have no obligation to indemnify the Vendor.", "not_us"),
        # restrictions: "shall not" is the clause; a permission frees
        (
            "non_compete",
            "The Purchaser shall not sell any product that competes with the Goods.",
            "us",
        ),
        ("non_compete", "The Purchaser may sell products that compete with the Goods.", "not_us"),
        ("exclusivity", "The Vendor shall supply the Goods exclusively to the Purchaser.", "them"),
        # who audits whom
        (
            "audit_rights",
            "The Purchaser shall allow the Vendor to inspect its records at any time.",
            "them_wide",
        ),
        # a waiver, and its negation
        ("dispute_waiver", "The Purchaser waives any right to a trial by jury.", "us"),
        (
            "dispute_waiver",
            "Nothing in this Agreement waives the Purchaser's right to a jury trial.",
            "not_us",
        ),
        # a disclaimer turns a warranty; "nothing excludes" turns it back
        (
            "warranty_disclaimer",
            "The Goods are supplied as is and the Vendor disclaims all implied warranties.",
            "not_them",
        ),
        (
            "warranty_disclaimer",
            "Nothing in this Agreement excludes the terms implied by statute as to quality.",
            "them",
        ),
    ],
)
def test_minimal_pairs_read_who_does_what(rtype: str, text: str, key: str) -> None:
    assert _key(rtype, text) == key


def test_the_same_clause_reads_from_the_other_side_as_the_other_relation() -> None:
    text = "The Vendor may suspend the service at any time in its sole discretion."
    assert _key("suspension", text, "customer") == "them"
    assert _key("suspension", text, "vendor") == "us"


def test_a_heading_has_no_effect() -> None:
    parties = PartyIndex.build(PARTIES, "customer", "receives")
    assert (
        read("Termination for Convenience", BY_ID["termination_for_convenience"], parties, "s")
        == []
    )


CONTRACT = """\
SUPPLY AGREEMENT
This Supply Agreement is made between Kestrel Widgets plc ("Vendor") and Osprey Retail Ltd ("Purchaser").
1. Termination
The Vendor may terminate this Agreement for convenience at any time on thirty (30) days' notice.
2. Liability
The Purchaser shall indemnify the Vendor against all losses arising in connection with this Agreement.
"""


def _review(side: str):  # type: ignore[no-untyped-def]
    doc = document_from_text(CONTRACT)
    segments = segment_document(doc)
    labels = ["Termination for Convenience", "Cap on Liability"]
    scores = np.full((len(segments), len(labels)), 0.05, dtype=np.float32)
    for i, s in enumerate(segments):
        if "terminate" in s.text:
            scores[i, 0] = 0.9
    model = ModelOutput(scores, labels, np.full(len(labels), 0.5, dtype=np.float32))
    return combine(doc, segments, model, load_playbook(), side)


def test_a_finding_says_who_can_do_what_with_the_parties_names() -> None:
    result = _review("customer")
    by_rule = {f.effect.rule: f for f in result.findings if f.effect is not None}
    tfc = by_rule["termination_for_convenience"]
    assert tfc.risk.level is RiskLevel.HIGH
    assert tfc.risk.reasons[0].text.startswith("Kestrel Widgets plc (the Vendor) may terminate")
    assert tfc.effect is not None
    assert tfc.effect.party == "them"
    assert {s.part for s in tfc.effect.evidence} >= {"party", "action", "trigger"}
    seg = result.segment(tfc.segments[0])
    for span in tfc.effect.evidence:
        assert seg.text[span.start : span.end] == span.text
    indemnity = by_rule["indemnity"]  # no CUAD label: found by its cues
    assert indemnity.risk.level is RiskLevel.HIGH
    assert (
        "Osprey Retail Ltd (the Purchaser) (our client) must indemnify"
        in indemnity.risk.reasons[0].text
    )
    data = result.to_json()
    assert data["findings"][0]["effect"]["party"] in ("us", "them")


def test_the_vendor_sees_the_same_clauses_the_other_way_round() -> None:
    result = _review("vendor")
    levels = {f.effect.rule: f.risk.level for f in result.findings if f.effect is not None}
    assert "termination_for_convenience" not in levels  # its own right: info, not a finding
    assert "indemnity" not in levels  # it is indemnified


BOOK = """\
name: Test playbook
sides:
  customer: {role: receives}
  vendor: {role: provides}
clauses:
  termination_for_convenience:
    labels: [Termination for Convenience]
    level: medium
    reason: A party may terminate.
    effect:
"""


def test_an_unknown_effect_key_is_an_error_with_its_line() -> None:
    with pytest.raises(PlaybookError, match=r"line 11: unknown effect 'theirs'"):
        parse_playbook(BOOK + "      theirs: {level: high}\n", source="t.yaml")
    with pytest.raises(PlaybookError, match=r"names '\{holdr\}'"):
        parse_playbook(BOOK + '      them: {level: high, reason: "{holdr} may"}\n', source="t.yaml")
    book = parse_playbook(BOOK + "      them_cause_narrow: low\n      not_us: none\n")
    assert set(book.clauses[0].effect) == {"them_cause_narrow", "not_us"}


@pytest.mark.slow
def test_dev_minimal_pairs_reach_the_targets() -> None:
    from contractreview_training.eval_effect import evaluate

    folder = Path(__file__).parent / "effect_pairs" / "dev"
    report = evaluate(folder, names=("effect",))["effect"]
    for side, row in report["overall"].items():
        assert row["accuracy"] >= 0.9, (side, row)
    for rtype, by_side in report["per_type"].items():
        passed = sum(c["passed"] for c in by_side.values())
        total = sum(c["pairs"] for c in by_side.values())
        assert passed / total >= 0.75, (rtype, by_side)


def test_a_reason_slot_without_words_leaves_no_empty_brackets() -> None:
    """A suspension tied to an overdue balance read without trigger words used to read "may
    suspend the service at its discretion ()."."""
    from contractreview.analysis.effect.clause_effect import Reading
    from contractreview.analysis.risk import fill_reason

    parties = PartyIndex.build(
        [{"name": "Northwind Ltd", "alias": "Supplier"}, {"name": "Acme Inc", "alias": "Customer"}],
        "customer",
        "receives",
    )
    rd = Reading("them", False, "", "", (), "Northwind Ltd (the Supplier)")
    text = fill_reason(
        "{holder} may suspend the service at its discretion ({trigger}).", rd, parties
    )
    assert text == "Northwind Ltd (the Supplier) may suspend the service at its discretion."
    rd2 = Reading("them", False, "convenience", "", (), "Northwind Ltd (the Supplier)")
    kept = fill_reason("{holder} may terminate ({other}).", rd2, parties)
    assert kept == "Northwind Ltd (the Supplier) may terminate (Acme Inc (the Customer))."  # filled
