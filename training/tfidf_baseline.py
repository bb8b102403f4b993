"""The classical baseline the model must beat: TF-IDF + logistic regression trained on the
same training split, run inside the same eval (needs scikit-learn: test/train extras)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from contractreview_training.datasets import (
    UNFAIR_TOS_LABELS,
    CuadContract,
    cuad_labelled_texts,
    load_unfair_tos,
)


def _fit_predict(train_x: list[str], train_y: np.ndarray, test_x: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=200_000, sublinear_tf=True)
    xtr = vec.fit_transform(train_x)
    xte = vec.transform(list(test_x))
    out = np.zeros((len(test_x), train_y.shape[1]), dtype=np.float32)
    for j in range(train_y.shape[1]):
        if train_y[:, j].sum() == 0:
            continue
        clf = LogisticRegression(C=4.0, solver="liblinear", max_iter=200)
        clf.fit(xtr, train_y[:, j])
        out[:, j] = clf.predict_proba(xte)[:, 1]
    return out


def _cuad_fit_predict(data: Path, test: Sequence[str], label_ids: list[str]) -> np.ndarray:
    """Fit on the training split's segments and excerpts; scores on ``test`` in the model's
    label layout (UNFAIR columns left at 0)."""
    cats = [lab for lab in label_ids if lab not in UNFAIR_TOS_LABELS]
    texts, labels = cuad_labelled_texts(data, "train")
    y = np.array([[cat in ls for cat in cats] for ls in labels], dtype=int)
    part = _fit_predict(texts, y, test)
    out = np.zeros((len(test), len(label_ids)), dtype=np.float32)
    for j, cat in enumerate(cats):
        out[:, label_ids.index(cat)] = part[:, j]
    return out


def cuad_baseline_scores(
    data: Path, contracts: Sequence[CuadContract], label_ids: list[str]
) -> np.ndarray:
    """Scores of every segment of ``contracts`` in the model's label layout."""
    return _cuad_fit_predict(
        data, [s.segment.model_input() for c in contracts for s in c.segments], label_ids
    )


def cuad_excerpt_baseline(
    data: Path, test_x: Sequence[str], label_ids: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Scores on ``test_x`` and per-label thresholds calibrated by the model's own
    calibration (contractreview_training.export.calibrate) over the dev split's segments and
    excerpts."""
    from contractreview_training.export import calibrate

    dev_texts, dev_labels = cuad_labelled_texts(data, "dev")
    scores = _cuad_fit_predict(data, [*test_x, *dev_texts], label_ids)
    test_scores, dev_scores = scores[: len(test_x)], scores[len(test_x) :]
    thresholds = calibrate(label_ids, [("cuad", labels) for labels in dev_labels], dev_scores)
    return test_scores, np.array([thresholds[lab] for lab in label_ids], dtype=np.float32)


def unfair_baseline(data: Path, test_x: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Scores on ``test_x`` and per-label thresholds tuned exactly as the model's are
    (contractreview_training.export.calibrate over the validation sentences)."""
    from contractreview_training.export import calibrate

    train = load_unfair_tos(data, split="train")
    y = np.array([[lab in s.labels for lab in UNFAIR_TOS_LABELS] for s in train], dtype=int)
    val = load_unfair_tos(data, split="validation")
    both = _fit_predict([s.text for s in train], y, [*test_x, *(s.text for s in val)])
    scores, sv = both[: len(test_x)], both[len(test_x) :]
    labels = list(UNFAIR_TOS_LABELS)
    thresholds = calibrate(labels, [("unfair_tos", set(s.labels)) for s in val], sv)
    return scores, np.array([thresholds[lab] for lab in labels])
