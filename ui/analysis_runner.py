"""The review of one document on the ``model`` thread: the shipped clause model (one ONNX
session for the whole run), the playbook, progress, cancellation, and the warm-up that loads
the heavy libraries while the window sits idle."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from contractreview.analysis.results import AnalysisResult
from contractreview.errors import ContractReviewError
from contractreview_ui.settings import Settings
from contractreview_ui.workers import CallJob, GeneratorJob, Pools

if TYPE_CHECKING:
    from contractreview.analysis.pipeline import Classifier, Progress
    from contractreview.analysis.playbook import Playbook
    from contractreview.docx.document import Document

log = logging.getLogger(__name__)

_STAGE_TEXT = {
    "parse": "Reading the contract",
    "segment": "Splitting into clauses",
    "model": "Scoring clauses with the local model",
    "rules": "Applying the playbook",
    "done": "Finishing",
}
_STAGE_RANGE = {
    "parse": (0, 5),
    "segment": (5, 15),
    "model": (15, 95),
    "rules": (95, 99),
    "done": (99, 100),
}


def stage_progress(event: Progress) -> tuple[int, str]:
    """The progress bar's value (0-100) and the status text for a pipeline progress event."""
    stage, done, total = event.stage, event.done, event.total
    lo, hi = _STAGE_RANGE.get(stage, (0, 100))
    frac = done / total if total else 1.0
    text = _STAGE_TEXT.get(stage, stage)
    if stage == "segment":
        text = "Loading the clause model"  # what the next wait is for
    elif stage == "model" and total:
        text = f"{text}: {done} of {total}"
    return int(lo + (hi - lo) * frac), text


class AnalysisRunner(QObject):
    """Runs one analysis at a time on the model thread; a new one cancels the last."""

    progress = Signal(object)  # a pipeline Progress event
    finished = Signal(object)  # AnalysisResult
    failed = Signal(object)  # the exception
    cancelled = Signal()
    over = Signal()  # the run ended, whatever happened
    warmed_up = Signal()

    def __init__(
        self,
        pools: Pools,
        settings: Settings,
        classifier: Classifier | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``classifier`` replaces the shipped clause model; only tests of threading and
        cancellation pass one (a deliberately slow fake)."""
        super().__init__(parent)
        self._pools = pools
        self._settings = settings
        self._override = classifier
        self._classifier: Classifier | None = None  # created on the model thread only
        self.playbook: Playbook | None = None  # the one the last analysis used
        self.job: GeneratorJob | None = None

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, document: Document, side: str | None) -> None:
        """Analyse ``document`` for ``side`` (None: the contract type's default side)."""
        self.cancel()
        playbook_path = self._settings.get("playbook") or None

        def generate(should_stop: Callable[[], bool]) -> Iterator[Progress | AnalysisResult]:
            from contractreview.analysis.pipeline import analyze
            from contractreview.analysis.playbook import load_playbook

            playbook = load_playbook(playbook_path)
            self.playbook = playbook
            chosen = side if side in playbook.sides else None  # a side the playbook dropped
            return analyze(document, playbook, chosen, self._model(), should_stop)

        job = GeneratorJob(
            "analysis",
            generate,
            is_result=lambda x: isinstance(x, AnalysisResult),
            generation=self._pools.generation,
        )
        job.on_cancel = self._cancel_model
        self.job = job
        self._pools.submit(
            "model",
            job,
            finished=self._finished,
            failed=self.failed.emit,
            progress=self.progress.emit,
            cancelled=self.cancelled.emit,
            done=lambda: self._over(job),
        )

    def cancel(self) -> bool:
        """Stop the analysis running; True when there was one to stop."""
        job = self.job
        if job is not None and not job.is_cancelled:
            job.cancel()
            return True
        return False

    def _finished(self, result: AnalysisResult | None) -> None:
        if result is not None:
            self.finished.emit(result)

    def _over(self, job: GeneratorJob) -> None:
        if job is self.job:
            self.job = None
            self.over.emit()

    def warm_up(self) -> None:
        """Load the heavy libraries and the model on the model thread, before any document."""
        self._pools.submit("model", CallJob("warm-up", self._warm_up), done=self.warmed_up.emit)

    def _warm_up(self) -> None:
        # Importing a native library holds Python's GIL for up to a few hundred ms; done here,
        # it never happens while a document is analysed, so the window stays responsive.
        from contractreview.analysis.pipeline import analyze  # noqa: F401
        from contractreview.analysis.segmenter import sentence_spans

        sentence_spans("Warm-up. " * 60)  # builds spaCy's tokenizer (text over the threshold)
        if self._override is None:
            from contractreview.analysis.classifier import ClauseClassifier

            try:
                model = self._model()
                if isinstance(model, ClauseClassifier):
                    model.load()
            except ContractReviewError as e:  # reported when a document is analysed
                log.info("model not loaded at start-up: %s", type(e).__name__)

    def _model(self) -> Classifier:
        if self._override is not None:
            return self._override
        if self._classifier is None:  # one ONNX session for the whole run
            from contractreview.analysis.classifier import ClauseClassifier

            self._classifier = ClauseClassifier()
        return self._classifier

    def _cancel_model(self) -> None:
        model = self._override if self._override is not None else self._classifier
        cancel = getattr(model, "cancel", None)
        if cancel is not None:
            cancel()

    # -- the playbook's sides --------------------------------------------------------------
    def sides(self, contract_type: str, current: str) -> list[tuple[str, str]]:
        """The sides the playbook offers for a contract type, as (id, label); ``current``
        is kept in the list even where the family does not name it."""
        playbook = self.playbook
        if playbook is None:
            return [(current, current)] if current else []
        ids = list(playbook.sides_for(contract_type))
        if current and current not in ids:
            ids.append(current)
        return [(side, playbook.side_label(side)) for side in ids]

    def side_label(self, side: str) -> str:
        playbook = self.playbook  # the one the analysis used
        return playbook.side_label(side) if playbook is not None else side
