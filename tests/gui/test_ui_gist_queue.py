"""Gists made before the click, and verified streaming, in the main window with the committed
tiny generative model (tests/fixtures/tiny_gist_model: a random model, so its gists are noise,
marked or withheld; what is tested is when they are made and what reaches the screen).

After an analysis of the sample contract the medium and high findings' gists are made in the
background, in review order; a selected finding's clause is made next; a click on a clause made
ahead of time shows its gist at once; closing the document stops the queue. The streaming test
feeds the window sentences judged by the real verifier (the random model never ends a
sentence) through the queue worker's own signal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

pytestmark = [pytest.mark.gui, pytest.mark.slow]

from contractreview.gist.prefetch import Made, Started, Streamed, text_hash  # noqa: E402
from contractreview.gist.stream import SentenceGate, Shown, Withdrawn, Written  # noqa: E402
from contractreview.paths import models_dir, sample_contract  # noqa: E402
from contractreview_ui.gist_controller import flagged_texts  # noqa: E402
from contractreview_ui.gist_view import GistState  # noqa: E402
from contractreview_ui.main_window import MainWindow  # noqa: E402

MakeWindow = Callable[..., MainWindow]

TIMEOUT_MS = 120_000
FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_gist_model"
needs_model = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file(),
    reason="models/clause_model.onnx is not installed yet: the findings need an analysis",
)


@pytest.fixture
def window(make_window):  # type: ignore[no-untyped-def]
    def make(policy: str = "mark") -> MainWindow:
        return make_window(settings={"gist_model_dir": str(FIXTURE), "gist_policy": policy})

    return make


def _events(w: MainWindow) -> list[object]:
    seen: list[object] = []
    w.gists.queue.reported.connect(seen.append)
    return seen


def _analyse(qtbot, w: MainWindow) -> list[str]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(w.analysis_finished, timeout=TIMEOUT_MS):
        w.open_path(sample_contract())
    texts: list[str] = flagged_texts(w.result)
    assert len(texts) >= 3, "the sample contract should have at least three flagged clauses"
    return texts


def _finding_of(w: MainWindow, text: str) -> str:
    return str(next(f.id for f in w.result.findings if f.quote == text))


@needs_model
def test_the_flagged_clauses_gists_are_made_in_review_order(window: MakeWindow, qtbot: Any) -> None:
    w = window()
    seen = _events(w)
    texts = _analyse(qtbot, w)
    keys = list(dict.fromkeys(text_hash(t) for t in texts))
    assert w.gists.queue.pending  # started by the analysis, nobody clicked
    qtbot.waitUntil(lambda: not w.gists.queue.pending, timeout=TIMEOUT_MS)
    made = [e.key for e in seen if isinstance(e, Made)]
    assert made == keys
    assert [e.key for e in seen if isinstance(e, Started)] == keys
    assert all(not e.cached for e in seen if isinstance(e, Made))
    assert not w.pools.jobs("gist")

    # a click on a clause made ahead of time shows its gist at once: no model run
    w.select_finding(_finding_of(w, texts[-1]))
    box = w.details.gist
    finished: list[tuple[Any, ...]] = []
    w.gist_finished.connect(lambda *a: finished.append(a))
    box.button.click()
    assert box.state in (GistState.SHOWN, GistState.WITHHELD)
    assert finished
    assert finished[0][0] == "clause"
    assert box.caption.text() == finished[0][1].label
    assert not w.pools.jobs("gist")


@needs_model
def test_the_selected_finding_jumps_the_queue(window: MakeWindow, qtbot: Any) -> None:
    w = window()
    seen = _events(w)
    texts = _analyse(qtbot, w)
    last = text_hash(texts[-1])
    w.select_finding(_finding_of(w, texts[-1]))  # selected, not clicked
    qtbot.waitUntil(lambda: not w.gists.queue.pending, timeout=TIMEOUT_MS)
    started = [e.key for e in seen if isinstance(e, Started)]
    # the queue may have begun the first clause before the selection: the selected one is next
    assert last in started[:2]
    assert started.index(last) < started.index(text_hash(texts[1]))  # ahead of review order


@needs_model
def test_a_click_while_the_background_writes_another_clause_goes_first(
    window: MakeWindow, qtbot: Any
) -> None:
    w = window()
    seen = _events(w)
    clicked: list[str] = []

    def click_the_last(event: object) -> None:
        # as soon as the queue starts its first clause, the user asks for the last one
        if isinstance(event, Started) and not clicked:
            target = flagged_texts(w.result)[-1]
            clicked.append(text_hash(target))
            w.select_finding(_finding_of(w, target))
            w.details.gist.button.click()

    w.gists.queue.reported.connect(click_the_last)
    with qtbot.waitSignal(w.gist_finished, timeout=TIMEOUT_MS) as sig:
        texts = _analyse(qtbot, w)
    assert sig.args[0] == "clause"
    first = next(e.key for e in seen if isinstance(e, Started))
    made = [e.key for e in seen if isinstance(e, Made)]
    assert made == clicked  # the clicked clause came first
    assert first != clicked[0]
    started = [e.key for e in seen if isinstance(e, Started)]
    assert started[:2] == [first, clicked[0]]  # the background one was stopped for it
    qtbot.waitUntil(lambda: not w.gists.queue.pending, timeout=TIMEOUT_MS)
    assert {e.key for e in seen if isinstance(e, Made)} == {text_hash(t) for t in texts}
    assert w.details.gist.state in (GistState.SHOWN, GistState.WITHHELD)


@needs_model
def test_closing_the_document_stops_the_queue(window: MakeWindow, qtbot: Any) -> None:
    w = window()
    seen = _events(w)
    _analyse(qtbot, w)
    qtbot.waitUntil(lambda: any(isinstance(e, Started) for e in seen), timeout=TIMEOUT_MS)
    w.close_document()
    assert not w.gists.queue.pending
    count = len(seen)
    qtbot.waitUntil(lambda: not w.pools.jobs("gist"), timeout=TIMEOUT_MS)
    assert len(seen) == count  # nothing of the closed document's gists arrives afterwards
    assert len(w.gists.queue.cache) == 0


@needs_model
def test_stop_on_the_clause_the_background_is_writing_drops_it(
    window: MakeWindow, qtbot: Any
) -> None:
    w = window()
    seen = _events(w)
    box = w.details.gist
    states: list[str] = []

    def take_over_and_stop(event: object) -> None:
        # as soon as the queue starts its first clause: select it, click, press Stop
        if isinstance(event, Started) and not states:
            text = next(t for t in flagged_texts(w.result) if text_hash(t) == event.key)
            w.select_finding(_finding_of(w, text))
            box.button.click()  # the box takes over the run in progress
            states.append(box.state)
            box.cancel_button.click()
            states.append(box.state)

    w.gists.queue.reported.connect(take_over_and_stop)
    texts = _analyse(qtbot, w)
    qtbot.waitUntil(lambda: len(states) == 2, timeout=TIMEOUT_MS)
    assert states == [GistState.RUNNING, GistState.CANCELLED]
    first = next(e.key for e in seen if isinstance(e, Started))
    qtbot.waitUntil(lambda: not w.gists.queue.pending, timeout=TIMEOUT_MS)
    made = {e.key for e in seen if isinstance(e, Made)}
    assert first not in made
    assert made == {text_hash(t) for t in texts} - {first}
    assert box.state == GistState.CANCELLED
    assert box.shown_text() == ""


CLAUSE = (
    "The Customer shall pay each invoice issued by Acme Widgets Ltd within thirty (30) days of "
    "receipt. Late payments bear interest at 5% per annum."
)


@pytest.mark.parametrize(
    ("gist", "expected"),
    [
        (
            "The Customer must pay Acme Widgets Ltd within 30 days. Late payment costs 5% a year. ",
            [
                "The Customer must pay Acme Widgets Ltd within 30 days.",
                "The Customer must pay Acme Widgets Ltd within 30 days. "
                "Late payment costs 5% a year.",
            ],
        ),
        (
            "The Customer must pay within 30 days. Late payment costs 9% a year. It is due. ",
            ["The Customer must pay within 30 days.", ""],
        ),
    ],
)
def test_streaming_shows_only_sentences_that_passed_the_check(
    window: MakeWindow, qtbot: Any, gist: str, expected: list[str]
) -> None:
    w = window()
    w.details.show_segment(_segment(CLAUSE))
    box = w.details.gist
    w.gists.queue.stop()  # nothing in the background: the window only hears the events below
    box.start()
    key = text_hash(CLAUSE)
    w.gists._watched = key  # the clause box waits for this clause, as after a click
    gate = SentenceGate(CLAUSE)
    w.gists.queue.reported.emit(Started(key, urgent=True, waiting=0))
    shown: list[str] = []
    for end in range(1, len(gist) + 1):
        event = gate.feed(gist[:end], end) or Written(end)
        w.gists.queue.reported.emit(Streamed(key, event))
        if isinstance(event, Shown | Withdrawn):
            shown.append(box.shown_text())
        else:  # between sentence ends the screen keeps the last verified text
            assert box.shown_text() == (shown[-1] if shown else "")
        assert box.state == GistState.RUNNING
    assert shown == expected


def _segment(text: str):  # type: ignore[no-untyped-def]
    from contractreview.analysis.results import Risk, RiskLevel, SegmentResult

    return SegmentResult(
        id="s00001",
        text=text,
        label="4.2",
        heading="Payment",
        block="b00001",
        start=0,
        end=len(text),
        labels=(),
        risk=Risk(RiskLevel.NONE),
    )
