"""The checklist model at run time: per question, an evidence model that scores every segment
of the contract, and an answer model that reads the best evidence and says entailment,
contradiction or not mentioned. Both are logistic regressions over TF-IDF features
(:mod:`contractreview.analysis.checklist.features`), run with numpy alone.

The model is one ``.npz`` file in ``models/checklist/`` whose SHA-256 must match the one in
``models/checklist/manifest.json``; a tampered, truncated or swapped file is refused.
``contractreview_training.nli_train`` writes both.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from contractreview.analysis.checklist.features import TfidfFeatures, lead_ins, with_context
from contractreview.errors import ModelError
from contractreview.paths import models_dir

LABELS = ("entailment", "contradiction", "not_mentioned")
MANIFEST_FILE = "manifest.json"
MANIFEST_SCHEMA = "contractreview.checklist-model/1"
LEAD_IN_MIN = 0.1  # evidence score at which a list's lead-in is cited with its item


def checklist_models_dir() -> Path:
    return models_dir() / "checklist"


@dataclass(frozen=True)
class ModelAnswer:
    hypothesis: str
    probabilities: tuple[float, float, float]  # in LABELS order
    evidence: tuple[int, ...]  # span indexes, best first
    evidence_scores: tuple[float, ...]

    @property
    def label(self) -> str:
        return LABELS[int(np.argmax(self.probabilities))]

    @property
    def confidence(self) -> float:
        return float(max(self.probabilities))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
    return out


@dataclass(frozen=True)
class ChecklistModel:
    """The arrays of one model file; :meth:`answer` is the whole run over a document."""

    hypotheses: tuple[str, ...]
    features: TfidfFeatures
    evidence_w: np.ndarray  # (H, cV): span + lead-in span (+ next span when c = 3)
    evidence_b: np.ndarray  # (H,)
    answer_w: np.ndarray  # (H, 3, V + 2)
    answer_b: np.ndarray  # (H, 3)
    top_k: int
    evidence_threshold: float
    sha256: str = ""
    contexts: int = 2  # 2: a span is read with its lead-in; 3: with the span after it too
    cite_k: int = 0  # the most spans cited (0: top_k)

    def index(self, hypothesis: str) -> int:
        return self.hypotheses.index(hypothesis)

    def span_features(self, spans: Sequence[str]) -> np.ndarray:
        x = self.features.transform(spans)
        return with_context(x, lead_ins(spans), self.contexts)

    def evidence_scores(self, x: np.ndarray) -> np.ndarray:
        """(H, n): the probability that each span is evidence for each hypothesis."""
        if x.shape[0] == 0:
            return np.zeros((len(self.hypotheses), 0), dtype=np.float32)
        # only the columns of the terms this document uses: a contract uses a few thousand of
        # the vocabulary's terms, and the full product ran BLAS threads on a busy machine
        used = np.flatnonzero(x.any(axis=0))
        return _sigmoid(self.evidence_w[:, used] @ x[:, used].T + self.evidence_b[:, None])

    def evidence_row(self, x: np.ndarray, h: int) -> np.ndarray:
        """(n,): the evidence scores of hypothesis number ``h`` alone."""
        return _sigmoid(x @ self.evidence_w[h] + self.evidence_b[h])

    def answer_features(self, x: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The answer model's input for one hypothesis (the top spans' words weighted by their
        evidence score, the best score, the mean of the top scores) and those spans."""
        v = self.features.size
        top = np.argsort(-scores, kind="stable")[: self.top_k]
        w = scores[top]
        bag = (w[:, None] * x[top, :v]).sum(axis=0) if top.size else np.zeros(v, np.float32)
        norm = float(np.linalg.norm(bag))
        bag = bag / norm if norm > 0 else bag
        best = float(w[0]) if top.size else 0.0
        mean = float(w.mean()) if top.size else 0.0
        return np.concatenate([bag, np.array([best, mean], dtype=np.float32)]), top

    def answer(
        self, spans: Sequence[str], usable: Sequence[bool] | None = None
    ) -> list[ModelAnswer]:
        """Every hypothesis answered over ``spans`` (the document's segments, in order).
        ``usable``: per span, whether it may be evidence (the app leaves out form fields and
        headings; they still give their neighbours context)."""
        x = self.span_features(spans)
        scores = self.evidence_scores(x)
        if usable is not None:
            scores = np.where(np.asarray(usable, dtype=bool)[None, :], scores, 0.0)
        lead = lead_ins(spans)
        out = []
        for h, hid in enumerate(self.hypotheses):
            feats, _ = self.answer_features(x, scores[h])
            probs = _softmax(self.answer_w[h] @ feats + self.answer_b[h])
            order = np.argsort(-scores[h], kind="stable")[: self.cite_k or self.top_k]
            cited = self._cited(spans, lead, order, scores[h])
            out.append(
                ModelAnswer(
                    hid,
                    (float(probs[0]), float(probs[1]), float(probs[2])),
                    tuple(cited),
                    tuple(float(scores[h, i]) for i in cited),
                )
            )
        return out

    def _cited(
        self, spans: Sequence[str], lead: dict[int, int], top: np.ndarray, scores: np.ndarray
    ) -> list[int]:
        """The top spans scoring at least the threshold (at least the best one), each with
        the lead-in of its list when that scores at least LEAD_IN_MIN: ContractNLI's
        evidence cites "The Recipient shall not:" with "(a) reverse engineer ..." (on the
        5 folds of the eval: evidence recall 0.49 -> 0.52, precision 0.73 -> 0.72)."""
        cited = [int(i) for i in top if scores[i] >= self.evidence_threshold] or [
            int(i) for i in top[:1]
        ]
        for i in list(cited):
            j = lead.get(i)
            if (
                j is not None
                and j not in cited
                and spans[j].rstrip().endswith(":")
                and scores[j] >= LEAD_IN_MIN
            ):
                cited.append(j)
        return cited

    def to_arrays(self) -> dict[str, np.ndarray]:
        vocab = sorted(self.features.vocabulary, key=self.features.vocabulary.__getitem__)
        return {
            "hypotheses": np.array(self.hypotheses),
            "vocabulary": np.array(vocab),
            "idf": self.features.idf,
            "evidence_w": self.evidence_w.astype(np.float32),
            "evidence_b": self.evidence_b.astype(np.float32),
            "answer_w": self.answer_w.astype(np.float32),
            "answer_b": self.answer_b.astype(np.float32),
            "top_k": np.array(self.top_k),
            "evidence_threshold": np.array(self.evidence_threshold, dtype=np.float32),
            "contexts": np.array(self.contexts),
            "cite_k": np.array(self.cite_k),
        }


def _tampered(name: str, what: str) -> ModelError:
    return ModelError(
        f"The checklist model {name} has been modified or damaged ({what}), so it will not be "
        "used. Reinstall ContractReview."
    )


def _listed_sha256(directory: Path, file_name: str) -> str:
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        return str(manifest["files"][file_name])
    except FileNotFoundError as e:
        raise _tampered(file_name, f"its list of files, {MANIFEST_FILE}, is missing") from e
    except KeyError as e:
        raise _tampered(file_name, f"it is not listed in {MANIFEST_FILE}") from e
    except (OSError, ValueError, TypeError) as e:
        raise _tampered(file_name, f"its list of files, {MANIFEST_FILE}, is unreadable") from e


def load_checklist_model(name: str, directory: Path | None = None) -> ChecklistModel:
    """``<directory>/<name>.npz`` after checking its SHA-256 against the manifest."""
    folder = directory if directory is not None else checklist_models_dir()
    file_name = f"{Path(name).name}.npz"
    path = folder / file_name
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise ModelError(
            f"The checklist model {file_name} is not installed in {folder}. Reinstall "
            "ContractReview."
        ) from e
    sha = hashlib.sha256(raw).hexdigest()
    if sha != _listed_sha256(folder, file_name):
        raise _tampered(file_name, "its SHA-256 differs from the one shipped with it")
    try:
        with np.load(path, allow_pickle=False) as z:
            return ChecklistModel(
                hypotheses=tuple(str(h) for h in z["hypotheses"]),
                features=TfidfFeatures([str(w) for w in z["vocabulary"]], z["idf"]),
                evidence_w=z["evidence_w"],
                evidence_b=z["evidence_b"],
                answer_w=z["answer_w"],
                answer_b=z["answer_b"],
                top_k=int(z["top_k"]),
                evidence_threshold=float(z["evidence_threshold"]),
                sha256=sha,
                contexts=int(z["contexts"]) if "contexts" in z.files else 2,
                cite_k=int(z["cite_k"]) if "cite_k" in z.files else 0,
            )
    except (OSError, ValueError, KeyError) as e:
        raise _tampered(file_name, f"it cannot be read: {e}") from e


_LOADED: dict[tuple[str, int, int], ChecklistModel] = {}
_LOADED_LOCK = threading.Lock()


def shared_checklist_model(name: str) -> ChecklistModel:
    """The shipped model ``name``, loaded and checked once per process (again if its file
    changes): the memo, the Word export and the GUI each answer a checklist."""
    path = checklist_models_dir() / f"{Path(name).name}.npz"
    try:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return load_checklist_model(name)  # says what is missing
    with _LOADED_LOCK:
        if key not in _LOADED:
            _LOADED[key] = load_checklist_model(name)
        return _LOADED[key]


def write_checklist_model(model: ChecklistModel, name: str, directory: Path) -> Path:
    """Write ``<name>.npz`` and record its SHA-256 in the folder's manifest (training)."""
    from contractreview.atomic_write import write_bytes_atomic, write_text_atomic

    directory.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    arrays: dict[str, Any] = dict(model.to_arrays())
    np.savez_compressed(buf, **arrays)
    data = buf.getvalue()
    path = directory / f"{name}.npz"
    write_bytes_atomic(path, data)
    manifest_path = directory / MANIFEST_FILE
    try:
        doc = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        doc = {"schema": MANIFEST_SCHEMA, "files": {}}
    doc["files"][path.name] = hashlib.sha256(data).hexdigest()
    write_text_atomic(manifest_path, json.dumps(doc, indent=1) + "\n")
    return path
