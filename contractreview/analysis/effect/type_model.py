"""The learned risk-type detector: is a clause *about* a risk type, in wording no cue foresaw?

The effect reader's topic cues (:mod:`contractreview.analysis.effect.risk_types`) are narrow
patterns; this model is their second opinion. It is a TF-IDF model (word unigrams and
bigrams, sublinear term frequency, L2-normalised) with one logistic regression per risk type,
trained offline on weak labels from real contracts (section headings and CUAD clause labels
of the CUAD training contracts, UNFAIR-ToS labels; ``contractreview_training.risk_type_model``)
and shipped as one ``.npz`` file: the vocabulary, the idf weights, the coefficients, the
intercepts and two thresholds per type chosen on out-of-fold scores of the training contracts:
its own (best F1), and a lower one that applies where the type is the clause's best-scoring one
(the lowest score at which such best guesses are still right half the time). It runs with
numpy alone.

The file's SHA-256 must match the one in its manifest (``risk_types.manifest.json`` beside it);
a changed, truncated or swapped file is refused with :class:`~contractreview.errors.ModelError`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from contractreview.analysis.classifier import file_sha256
from contractreview.errors import ModelError
from contractreview.paths import models_dir
from contractreview.text.tfidf import sparse_tfidf

MODEL_FILE = "risk_types.npz"
MANIFEST_FILE = "risk_types.manifest.json"
MANIFEST_SCHEMA = "contractreview.risk-type-manifest/1"
FORMAT = 1

_WORD = re.compile(r"[a-z]+(?:['\u2019-][a-z]+)*|\d+")


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers (numbers as ``0``): what the model counts."""
    words = _WORD.findall(text.lower())
    return ["0" if w[0].isdigit() else w.replace("\u2019", "'") for w in words]


def ngrams(text: str) -> list[str]:
    """The unigrams and bigrams of ``text`` (the training script's analyzer too)."""
    toks = tokens(text)
    return toks + [f"{a} {b}" for a, b in pairwise(toks)]


def write_manifest(directory: Path) -> dict[str, object]:
    """Record the model file's SHA-256 beside it (the training script calls this)."""
    from contractreview.atomic_write import write_text_atomic

    doc: dict[str, object] = {
        "schema": MANIFEST_SCHEMA,
        "files": {MODEL_FILE: file_sha256(directory / MODEL_FILE)},
    }
    write_text_atomic(directory / MANIFEST_FILE, json.dumps(doc, indent=1) + "\n")
    (directory / MANIFEST_FILE).chmod(0o644)
    return doc


def _refused(what: str) -> ModelError:
    return ModelError(
        f"The risk-type model has been modified or damaged ({what}; its SHA-256 must match the "
        "one shipped with ContractReview), so it will not be used. Reinstall ContractReview."
    )


@dataclass(frozen=True)
class TypeModel:
    """The loaded model: ``scores(text)`` gives one probability per type in ``types``."""

    types: tuple[str, ...]
    vocab: dict[str, int]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_features, n_types)
    intercept: np.ndarray  # (n_types,)
    thresholds: np.ndarray  # (n_types,)
    top: np.ndarray  # (n_types,) the lower threshold when the type is the best-scoring one
    sha256: str

    @classmethod
    def load(cls, directory: Path | None = None) -> TypeModel:
        """Verify the file against its manifest, then load it."""
        directory = directory or models_dir()
        path = directory / MODEL_FILE
        if not path.is_file():
            raise ModelError(f"The risk-type model is missing: {path}. Reinstall ContractReview.")
        try:
            manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
            listed = str(manifest["files"][MODEL_FILE])
        except FileNotFoundError as e:
            raise _refused(f"its manifest, {MANIFEST_FILE}, is missing") from e
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise _refused(f"its manifest, {MANIFEST_FILE}, is unreadable") from e
        sha = file_sha256(path)
        if sha != listed:
            raise _refused(f"{MODEL_FILE} does not match its SHA-256")
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) > FORMAT:
                    raise ModelError(f"{MODEL_FILE} needs a newer ContractReview.")
                types = tuple(str(t) for t in z["types"])
                words = str(z["vocab"]).split("\n")
                model = cls(
                    types, {w: i for i, w in enumerate(words)},
                    z["idf"].astype(np.float32), z["coef"].astype(np.float32),
                    z["intercept"].astype(np.float32), z["thresholds"].astype(np.float32),
                    z["top_thresholds"].astype(np.float32), sha,
                )  # fmt: skip
        except (OSError, ValueError, KeyError) as e:
            raise ModelError(f"The risk-type model cannot be read: {e}") from e
        if model.coef.shape != (len(words), len(types)) or model.idf.shape != (len(words),):
            raise ModelError("The risk-type model's arrays do not fit together.")
        return model

    def scores(self, text: str) -> np.ndarray:
        """The probability that ``text`` is about each type (in ``types`` order)."""
        idx, x = sparse_tfidf((i for g in ngrams(text) if (i := self.vocab.get(g)) is not None),
                              self.idf)  # fmt: skip
        z = self.intercept + x @ self.coef[idx]
        out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return out

    def detected(self, text: str) -> frozenset[str]:
        """The types whose score reaches their threshold, and the best-scoring type where it
        reaches its lower one."""
        s = self.scores(text)
        ok = s >= self.thresholds
        best = int(s.argmax())
        ok[best] |= bool(s[best] >= self.top[best])
        return frozenset(t for t, hit in zip(self.types, ok, strict=True) if hit)


_lock = threading.Lock()


@lru_cache(maxsize=1)
def shipped() -> TypeModel:
    """The shipped model, verified and loaded once."""
    with _lock:
        return TypeModel.load()


@lru_cache(maxsize=4096)
def detected_types(text: str) -> frozenset[str]:
    """The risk types the shipped model finds ``text`` to be about (cached per text: every
    clause rule of a segment asks)."""
    return shipped().detected(text)


_off = threading.local()


def detects(text: str, type_id: str) -> bool:
    """Whether the shipped model finds ``text`` to be about ``type_id`` (never while
    :func:`switched_off` is in force on this thread)."""
    return not getattr(_off, "on", False) and type_id in detected_types(text)


@contextmanager
def switched_off() -> Iterator[None]:
    """The effect reader with its topic cues alone, on this thread: for measuring what the
    model adds (``contractreview eval type-detection`` / ``findings-count``)."""
    _off.on = True
    try:
        yield
    finally:
        _off.on = False
