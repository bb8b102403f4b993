"""Gists made ahead of time (contractreview.gist.prefetch) on the committed tiny model: the
queue is drained in order, a clause the user asks for jumps the queue and stops the background
one (which goes back in line), a stopped clause is dropped, other model work makes the
generator give the model back, and made gists come from the bounded cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from contractreview.errors import CancelledError
from contractreview.gist.engine import GistEngine
from contractreview.gist.prefetch import (
    GistCache,
    GistItem,
    GistQueue,
    Made,
    Preempted,
    Started,
    Streamed,
    cache_key,
    make_gists,
    text_hash,
)

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_gist_model"
CLAUSES = [
    "The Customer shall pay each invoice within thirty (30) days of receipt.",
    "Either party may terminate this Agreement on ninety (90) days' written notice.",
    "The Supplier's total liability shall not exceed the fees paid in the last 12 months.",
]


@pytest.fixture(scope="module")
def engine() -> GistEngine:
    return GistEngine(FIXTURE, max_new_tokens=12)


def never() -> bool:
    return False


def summary(events: Sequence[object]) -> list[tuple[str, int]]:
    """(event kind, clause number) for every event but the streamed ones."""
    index = {text_hash(c): n for n, c in enumerate(CLAUSES)}
    return [
        (type(e).__name__, index[e.key])  # type: ignore[attr-defined]
        for e in events
        if not isinstance(e, Streamed)
    ]


def test_the_queue_is_drained_in_order_and_each_gist_cached(engine: GistEngine) -> None:
    queue = GistQueue(GistItem(c) for c in CLAUSES)
    cache = GistCache()
    events = list(make_gists(engine, queue, cache, never, known_names=["Acme"]))
    assert summary(events) == [
        ("Started", 0), ("Made", 0), ("Started", 1), ("Made", 1), ("Started", 2), ("Made", 2),
    ]  # fmt: skip
    made = [e for e in events if isinstance(e, Made)]
    assert all(not e.cached for e in made)
    assert any(isinstance(e, Streamed) for e in events)
    assert len(cache) == 3
    assert len(queue) == 0
    assert cache.get(cache_key(engine, CLAUSES[1], ["Acme"])) is made[1].gist
    # the same clause again: from the cache, no model run
    queue.extend([GistItem(CLAUSES[1])])
    again = list(make_gists(engine, queue, cache, never, known_names=["Acme"]))
    assert len(again) == 1
    assert isinstance(again[0], Made)
    assert again[0].cached
    assert again[0].gist is made[1].gist
    # other names check the gist differently: not the same cache entry
    assert cache.get(cache_key(engine, CLAUSES[1], ["Globex"])) is None


def test_a_clause_the_user_asks_for_jumps_the_queue(engine: GistEngine) -> None:
    queue = GistQueue(GistItem(c) for c in CLAUSES[:2])
    events: list[object] = []
    asked = False
    for event in make_gists(engine, queue, GistCache(), never):
        events.append(event)
        if isinstance(event, Streamed) and not asked:
            asked = True  # the user clicks while clause 0 is being written in the background
            queue.urgent(GistItem(CLAUSES[2], background=False))
    assert summary(events) == [
        ("Started", 0), ("Preempted", 0),  # stopped for the user's clause, put back
        ("Started", 2), ("Made", 2),
        ("Started", 0), ("Made", 0), ("Started", 1), ("Made", 1),
    ]  # fmt: skip
    started = [e for e in events if isinstance(e, Started)]
    assert [e.urgent for e in started] == [False, True, False, False]
    preempted = next(e for e in events if isinstance(e, Preempted))
    assert preempted.requeued


def test_selecting_a_finding_promotes_its_clause() -> None:
    queue = GistQueue(GistItem(c) for c in CLAUSES)
    assert queue.promote(text_hash(CLAUSES[2]))
    assert queue.keys() == [text_hash(CLAUSES[i]) for i in (2, 0, 1)]
    assert not queue.promote(text_hash("not queued"))


def test_a_stopped_clause_is_dropped_not_requeued(engine: GistEngine) -> None:
    queue = GistQueue(GistItem(c) for c in CLAUSES[:2])
    events: list[object] = []
    for event in make_gists(engine, queue, GistCache(), never):
        events.append(event)
        if isinstance(event, Streamed) and event.key == text_hash(CLAUSES[0]):
            queue.stop(event.key)
    assert summary(events) == [("Started", 0), ("Preempted", 0), ("Started", 1), ("Made", 1)]
    assert not next(e for e in events if isinstance(e, Preempted)).requeued


def test_waiting_model_work_makes_it_give_the_model_back(engine: GistEngine) -> None:
    queue = GistQueue(GistItem(c) for c in CLAUSES[:2])
    others = {"waiting": False}
    events: list[object] = []
    for event in make_gists(engine, queue, GistCache(), never, yield_now=lambda: others["waiting"]):
        events.append(event)
        if isinstance(event, Streamed):
            others["waiting"] = True  # e.g. a question was asked
    assert summary(events) == [("Started", 0), ("Preempted", 0)]
    assert queue.keys() == [text_hash(CLAUSES[0]), text_hash(CLAUSES[1])]  # nothing lost


def test_cancelling_stops_the_generator(engine: GistEngine) -> None:
    queue = GistQueue(GistItem(c) for c in CLAUSES)
    stop = {"now": False}
    seen: list[object] = []

    def drain() -> None:
        for event in make_gists(engine, queue, GistCache(), lambda: stop["now"]):
            seen.append(event)
            stop["now"] = True

    with pytest.raises(CancelledError):
        drain()
    assert not any(isinstance(e, Made) for e in seen)


def test_the_cache_is_bounded() -> None:
    cache = GistCache(capacity=2)
    engine_free = [("a", "m", "mark", ""), ("b", "m", "mark", ""), ("c", "m", "mark", "")]
    gist = object()
    for key in engine_free:
        cache.put(key, gist)  # type: ignore[arg-type]
    assert len(cache) == 2
    assert cache.get(engine_free[0]) is None
    assert cache.get(engine_free[2]) is gist


def test_the_step_of_a_preempted_or_stopped_clause_is_aborted_not_the_asked_one() -> None:
    queue = GistQueue(GistItem(c) for c in CLAUSES)
    aborted: list[str] = []
    current = queue.pop()
    assert current is not None
    queue.set_abort(current.key, lambda: aborted.append(current.key))
    queue.urgent(GistItem(current.text, background=False))  # asking for the one being written
    assert aborted == []
    queue.urgent(GistItem(CLAUSES[2], background=False))  # another clause: stop this one now
    assert aborted == [current.key]
    queue.stop(text_hash(CLAUSES[1]))  # a waiting clause: nothing to abort
    assert aborted == [current.key]
    queue.clear()
    assert aborted == [current.key, current.key]


def test_a_generation_cancelled_from_outside_stops_at_its_step(engine: GistEngine) -> None:
    run = engine.gist_clause(CLAUSES[0])
    deltas = run.generation.text_deltas()
    next(deltas)
    run.generation.cancel()  # what the queue calls from the GUI thread
    with pytest.raises(CancelledError):
        next(deltas)
