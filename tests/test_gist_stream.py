"""Verified streaming: a gist is shown sentence by sentence, each sentence only once it is
complete and the text so far passes the verifier; a failing sentence withdraws what was shown.
Hand-written gists fed as a model feeds them (a few characters at a time), then the engine's
``checked()`` on the committed tiny model."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractreview.gist.engine import GistEngine, GistPolicy
from contractreview.gist.stream import (
    SentenceGate,
    Shown,
    Withdrawn,
    Written,
    complete_length,
    sentence_ends,
)

CLAUSE = (
    "The Customer shall pay each invoice issued by Acme Widgets Ltd (the \u201cSupplier\u201d) "
    "within thirty (30) days of receipt. Late payments bear interest at 5% per annum, "
    "provided that the Supplier has sent a reminder."
)
FIXTURE = Path(__file__).parent / "fixtures" / "tiny_gist_model"


def feed_in_pieces(
    gate: SentenceGate, text: str, size: int = 3
) -> list[tuple[str, Shown | Withdrawn]]:
    """Feed ``text`` growing by ``size`` characters; (text so far, event) for each event."""
    out = []
    for end in range(size, len(text) + size, size):
        event = gate.feed(text[:end])
        if event is not None:
            out.append((text[:end], event))
    return out


def test_sentence_ends_need_the_space_after_the_full_stop() -> None:
    assert complete_length("The fee is 5.") == 0  # "5." may be "5.2"
    assert complete_length("The fee is 5.2 units. Then") == len("The fee is 5.2 units.")
    assert sentence_ends("Pay it, e.g. by wire. Or not. ") == [21, 29]
    assert complete_length('He said "stop." And') == len('He said "stop."')
    assert complete_length("no end yet") == 0


def test_verified_sentences_appear_one_by_one_and_only_when_complete() -> None:
    gist = (
        "The Customer must pay Acme Widgets Ltd within 30 days. "
        "Late payment costs 5% a year, but only if the Supplier sent a reminder. "
    )
    gate = SentenceGate(CLAUSE)
    events = feed_in_pieces(gate, gist)
    shown = [e for _t, e in events if isinstance(e, Shown)]
    assert [e.text for e in shown] == [
        "The Customer must pay Acme Widgets Ltd within 30 days.",
        gist.strip(),
    ]
    assert [e.sentences for e in shown] == [1, 2]
    # nothing was shown before its sentence had ended
    for so_far, event in events:
        assert isinstance(event, Shown)
        assert so_far.startswith(event.text)
        assert len(so_far) > len(event.text)
    assert not gate.withdrawn


def test_a_sentence_with_a_fact_the_clause_does_not_state_withdraws_the_gist() -> None:
    gist = (
        "The Customer must pay within 30 days. Late payment costs 8% a year. "
        "The Supplier must send a reminder first. "
    )
    gate = SentenceGate(CLAUSE)
    events = [e for _t, e in feed_in_pieces(gate, gist)]
    assert isinstance(events[0], Shown)
    assert events[0].text == "The Customer must pay within 30 days."
    assert isinstance(events[1], Withdrawn)
    assert "8%" in events[1].reason
    assert len(events) == 2  # nothing more is shown after a withdrawal, even a true sentence
    assert gate.shown == ""
    assert gate.withdrawn


def test_the_wrong_actor_withdraws_like_a_wrong_figure() -> None:
    clause = "The Supplier may terminate this Agreement on ten (10) days' notice to the Customer."
    gate = SentenceGate(clause)
    event = gate.feed("The Customer may terminate on 10 days' notice. ")
    assert isinstance(event, Withdrawn)
    assert "Customer" in event.reason


def test_names_known_from_the_contract_pass_in_a_streamed_sentence() -> None:
    gate = SentenceGate("The Licensee shall pay the royalty.", known_names=["Globex Corporation"])
    assert isinstance(gate.feed("Globex Corporation pays the royalty. "), Shown)
    other = SentenceGate("The Licensee shall pay the royalty.")
    assert isinstance(other.feed("Globex Corporation pays the royalty. "), Withdrawn)


@pytest.mark.parametrize("policy", [GistPolicy.MARK, GistPolicy.WITHHOLD])
def test_checked_run_ends_with_the_same_gist_as_a_plain_run(policy: GistPolicy) -> None:
    engine = GistEngine(FIXTURE, policy=policy, max_new_tokens=24)
    plain = engine.gist_clause(CLAUSE).wait()
    run = engine.gist_clause(CLAUSE)
    events = list(run.checked())
    assert events, "no progress"
    assert all(isinstance(e, Written | Shown | Withdrawn) for e in events)
    counts = [e.tokens for e in events]
    assert counts == sorted(counts)
    assert counts[-1] == len(run.generation.token_ids)
    # the random model writes no finished sentence, so nothing may have been shown early
    assert not any(isinstance(e, Shown) for e in events)
    assert run.result.text == plain.text
    assert run.result.status == plain.status
    assert run.result.display_text == plain.display_text
