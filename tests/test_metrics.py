"""Threshold choice and rounding (contractreview.metrics), on hand-made scores."""

from __future__ import annotations

import numpy as np

from contractreview.metrics import best_f1_threshold, best_fbeta_threshold, floor_to

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
