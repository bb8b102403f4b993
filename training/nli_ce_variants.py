"""The fine-tuned cross-encoder's answers beside the checklist model's, for
``contractreview eval contract-nli --cross-encoder DIR``: it reads the class probabilities
that :mod:`contractreview_training.nli_cross_encoder` wrote for every held-out pair of a fold
(its candidates: the TF-IDF evidence model's best spans), never a pair of a document the
cross-encoder was trained on.

Nothing here is tuned on the folds: the cross-encoder cites the candidates it calls evidence
at 0.5 (at least its best one, at most six); its own answer is not mentioned as likely as its
best candidate is not evidence, the rest shared as the best three candidates' entailment and
contradiction probabilities are; the blend is the mean of that and the model's answer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from contractreview_training.contract_nli_data import Hypothesis, NliDocument

CrossRows = dict[tuple[int, str], dict[str, Any]]
CROSS_VARIANTS = ("model_ce_citations", "ce_answer", "blend")
CITE_MIN = 0.5
CITE_MAX = 6


def _evidence(row: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) probabilities (not evidence, entailment, contradiction) and (n,) evidence."""
    p = np.asarray(row["probs"], dtype=np.float64).reshape(-1, 3)
    return p, p[:, 1] + p[:, 2]


def ce_citations(row: dict[str, Any]) -> set[int]:
    """The candidates the cross-encoder calls evidence (at least the best one), at most six."""
    _, ev = _evidence(row)
    if ev.size == 0:
        return set()
    order = np.argsort(-ev, kind="stable")[:CITE_MAX]
    cand = row["cand"]
    return {int(cand[i]) for i in order if ev[i] >= CITE_MIN} or {int(cand[order[0]])}


def ce_answer_probs(row: dict[str, Any]) -> np.ndarray:
    """(entailment, contradiction, not mentioned) from the cross-encoder alone."""
    p, ev = _evidence(row)
    if ev.size == 0:
        return np.array([0.0, 0.0, 1.0])
    top = np.argsort(-ev, kind="stable")[:3]
    e, c = float(p[top, 1].sum()), float(p[top, 2].sum())
    best = float(ev.max())
    share = max(e + c, 1e-9)
    return np.array([best * e / share, best * c / share, 1.0 - best])


def cross_encoder_answers(
    model_probs: np.ndarray, row: dict[str, Any]
) -> list[tuple[str, np.ndarray, set[int]]]:
    """(variant, answer probabilities, cited spans) for one held-out pair."""
    ce = ce_answer_probs(row)
    cited = ce_citations(row)
    return [
        ("model_ce_citations", model_probs, cited),
        ("ce_answer", ce, cited),
        ("blend", (model_probs + ce) / 2, cited),
    ]


def load_cross_rows(
    directory: Path,
    docs: Sequence[NliDocument],
    hyps: Sequence[Hypothesis],
    folds: Sequence[Sequence[int]],
) -> dict[int, CrossRows]:
    """By 0-based fold, the rows of ``fold<N>_rows.json`` files whose pairs are exactly that
    fold's held-out documents x hypotheses (``folds``: the eval's split, document indexes); a
    file of other documents (another fold count, a ``--limit``) is an error, not a figure."""
    out: dict[int, CrossRows] = {}
    for f, test_idx in enumerate(folds):
        path = directory / f"fold{f + 1}_rows.json"
        if not path.is_file():
            continue
        rows = json.loads(path.read_text(encoding="utf-8"))
        got = {(int(r["doc"]), str(r["hid"])): r for r in rows}
        want = {(docs[i].doc_id, h.id) for i in test_idx for h in hyps}
        if set(got) != want:
            raise ValueError(
                f"{path}: its pairs are not those of fold {f + 1} of {len(folds)} over these "
                f"{len(docs)} documents ({len(set(got) & want)} of {len(want)} match)"
            )
        out[f] = got
    return out
