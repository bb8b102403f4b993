"""The analysis pipeline as a generator: parse, segment, score, rules, key terms, suggested
edits.

``analyze`` yields a :class:`Progress` after each stage and each model batch (every yield is a
cancellation point, so a GUI worker can show progress and stop between batches), and finally
the :class:`~contractreview.analysis.results.AnalysisResult`. ``combine`` is the same review
without the
model: it takes the score matrix as input, which is what tests and re-reviews with another
playbook or side use.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from contractreview.analysis.contract_type import detect_contract_type
from contractreview.analysis.edits.suggest import suggest_edits
from contractreview.analysis.playbook import Playbook
from contractreview.analysis.results import AnalysisResult, DocumentInfo, NamedHash
from contractreview.analysis.risk import group_findings, missing_clauses, review_segments
from contractreview.analysis.segmenter import Segment, segment_document
from contractreview.analysis.terms.extractor import extract_terms
from contractreview.docx.document import Document
from contractreview.errors import CancelledError

if TYPE_CHECKING:
    import numpy as np

STAGES = ("parse", "segment", "model", "rules", "done")


@dataclass(frozen=True)
class Progress:
    stage: str  # one of STAGES
    done: int
    total: int


class Classifier(Protocol):
    """What the analysis needs of the clause model (ClauseClassifier provides it)."""

    name: str
    sha256: str
    label_ids: list[str]
    thresholds: np.ndarray

    def iter_scores(
        self, texts: Sequence[str], *, should_stop: Callable[[], bool] | None = None
    ) -> Iterator[tuple[int, int, np.ndarray | None]]: ...


@dataclass(frozen=True)
class ModelOutput:
    """The model's scores for a document's segments, and which model produced them."""

    scores: np.ndarray  # (segments, labels) sigmoid scores
    label_ids: Sequence[str]
    thresholds: np.ndarray
    name: str = ""
    sha256: str = ""


def combine(
    document: Document,
    segments: Sequence[Segment],
    model: ModelOutput,
    playbook: Playbook,
    side: str | None = None,
    *,
    all_scores: bool = False,
    timings: dict[str, float] | None = None,
) -> AnalysisResult:
    """The review of ``document`` from its segments, the model's scores and a playbook."""
    t0 = time.perf_counter()
    contract_type = detect_contract_type(document.title, segments)
    side = playbook.check_side(side) if side else playbook.default_side(contract_type)
    terms = extract_terms(segments, model.scores, model.label_ids)
    results = review_segments(
        segments, model.scores, model.label_ids, model.thresholds, playbook, side, terms,
        all_scores=all_scores,
    )  # fmt: skip
    present: set[str] = set()
    if len(segments):
        import numpy as np

        over = np.asarray(model.scores >= model.thresholds).any(axis=0)
        present = {model.label_ids[int(j)] for j in np.flatnonzero(over)}
    read_types = frozenset(
        r.effect.rule
        for s in results
        if s.kind == "operative"
        for r in s.risk.reasons
        if r.effect is not None
    )
    missing = missing_clauses(playbook, side, contract_type, segments, present, terms, read_types)
    findings = group_findings(results)
    edits = suggest_edits(playbook, side, segments=results, findings=findings, missing=missing,
                          terms=terms)  # fmt: skip
    timings = dict(timings or {})
    timings["rules_s"] = time.perf_counter() - t0
    return AnalysisResult(
        document=DocumentInfo(document.path, document.sha256, document.title, contract_type,
                              document.words, document.warnings),
        model=NamedHash(model.name, model.sha256),
        playbook=NamedHash(playbook.name, playbook.sha256),
        side=side,
        segments=tuple(results),
        findings=tuple(findings),
        missing=tuple(missing),
        terms=tuple(terms),
        timings=timings,
        edits=edits,
    )  # fmt: skip


def analyze(
    document: Document | str | Path,
    playbook: Playbook | None = None,
    side: str | None = None,
    classifier: Classifier | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    all_scores: bool = False,
) -> Iterator[Progress | AnalysisResult]:
    """Review a contract; yields :class:`Progress` events, then the result.

    ``document`` is a parsed :class:`Document` or the path of a DOCX file. ``playbook``
    defaults to the shipped one, ``side`` to the playbook's first side for the contract type,
    ``classifier`` to the shipped clause model. Raises :class:`CancelledError` when
    ``should_stop()`` turns true.
    """
    start = time.perf_counter()
    timings: dict[str, float] = {}

    def check() -> None:
        if should_stop is not None and should_stop():
            raise CancelledError("Analysis cancelled.")

    t = time.perf_counter()
    if not isinstance(document, Document):
        from contractreview.docx.reader import read_docx

        document = read_docx(str(document))
    timings["parse_s"] = time.perf_counter() - t
    yield Progress("parse", 1, 1)
    check()

    if playbook is None:
        from contractreview.analysis.playbook import load_playbook

        playbook = load_playbook()
    if side is not None:
        playbook.check_side(side)  # fail before the slow part
    t = time.perf_counter()
    segments = segment_document(document)
    timings["segment_s"] = time.perf_counter() - t
    yield Progress("segment", len(segments), len(segments))
    check()

    if classifier is None:
        from contractreview.analysis.classifier import ClauseClassifier

        classifier = ClauseClassifier()
    t = time.perf_counter()
    scores = None
    texts = [s.model_input() for s in segments]
    for done, total, batch in classifier.iter_scores(texts, should_stop=should_stop):
        if batch is not None:
            scores = batch
        else:
            yield Progress("model", done, total)
            check()
    assert scores is not None
    timings["model_s"] = time.perf_counter() - t
    yield Progress("model", len(texts), len(texts))
    check()

    model = ModelOutput(scores, classifier.label_ids, classifier.thresholds, classifier.name,
                        classifier.sha256)  # fmt: skip
    result = combine(document, segments, model, playbook, side, all_scores=all_scores,
                     timings=timings)  # fmt: skip
    result.timings["total_s"] = time.perf_counter() - start
    yield Progress("rules", 1, 1)
    yield Progress("done", 1, 1)
    yield result


def run_analysis(
    document: Document | str | Path,
    playbook: Playbook | None = None,
    side: str | None = None,
    classifier: Classifier | None = None,
    *,
    all_scores: bool = False,
) -> AnalysisResult:
    """``analyze`` run to the end, for callers that do not show progress."""
    out: AnalysisResult | None = None
    for event in analyze(document, playbook, side, classifier, all_scores=all_scores):
        if isinstance(event, AnalysisResult):
            out = event
    assert out is not None
    return out
