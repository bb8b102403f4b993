"""A list item in a paragraph of its own is read with its lead-in: "Vendor may, at its option:"
/ "(b) terminate this Agreement for any reason" is the Vendor's right to terminate for
convenience, raised for the customer; the same list under "Customer may, at its option:" is our
client's right and raises nothing. Minimal pairs of our own wording, through the whole analysis
(the shipped clause model included), with the item labelled as typed text and as Word numbering
would leave it (the label outside the text)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from contractreview.analysis.effect.list_context import back_on_segments, continues, with_lead_in
from contractreview.analysis.pipeline import analyze
from contractreview.analysis.results import (
    AnalysisResult,
    ClauseEffect,
    EffectSpan,
    Reason,
    ReasonSource,
    RiskLevel,
)
from contractreview.analysis.segmenter import Segment

PREAMBLE = (
    'This Agreement is made between Harbour Analytics Ltd ("Vendor") and Quill Retail plc '
    '("Customer").'
)


def _review(tmp_path: Path, holder: str) -> AnalysisResult:
    path = tmp_path / f"{holder}.docx"
    d = docx.Document()
    d.add_paragraph(PREAMBLE)
    d.add_paragraph("1. Termination")
    d.add_paragraph(f"1.1 {holder} may, at its option and at any time:")
    d.add_paragraph("(a) suspend the Services for any reason; or")
    d.add_paragraph("(b) terminate this Agreement for any reason or no reason.")
    d.add_paragraph("2. Law")
    d.add_paragraph("2.1 This Agreement is governed by the laws of England.")
    d.save(str(path))
    result = None
    for event in analyze(path, side="customer"):
        result = event
    assert isinstance(result, AnalysisResult)
    return result


def _item(result: AnalysisResult, ref: str) -> tuple[RiskLevel, set[str]]:
    seg = next(s for s in result.segments if s.ref == ref)
    return seg.risk.level, {r.effect.party for r in seg.risk.reasons if r.effect is not None}


@pytest.mark.slow
def test_an_item_takes_its_holder_from_the_lead_in(tmp_path: Path) -> None:
    theirs, ours = _review(tmp_path, "Vendor"), _review(tmp_path, "Customer")
    for ref in ("1.1(a)", "1.1(b)"):  # suspension, termination: the Vendor's, at will
        level, parties = _item(theirs, ref)
        assert level is RiskLevel.HIGH
        assert parties == {"them"}
        level, parties = _item(ours, ref)
        assert level.rank <= RiskLevel.INFO.rank
        assert "them" not in parties


def _seg(sid: str, text: str, label: str | None, heading: str = "1. Termination") -> Segment:
    return Segment(id=sid, text=text, label=label, heading=heading, block="b", start=0,
                   end=len(text))  # fmt: skip


def test_only_items_under_the_same_heading_continue_a_list() -> None:
    lead = _seg("s1", "Vendor may:", "1.1")
    assert continues(lead, _seg("s2", "terminate this Agreement.", "(b)"))
    assert not continues(lead, _seg("s2", "terminate this Agreement.", "1.2"))
    assert not continues(lead, _seg("s2", "terminate.", "(b)", heading="2. Law"))
    assert not continues(None, _seg("s2", "terminate this Agreement.", "(b)"))


def test_the_evidence_goes_back_to_the_segment_it_lies_in() -> None:
    lead = _seg("s1", "Vendor may:", "1.1")
    item = _seg("s2", "terminate this Agreement.", "(b)")
    text, offset = with_lead_in(lead, item)
    assert text == "Vendor may: (a) terminate this Agreement."
    assert text[offset:] == item.text
    spans = (
        EffectSpan("party", "s2", 0, 6, "Vendor"),
        EffectSpan("action", "s2", offset, offset + 9, "terminate"),
    )
    effect = ClauseEffect(rule="termination_for_convenience", party="them", holder="Vendor",
                          action="right", negated=False, mutual=False, trigger="", scope="",
                          summary="", evidence=spans)  # fmt: skip
    (reason,) = back_on_segments([Reason(ReasonSource.RULE, "x", "t", effect=effect)], lead,
                                 item, offset)  # fmt: skip
    assert reason.effect is not None
    party, action = reason.effect.evidence
    assert (party.segment, party.start, lead.text[party.start : party.end]) == ("s1", 0, "Vendor")
    assert (action.segment, item.text[action.start : action.end]) == ("s2", "terminate")
