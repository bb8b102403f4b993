"""The words a checklist model reads: lower-cased word unigrams and bigrams weighted by TF-IDF,
computed with numpy alone so the app needs no scikit-learn. Training builds the vocabulary and
the IDF with the same tokenizer (``contractreview_training.nli_train``), so a span is read the
same way at training and at run time."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

import numpy as np

from contractreview.text.tfidf import sparse_tfidf

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")


def tokens(text: str) -> list[str]:
    """Unigrams and bigrams ("not", "not_disclose") of ``text``, lower-cased."""
    words = _WORD.findall(text.lower())
    return words + [f"{a}_{b}" for a, b in pairwise(words)]


class TfidfFeatures:
    """Sub-linear TF times IDF over a fixed vocabulary, rows L2-normalised (dense float32)."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        if len(vocabulary) != idf.shape[0]:
            raise ValueError("vocabulary and idf differ in length")
        self.vocabulary: dict[str, int] = {w: i for i, w in enumerate(vocabulary)}
        self.idf = idf.astype(np.float32)

    @property
    def size(self) -> int:
        return int(self.idf.shape[0])

    def transform(self, texts: Iterable[str]) -> np.ndarray:
        rows = [self._row(t) for t in texts]
        if not rows:
            return np.zeros((0, self.size), dtype=np.float32)
        return np.stack(rows)

    def _row(self, text: str) -> np.ndarray:
        row = np.zeros(self.size, dtype=np.float32)
        idx, weights = sparse_tfidf(
            (i for t in tokens(text) if (i := self.vocabulary.get(t)) is not None), self.idf
        )
        row[idx] = weights
        return row


def fit_vocabulary(
    texts: Iterable[str], *, min_df: int = 2, max_features: int = 20_000
) -> tuple[list[str], np.ndarray]:
    """The most frequent terms by document frequency (ties by name) and their smooth IDF."""
    df: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        df.update(set(tokens(text)))
    kept = sorted((t for t, c in df.items() if c >= min_df), key=lambda t: (-df[t], t))
    vocab = sorted(kept[:max_features])
    idf = np.log((1.0 + n) / (1.0 + np.array([df[t] for t in vocab], dtype=np.float64))) + 1.0
    return vocab, idf.astype(np.float32)


def with_context(x: np.ndarray, lead_ins: Mapping[int, int], contexts: int = 2) -> np.ndarray:
    """Each span's vector beside the vector of the span that introduces it (the lead-in of a
    list: "The Recipient shall not:" before "(a) reverse engineer ..."), zeros where none,
    and with ``contexts=3`` beside the vector of the span after it too (a clause number or an
    opening fragment, "2.1" or "Recipient may disclose CI", is read with what follows it)."""
    if contexts not in (2, 3):
        raise ValueError(f"contexts must be 2 or 3, not {contexts}")
    ctx = np.zeros_like(x)
    for i, j in lead_ins.items():
        ctx[i] = x[j]
    parts = [x, ctx]
    if contexts == 3:
        nxt = np.zeros_like(x)
        nxt[:-1] = x[1:]
        parts.append(nxt)
    return np.concatenate(parts, axis=1)


def lead_ins(texts: Sequence[str]) -> dict[int, int]:
    """For every span, the nearest earlier span ending with a colon (a list's lead-in) within
    the following list items; otherwise the span before it."""
    out: dict[int, int] = {}
    last_colon: int | None = None
    for i, text in enumerate(texts):
        if i > 0:
            out[i] = last_colon if last_colon is not None and i - last_colon <= 12 else i - 1
        if text.rstrip().endswith(":"):
            last_colon = i
    return out
