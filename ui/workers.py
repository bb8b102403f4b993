"""The one place where ContractReview's GUI runs work off the GUI thread.

Named pools of explicit size (STYLE.md §3):

* ``document`` — 1 thread: reads DOCX files, so a big file never freezes the window.
* ``model``    — 1 thread: the clause model and the review engine (one ONNX session, bounded
  memory). Work for a closed document is cancelled and its results dropped.
* ``save``     — 1 thread: every review-store write and every export, in order (no write races;
  the thread never expires, so a SQLite connection opened there stays on it).

Core generators are wrapped in :class:`GeneratorJob`; plain calls in :class:`CallJob`. Each job
reports through a :class:`JobSignals` object whose signals are delivered on the GUI thread. A
generation number travels with every job; :class:`Pools` drops results whose generation is no
longer current (the user opened another document in the meantime).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

POOL_SIZES = {"document": 1, "model": 1, "save": 1}
PROGRESS_INTERVAL_S = 0.05  # at most 20 progress signals a second reach the GUI


class JobSignals(QObject):
    """Signals of one job. ``progress`` carries whatever the generator yielded."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()
    done = Signal()  # always last, whatever happened


class Job(QRunnable):
    """Base of all jobs: a cancel flag and signals; subclasses implement :meth:`work`."""

    def __init__(self, name: str, generation: int = 0) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps the object; Qt must not delete it under us
        self.name = name
        self.generation = generation
        self.signals = JobSignals()
        self._stop = threading.Event()
        self.on_cancel: Callable[[], None] | None = None

    def cancel(self) -> None:
        self._stop.set()
        if self.on_cancel is not None:
            try:
                self.on_cancel()
            except Exception:  # a cancel hook must never take the GUI down
                log.exception("cancel hook of job %s failed", self.name)

    def should_stop(self) -> bool:
        return self._stop.is_set()

    @property
    def is_cancelled(self) -> bool:
        return self._stop.is_set()

    def work(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self) -> None:
        from contractreview.errors import CancelledError

        started = time.perf_counter()
        try:
            result = self.work()
        except CancelledError:
            self.signals.cancelled.emit()
        except BaseException as e:  # every failure goes to the error channel, never lost
            if self._stop.is_set():
                self.signals.cancelled.emit()
            else:
                log.info("job %s failed: %s", self.name, type(e).__name__)
                self.signals.failed.emit(e)
        else:
            if self._stop.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)
        finally:
            log.debug("job %s ran %.3f s", self.name, time.perf_counter() - started)
            self.signals.done.emit()


class CallJob(Job):
    """Runs ``func(*args)`` on a pool thread."""

    def __init__(self, name: str, func: Callable[..., Any], *args: Any, generation: int = 0):
        super().__init__(name, generation)
        self._func = func
        self._args = args

    def work(self) -> Any:
        return self._func(*self._args)


class GeneratorJob(Job):
    """Drives a core generator: every yielded item that is not the final result is progress.

    ``factory(should_stop)`` creates the generator; the last item it yields is the result
    (napari's ``GeneratorWorker`` idea). Progress is throttled to PROGRESS_INTERVAL_S so a fast
    generator cannot flood the GUI's event queue; items ``always_emit`` names (a verified
    sentence, a finished gist) are never dropped.
    """

    def __init__(
        self,
        name: str,
        factory: Callable[[Callable[[], bool]], Iterator[Any] | Generator[Any, None, Any]],
        *,
        is_result: Callable[[Any], bool],
        generation: int = 0,
        always_emit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(name, generation)
        self._factory = factory
        self._is_result = is_result
        self._always_emit = always_emit  # progress never dropped by the throttle

    def work(self) -> Any:
        from contractreview.errors import CancelledError

        result: Any = None
        last_emit = 0.0
        gen = self._factory(self.should_stop)
        try:
            for item in gen:
                if self._stop.is_set():
                    raise CancelledError("Cancelled.")
                if self._is_result(item):
                    result = item
                    continue
                now = time.monotonic()
                must = self._always_emit is not None and self._always_emit(item)
                if must or now - last_emit >= PROGRESS_INTERVAL_S:
                    last_emit = now
                    self.signals.progress.emit(item)
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                close()
        return result


class Pools(QObject):
    """Named thread pools and the jobs in flight. Owned by the main window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, QThreadPool] = {}
        for name, size in POOL_SIZES.items():
            pool = QThreadPool(self)
            pool.setObjectName(f"pool-{name}")
            pool.setMaxThreadCount(size)
            pool.setExpiryTimeout(-1)  # threads live as long as the pool: one SQLite thread
            self._pools[name] = pool
        self._jobs: set[Job] = set()
        self._pool_of: dict[int, str] = {}  # id(job) -> its pool, for others_waiting()
        self._lock = threading.Lock()  # _jobs is read from worker threads (others_waiting)
        self.generation = 0
        self._closed = False

    # -- generations ---------------------------------------------------------------------
    def next_generation(self) -> int:
        """A new document was opened: work for the previous one is cancelled and ignored."""
        self.generation += 1
        for job in list(self._jobs):
            if job.generation and job.generation != self.generation:
                job.cancel()
        return self.generation

    @property
    def closed(self) -> bool:
        return self._closed

    def is_current(self, job: Job) -> bool:
        return job.generation in (0, self.generation)

    # -- submitting ----------------------------------------------------------------------
    def submit(
        self,
        pool: str,
        job: Job,
        *,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        progress: Callable[[Any], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        done: Callable[[], None] | None = None,
    ) -> Job:
        """Queue ``job`` on the named pool. Callbacks run on the GUI thread, and only while
        the job's generation is current (stale results of a closed document are dropped)."""
        if self._closed:
            raise RuntimeError("the thread pools are shut down")

        relay = _Relay(self, job, finished, failed, progress, cancelled, done)
        s = job.signals
        s.finished.connect(relay.on_finished)
        s.failed.connect(relay.on_failed)
        s.progress.connect(relay.on_progress)
        s.cancelled.connect(relay.on_cancelled)
        s.done.connect(relay.on_done)
        job.relay = relay  # type: ignore[attr-defined]  # lives as long as the job
        with self._lock:
            self._jobs.add(job)
            self._pool_of[id(job)] = pool
        self._pools[pool].start(job)
        return job

    def _job_done(self, job: Job) -> None:
        with self._lock:
            self._jobs.discard(job)
            self._pool_of.pop(id(job), None)

    def others_waiting(self, pool: str, besides: Job | None) -> bool:
        """Whether jobs other than ``besides`` are queued or running on ``pool`` (safe from any
        thread: low-priority work asks it to give the thread back)."""
        with self._lock:
            return any(
                j is not besides and self._pool_of.get(id(j)) == pool and not j.is_cancelled
                for j in self._jobs
            )

    def run_in(
        self, pool: str, name: str, func: Callable[..., Any], *args: Any, **callbacks: Any
    ) -> Job:
        """Shorthand: run ``func(*args)`` on ``pool`` with the given callbacks."""
        return self.submit(pool, CallJob(name, func, *args), **callbacks)

    # -- state ---------------------------------------------------------------------------
    def jobs(self, name: str | None = None) -> list[Job]:
        with self._lock:
            return [j for j in self._jobs if name is None or j.name == name]

    def cancel(self, name: str | None = None) -> None:
        for job in self.jobs(name):
            job.cancel()

    def active_threads(self) -> int:
        return sum(p.activeThreadCount() for p in self._pools.values())

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for every pool to go idle (tests, shutdown)."""
        deadline = time.monotonic() + msecs / 1000
        ok = True
        for pool in self._pools.values():
            left = max(0, int((deadline - time.monotonic()) * 1000))
            ok = pool.waitForDone(left) and ok
        return ok

    def shutdown(self, msecs: int = 10_000) -> bool:
        """Cancel model and document work, let pending saves finish, and stop every thread."""
        self.cancel("analysis")
        self.cancel("read")
        self._pools["model"].clear()
        self._pools["document"].clear()
        ok = self.wait(msecs)  # saves are never dropped: the lawyer's work is in them
        self._closed = True
        if not ok:
            log.error("background work did not stop within %d ms", msecs)
        return ok


class _Relay(QObject):
    """Receives a job's signals on the GUI thread (it lives there, so Qt queues the calls) and
    forwards them to the callbacks while the job's generation is current."""

    def __init__(
        self,
        pools: Pools,
        job: Job,
        finished: Callable[[Any], None] | None,
        failed: Callable[[BaseException], None] | None,
        progress: Callable[[Any], None] | None,
        cancelled: Callable[[], None] | None,
        done: Callable[[], None] | None,
    ) -> None:
        super().__init__(pools)
        self._pools = pools
        self._job = job
        self._cbs: dict[str, Callable[..., None] | None] = {
            "finished": finished,
            "failed": failed,
            "progress": progress,
            "cancelled": cancelled,
            "done": done,
        }

    def _call(self, key: str, *args: Any) -> None:
        cb = self._cbs[key]
        if cb is not None and self._pools.is_current(self._job) and not self._pools.closed:
            cb(*args)

    @Slot(object)
    def on_finished(self, result: object) -> None:
        self._call("finished", result)

    @Slot(object)
    def on_failed(self, error: object) -> None:
        self._call("failed", error)

    @Slot(object)
    def on_progress(self, item: object) -> None:
        self._call("progress", item)

    @Slot()
    def on_cancelled(self) -> None:
        self._call("cancelled")

    @Slot()
    def on_done(self) -> None:
        self._pools._job_done(self._job)
        cb = self._cbs["done"]
        if cb is not None and not self._pools.closed:
            cb()
        self.setParent(None)
        self.deleteLater()
