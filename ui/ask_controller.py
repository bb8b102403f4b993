"""Runs "Ask the contract" questions on the model thread with the gists' model (one model in
memory): retrieval, the answer, the check (contractreview.gist.ask). Only token counts and the
checked :class:`~contractreview.gist.ask.Answer` reach the GUI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from contractreview.errors import ContractReviewError
from contractreview.gist.ask import Answer, Asker, contract_names
from contractreview_ui.ask_panel import AskPanel
from contractreview_ui.gist_controller import GistController
from contractreview_ui.workers import GeneratorJob, Pools

if TYPE_CHECKING:
    from contractreview.analysis.results import AnalysisResult


@dataclass(frozen=True)
class AskProgress:
    tokens: int


@dataclass(frozen=True)
class AskDone:
    answer: Answer


class AskController(QObject):
    finished = Signal(object)  # the checked Answer
    unexpected = Signal(object)

    def __init__(
        self, pools: Pools, gists: GistController, panel: AskPanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._pools = pools
        self._gists = gists
        self.panel = panel
        self._result: AnalysisResult | None = None
        self._job: GeneratorJob | None = None
        self._running: GeneratorJob | None = None  # the ask job on the model thread now
        panel.asked.connect(self.ask)
        panel.cancel_requested.connect(self.cancel)

    @property
    def result(self) -> AnalysisResult | None:
        return self._result

    @result.setter
    def result(self, value: AnalysisResult | None) -> None:
        self.cancel()
        self._result = value
        self.panel.clear()
        self.panel.set_available(value is not None)

    def ask(self, question: str) -> None:
        result = self._result
        if result is None:
            return
        self.cancel()
        job = self._job_for(question, result, bool(self._gists.model_settings()[0]))
        self._job = job
        self.panel.start()
        self._submit(job)

    def _job_for(self, question: str, result: AnalysisResult, with_model: bool) -> GeneratorJob:
        def generate(should_stop: Callable[[], bool]) -> Iterator[AskProgress | AskDone]:
            self._running = job
            try:
                model = self._gists.engine().model if with_model else None  # model thread
                if model is not None:
                    model.load()
                asker = Asker(result, model, known_names=contract_names(result))
                run = asker.ask(question, should_stop)
                for _delta in run:  # unchecked text: only its length leaves this thread
                    assert run.generation is not None
                    yield AskProgress(len(run.generation.token_ids))
                yield AskDone(run.result)
            finally:
                self._running = None

        job = GeneratorJob("ask", generate, is_result=lambda x: isinstance(x, AskDone))
        # stop the token being computed, but only if it is this job's (one model thread)
        job.on_cancel = lambda: self._running is job and self._gists.stop_model()
        return job

    def _submit(self, job: GeneratorJob) -> None:
        def mine() -> bool:
            return self._job is job

        def finished(done: AskDone | None) -> None:
            if mine() and done is not None:
                self.panel.show_answer(done.answer)
                self.finished.emit(done.answer)

        def failed(error: BaseException) -> None:
            if not mine():
                return
            if isinstance(error, ContractReviewError):
                self.panel.show_failure(f"No answer: {error}")
            else:
                self.panel.show_failure("No answer: the generative model hit an unexpected error.")
                self.unexpected.emit(error)

        def over() -> None:
            if mine():
                self._job = None

        self._pools.submit(
            "model",
            job,
            finished=finished,
            failed=failed,
            progress=lambda p: mine() and self.panel.show_progress(p.tokens),
            cancelled=lambda: mine() and self.panel.show_cancelled(),
            done=over,
        )

    def cancel(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            self.panel.show_cancelled()
