"""Gists made before they are asked for: a queue of clauses, a bounded cache of checked gists,
and the generator that drains the queue one clause at a time on the model's thread.

    queue = GistQueue()
    queue.extend(GistItem(text) for text in flagged_clauses)   # review order
    cache = GistCache()
    for event in make_gists(engine, queue, cache, should_stop, yield_now=others_waiting):
        ...   # Started, Streamed (verified sentences as they come), Made, Preempted

The queue is shared with the GUI thread (it is locked): ``promote`` moves a clause to the front
(the user selected its finding), ``urgent`` puts it first and stops a background clause being
written for it (the user asked for its gist: the stopped clause goes back into the queue),
``stop`` drops a clause and stops it if it is being written (its model step is aborted at once,
through :meth:`~contractreview.gist.runtime.Generation.cancel`, which can stop no other run;
otherwise a clause stops between tokens). ``yield_now`` says other model work
is waiting (an analysis, a question): a background clause is then stopped and put back, and
the generator returns, so the caller starts it again once the model is free.

Gists are cached by the clause text's hash, the model's fingerprint (the hashes of its files),
the policy and the names the check used, least recently used out: the cache holds checked
gists (a few hundred bytes each), never a KV cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from contractreview.errors import CancelledError
from contractreview.gist.engine import Gist, GistEngine
from contractreview.gist.stream import StreamEvent

GIST_CACHE_ENTRIES = 512


def text_hash(text: str) -> str:
    """The SHA-256 of a clause's words (white space normalised)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class GistItem:
    """A clause to explain. ``background``: made ahead of time (a flagged clause), so put back
    in the queue when the user's request stops it."""

    text: str
    background: bool = True
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", text_hash(self.text))


class GistQueue:
    """The clauses waiting for a gist, first out first; safe to use from two threads."""

    def __init__(self, items: Iterable[GistItem] = ()) -> None:
        self._lock = threading.Lock()
        self._items: list[GistItem] = []
        self._urgent: str | None = None
        self._current: str | None = None
        self._stopped: set[str] = set()
        self._abort: Callable[[], None] | None = None  # stops the current clause's model step
        self.extend(items)

    def extend(self, items: Iterable[GistItem]) -> None:
        with self._lock:
            known = {i.key for i in self._items}
            for item in items:
                if item.key not in known:
                    self._items.append(item)
                    known.add(item.key)

    def keys(self) -> list[str]:
        with self._lock:
            return [i.key for i in self._items]

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def promote(self, key: str) -> bool:
        """Move a waiting clause to the front (its finding was selected)."""
        with self._lock:
            return self._to_front(key)

    def _to_front(self, key: str) -> bool:
        for n, item in enumerate(self._items):
            if item.key == key:
                self._items.insert(0, self._items.pop(n))
                return True
        return False

    def urgent(self, item: GistItem) -> None:
        """The user asked for this clause's gist: first in line, and the background clause being
        written (if another) is stopped and put back."""
        with self._lock:
            self._stopped.discard(item.key)
            if item.key != self._current and not self._to_front(item.key):
                self._items.insert(0, item)
            self._urgent = item.key
            if self._current is not None and self._current != item.key:
                self._abort_current()  # a long prefill step would keep the user waiting

    def stop(self, key: str) -> None:
        """Drop a clause; if it is being written, stop it (it is not put back)."""
        with self._lock:
            self._items = [i for i in self._items if i.key != key]
            if self._current == key:
                self._stopped.add(key)
                self._abort_current()
            if self._urgent == key:
                self._urgent = None

    def _abort_current(self) -> None:
        if self._abort is not None:
            self._abort()

    def set_abort(self, key: str, abort: Callable[[], None] | None) -> None:
        """How to stop the model step of the clause being written (``key``), or None."""
        with self._lock:
            if self._current == key:
                self._abort = abort

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._urgent = None
            if self._current is not None:
                self._stopped.add(self._current)
                self._abort_current()

    @property
    def has_urgent(self) -> bool:
        with self._lock:
            return self._urgent is not None

    def is_urgent(self, key: str) -> bool:
        with self._lock:
            return self._urgent == key

    def pop(self) -> GistItem | None:
        """The next clause, now being written (None: the queue is empty)."""
        with self._lock:
            if not self._items:
                self._current = None
                return None
            item = self._items.pop(0)
            self._current = item.key
            self._stopped.discard(item.key)
            return item

    def should_stop(self, key: str) -> bool:
        """The clause being written is no longer wanted now: stopped, or another is urgent."""
        with self._lock:
            return key in self._stopped or (self._urgent is not None and self._urgent != key)

    def finished(self, item: GistItem, *, made: bool) -> bool:
        """The clause is no longer being written; put it back (True) when it was stopped for an
        urgent one and is still wanted."""
        with self._lock:
            self._current = None
            self._abort = None
            if made and self._urgent == item.key:
                self._urgent = None
            if made or item.key in self._stopped or not item.background:
                self._stopped.discard(item.key)
                return False
            at = 1 if self._items and self._items[0].key == self._urgent else 0
            self._items.insert(at, item)
            return True


class GistCache:
    """Checked gists by clause text, model, policy and names; least recently used out."""

    def __init__(self, capacity: int = GIST_CACHE_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._gists: OrderedDict[tuple[str, ...], Gist] = OrderedDict()
        self.capacity = capacity

    @staticmethod
    def key(
        text: str, model: str, policy: str, names: Sequence[str] = ()
    ) -> tuple[str, str, str, str]:
        return (text_hash(text), model, policy, text_hash("\n".join(sorted(names))))

    def get(self, key: tuple[str, ...]) -> Gist | None:
        with self._lock:
            gist = self._gists.get(key)
            if gist is not None:
                self._gists.move_to_end(key)
            return gist

    def put(self, key: tuple[str, ...], gist: Gist) -> None:
        with self._lock:
            self._gists[key] = gist
            self._gists.move_to_end(key)
            while len(self._gists) > self.capacity:
                self._gists.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._gists.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._gists)


@dataclass(frozen=True)
class Started:
    """The model starts on a clause (``urgent``: the user is waiting for it)."""

    key: str
    urgent: bool
    waiting: int  # clauses left in the queue


@dataclass(frozen=True)
class Streamed:
    """How far the clause's gist is: a token count, verified sentences, or a withdrawal."""

    key: str
    event: StreamEvent


@dataclass(frozen=True)
class Made:
    """A clause's checked gist (from the model or the cache)."""

    key: str
    gist: Gist
    cached: bool = False


@dataclass(frozen=True)
class Preempted:
    """A clause stopped before its end: put back in the queue (``requeued``) or dropped."""

    key: str
    requeued: bool


QueueEvent = Started | Streamed | Made | Preempted


def cache_key(engine: GistEngine, text: str, names: Sequence[str]) -> tuple[str, str, str, str]:
    """The cache key of ``text``'s gist by ``engine`` checked with ``names``."""
    return GistCache.key(text, engine.model.fingerprint, str(engine.policy), names)


def make_gists(
    engine: GistEngine,
    queue: GistQueue,
    cache: GistCache,
    should_stop: Callable[[], bool],
    *,
    known_names: Sequence[str] = (),
    yield_now: Callable[[], bool] = lambda: False,
) -> Iterator[QueueEvent]:
    """Write the gists of the queued clauses, one at a time, until the queue is empty, the caller
    stops (CancelledError) or other model work waits (``yield_now``: the generator returns)."""
    names = list(known_names)
    while not should_stop():
        if yield_now() and not queue.has_urgent:
            return
        item = queue.pop()
        if item is None:
            return
        key = cache_key(engine, item.text, names)
        cached = cache.get(key)
        if cached is not None:
            queue.finished(item, made=True)
            yield Made(item.key, cached, cached=True)
            continue
        yield Started(item.key, queue.is_urgent(item.key), len(queue))
        gist = yield from _one(engine, queue, item, should_stop, names=names, yield_now=yield_now)
        if gist is None:
            continue
        cache.put(key, gist)
        yield Made(item.key, gist)
    raise CancelledError("Gists stopped.")


def _one(
    engine: GistEngine,
    queue: GistQueue,
    item: GistItem,
    should_stop: Callable[[], bool],
    *,
    names: list[str],
    yield_now: Callable[[], bool],
) -> Generator[Streamed | Preempted, None, Gist | None]:
    """One clause's gist; None when it was stopped before its end."""
    urgent = queue.is_urgent(item.key)

    def stop_item() -> bool:
        return (
            should_stop()
            or queue.should_stop(item.key)
            or (not urgent and not queue.is_urgent(item.key) and yield_now())
        )

    try:
        run = engine.gist_clause(item.text, stop_item, known_names=names)
        queue.set_abort(item.key, run.generation.cancel)
        for event in run.checked():
            yield Streamed(item.key, event)
    except CancelledError:
        if should_stop():
            queue.finished(item, made=False)
            raise
        yield Preempted(item.key, queue.finished(item, made=False))
        return None
    except BaseException:
        queue.finished(item, made=False)
        raise
    queue.finished(item, made=True)
    return run.result
