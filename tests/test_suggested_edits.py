"""Suggested edits from the shipped playbook's wording: the exact span, side-aware, with slots
filled from the contract; the playbook's slot errors; the ``edits`` command's output."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from contractreview.analysis.edits.model import EditDecision, EditOption, SuggestedEdit
from contractreview.analysis.edits.slots import fill_slots, slot_problem
from contractreview.analysis.edits.suggest import suggest_edits
from contractreview.analysis.edits.wording import NUMBER_PHRASE, number_words, render_value
from contractreview.analysis.playbook import Playbook, load_playbook, parse_playbook
from contractreview.analysis.results import (
    AnalysisResult,
    ClauseEffect,
    DocumentInfo,
    Finding,
    MissingClause,
    NamedHash,
    Reason,
    ReasonSource,
    Risk,
    RiskLevel,
    SegmentResult,
    Term,
)
from contractreview.cli.edits import print_edits
from contractreview.errors import PlaybookError

PARTIES = Term(
    "parties",
    'Northwind Ltd ("Supplier")',
    [{"name": "Northwind Ltd", "alias": "Supplier"}, {"name": "Harbor Inc", "alias": "Customer"}],
    0.9,
    "s0",
    0,
    10,
)
PREAMBLE = (
    'This Agreement is made between Northwind Ltd ("Supplier") and Harbor Inc ("Customer"), '
    'each a "Party".'
)


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook()


def seg(sid: str, text: str, heading: str = "", block: int | None = None) -> SegmentResult:
    n = block if block is not None else int(sid[1:])
    return SegmentResult(sid, text, None, heading, f"document:{n}", 0, len(text), (),
                         Risk(RiskLevel.NONE))  # fmt: skip


def effect(rule: str, party: str, action: str = "right", **kw: object) -> ClauseEffect:
    holder = {"them": "Northwind Ltd (the Supplier)", "us": "Harbor Inc (the Customer)"}
    return ClauseEffect(rule, party, holder.get(party, "Either party"), action, **kw)  # type: ignore[arg-type]


def finding(s: SegmentResult, *reasons: Reason) -> Finding:
    level = max((r.level for r in reasons), key=lambda lv: lv.rank)
    return Finding(f"f-{s.id}", (s.id,), tuple(r.id for r in reasons), Risk(level, reasons),
                   s.text, next((r.effect for r in reasons if r.effect), None))  # fmt: skip


def model_reason(label: str, eff: ClauseEffect | None, level: RiskLevel = RiskLevel.HIGH) -> Reason:
    return Reason(ReasonSource.MODEL, label, "A reason.", 0.9, level, effect=eff)


def suggest(
    playbook: Playbook, side: str, segments: list[SegmentResult], findings: list[Finding],
    missing: tuple[MissingClause, ...] = (), terms: tuple[Term, ...] = (PARTIES,),
) -> tuple[SuggestedEdit, ...]:  # fmt: skip
    return suggest_edits(playbook, side, segments=[seg("s0", PREAMBLE), *segments],
                         findings=findings, missing=missing, terms=terms)  # fmt: skip


# -- values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "new"),
    [
        ("ten (10) days", "ninety (90) days"),
        ("10 days", "90 days"),
        ("Ten (10) Days", "Ninety (90) Days"),
        ("TEN (10) DAYS", "NINETY (90) Days"),
    ],
)
def test_a_short_notice_becomes_the_position_in_the_contract_style(
    playbook: Playbook, words: str, new: str
) -> None:
    text = f"Supplier may terminate this Agreement for convenience on {words}' written notice."
    s = seg("s1", text)
    start = text.index(words)
    notice = Term("termination_notice", words, {"days": 10}, 0.9, "s1", start, start + len(words))
    reason = Reason(ReasonSource.RULE, "short_convenience_notice", "Short notice.", None,
                    RiskLevel.MEDIUM)  # fmt: skip
    edits = suggest(playbook, "customer", [s], [finding(s, reason)], terms=(PARTIES, notice))
    value = next(e for e in edits if e.kind == "replace_value")
    assert value.old_text == words
    assert (value.start, value.end) == (start, start + len(words))
    assert value.options[0] == EditOption("Position", new)
    assert [o.label for o in value.options] == ["Position", "Fallback 1", "Fallback 2"]
    assert value.finding_id == "f-s1"
    assert value.id == "e-s1-short_convenience_notice"


def test_number_words_and_units() -> None:
    assert number_words(45) == "forty-five"
    assert number_words(100) == "one hundred"
    assert number_words(365) == "three hundred and sixty-five"
    m = NUMBER_PHRASE.search("within two (2) years")
    assert m is not None
    assert render_value(12, "months", m) == "twelve (12) months"
    assert render_value(1, "years", m) == "one (1) year"


# -- side-aware clause edits ----------------------------------------------------------------------

TFC = "Supplier may terminate this Agreement for convenience at any time by written notice."


def test_no_edit_for_a_clause_that_favours_the_side_we_act_for(playbook: Playbook) -> None:
    s = seg("s1", TFC)
    theirs = model_reason(
        "Termination for Convenience",
        effect("termination_for_convenience", "them", trigger="convenience"),
    )
    edits = suggest(playbook, "customer", [s], [finding(s, theirs)])
    assert [e.kind for e in edits] == ["replace_clause"]
    assert edits[0].options[0].text.startswith("Either Party may terminate this Agreement")
    assert (edits[0].start, edits[0].end) == (0, len(TFC))
    # the same right held by the side we act for: no edit
    ours = model_reason("Termination for Convenience",
                        effect("termination_for_convenience", "us", trigger="convenience"),
                        RiskLevel.LOW)  # fmt: skip
    assert suggest(playbook, "vendor", [s], [finding(s, ours)]) == ()


def test_a_one_sided_indemnity_is_made_mutual(playbook: Playbook) -> None:
    text = ("Customer shall indemnify Supplier against all claims arising from Customer Data, "
            "and Customer shall pay Supplier's costs.")  # fmt: skip
    s = seg("s1", text)
    reason = model_reason("indemnity", effect("indemnity", "us", "obligation"), RiskLevel.MEDIUM)
    edits = suggest(playbook, "customer", [s, seg("s2", "Each Party shall act in good faith.")],
                    [finding(s, reason)])  # fmt: skip
    edit = next(e for e in edits if e.kind == "make_mutual")
    assert edit.options[0].text == (
        "Each Party shall indemnify the other Party against all claims arising from Customer "
        "Data, and that Party shall pay the other Party's costs."
    )
    assert edit.options[1].label == "Fallback 1"


def test_a_discretion_phrase_is_deleted_with_its_space(playbook: Playbook) -> None:
    text = "Supplier may modify the services from time to time at its sole discretion, on notice."
    s = seg("s1", text)
    reason = model_reason("Unilateral change", effect("unilateral_change", "them"))
    edit = suggest(playbook, "customer", [s], [finding(s, reason)])[0]
    assert edit.kind == "delete"
    assert edit.old_text == " at its sole discretion"
    assert edit.options[0].text == ""
    assert edit.options[1].text.startswith(" acting reasonably")
    assert text[: edit.start] + text[edit.end :] == (
        "Supplier may modify the services from time to time, on notice."
    )


def test_an_option_whose_slot_the_contract_lacks_is_not_offered(playbook: Playbook) -> None:
    text = "The Supplier's total liability shall not exceed the fees paid in the three (3) months."
    s = seg("s1", text)
    reason = model_reason("Cap on Liability", effect("liability_cap", "both", "limit"),
                          RiskLevel.MEDIUM)  # fmt: skip
    without = suggest(playbook, "customer", [s], [finding(s, reason)])[0]
    cap = Term("liability_cap", "three (3) months", {"months_of_fees": 3}, 0.9, "s1", 70, 86)
    with_cap = suggest(playbook, "customer", [s], [finding(s, reason)], terms=(PARTIES, cap))[0]
    assert len(with_cap.options) == len(without.options) + 1
    assert any("in the 3 months before" in o.text for o in with_cap.options)


# -- missing clauses ------------------------------------------------------------------------------


def test_a_missing_clause_goes_after_its_section_else_before_the_signatures(
    playbook: Playbook,
) -> None:
    body = [
        seg("s1", "The Supplier shall provide the services described in the order form.",
            "1. Services"),
        seg("s2", "Each notice shall be given in writing to the address of the other party.",
            "9. General"),
        seg("s3", "This Agreement is the entire agreement of the parties on its subject.",
            "9. General"),
        seg("s4", "IN WITNESS WHEREOF the parties have signed this Agreement."),
    ]  # fmt: skip
    law = MissingClause("Governing law", RiskLevel.MEDIUM, "No governing law.", "governing_law")
    edit = suggest(playbook, "customer", body, [], (law,))[0]
    assert edit.kind == "insert_clause"
    assert edit.segment_id == "s3"
    assert edit.start == edit.end == len(body[2].text)
    assert edit.finding_id is None
    assert edit.options[0].text.startswith("Governing law. This Agreement")
    cap = MissingClause("Limitation of liability", RiskLevel.HIGH, "None.",
                        "limitation_of_liability")  # fmt: skip
    edit = suggest(playbook, "customer", body, [], (cap,))[0]
    assert edit.segment_id == "s3", "no liability section: before the signature block"


# -- the playbook's wording and slots -------------------------------------------------------------

BASE = """name: test
sides:
  customer: {role: receives}
  vendor: {role: provides}
clauses:
  termination_for_convenience:
    labels: [Termination for Convenience]
    level: medium
    reason: A party may terminate.
    edit:
      kind: replace_clause
      position: "%s"
"""


def test_the_shipped_playbook_has_wording_for_every_clause_it_raises(playbook: Playbook) -> None:
    for rule in (*playbook.clauses, *playbook.conditions, *playbook.missing):
        raised = any(lv.rank >= RiskLevel.LOW.rank for lv in rule.levels.values())
        if raised:
            assert rule.edits, f"{rule.id} has no wording"
        for spec in rule.edits:
            for text in (spec.position, *spec.fallbacks):
                assert slot_problem(text) is None


@pytest.mark.parametrize(
    ("wording", "problem"),
    [
        (
            "{counterparty} may terminate on {notice_day} days' notice.",
            "unknown slot '{notice_day}'",
        ),
        ("{counterparty may terminate.", "a brace without its pair"),
        ("{Counter Party} may terminate.", "'{Counter Party}' is not a slot"),
        ("{} may terminate.", "'{}' is not a slot"),
    ],
)
def test_a_bad_slot_is_an_error_with_its_line(wording: str, problem: str) -> None:
    with pytest.raises(PlaybookError, match=r"test\.yaml, line 12: .*") as err:
        parse_playbook(BASE % wording, source="test.yaml")
    assert problem in str(err.value)


def test_bad_edit_settings_are_errors_with_their_line() -> None:
    text = BASE % "Either {party} may terminate."
    with pytest.raises(PlaybookError, match=r"line 11: .*kind 'rewrite' is not one of"):
        parse_playbook(text.replace("kind: replace_clause", "kind: rewrite"), source="t")
    with pytest.raises(PlaybookError, match=r"line 12: .*'when' names 'theirs'"):
        parse_playbook(text.replace('      position', "      when: [theirs]\n      position"),
                       source="t")  # fmt: skip
    with pytest.raises(PlaybookError, match=r"names 'buyer', which is not a side or role"):
        parse_playbook(text.replace('      position', "      sides: [buyer]\n      position"),
                       source="t")  # fmt: skip


def test_slots_fill_from_the_contract() -> None:
    values = {"counterparty": "Supplier", "us": "the Customer", "party": "Party"}
    assert fill_slots("{counterparty} shall notify {us}.", values) == (
        "Supplier shall notify the Customer."
    )
    assert fill_slots("within {notice_days} days", values) is None


# -- decisions and the edits command --------------------------------------------------------------


def test_a_decision_gives_the_chosen_option_or_the_lawyer_s_text() -> None:
    edit = SuggestedEdit("e-1", None, "x", "replace_value", "s1", 0, 3, "ten",
                         (EditOption("Position", "ninety"), EditOption("Fallback 1", "sixty")),
                         "Why.")  # fmt: skip
    assert EditDecision("e-1", "accepted").new_text(edit) == "ninety"
    assert EditDecision("e-1", "accepted", option=1).new_text(edit) == "sixty"
    assert EditDecision("e-1", "accepted", option=1, text="forty").new_text(edit) == "forty"


def test_the_edits_command_shows_before_and_after(playbook: Playbook) -> None:
    s = seg("s1", TFC)
    reason = model_reason(
        "Termination for Convenience",
        effect("termination_for_convenience", "them", trigger="convenience"),
    )
    edits = suggest(playbook, "customer", [s], [finding(s, reason)])
    result = AnalysisResult(
        DocumentInfo("c.docx", "0" * 64, "Services Agreement", "services", 10),
        NamedHash("m", "0"), NamedHash("p", "0"), "customer", (seg("s0", PREAMBLE), s),
        (), (), (PARTIES,), edits=edits,
    )  # fmt: skip
    out = io.StringIO()
    print_edits(result, out)
    text = out.getvalue()
    assert "1 suggested edits" in text
    assert f"Before: [{TFC}]" in text
    assert re.search(r"After \(Position\): \[Either Party may terminate", text)
    assert "edits" in result.to_json()
    assert result.to_json()["edits"][0]["options"][0]["label"] == "Position"


def test_export_asks_for_accept_before_the_analysis(tmp_path: Path) -> None:
    from docx_builder import build_docx, p

    src = build_docx(tmp_path / "c.docx", [p("A contract.")])
    for extra, message in (
        ([], "add --accept all"),
        (["--accept", "all", "--format", "nonsense"], "Unknown format 'nonsense'"),
    ):
        fmt = [] if "--format" in extra else ["--format", "tracked-docx"]
        done = subprocess.run(
            [sys.executable, "-m", "contractreview", "export", str(src), "-o",
             str(tmp_path / "o.docx"), *fmt, *extra],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 2
        assert message in done.stderr
