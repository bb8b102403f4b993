"""A checklist run over one contract: every question answered with its evidence.

``run_checklist`` is a generator like :func:`contractreview.analysis.pipeline.analyze`: it
yields :class:`Progress` events (each a cancellation point) and then the
:class:`ChecklistResult`. An answer other than ``not_mentioned`` always cites at least one
segment; a cue question that finds nothing is ``not_mentioned``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contractreview.analysis.checklist.cover import incorporated_note, is_form_field, missing_terms
from contractreview.analysis.checklist.definition import Checklist, Question, load_checklist
from contractreview.analysis.checklist.nli_model import (
    ChecklistModel,
    ModelAnswer,
    shared_checklist_model,
)
from contractreview.analysis.pipeline import Progress
from contractreview.analysis.results import AnalysisResult, Citation, RiskLevel
from contractreview.analysis.segmenter import Segment, segment_document
from contractreview.docx.document import Document
from contractreview.errors import CancelledError

SCHEMA = "contractreview.checklist/1"
CUE_CONFIDENCE = 0.9  # a cue is a literal pattern: sure when it matches, less so when absent
CUE_ABSENT_CONFIDENCE = 0.7
QUOTE_CHARS = 400


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    title: str
    question: str
    answer: str  # entailment, contradiction or not_mentioned
    confidence: float
    citations: tuple[Citation, ...]
    quote: str  # the text of the first citation
    level: RiskLevel  # none when the answer is one the firm prefers for the side
    reason: str
    position: str = ""  # the firm's position, when the answer is not the preferred one
    preferred: bool = True
    refs: tuple[str, ...] = ()  # how a lawyer cites each cited segment ("9.1(a)"), or ""
    note: str = ""  # why the answer could not be read from this file (a cover page's terms)

    def to_json(self) -> dict[str, Any]:
        reason = self.reason if not self.position else f"{self.reason} Position: {self.position}"
        if self.note:
            reason = self.note
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "confidence": round(self.confidence, 4),
            "citations": [
                {"segment": c.segment, "start": c.start, "end": c.end} for c in self.citations
            ],
            "quote": self.quote,
            "level": self.level.value,
            "reason": reason,
        }


@dataclass(frozen=True)
class ChecklistResult:
    checklist_name: str
    checklist_sha256: str
    document_path: str
    document_sha256: str
    side: str
    items: tuple[ChecklistItem, ...]
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "checklist": {"name": self.checklist_name, "sha256": self.checklist_sha256},
            "document": {"path": self.document_path, "sha256": self.document_sha256},
            "items": [item.to_json() for item in self.items],
        }

    def raised(self) -> list[ChecklistItem]:
        """The answers the firm does not prefer for the side, most serious first."""
        return sorted((i for i in self.items if not i.preferred), key=lambda i: -i.level.rank)


def _item(
    q: Question, side: str, answer: str, confidence: float, cited: Sequence[Segment]
) -> ChecklistItem:
    preferred = q.is_preferred(answer, side)
    citations = tuple(Citation(s.id, 0, len(s.text)) for s in cited)
    quote = cited[0].text[:QUOTE_CHARS] if cited else ""
    return ChecklistItem(
        id=q.id,
        title=q.title,
        question=q.text,
        answer=answer,
        confidence=confidence,
        citations=citations if answer != "not_mentioned" else (),
        quote=quote if answer != "not_mentioned" else "",
        level=RiskLevel.NONE if preferred else q.level(side),
        reason="As the firm prefers for this side." if preferred else q.reason,
        position="" if preferred else q.position,
        preferred=preferred,
        refs=tuple(s.ref for s in cited) if answer != "not_mentioned" else (),
    )


def _cue_item(q: Question, side: str, segments: Sequence[Segment]) -> ChecklistItem:
    hits = [
        i for i, s in enumerate(segments)
        if not s.is_heading and any(c.search(s.text) for c in q.cues)
    ]  # fmt: skip
    if hits:
        cited: list[Segment] = []
        for i in hits[:3]:
            # a cover page's label row ("Governing Law") is cited after the value under it
            if is_form_field(segments[i].text) and i + 1 < len(segments):
                cited.append(segments[i + 1])
            cited.append(segments[i])
        return _item(q, side, "entailment", CUE_CONFIDENCE, list(dict.fromkeys(cited)))
    return _item(q, side, "not_mentioned", CUE_ABSENT_CONFIDENCE, ())


def _incorporated_item(q: Question, terms: str) -> ChecklistItem:
    """A model question over a cover page whose standard terms are not in the file: not
    mentioned here, with a note naming the terms to read; not raised as the firm's concern."""
    return ChecklistItem(
        id=q.id, title=q.title, question=q.text, answer="not_mentioned", confidence=0.0,
        citations=(), quote="", level=RiskLevel.NONE, reason=incorporated_note(terms),
        note=incorporated_note(terms),
    )  # fmt: skip


def _model_item(
    q: Question, side: str, answer: ModelAnswer, segments: Sequence[Segment]
) -> ChecklistItem:
    cited = [segments[i] for i in answer.evidence]
    return _item(q, side, answer.label, answer.confidence, cited)


def answer_checklist(
    checklist: Checklist,
    segments: Sequence[Segment],
    side: str | None = None,
    model: ChecklistModel | None = None,
) -> list[ChecklistItem]:
    """Every question of ``checklist`` answered over ``segments`` (no progress)."""
    side = checklist.check_side(side)
    units = [s for s in segments if s.text.strip()]
    answers: dict[str, ModelAnswer] = {}
    absent = missing_terms(units)
    if any(not q.cues for q in checklist.questions) and not absent:
        if model is None:
            model = shared_checklist_model(checklist.model or "contract_nli")
        if units:
            usable = [not s.is_heading and not is_form_field(s.text) for s in units]
            answers = {a.hypothesis: a for a in model.answer([s.text for s in units], usable)}
    out = []
    for q in checklist.questions:
        if q.cues:
            out.append(_cue_item(q, side, units))
        elif absent:
            out.append(_incorporated_item(q, absent))
        elif q.id in answers:
            out.append(_model_item(q, side, answers[q.id], units))
        else:  # a question the model was not trained for, or an empty document
            out.append(_item(q, side, "not_mentioned", 0.0, ()))
    return out


def run_checklist(
    document: Document | str | Path,
    checklist: Checklist | str | Path = "nda",
    side: str | None = None,
    model: ChecklistModel | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    segments: Sequence[Segment] | None = None,
) -> Iterator[Progress | ChecklistResult]:
    """Answer ``checklist`` for ``document``: Progress events, then the ChecklistResult.
    ``segments`` skips segmentation when the caller (the GUI) already has them."""
    start = time.perf_counter()

    def check() -> None:
        if should_stop is not None and should_stop():
            raise CancelledError("Checklist cancelled.")

    if not isinstance(checklist, Checklist):
        checklist = load_checklist(checklist)
    side = checklist.check_side(side)
    if not isinstance(document, Document):
        from contractreview.docx.reader import read_docx

        document = read_docx(str(document))
    yield Progress("parse", 1, 1)
    check()
    units = list(segments) if segments is not None else segment_document(document)
    yield Progress("segment", len(units), len(units))
    check()
    if model is None and any(not q.cues for q in checklist.questions) and not missing_terms(units):
        model = shared_checklist_model(checklist.model or "contract_nli")
    items = answer_checklist(checklist, units, side, model)
    yield Progress("model", len(items), len(items))
    check()
    yield Progress("done", 1, 1)
    yield ChecklistResult(
        checklist_name=checklist.name,
        checklist_sha256=checklist.sha256,
        document_path=document.path,
        document_sha256=document.sha256,
        side=side,
        items=tuple(items),
        timings={"total_s": time.perf_counter() - start},
    )


def checklist_result(
    document: Document | str | Path,
    checklist: Checklist | str | Path = "nda",
    side: str | None = None,
    model: ChecklistModel | None = None,
) -> ChecklistResult:
    """``run_checklist`` to the end, for callers that show no progress."""
    out = None
    for event in run_checklist(document, checklist, side, model):
        if isinstance(event, ChecklistResult):
            out = event
    assert out is not None
    return out


def checklist_for_analysis(
    result: AnalysisResult,
    checklist: Checklist | str | Path = "nda",
    side: str | None = None,
    model: ChecklistModel | None = None,
) -> ChecklistResult:
    """The checklist answered over the segments of a finished analysis (the memo and the Word
    export of an NDA), without reading the contract again. ``side`` defaults to the
    analysis's side when the checklist has it, else to the checklist's first side."""
    if not isinstance(checklist, Checklist):
        checklist = load_checklist(checklist)
    if side is None and result.side in checklist.sides:
        side = result.side
    side = checklist.check_side(side)
    segments = [
        Segment(
            s.id, s.text, s.block, s.start, s.end, s.label, s.heading,
            is_heading=s.kind == "heading", ref=s.ref,
        )
        for s in result.segments
    ]  # fmt: skip
    start = time.perf_counter()
    items = answer_checklist(checklist, segments, side, model)
    return ChecklistResult(
        checklist_name=checklist.name,
        checklist_sha256=checklist.sha256,
        document_path=result.document.path,
        document_sha256=result.document.sha256,
        side=side,
        items=tuple(items),
        timings={"total_s": time.perf_counter() - start},
    )
