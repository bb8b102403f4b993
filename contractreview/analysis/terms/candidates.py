"""What every finder of key terms works with: the contract's segments and the model's scores
(:class:`Context`), and the candidate values the finders propose (:class:`Candidate`), of which
:meth:`Context.best` keeps one per term."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from contractreview.analysis.results import Citation, Term, TermAlternative
from contractreview.analysis.segmenter import Segment
from contractreview.analysis.terms.confidence import (
    ALTERNATIVES_SHOWN,
    CEILING,
    CHECK_BELOW,
    CHECK_MARGIN,
    FLOOR,
    MODEL_WEIGHT,
)

if TYPE_CHECKING:
    import numpy as np


PREAMBLE_SEGMENTS = 60  # parties and the agreement date are stated near the top


@dataclass(frozen=True)
class Candidate:
    base: float  # how sure the rule is, 0..1
    seg: int
    start: int
    end: int
    normalized: Any
    more: tuple[tuple[int, int, int], ...] = ()  # further citations: (segment index, start, end)


class Context:
    """Segments plus the model's score of each metadata label per segment (0 without model)."""

    def __init__(
        self,
        segments: Sequence[Segment],
        scores: np.ndarray | None,
        label_ids: Sequence[str] | None,
        term_labels: Mapping[str, str],
    ) -> None:
        self.segments = segments
        self._term_labels = term_labels  # the model's label that points at each term's clause
        self._scores = scores
        self._col = {lab: i for i, lab in enumerate(label_ids or ())}

    def model_score(self, term: str, seg: int) -> float:
        label = self._term_labels.get(term)
        if self._scores is None or label is None or label not in self._col:
            return 0.0
        return float(self._scores[seg, self._col[label]])

    def confidence(self, term: str, cand: Candidate) -> float:
        """How sure the finder is of ``cand``, the model's score of its segment weighing in."""
        have_model = self._scores is not None and self._term_labels.get(term) in self._col
        if not have_model:
            return cand.base
        return (1 - MODEL_WEIGHT) * cand.base + MODEL_WEIGHT * self.model_score(term, cand.seg)

    def best(self, term: str, cands: list[Candidate]) -> Term | None:
        """The candidate with the best rule confidence, model score breaking near-ties; marked
        "check" when it is not sure enough or a different value comes close, with the best
        candidate of each competing value as its alternatives."""
        if not cands:
            return None
        ranked = sorted(cands, key=lambda c: (-round(self.confidence(term, c), 2), c.seg, c.start))
        top = ranked[0]
        sure = self._clamp(self.confidence(term, top))
        rivals: list[Candidate] = []
        for c in ranked[1:]:
            if c.normalized != top.normalized and all(r.normalized != c.normalized for r in rivals):
                rivals.append(c)
        close = bool(rivals) and self.confidence(term, rivals[0]) >= sure - CHECK_MARGIN
        seg = self.segments[top.seg]
        return Term(
            name=term,
            value=seg.text[top.start : top.end],
            normalized=top.normalized,
            confidence=sure,
            segment=seg.id,
            start=top.start,
            end=top.end,
            more=tuple(Citation(self.segments[k].id, s, e) for k, s, e in top.more),
            check=sure < CHECK_BELOW or close,
            alternatives=tuple(self._alternative(term, c) for c in rivals[:ALTERNATIVES_SHOWN]),
        )

    def _alternative(self, term: str, cand: Candidate) -> TermAlternative:
        seg = self.segments[cand.seg]
        return TermAlternative(
            value=seg.text[cand.start : cand.end],
            normalized=cand.normalized,
            confidence=self._clamp(self.confidence(term, cand)),
            segment=seg.id,
            start=cand.start,
            end=cand.end,
        )

    @staticmethod
    def _clamp(conf: float) -> float:
        return round(min(CEILING, max(FLOOR, conf)), 3)


def shifted(cand: Candidate, by: float) -> Candidate:
    return Candidate(cand.base + by, cand.seg, cand.start, cand.end, cand.normalized, cand.more)
