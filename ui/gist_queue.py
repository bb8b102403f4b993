"""Clause gists on the model thread, one queue for all: the flagged clauses' gists made in the
background, in review order, before anyone asks, and the clause the user asks for first.

The core generator :func:`contractreview.gist.prefetch.make_gists` drains a
:class:`~contractreview.gist.prefetch.GistQueue`; this worker runs it as a job on the ``model``
pool and relays its events (``reported``) to the GUI thread. It gives the model thread back
whenever other model work waits (an analysis, a question, the overview) and starts again
once the thread is free; a clause the user asked for is never given up that way. Made gists go
to a bounded :class:`~contractreview.gist.prefetch.GistCache`, which the GUI reads directly
(``cached``), so a clause made ahead of time is shown at the click.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from contractreview.errors import ContractReviewError
from contractreview.gist.prefetch import (
    GistCache,
    GistItem,
    GistQueue,
    Made,
    Preempted,
    QueueEvent,
    Started,
    make_gists,
    text_hash,
)
from contractreview.gist.runtime import model_fingerprint
from contractreview.gist.stream import Shown, Withdrawn
from contractreview_ui.workers import GeneratorJob, Job, Pools

if TYPE_CHECKING:
    from pathlib import Path

    from contractreview.gist.engine import Gist, GistEngine

log = logging.getLogger(__name__)

RETRY_MS = 400  # how soon to look again when other model work holds the thread
JOB_NAME = "gist"


def _must_emit(item: object) -> bool:
    if isinstance(item, Started | Made | Preempted):
        return True
    event = getattr(item, "event", None)
    return isinstance(event, Shown | Withdrawn)


class GistQueueWorker(QObject):
    """The gist queue's job on the model pool, and what the GUI may ask of it."""

    reported = Signal(object)  # a QueueEvent, on the GUI thread
    failed = Signal(object)  # the exception that stopped the queue
    idle = Signal()  # the queue is empty and the job has ended

    def __init__(
        self,
        pools: Pools,
        engine_for: Callable[[], GistEngine],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pools = pools
        self._engine_for = engine_for  # called on the model thread only
        self.queue = GistQueue()
        self.cache = GistCache()
        self.names: list[str] = []
        self._job: GeneratorJob | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self._kick)
        self.background_total = 0  # flagged clauses queued by the last start()
        self.made: set[str] = set()  # keys of the gists made since start()

    # -- what the GUI asks --------------------------------------------------------------------
    def start(self, texts: Iterable[str], names: Iterable[str]) -> None:
        """Queue the flagged clauses (review order) for gists made ahead of time."""
        self.stop()
        self.names = list(names)
        items = [GistItem(t) for t in texts if t.strip()]
        self.queue.extend(items)
        self.background_total = len({i.key for i in items})
        self._kick()

    def request(self, text: str) -> str:
        """The user asked for this clause's gist: first in line; its key."""
        item = GistItem(text, background=False)
        self.queue.urgent(item)
        self._kick()
        return item.key

    def promote(self, text: str) -> None:
        """The user selected this clause: made next, if it is waiting."""
        self.queue.promote(text_hash(text))

    def stop_clause(self, key: str) -> None:
        self.queue.stop(key)

    def stop(self) -> None:
        """Stop everything: the queue is emptied and the running gist stopped."""
        self._timer.stop()
        self.queue.clear()
        self.made.clear()
        self.background_total = 0
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def cached(self, text: str, folder: Path, policy: str) -> Gist | None:
        """The checked gist already made for ``text`` by this model folder and policy."""
        try:
            fingerprint = model_fingerprint(folder)
        except ContractReviewError:
            return None
        if fingerprint is None:
            return None
        return self.cache.get(GistCache.key(text, fingerprint, policy, self.names))

    @property
    def running(self) -> bool:
        """A job of the queue is on the model pool (queued or running)."""
        return self._job is not None

    @property
    def job(self) -> Job | None:
        """The queue's job on the model pool (it gives the thread up when others wait)."""
        return self._job

    @property
    def pending(self) -> bool:
        """Clauses wait or one is being written."""
        return self.running or len(self.queue) > 0

    # -- the job ------------------------------------------------------------------------------
    def _kick(self) -> None:
        if self._job is not None or not len(self.queue) or self._pools.closed:
            return
        urgent = self.queue.has_urgent
        if not urgent and self._pools.others_waiting("model", besides=None):
            self._timer.start()  # low priority: look again when the model thread is free
            return

        def generate(should_stop: Callable[[], bool]) -> Iterator[QueueEvent]:
            engine = self._engine_for()
            yield from make_gists(
                engine,
                self.queue,
                self.cache,
                should_stop,
                known_names=self.names,
                yield_now=lambda: self._pools.others_waiting("model", besides=job),
            )

        job = GeneratorJob(JOB_NAME, generate, is_result=lambda _x: False, always_emit=_must_emit)
        self._job = job

        def over() -> None:
            if self._job is job:
                self._job = None
                if len(self.queue):
                    self._timer.start()
                else:
                    self.idle.emit()

        def failed(error: BaseException) -> None:
            if self._job is job:
                self.queue.clear()
                self.failed.emit(error)

        self._pools.submit(
            "model",
            job,
            progress=lambda e: self._relay(job, e),
            failed=failed,
            done=over,
        )

    def _relay(self, job: Job, event: QueueEvent) -> None:
        if self._job is not job:
            return
        if isinstance(event, Made):
            self.made.add(event.key)
        self.reported.emit(event)
