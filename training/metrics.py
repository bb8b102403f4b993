"""Classification metrics in plain numpy (the installed app has no scikit-learn)."""

from __future__ import annotations

import numpy as np


def average_precision(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the precision-recall curve as a step function (scikit-learn's definition)."""
    y = np.asarray(y_true).astype(bool)
    n_pos = int(y.sum())
    if n_pos == 0:
        return 0.0
    order = np.argsort(-np.asarray(scores), kind="mergesort")
    s = np.asarray(scores)[order]
    y = y[order]
    tp = np.cumsum(y)
    # evaluate only at the last index of each run of tied scores
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    tp = tp[last]
    precision = tp / (last + 1)
    recall = tp / n_pos
    prev = np.r_[0.0, recall[:-1]]
    return float(np.sum((recall - prev) * precision))


def f1_binary(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    y = np.asarray(y_true).astype(bool)
    p = np.asarray(y_pred).astype(bool)
    tp = int((y & p).sum())
    denom = int(y.sum() + p.sum())
    return 2 * tp / denom if denom else 0.0


def f1_micro_macro(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float]:
    """Micro- and macro-averaged F1 over the columns of two 0/1 matrices."""
    y = np.asarray(y_true).astype(bool)
    p = np.asarray(y_pred).astype(bool)
    tp = (y & p).sum(axis=0)
    denom = y.sum(axis=0) + p.sum(axis=0)
    micro = 2 * tp.sum() / denom.sum() if denom.sum() else 0.0
    per = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    return float(micro), float(per.mean())


def best_f1_threshold(y_true: np.ndarray, scores: np.ndarray, floor: float = 0.05) -> float:
    """The score threshold that maximises F1 (ties: the higher threshold); ``floor`` bounds it."""
    return best_fbeta_threshold(y_true, scores, 1.0, floor)


def best_fbeta_threshold(
    y_true: np.ndarray, scores: np.ndarray, beta: float, floor: float = 0.05
) -> float:
    """The score threshold that maximises F-beta (beta > 1 weighs recall beta times as much as
    precision; ties: the higher threshold); ``floor`` bounds it. The threshold is a score of
    the data, so ``scores >= threshold`` takes the positives it was chosen for."""
    y = np.asarray(y_true).astype(bool)
    if not y.any():
        return 0.5
    s = np.asarray(scores)
    order = np.argsort(-s, kind="mergesort")
    s = s[order]
    tp = np.cumsum(y[order])
    k = np.arange(1, len(s) + 1)
    b2 = beta * beta
    fbeta = (1 + b2) * tp / (k + b2 * y.sum())  # (1+b2)PR/(b2 P + R) with P=tp/k, R=tp/n_pos
    i = int(np.argmax(fbeta))
    return float(max(floor, s[i]))


def floor_to(value: float, decimals: int = 4) -> float:
    """``value`` rounded *down*: a threshold stored with fewer decimals must not rise above
    the score it was chosen at (that would drop the last positive it takes)."""
    scale = 10**decimals
    return float(np.floor(value * scale) / scale)


def lexglue_f1(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float]:
    """Micro/macro-F1 over the labels plus a 'none' column (LexGLUE's UNFAIR-ToS metric)."""

    def with_none(y: np.ndarray) -> np.ndarray:
        none = (y.sum(axis=1) == 0).astype(y.dtype)[:, None]
        return np.concatenate([y, none], axis=1)

    return f1_micro_macro(with_none(y_true), with_none(y_pred))


def auroc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties counted half)."""
    y = np.asarray(y_true).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return 0.0
    order = np.argsort(scores, kind="mergesort")
    s = np.asarray(scores)[order]
    ranks = np.empty(len(s), dtype=np.float64)
    i = 0
    while i < len(s):  # average rank over ties
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i : j + 1] = (i + j) / 2 + 1
        i = j + 1
    pos_ranks = ranks[y[order]].sum()
    return float((pos_ranks - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
