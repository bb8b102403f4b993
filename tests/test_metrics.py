"""Threshold choice and rounding (contractreview_training.metrics), on hand-made scores."""

from __future__ import annotations

import numpy as np
import pytest

from contractreview_training.metrics import best_f1_threshold, best_fbeta_threshold, floor_to

Y = np.array([1, 0, 1, 0, 0, 1])
SCORES = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.1])


def test_f1_threshold_takes_the_higher_of_tied_cuts() -> None:
    # cutting at 0.7 (P 2/3, R 2/3) and at 0.1 (P 1/2, R 1) both give F1 2/3
    assert best_f1_threshold(Y, SCORES) == 0.7


def test_f2_threshold_favours_recall() -> None:
    # F2 at 0.7: 5*(2/3)(2/3)/(4*2/3+2/3) = 0.667; at 0.1: 5*(1/2)(1)/(4*1/2+1) = 0.833
    assert best_fbeta_threshold(Y, SCORES, 2.0, floor=0.0) == 0.1
    assert best_fbeta_threshold(Y, SCORES, 2.0) == 0.1  # the default floor is 0.05


def test_threshold_floor_and_no_positives() -> None:
    assert best_fbeta_threshold(Y, SCORES, 2.0, floor=0.25) == 0.25
    assert best_fbeta_threshold(np.zeros(6), SCORES, 2.0) == 0.5


def test_stored_threshold_never_rises_above_its_score() -> None:
    score = np.float32(0.30096)
    stored = floor_to(float(score))
    assert stored == 0.3009
    assert score >= stored  # round() would give 0.301 and drop this positive


def test_calibrate_pulls_a_rare_label_towards_its_family_threshold() -> None:
    """A label with many dev positives keeps (about) its own best threshold; one with a single
    positive is pulled most of the way to the family's shared threshold; a family without dev
    texts keeps the neutral 0.5."""
    from contractreview_training.datasets import UNFAIR_TOS_LABELS
    from contractreview_training.export import SHRINK_POSITIVES, calibrate, shared_threshold

    rng = np.random.default_rng(0)
    n = 400
    common = rng.random(n) < 0.3
    rare = np.zeros(n, dtype=bool)
    rare[7] = True
    scores = np.zeros((n, 2))
    scores[:, 0] = np.where(common, rng.uniform(0.4, 1.0, n), rng.uniform(0.0, 0.6, n))
    scores[:, 1] = rng.uniform(0.0, 0.5, n)
    scores[7, 1] = 0.97  # the lone positive, far above every negative
    truth = [
        ("cuad", {lab for lab, on in (("Common", common[i]), ("Rare", rare[i])) if on})
        for i in range(n)
    ]
    labels = ["Common", "Rare", UNFAIR_TOS_LABELS[0]]
    thresholds = calibrate(labels, truth, np.column_stack([scores, np.zeros(n)]))

    ys = np.column_stack([common, rare])
    shared = shared_threshold(ys, scores, 2.0)
    own_common = best_fbeta_threshold(common, scores[:, 0], 2.0)
    weight = len(np.flatnonzero(common)) / (len(np.flatnonzero(common)) + SHRINK_POSITIVES)
    assert thresholds["Common"] == pytest.approx(
        weight * own_common + (1 - weight) * shared, abs=1e-4
    )
    assert abs(thresholds["Common"] - own_common) < 0.01
    w_rare = 1 / (1 + SHRINK_POSITIVES)
    assert thresholds["Rare"] == pytest.approx(w_rare * 0.97 + (1 - w_rare) * shared, abs=1e-4)
    assert thresholds["Rare"] < 0.97
    assert thresholds[UNFAIR_TOS_LABELS[0]] == 0.5
