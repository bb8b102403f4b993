"""Operative text or not (contractreview.analysis.operative): every cue's examples and
counter-examples, minimal pairs of a heading/note and the clause it names, and the dev half of
the hand-written pair set (tests/effect_pairs/dev: every clause of a pair is operative, every
inert text is not)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contractreview.analysis.operative import CUES, TextKind, cue_kind, text_kind

PAIRS_DEV = Path(__file__).parent / "effect_pairs" / "dev"

_CASES = [(cue.name, cue_kind(cue), text, True) for cue in CUES for text in cue.examples] + [
    (cue.name, cue_kind(cue), text, False) for cue in CUES for text in cue.counter_examples
]


@pytest.mark.parametrize(("cue", "kind", "text", "matches"), _CASES)
def test_cue_examples(cue: str, kind: TextKind, text: str, matches: bool) -> None:
    got = text_kind(text)
    if matches:
        assert got is kind, f"{cue}: {text!r} read as {got}"
    else:
        assert got is not kind, f"{cue}: counter-example {text!r} read as {got}"


def test_every_cue_has_examples_both_ways() -> None:
    for cue in CUES:
        assert cue.examples, cue.name
        assert cue.counter_examples, cue.name


@pytest.mark.parametrize(
    ("inert", "clause"),
    [
        ("Insurance Minimums", "The Supplier shall maintain insurance of at least $1,000,000."),
        ("12. Limitation of Liability", "12.1 Neither party's liability shall exceed the fees."),
        ("ARTICLE VII – INDEMNIFICATION", "The Supplier shall indemnify the Customer."),
        ("Termination for Convenience", "The Customer may terminate this Agreement at any time."),
        ("☐ Cyber liability", "☒ Cyber liability"),
        ("[e.g., 30 days]", "Invoices are payable within 30 days."),
        ("Sections 5, 7.2, 9 and 12; Schedule 2.", "Sections 5, 7.2, 9 and 12 shall survive."),
        ("WHEREAS, the Supplier provides hosting services;", "The Supplier shall host the data."),
        ('"Change of Control" means the acquisition of control.', "Either party may terminate on "
         "a Change of Control of the other."),
        ("We've written these terms in plain English.", "We may change these terms at any time."),
        ("Name: ____________", "The Customer shall name a project manager."),
    ],
)  # fmt: skip
def test_minimal_pairs(inert: str, clause: str) -> None:
    assert text_kind(inert) is not TextKind.OPERATIVE, inert
    assert text_kind(clause) is TextKind.OPERATIVE, clause


def test_styled_heading_is_a_heading() -> None:
    assert text_kind("Payment", is_heading=True) is TextKind.HEADING
    # a long paragraph styled as a heading is still read
    long = "The Customer shall pay every invoice within thirty days of receipt " * 4
    assert text_kind(long, is_heading=True) is TextKind.OPERATIVE
    # a clause set in a heading style (run-in headings, badly styled templates) is a clause
    short = "Either party may terminate on written mutual consent."
    assert text_kind(short, is_heading=True) is TextKind.OPERATIVE


def _dev_files() -> list[Path]:
    return sorted(PAIRS_DEV.glob("*.yaml"))


@pytest.mark.skipif(not PAIRS_DEV.is_dir(), reason="tests/effect_pairs/dev is absent")
def test_dev_pair_clauses_are_operative() -> None:
    wrong = []
    for path in _dev_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for pair in data.get("pairs", []):
            for side in ("a", "b"):
                if text_kind(pair[side]) is not TextKind.OPERATIVE:
                    wrong.append((pair["id"], side, pair[side]))
    assert not wrong, wrong


@pytest.mark.skipif(not (PAIRS_DEV / "inert.yaml").is_file(), reason="no dev inert set")
def test_dev_inert_texts_are_not_operative() -> None:
    data = yaml.safe_load((PAIRS_DEV / "inert.yaml").read_text(encoding="utf-8"))
    wrong = [t for t in data["texts"] if text_kind(t["text"]) is TextKind.OPERATIVE]
    share = 1 - len(wrong) / len(data["texts"])
    assert share >= 0.95, (share, wrong)
