"""Names a lawyer reads: one display name for every model label and playbook rule, clause
references instead of list labels, and what a risk level rests on."""

from __future__ import annotations

import json

import pytest

from contractreview.analysis.labels import (
    RULE_NAMES,
    TYPE_NAMES,
    clause_label,
    level_basis,
    segment_label,
    type_name,
    type_names,
)
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import (
    AnalysisResult,
    DocumentInfo,
    Finding,
    NamedHash,
    Reason,
    ReasonSource,
    Risk,
    RiskLevel,
    SegmentResult,
)
from contractreview.paths import models_dir


def _model_labels() -> list[str]:
    path = models_dir() / "labels.json"
    if not path.is_file():
        pytest.skip("the clause model is not installed")
    return [label["id"] for label in json.loads(path.read_text())["labels"]]


def test_every_model_label_has_a_lawyers_name() -> None:
    labels = _model_labels()
    assert len(labels) == 49  # CUAD 41 + UNFAIR-ToS 8
    assert set(labels) <= set(TYPE_NAMES)
    assert type_name("Rofr/Rofo/Rofn") == "Right of first refusal / offer / negotiation"
    assert type_name("Competitive Restriction Exception") != "Competitive Restriction Exception"
    for label in labels:
        name = type_name(label)
        assert "/" not in name or label == "Rofr/Rofo/Rofn", name
        assert name[:1].isupper()


def test_every_playbook_rule_has_a_lawyers_name() -> None:
    book = load_playbook(None)
    ids = (
        [r.id for r in book.clauses]
        + [c.id for c in book.conditions]
        + [m.id for m in book.missing]
    )
    assert set(ids) <= set(RULE_NAMES)
    for rule_id in ids:
        assert "_" not in type_name(rule_id)
    assert (
        type_name("governing_law_outside_accepted") == "Governing law the firm does not advise on"
    )
    assert type_name("firm_specific_rule") == "Firm specific rule"  # never the raw id
    assert type_names(["Cap on Liability", "liability_cap", "Cap on Liability"]) == (
        "Cap on liability, Liability cap"
    )


def test_the_level_says_what_it_rests_on() -> None:
    model = Reason(
        ReasonSource.MODEL, "Termination for Convenience", "A party may end it.", 0.31,
        RiskLevel.MEDIUM,
    )  # fmt: skip
    rule = Reason(ReasonSource.RULE, "short_notice_period", "Short notice (10 days)", None,
                  RiskLevel.MEDIUM)  # fmt: skip
    plain = Reason(ReasonSource.MODEL, "Governing Law", "Clause type: Governing Law.", 0.88)
    assert level_basis(model) == (
        "Medium — playbook: Termination for convenience (model confidence 31%)"
    )
    assert level_basis(rule) == "Medium — playbook: Short notice period"
    assert level_basis(plain) == (
        "For information — clause type found by the model (confidence 88%), no playbook rule"
    )


def _seg(sid: str, label: str | None, heading: str, ref: str = "") -> SegmentResult:
    return SegmentResult(
        sid, "text", label, heading, "document:0", 0, 4, (), Risk(RiskLevel.NONE), ref
    )


def test_clause_label_is_the_reference() -> None:
    segs = (
        _seg("s1", "(a)", "9. Liability > 9.1 Cap", "9.1(a)"),
        _seg("s2", "☐", "Order Form"),
        _seg("s3", None, ""),
    )
    result = AnalysisResult(
        DocumentInfo("x.docx", "0" * 64, "MSA", "services", 10), NamedHash("m", ""),
        NamedHash("p", ""), "customer", segs, (), (), (),
    )  # fmt: skip

    def finding(*sids: str) -> Finding:
        return Finding(
            "f",
            sids,
            (),
            Risk(RiskLevel.LOW),
            "Either party may terminate this Agreement at any time",
        )

    assert clause_label(result, finding("s1")) == "9.1(a)"
    assert clause_label(result, finding("s2")) == "Order Form"  # a tick box names nothing
    assert clause_label(result, finding("s3", "s1")) == "9.1(a)"
    assert clause_label(result, finding("s3")) == "Either party may terminate this Agreement…"
    assert clause_label(None, finding("s1")) == "Either party may terminate this Agreement…"
    assert segment_label(_seg("s4", "12.3", "12. Fees")) == "12.3"  # results without refs
    assert [s["ref"] for s in result.to_json()["segments"]] == ["9.1(a)", "", ""]
