"""Training the checklist model (``models/checklist/contract_nli.npz``) on ContractNLI.

Per hypothesis, two logistic regressions over the app's own TF-IDF features
(:mod:`contractreview.analysis.checklist.features`): an evidence model over every span (is
this span evidence for the hypothesis?), and an answer model over the words of the spans the
evidence model ranks highest (entailment / contradiction / not mentioned). The arrays go into
a :class:`ChecklistModel`, which the app runs with numpy alone.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from contractreview.analysis.checklist.features import (
    TfidfFeatures,
    fit_vocabulary,
    lead_ins,
    with_context,
)
from contractreview.analysis.checklist.nli_model import ChecklistModel
from contractreview_training.contract_nli_data import LABELS, NliDocument

MODEL_NAME = "contract_nli"
NOT_MENTIONED = LABELS.index("not_mentioned")
ABSENT_CLASS_BIAS = -30.0  # a class the training folds never saw is never predicted


@dataclass(frozen=True)
class TrainSettings:
    top_k: int = 3
    c_evidence: float = 4.0
    c_answer: float = 4.0
    max_features: int = 20_000
    evidence_threshold: float = 0.5
    # the answer model learns from evidence scored by evidence models that did not see the
    # document (k-fold within the training documents), as the evidence it will meet; 0: from
    # the final evidence model, which has seen them and ranks their evidence too well
    cross_fit: int = 4
    # 2: a span read with its list lead-in; 3: with the span after it too. 2: on the 5 folds
    # of the eval (December 2026, F2 citations) 3 moved accuracy 0.800 -> 0.792, evidence
    # recall 0.647 -> 0.573 (recall@6 of the ranking 0.785 -> 0.796 alone)
    contexts: int = 2
    # the evidence threshold: chosen on the training documents' cross-fit evidence scores to
    # maximise F-beta of the cited spans (beta 2: a missed clause costs the lawyer more than
    # one more clause to glance at), citing at most cite_k spans; None keeps evidence_threshold
    cite_k: int = 6
    cite_beta: float | None = 2.0
    # the answers' class biases moved by one offset per class, shared by the hypotheses,
    # chosen on the training documents' out-of-fold answers to maximise accuracy. Off: on the
    # 5 folds of the eval (December 2026) it moved accuracy 0.793 -> 0.792 and contradiction
    # F1 0.588 -> 0.571; the answer models' own biases are as good as 49 NDAs can tell
    calibrate: bool = False


def _span_matrices(
    features: TfidfFeatures, docs: Sequence[NliDocument], contexts: int
) -> list[np.ndarray]:
    out = []
    for d in docs:
        texts = d.span_texts
        out.append(with_context(features.transform(texts), lead_ins(texts), contexts))
    return out


def _sparse(xs: Sequence[np.ndarray]) -> Any:
    import scipy.sparse as sp

    return sp.vstack([sp.csr_matrix(m) for m in xs]).tocsr()


def _fit_evidence(
    x: Any, docs: Sequence[NliDocument], hid: str, c: float
) -> tuple[np.ndarray, float]:
    """``x``: every span of ``docs`` (sparse, in order). The dual solver: far faster when the
    features outnumber the positive spans, as here."""
    from sklearn.linear_model import LogisticRegression

    y = np.concatenate([[i in d.evidence[hid] for i in range(len(d.spans))] for d in docs])
    if y.sum() == 0:
        return np.zeros(x.shape[1], np.float32), ABSENT_CLASS_BIAS
    clf = LogisticRegression(
        C=c, class_weight="balanced", solver="liblinear", dual=True, random_state=0
    )
    clf.fit(x, y.astype(int))
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _fit_answer(a: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    # No class weights here: the hypotheses' answers are skewed on purpose (most NDAs entail
    # nda-5), and balancing cost 1.2 points of cross-validated accuracy and 4.5 of
    # contradiction F1 (sweep of December 2026 on the 5 folds of the eval).
    """(3, n) weights and (3,) biases in LABELS order, whatever classes the folds hold: one
    class against the rest for each class present (the runtime takes the softmax of the
    three), a single log-odds row when only two are."""
    from sklearn.linear_model import LogisticRegression

    w = np.zeros((3, a.shape[1]), np.float32)
    b = np.full(3, ABSENT_CLASS_BIAS, np.float32)
    classes = sorted(set(y.tolist()))
    if len(classes) == 1:
        b[classes[0]] = 0.0
        return w, b
    fitted = classes[1:] if len(classes) == 2 else classes
    if len(classes) == 2:
        b[classes[0]] = 0.0
    for cls in fitted:
        clf = LogisticRegression(C=c, solver="liblinear", dual=True, random_state=0)
        clf.fit(a, (y == cls).astype(int))
        w[cls], b[cls] = clf.coef_[0], clf.intercept_[0]
    return w, b


def fit_model(
    docs: Sequence[NliDocument], hypotheses: Sequence[str], settings: TrainSettings | None = None
) -> ChecklistModel:
    s = settings or TrainSettings()
    vocab, idf = fit_vocabulary(
        (t for d in docs for t in d.span_texts), max_features=s.max_features
    )
    features = TfidfFeatures(vocab, idf)
    xs = _span_matrices(features, docs, s.contexts)
    x_all = _sparse(xs)
    v = features.size
    ev_w = np.zeros((len(hypotheses), s.contexts * v), np.float32)
    ev_b = np.zeros(len(hypotheses), np.float32)
    an_w = np.zeros((len(hypotheses), 3, v + 2), np.float32)
    an_b = np.zeros((len(hypotheses), 3), np.float32)
    model = ChecklistModel(
        tuple(hypotheses), features, ev_w, ev_b, an_w, an_b, s.top_k, s.evidence_threshold
    )
    groups = _cross_fit_groups(xs, docs, s.cross_fit)
    evidence: list[tuple[np.ndarray, set[int]]] = []  # training pairs with gold evidence
    oof: list[tuple[np.ndarray, np.ndarray]] = []  # out-of-fold answer logits and gold
    for h, hid in enumerate(hypotheses):
        ev_w[h], ev_b[h] = _fit_evidence(x_all, docs, hid, s.c_evidence)
        scores = _training_scores(model, h, xs, groups=groups, s=s)
        a = np.stack([model.answer_features(x, sc)[0] for x, sc in zip(xs, scores, strict=True)])
        y = np.array([d.labels[hid] for d in docs])
        an_w[h], an_b[h] = _fit_answer(a, y, s.c_answer)
        if s.calibrate and groups:
            oof.append((_oof_logits(a, y, groups, s.c_answer), y))
        evidence += [(sc, d.evidence[hid]) for sc, d in zip(scores, docs, strict=True)
                     if d.labels[hid] != NOT_MENTIONED and d.evidence[hid]]  # fmt: skip
    if oof:
        an_b += choose_offsets(oof)[None, :]
    if s.cite_beta is None or not groups:
        return replace(model, cite_k=s.cite_k)
    threshold = choose_threshold(evidence, s.cite_k, s.cite_beta)
    return replace(model, cite_k=s.cite_k, evidence_threshold=threshold)


def _oof_logits(a: np.ndarray, y: np.ndarray, groups: Sequence[_Group], c: float) -> np.ndarray:
    """(n, 3) answer logits of each training document from answer models fitted without it
    (the cross-fit groups of the evidence models)."""
    out = np.zeros((len(y), 3), np.float32)
    for g in groups:
        rest = np.array(sorted(set(range(len(y))) - set(g.held)))
        w, b = _fit_answer(a[rest], y[rest], c)
        out[g.held] = a[g.held] @ w.T + b
    return out


OFFSETS = tuple(round(0.25 * i, 2) for i in range(-8, 9))


def choose_offsets(oof: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """(3,) offsets to the answer logits (entailment fixed at 0) that answer the most
    out-of-fold training pairs right; ties go to the smaller move."""
    z = np.concatenate([lg for lg, _ in oof])
    y = np.concatenate([gold for _, gold in oof])
    best = np.zeros(3, np.float32)
    best_key = (-1, 0.0)
    for dc in OFFSETS:
        for dn in OFFSETS:
            off = np.array([0.0, dc, dn], np.float32)
            right = int(((z + off).argmax(axis=1) == y).sum())
            key = (right, -(abs(dc) + abs(dn)))
            if key > best_key:
                best, best_key = off, key
    return best


THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))


def choose_threshold(pairs: Sequence[tuple[np.ndarray, set[int]]], k: int, beta: float) -> float:
    """The evidence threshold whose citations (the best ``k`` spans scoring at least it, at
    least the best one) reach the highest F-beta against the gold evidence of ``pairs``
    (evidence scores of training documents from models that did not see them)."""
    best, best_f = THRESHOLDS[len(THRESHOLDS) // 2], -1.0
    orders = [np.argsort(-sc, kind="stable")[:k] for sc, _ in pairs]
    for t in THRESHOLDS:
        cited = right = gold = 0
        for (sc, ev), top in zip(pairs, orders, strict=True):
            chosen = {int(i) for i in top if sc[i] >= t} or {int(top[0])}
            cited += len(chosen)
            right += len(chosen & ev)
            gold += len(ev)
        p, r = right / max(cited, 1), right / max(gold, 1)
        f = (1 + beta**2) * p * r / (beta**2 * p + r) if p + r > 0 else 0.0
        if f > best_f:
            best, best_f = t, f
    return best


@dataclass(frozen=True)
class _Group:
    held: list[int]  # documents scored
    rest: list[NliDocument]  # documents the evidence model is trained on
    x_rest: Any  # their spans, sparse


def _cross_fit_groups(
    xs: Sequence[np.ndarray], docs: Sequence[NliDocument], k: int
) -> list[_Group]:
    if k < 2:
        return []
    out = []
    for g in range(k):
        held = [i for i in range(len(docs)) if i % k == g]
        rest = [i for i in range(len(docs)) if i % k != g]
        out.append(_Group(held, [docs[i] for i in rest], _sparse([xs[i] for i in rest])))
    return out


def _training_scores(
    model: ChecklistModel,
    h: int,
    xs: Sequence[np.ndarray],
    *,
    groups: Sequence[_Group],
    s: TrainSettings,
) -> list[np.ndarray]:
    """The evidence scores the answer model of hypothesis ``h`` learns from."""
    if not groups:  # the final evidence model, read through the runtime's own code
        return [model.evidence_row(x, h) for x in xs]
    out: list[np.ndarray] = [np.zeros(0)] * len(xs)
    hid = model.hypotheses[h]
    for g in groups:
        w, b = _fit_evidence(g.x_rest, g.rest, hid, s.c_evidence)
        for i in g.held:
            out[i] = 1.0 / (1.0 + np.exp(-(xs[i] @ w + b)))
    return out


def run_train_contract_nli(args: argparse.Namespace) -> int:
    """Train on every document (no figure comes from this model: the figures are the
    cross-validated ones of ``contractreview eval contract-nli``) and write the model file
    with its SHA-256 in the folder's manifest."""
    from contractreview.analysis.checklist.nli_model import write_checklist_model
    from contractreview_training.contract_nli_data import load_contract_nli

    data = Path(args.data)
    if not (data / "documents.jsonl").is_file():
        print(f"No ContractNLI data in {data} (documents.jsonl, nli_pairs.jsonl).")
        return 2
    docs, hyps = load_contract_nli(data)
    model = fit_model(docs, [h.id for h in hyps])
    path = write_checklist_model(model, MODEL_NAME, Path(args.out_dir))
    print(f"{path}: {len(hyps)} hypotheses, {model.features.size} terms, "
          f"{path.stat().st_size / 1e6:.1f} MB, trained on {len(docs)} documents")  # fmt: skip
    return 0
