"""Risk findings from explicit model scores, playbook conditions on key terms, missing clauses."""

from __future__ import annotations

import numpy as np
import pytest

from contractreview.analysis.pipeline import ModelOutput, combine
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import ReasonSource, RiskLevel
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text
from tests.test_terms import CONTRACT

LABELS = ["Cap on Liability", "Uncapped Liability", "Governing Law", "Renewal Term", "Parties"]
THRESHOLDS = np.array([0.5, 0.5, 0.5, 0.5, 0.5], dtype=np.float32)


def _review(text: str, hits: dict[str, list[str]], side: str | None = None, title: str = ""):  # type: ignore[no-untyped-def]
    """Analyse ``text`` with a score matrix that puts each label over threshold (0.9) on the
    segments containing one of the given snippets."""
    doc = document_from_text(text, title=title)
    segments = segment_document(doc)
    scores = np.full((len(segments), len(LABELS)), 0.05, dtype=np.float32)
    for label, snippets in hits.items():
        for i, seg in enumerate(segments):
            if any(s in seg.text for s in snippets):
                scores[i, LABELS.index(label)] = 0.9
    model = ModelOutput(scores, LABELS, THRESHOLDS, "explicit-scores", "0" * 64)
    return combine(doc, segments, model, load_playbook(), side), segments


def _seg_with(result, words: str):  # type: ignore[no-untyped-def]
    return next(s for s in result.segments if words in s.text)


def test_model_label_over_threshold_gives_the_playbook_reason_and_score() -> None:
    result, _ = _review(CONTRACT, {"Cap on Liability": ["aggregate liability"]}, "customer")
    seg = _seg_with(result, "aggregate liability")
    model = [r for r in seg.risk.reasons if r.source is ReasonSource.MODEL]
    assert model[0].id == "Cap on Liability"
    assert model[0].score == pytest.approx(0.9)
    assert "capped" in model[0].text
    assert model[0].position  # the firm's preferred wording travels with the reason
    assert [ls.type for ls in seg.labels] == ["Cap on Liability"]
    # the condition on the extracted cap (6 months of fees < 12) fires on the same segment
    rules = [r for r in seg.risk.reasons if r.source is ReasonSource.RULE]
    assert [r.id for r in rules] == ["low_liability_cap"]
    assert seg.risk.level is RiskLevel.HIGH
    assert result.playbook.sha256 == load_playbook().sha256


def test_side_switching_changes_levels_as_the_playbook_says() -> None:
    hits = {"Cap on Liability": ["aggregate liability"], "Uncapped Liability": ["Fees"]}
    customer, _ = _review(CONTRACT, hits, "customer")
    vendor, _ = _review(CONTRACT, hits, "vendor")
    cap_c = _seg_with(customer, "aggregate liability")
    cap_v = _seg_with(vendor, "aggregate liability")
    assert cap_c.risk.level is RiskLevel.HIGH  # customer: cap below 12 months is high
    assert cap_v.risk.level is RiskLevel.LOW  # vendor: a low cap is good news
    assert (customer.side, vendor.side) == ("customer", "vendor")


def test_conditions_on_notice_renewal_payment_and_law() -> None:
    result, _ = _review(CONTRACT, {}, "customer")
    notice = _seg_with(result, "fifteen (15) days")
    ids = {r.id for r in notice.risk.reasons}
    assert {"short_notice_period", "long_renewal"} <= ids  # 15 days < 30; 2-year renewals
    assert notice.risk.level is RiskLevel.MEDIUM
    law = _seg_with(result, "State of Texas")
    assert {r.id for r in law.risk.reasons} == {"governing_law_outside_accepted"}
    assert "(Texas)" in law.risk.reasons[0].text
    # 45-day payment terms do not exceed 60 days: no reason on that segment
    assert _seg_with(result, "forty-five").risk.level is RiskLevel.NONE
    vendor, _ = _review(CONTRACT.replace("forty-five (45)", "ninety (90)"), {}, "vendor")
    assert {r.id for r in _seg_with(vendor, "ninety").risk.reasons} == {"long_payment_terms"}


def test_accepted_governing_law_raises_nothing() -> None:
    text = CONTRACT.replace("State of Texas", "State of New York")
    result, _ = _review(text, {}, "customer")
    assert _seg_with(result, "State of New York").risk.level is RiskLevel.NONE


def test_adjacent_segments_of_one_clause_become_one_finding() -> None:
    text = (
        "SERVICES AGREEMENT\n"
        "7. LIMITATION OF LIABILITY\n"
        "Neither party's liability shall exceed the total fees paid in the twelve (12) months "
        "before the claim, and this limit applies to all claims in aggregate, whether in "
        "contract, tort or otherwise, and whatever the cause of the loss may have been. "
        "Neither party is liable for indirect loss, loss of profit or loss of data, even if "
        "it was advised of the possibility of such loss and even if the loss was foreseeable.\n"
        "8. GENERAL\n"
        "Notices must be in writing and delivered by hand or courier.\n"
    )
    result, _ = _review(text, {"Cap on Liability": ["liability shall", "liable for"]}, "customer")
    capped = [s for s in result.segments if s.risk.level is not RiskLevel.NONE]
    assert len(capped) == 2
    assert len(result.findings) == 1
    f = result.findings[0]
    assert f.segments == tuple(s.id for s in capped)
    assert f.risk.level is RiskLevel.MEDIUM
    assert f.types == ("Cap on Liability",)
    assert "indirect loss" in f.quote
    assert "twelve (12) months" in f.quote


def test_missing_clauses_per_contract_type() -> None:
    nda = (
        "MUTUAL NON-DISCLOSURE AGREEMENT\n"
        "The Receiving Party shall keep the Confidential Information of the Disclosing Party "
        "secret and shall use it only to evaluate a possible business relationship.\n"
    )
    result, _ = _review(nda, {})
    assert result.document.contract_type == "nda"
    assert result.side == "recipient"  # the playbook's default side for an NDA
    missing = {m.rule: m for m in result.missing}
    assert set(missing) == {"nda_term", "governing_law"}
    assert missing["nda_term"].level is RiskLevel.HIGH
    discloser, _ = _review(nda, {}, "discloser")
    assert {m.rule: m.level for m in discloser.missing}["nda_term"] is RiskLevel.MEDIUM

    services = "SERVICES AGREEMENT\nThe Supplier shall provide the Services described below.\n"
    result, _ = _review(services, {}, "vendor")
    rules = {m.rule for m in result.missing}
    assert {"limitation_of_liability", "governing_law", "termination"} <= rules
    assert "nda_term" not in rules
    assert "low_liability_cap" not in rules  # the missing limitation clause already says it


def test_label_without_playbook_rule_is_info_and_not_a_finding() -> None:
    result, _ = _review(CONTRACT, {"Parties": ["by and between"]}, "customer")
    seg = _seg_with(result, "by and between")
    assert seg.risk.level is RiskLevel.INFO
    assert seg.risk.reasons[0].text == "Clause type: Parties."
    assert all(seg.id not in f.segments for f in result.findings)


def test_two_labels_of_one_playbook_rule_give_one_reason_citing_the_higher_score() -> None:
    from contractreview.analysis.risk import model_reasons

    labels = ["Cap on Liability", "Limitation of liability", "Governing Law"]
    row = np.array([0.7, 0.95, 0.1], dtype=np.float32)
    reasons = model_reasons(load_playbook(), "customer", labels, row, np.full(3, 0.5))
    assert len(reasons) == 1  # both labels map to the liability_cap rule
    assert reasons[0].id == "Limitation of liability"
    assert reasons[0].score == pytest.approx(0.95)
    assert "capped" in reasons[0].text


def test_a_template_blank_shows_its_labels_but_raises_no_risk() -> None:
    """ "{general_cap_display}" in a template scores as a liability cap, but there is nothing
    written to review yet: the label is shown, no finding is raised. A written clause with a
    blank in it ("[***] per unit") is still reviewed."""
    text = (
        "SERVICES AGREEMENT\n"
        "1. Limitation of liability\n"
        "{general_cap_display}\n"
        "2. Supplier's aggregate liability shall not exceed [***] in any year.\n"
    )
    result, _ = _review(
        text, {"Cap on Liability": ["{general_cap_display}", "aggregate liability"]}, "customer"
    )
    blank = _seg_with(result, "{general_cap_display}")
    assert [ls.type for ls in blank.labels] == ["Cap on Liability"]
    assert not [r for r in blank.risk.reasons if r.source is ReasonSource.MODEL]
    written = _seg_with(result, "aggregate liability")
    assert [r.id for r in written.risk.reasons if r.source is ReasonSource.MODEL] == [
        "Cap on Liability"
    ]


def test_a_short_notice_to_terminate_for_convenience_is_raised() -> None:
    text = (
        "SERVICES AGREEMENT\n"
        "1. Supplier may terminate this Agreement for convenience by giving Customer ten (10) "
        "days' written notice.\n"
    )
    result, _ = _review(text, {}, "customer")
    seg = _seg_with(result, "for convenience")
    rules = {r.id: r for r in seg.risk.reasons if r.source is ReasonSource.RULE}
    assert set(rules) == {"termination_for_convenience", "short_convenience_notice"}
    assert rules["short_convenience_notice"].level is RiskLevel.MEDIUM
    # the right is the other side's: read from the clause, not only from its type
    held = rules["termination_for_convenience"]
    assert held.effect is not None
    assert held.effect.party == "them"
    assert held.level is RiskLevel.HIGH
    # held by our client, neither the right nor its short notice is a risk
    vendor, _ = _review(text, {}, "vendor")
    seg = _seg_with(vendor, "for convenience")
    assert seg.risk.level is RiskLevel.INFO
    assert not vendor.findings
