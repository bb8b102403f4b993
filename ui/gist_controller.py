"""Plain-English gists from the firm's generative model: which box asks, on which thread the
model runs, what is cached, and when a run is no longer wanted.

The engine is created, loaded and run on the ``model`` thread only (one model in memory);
only token counts and the checked :class:`~contractreview.gist.engine.Gist` reach the GUI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from contractreview.errors import ContractReviewError
from contractreview.gist.locate import resolve_model_dir
from contractreview.text import aliases
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
        self.result: AnalysisResult | None = None  # the contract the gists are about
        self._engine: GistEngine | None = None  # model thread only
        self._engine_key: tuple[str, str] | None = None
        self._jobs: dict[int, GeneratorJob] = {}  # id(box) -> its run in flight
        self._running: GeneratorJob | None = None  # the gist job on the model thread now
        self._cache: dict[tuple[object, ...], Gist] = {}
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
            for box in self.boxes.values():
                box.clear()
        self.update_availability()

    def forget_document(self) -> None:
        self.cancel_all()
        self._cache.clear()
        self.result = None

    def explain_clause(self, text: str, key: str | None) -> None:
        """Explain one clause in plain English (checked before it is shown)."""
        if text.strip():
            self._start("clause", [text], key)

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
        busy = self._model_busy() or bool(self._pools.jobs("gist"))
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

    def cancel(self, box: GistBox) -> None:
        """The user pressed Stop: nothing of the unfinished gist is shown."""
        if self._drop(box):
            box.show_cancelled()

    def _drop(self, box: GistBox) -> bool:
        job = self._jobs.pop(id(box), None)
        if job is None:
            return False
        job.cancel()
        return True

    def cancel_all(self) -> None:
        for box in self.boxes.values():
            self._drop(box)


def known_names(result: AnalysisResult | None) -> list[str]:
    """The parties and defined terms of the contract, which a gist may name even where the
    clause it explains does not ("the Supplier" defined in the preamble)."""
    if result is None:
        return []
    parties = next((t.normalized for t in result.terms if t.name == "parties"), None)
    return aliases.known_names(parties, (s.text for s in result.segments))


def overview_texts(result: AnalysisResult) -> list[str]:
    """The texts of the clauses with findings or key terms, in document order."""
    wanted = {sid for f in result.findings for sid in f.segments}
    wanted.update(c.segment for t in result.terms for c in t.citations if c.segment)
    return [s.text for s in result.segments if s.id in wanted and s.text.strip()]
