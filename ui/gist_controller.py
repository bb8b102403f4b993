"""Plain-English gists from the firm's generative model: which box asks, on which thread the
model runs, what is cached, and when a run is no longer wanted.

The engine is created, loaded and run on the ``model`` thread only (one model in memory).
Clause gists go through one queue (:mod:`contractreview_ui.gist_queue`): once an analysis is
done, the gists of its medium and high findings are made in the background in review order; the
selected finding's clause is made next; a click puts the clause first (stopping a background
one, which goes back in line) and shows its gist sentence by sentence as the verifier passes
each (:mod:`contractreview.gist.stream`), or at once when it was made already. Only token
counts, verified sentences and the checked :class:`~contractreview.gist.engine.Gist` reach the
GUI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from contractreview.analysis.results import RiskLevel
from contractreview.errors import ContractReviewError
from contractreview.gist.locate import resolve_model_dir
from contractreview.gist.prefetch import Made, Preempted, QueueEvent, Started, Streamed, text_hash
from contractreview.gist.stream import Shown, Withdrawn
from contractreview.text import aliases
from contractreview_ui.gist_queue import GistQueueWorker
from contractreview_ui.gist_view import NO_MODEL_HINT, NO_MODEL_SHORT, GistBox
from contractreview_ui.settings import Settings
from contractreview_ui.workers import GeneratorJob, Pools

if TYPE_CHECKING:
    from contractreview.analysis.results import AnalysisResult
    from contractreview.gist.engine import Gist, GistEngine, GistRun

GIST_MAX_NEW_TOKENS = 120  # Qwen2.5 1.5B writes 25-100; a looping model stops sooner
MODEL_FOLDER_MISSING_SHORT = "Off — the model folder cannot be found (see Settings)"


@dataclass(frozen=True)
class GistProgress:
    """How far a gist has been written: a token count only, never the unchecked text."""

    tokens: int


@dataclass(frozen=True)
class GistDone:
    """The end of a gist run: the checked gist."""

    gist: Gist


class GistController(QObject):
    """Runs the gists of two boxes: the selected clause's and the contract overview's."""

    finished = Signal(str, object)  # "clause" or "overview", the checked Gist
    progress = Signal(str, int)  # kind, tokens written so far (the text is not shown)
    unexpected = Signal(object)  # an exception no one expected: the window reports it

    def __init__(
        self,
        pools: Pools,
        settings: Settings,
        boxes: dict[str, GistBox],
        model_busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pools = pools
        self._settings = settings
        self.boxes = boxes  # "clause" and "overview"
        self._model_busy = model_busy
        self._engine: GistEngine | None = None  # model thread only
        self._engine_key: tuple[str, str] | None = None
        self._jobs: dict[int, GeneratorJob] = {}  # id(box) -> its run in flight
        self._running: GeneratorJob | None = None  # the gist job on the model thread now
        self._cache: dict[tuple[object, ...], Gist] = {}
        self._result: AnalysisResult | None = None
        self._queue_settings: tuple[str, str] = ("", "")  # the folder and policy it runs with
        self.queue = GistQueueWorker(pools, self._queue_engine, self)
        self.queue.reported.connect(self._queue_event)
        self.queue.failed.connect(self._queue_failed)
        self._watched: str | None = None  # the clause whose gist the clause box waits for
        self._background: set[str] = set()  # the flagged clauses' keys (made ahead of time)
        self._current: tuple[str, Shown | None, bool] | None = None  # key, shown, withdrawn
        for box in boxes.values():
            box.cancel_requested.connect(lambda b=box: self.cancel(b))
            box.abandoned.connect(lambda b=box: self._drop(b))

    def model_settings(self) -> tuple[str, str]:
        """The model folder (empty: gists off) and the policy for unsupported facts. The folder
        is the one Settings names, else the one scripts/get_generative_model.sh installed in the
        standard place (the user data folder's models/generative/)."""
        found = resolve_model_dir(self._settings.get("gist_model_dir"))
        return (str(found) if found else ""), self._settings.get("gist_policy")

    @property
    def available(self) -> bool:
        folder = self.model_settings()[0]
        return bool(folder) and Path(folder).is_dir()

    def update_availability(self) -> None:
        folder, _policy = self.model_settings()
        if not folder:
            available, reason, short = False, NO_MODEL_HINT, NO_MODEL_SHORT
        elif not Path(folder).is_dir():
            available, short = False, MODEL_FOLDER_MISSING_SHORT
            reason = (
                f"The generative model folder {folder} cannot be found; choose it again in "
                "Settings."
            )
        else:
            available, reason, short = True, "", ""
        for box in self.boxes.values():
            box.set_available(available, reason, short)
            box.setVisible(bool(folder))  # no model chosen: no box (Settings says how)

    def settings_changed(self, before: tuple[str, str]) -> None:
        """After the Settings dialog: a new model or policy drops every gist shown or cached."""
        if self.model_settings() != before:
            self.cancel_all()
            self._cache.clear()
            self.queue.cache.clear()
            for box in self.boxes.values():
                box.clear()
            self._start_background()
        self.update_availability()

    def forget_document(self) -> None:
        self.cancel_all()
        self._cache.clear()
        self.queue.cache.clear()
        self.result = None

    @property
    def result(self) -> AnalysisResult | None:
        """The contract the gists are about; a new analysis starts its gists in the background."""
        return self._result

    @result.setter
    def result(self, value: AnalysisResult | None) -> None:
        self._result = value
        self._start_background()

    def _start_background(self) -> None:
        """Make the medium and high findings' gists before anyone asks (review order)."""
        self._background = set()
        if self._result is None or not self.available:
            self.queue.stop()
            return
        texts = flagged_texts(self._result)
        self._background = {text_hash(t) for t in texts}
        self._queue_settings = self.model_settings()
        self.queue.start(texts, known_names(self._result))

    def clause_selected(self, text: str) -> None:
        """A clause was selected: if its gist is waiting in the queue, it is made next."""
        if text.strip():
            self.queue.promote(text)

    def explain_clause(self, text: str, key: str | None) -> None:
        """Explain one clause in plain English: at once when its gist was made already, else
        first in the queue, shown sentence by sentence as each passes the check."""
        del key  # clause gists are keyed by their text (the same text, the same gist)
        folder, policy = self.model_settings()
        if not text.strip() or not folder:
            return
        box = self.boxes["clause"]
        self._unwatch()
        if self.queue.running and self._queue_settings != (folder, policy):
            self.queue.stop()
        if not self.queue.running:
            self._queue_settings = (folder, policy)
            self.queue.names = known_names(self.result)
        cached = self.queue.cached(text, Path(folder), policy)
        if cached is not None:  # made ahead of time (or asked before): the same greedy gist
            box.show_gist(cached)
            self.finished.emit("clause", cached)
            return
        busy = self._model_busy() or (
            not self.queue.running and self._pools.others_waiting("model", besides=None)
        )
        box.start(queued=busy)
        key = text_hash(text)
        self._watched = key
        self.queue.request(text)
        if self._current is not None and self._current[0] == key:
            self._replay(box, self._current)  # the background was writing it: catch up

    def _queue_engine(self) -> GistEngine:
        folder, policy = self._queue_settings
        return self._engine_for(folder, policy)

    def _unwatch(self) -> None:
        key, self._watched = self._watched, None
        if key is not None and key not in self._background:
            self.queue.stop_clause(key)  # asked for, then left: not worth the model's time

    def _replay(self, box: GistBox, current: tuple[str, Shown | None, bool]) -> None:
        _key, shown, withdrawn = current
        if withdrawn:
            box.withdraw()
        elif shown is not None:
            box.show_verified(shown.text)

    def _queue_event(self, event: QueueEvent) -> None:
        if isinstance(event, Started):
            self._current = (event.key, None, False)
        elif isinstance(event, Streamed) and self._current and self._current[0] == event.key:
            if isinstance(event.event, Shown):
                self._current = (event.key, event.event, False)
            elif isinstance(event.event, Withdrawn):
                self._current = (event.key, None, True)
        elif isinstance(event, Made | Preempted):
            self._current = None
        if event.key == self._watched:
            self._show_event(self.boxes["clause"], event)

    def _show_event(self, box: GistBox, event: QueueEvent) -> None:
        if isinstance(event, Made):
            self._watched = None
            box.show_gist(event.gist)
            self.finished.emit("clause", event.gist)
        elif isinstance(event, Streamed):
            item = event.event
            box.show_progress(item.tokens, GIST_MAX_NEW_TOKENS)
            if isinstance(item, Shown):
                box.show_verified(item.text)
            elif isinstance(item, Withdrawn):
                box.withdraw()
            self.progress.emit("clause", item.tokens)
        elif isinstance(event, Started):
            box.show_progress(0, GIST_MAX_NEW_TOKENS)
        elif isinstance(event, Preempted) and not event.requeued:
            self._watched = None
            box.show_cancelled()

    def _queue_failed(self, error: BaseException) -> None:
        box = self.boxes["clause"]
        if self._watched is None:
            if not isinstance(error, ContractReviewError):
                self.unexpected.emit(error)
            return
        self._watched = None
        if isinstance(error, ContractReviewError):
            box.show_failure(f"No explanation: {error}")
        else:
            box.show_failure("No explanation: the generative model hit an unexpected error.")
            self.unexpected.emit(error)

    def explain_contract(self) -> None:
        """An overview of the contract from the clauses with findings or key terms."""
        if self.result is not None:
            texts = overview_texts(self.result)
            if texts:
                self._start("overview", texts, "overview")

    def _start(self, kind: str, texts: list[str], key: str | None) -> None:
        box = self.boxes[kind]
        self._drop(box)
        folder, policy = self.model_settings()
        if not folder:
            return
        cache_key = (kind, key, folder, policy, tuple(texts))
        cached = self._cache.get(cache_key)
        if cached is not None:  # the same clause again: the same (greedy) gist
            box.show_gist(cached)
            self.finished.emit(kind, cached)
            return
        names = known_names(self.result)

        def generate(_should_stop: Callable[[], bool]) -> Iterator[GistProgress | GistDone]:
            engine = self._engine_for(folder, policy)
            self._running = job
            try:  # the box shows "Loading…" until the first token
                run: GistRun
                if kind == "clause":
                    run = engine.gist_clause(texts[0], _should_stop, known_names=names)
                else:
                    run = engine.contract_overview(texts, _should_stop, known_names=names)
                for _delta in run:  # unchecked text: only its length leaves this thread
                    yield GistProgress(len(run.generation.token_ids))
                yield GistDone(run.result)
            finally:
                self._running = None

        job = GeneratorJob(
            "gist",
            generate,
            is_result=lambda x: isinstance(x, GistDone),
            generation=self._pools.generation,
        )
        job.on_cancel = lambda: self._stop_engine(job)
        # the background gists give the model thread up at once: only other work makes it wait
        busy = self._model_busy() or self._pools.others_waiting("model", besides=self.queue.job)
        self._jobs[id(box)] = job
        box.start(queued=busy)
        self._submit(kind, box, job, cache_key)

    def _submit(
        self, kind: str, box: GistBox, job: GeneratorJob, cache_key: tuple[object, ...]
    ) -> None:
        def mine() -> bool:
            return self._jobs.get(id(box)) is job

        def finished(done: GistDone | None) -> None:
            if mine() and done is not None:
                self._cache[cache_key] = done.gist
                box.show_gist(done.gist)
                self.finished.emit(kind, done.gist)

        def progress(p: GistProgress) -> None:
            if mine():
                box.show_progress(p.tokens, GIST_MAX_NEW_TOKENS)
                self.progress.emit(kind, p.tokens)

        def failed(error: BaseException) -> None:
            if not mine():
                return
            if isinstance(error, ContractReviewError):
                box.show_failure(f"No explanation: {error}")
            else:
                box.show_failure("No explanation: the generative model hit an unexpected error.")
                self.unexpected.emit(error)

        def cancelled() -> None:
            if mine():
                box.show_cancelled()

        def over() -> None:
            if mine():
                del self._jobs[id(box)]

        self._pools.submit(
            "model",
            job,
            finished=finished,
            failed=failed,
            progress=progress,
            cancelled=cancelled,
            done=over,
        )

    def _engine_for(self, folder: str, policy: str) -> GistEngine:
        """The engine for the configured folder and policy (model thread only)."""
        if self._engine is None or self._engine_key != (folder, policy):
            from contractreview.gist.engine import GistEngine, GistPolicy

            self._engine = None
            self._engine = GistEngine(
                Path(folder), policy=GistPolicy(policy), max_new_tokens=GIST_MAX_NEW_TOKENS
            )
            self._engine_key = (folder, policy)
        return self._engine

    def engine(self) -> GistEngine:
        """The engine of the configured model (model thread only): "Ask" shares it."""
        folder, policy = self.model_settings()
        return self._engine_for(folder, policy)

    def stop_model(self) -> None:
        """Stop the token being computed, whoever asked for it (from the GUI thread)."""
        if self._engine is not None:
            self._engine.cancel()

    def _stop_engine(self, job: GeneratorJob) -> None:
        # stop the token being computed, but only if it is this job's (one model thread)
        engine = self._engine
        if engine is not None and self._running is job:
            engine.cancel()

    def _is_clause_box(self, box: GistBox) -> bool:
        return self.boxes.get("clause") is box

    def cancel(self, box: GistBox) -> None:
        """The user pressed Stop: nothing of the unfinished gist is shown."""
        if self._is_clause_box(box) and self._watched is not None:
            self.queue.stop_clause(self._watched)
            self._watched = None
            box.show_cancelled()
        elif self._drop(box):
            box.show_cancelled()

    def _drop(self, box: GistBox) -> bool:
        if self._is_clause_box(box) and self._watched is not None:
            self._unwatch()  # another clause was selected
            return True
        job = self._jobs.pop(id(box), None)
        if job is None:
            return False
        job.cancel()
        return True

    def cancel_all(self) -> None:
        for box in self.boxes.values():
            self._drop(box)
        self._watched = None
        self._current = None
        self._background = set()
        self.queue.stop()


def known_names(result: AnalysisResult | None) -> list[str]:
    """The parties and defined terms of the contract, which a gist may name even where the
    clause it explains does not ("the Supplier" defined in the preamble)."""
    if result is None:
        return []
    parties = next((t.normalized for t in result.terms if t.name == "parties"), None)
    return aliases.known_names(parties, (s.text for s in result.segments))


def flagged_texts(result: AnalysisResult) -> list[str]:
    """The clauses of the medium and high findings, in review order (the findings' order)."""
    wanted = (RiskLevel.MEDIUM, RiskLevel.HIGH)
    return [f.quote for f in result.findings if f.risk.level in wanted and f.quote.strip()]


def overview_texts(result: AnalysisResult) -> list[str]:
    """The texts of the clauses with findings or key terms, in document order."""
    wanted = {sid for f in result.findings for sid in f.segments}
    wanted.update(c.segment for t in result.terms for c in t.citations if c.segment)
    return [s.text for s in result.segments if s.id in wanted and s.text.strip()]
