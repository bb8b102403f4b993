"""The LegalBench-style excerpt metrics (contractreview_training.eval_excerpts,
contractreview_training.metrics.auroc)
on hand-made scores."""

from __future__ import annotations

import numpy as np
import pytest

from contractreview_training.eval_excerpts import excerpt_metrics
from contractreview_training.metrics import auroc


def test_auroc_of_perfect_random_and_inverted_rankings() -> None:
    y = np.array([0, 0, 1, 1])
    assert auroc(y, np.array([0.1, 0.2, 0.8, 0.9])) == 1.0
    assert auroc(y, np.array([0.9, 0.8, 0.2, 0.1])) == 0.0
    assert auroc(y, np.full(4, 0.5)) == 0.5  # all tied: half credit


def test_auroc_counts_pairs() -> None:
    # positives at 0.3 and 0.9, negatives at 0.1, 0.5: 3 of the 4 pairs are ordered right
    assert auroc(np.array([1, 0, 1, 0]), np.array([0.3, 0.1, 0.9, 0.5])) == pytest.approx(0.75)


def test_balanced_accuracy_per_category_and_legalbench_exclusions() -> None:
    labels = ["Parties", "Governing Law", "Cap on Liability"]
    categories = [{"Governing Law"}, {"Governing Law"}, {"Cap on Liability"}, {"Parties"}]
    scores = np.array(
        [
            [0.0, 0.9, 0.1],
            [0.0, 0.4, 0.1],  # a governing-law excerpt under its threshold: recall 1/2
            [0.0, 0.1, 0.8],
            [0.9, 0.6, 0.0],  # a parties excerpt over the governing-law threshold
        ],
        dtype=np.float32,
    )
    out = excerpt_metrics(categories, scores, labels, np.array([0.5, 0.5, 0.5]))
    per = out["per_category"]
    assert set(per) == {"Governing Law", "Cap on Liability"}  # Parties is not a LegalBench task
    law = per["Governing Law"]
    assert law["recall"] == 0.5
    assert law["specificity"] == 0.5
    assert law["balanced_accuracy"] == 0.5
    assert per["Cap on Liability"]["balanced_accuracy"] == 1.0
    assert out["overall"]["balanced_accuracy"] == pytest.approx(0.75)
