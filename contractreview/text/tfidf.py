"""Sub-linear TF-IDF weights of one text over a fixed vocabulary, with numpy alone: the one
weighting the app's small linear models (the risk-type detector, the checklist models) share.
Each model keeps its own tokenizer, since its vocabulary was built with it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np


def sparse_tfidf(term_ids: Iterable[int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vocabulary indices present among ``term_ids`` and their weights: (1 + log tf) x idf,
    L2-normalised; two empty arrays when no term is in the vocabulary."""
    counts = Counter(term_ids)
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    x = (1.0 + np.log(tf)) * idf[idx]
    norm = float(np.linalg.norm(x))
    return idx, (x / norm if norm > 0 else x)
