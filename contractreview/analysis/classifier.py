"""The clause classifier at run time: the shipped ONNX model, run with onnxruntime and
tokenizers only (no torch, no transformers).

Every file the runtime reads from the model folder (the model, its tokenizer, ``labels.json``
with the thresholds) is checked against the SHA-256 listed in ``manifest.json`` before it is
used, and the model's own SHA-256 in ``labels.json`` must agree; a tampered, truncated or swapped
file is refused, and so is a ``model_file`` outside the model folder. The session is created
lazily on first use so a GUI can show the document before the model is ready. Inputs are
sorted by length and padded per batch.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from contractreview.errors import CancelledError, ModelError
from contractreview.paths import models_dir

if TYPE_CHECKING:
    import onnxruntime as ort
    from tokenizers import Tokenizer

MODEL_FILE = "clause_model.onnx"
TOKENIZER_FILE = "tokenizer.json"
LABELS_FILE = "labels.json"
MANIFEST_FILE = "manifest.json"
MANIFEST_SCHEMA = "contractreview.model-manifest/1"
MAX_TOKENS = 128
BATCH_SIZE = 16  # 32 is no faster on 2-4 cores and holds ~50 MB more activations at peak


@dataclass(frozen=True)
class LabelInfo:
    id: str
    source: str  # "cuad" or "unfair_tos"
    threshold: float


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_manifest(directory: Path, model_file: str = MODEL_FILE) -> dict[str, Any]:
    """Record the SHA-256 of every file the runtime reads from ``directory`` (after exporting
    or recalibrating a model: ``contractreview_training.export`` calls it)."""
    from contractreview.atomic_write import write_text_atomic

    names = (model_file, TOKENIZER_FILE, LABELS_FILE)
    doc = {"schema": MANIFEST_SCHEMA, "files": {n: file_sha256(directory / n) for n in names}}
    write_text_atomic(directory / MANIFEST_FILE, json.dumps(doc, indent=1) + "\n")
    (directory / MANIFEST_FILE).chmod(0o644)  # shipped with the model: readable by all
    return doc


def _tampered(what: str) -> ModelError:
    return ModelError(
        f"The clause model has been modified or damaged ({what}; the SHA-256 of each of its "
        "files must match the one shipped with ContractReview), so it will not be used. "
        "Reinstall ContractReview."
    )


def default_threads() -> int:
    """Physical cores are what matter for a small encoder; leave one for the GUI on big CPUs."""
    n = os.cpu_count() or 1
    return max(1, min(4, n if n <= 2 else n - 1))


class ClauseClassifier:
    """Multi-label clause classifier. ``scores`` returns sigmoid scores, one column per label."""

    def __init__(self, directory: Path | None = None, *, threads: int | None = None) -> None:
        self.directory = Path(directory) if directory else models_dir()
        meta_path = self.directory / LABELS_FILE
        try:
            raw = meta_path.read_bytes()
            meta = json.loads(raw)
        except FileNotFoundError as e:
            raise ModelError(
                f"The clause model is not installed (missing {meta_path.name} in "
                f"{self.directory}). Reinstall ContractReview."
            ) from e
        except (OSError, json.JSONDecodeError) as e:
            raise ModelError(f"The model's label file is unreadable: {e}") from e
        self.meta: dict[str, Any] = meta
        self._labels_sha256 = hashlib.sha256(raw).hexdigest()  # the bytes the thresholds came from
        self.name: str = meta.get("name", "contractreview-clause-minilm")
        self.sha256: str = meta["sha256"]
        self.max_tokens: int = int(meta.get("max_tokens", MAX_TOKENS))
        self.labels: list[LabelInfo] = [
            LabelInfo(d["id"], d["source"], float(d["threshold"])) for d in meta["labels"]
        ]
        self.label_ids = [lab.id for lab in self.labels]
        self.thresholds = np.array([lab.threshold for lab in self.labels], dtype=np.float32)
        self.threads = threads or default_threads()
        self._session: ort.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self._lock = threading.Lock()
        self._run_options: ort.RunOptions | None = None

    # -- loading ---------------------------------------------------------------------------
    def model_path(self) -> Path:
        """``model_file`` of ``labels.json``, refused unless it lies inside the model folder."""
        name = str(self.meta.get("model_file", MODEL_FILE))
        path = (self.directory / name).resolve()
        if not path.is_relative_to(self.directory.resolve()):
            raise _tampered(f"its model_file {name!r} is outside the model folder")
        return path

    def verify(self) -> None:
        """Raise ModelError unless every file the runtime reads matches ``manifest.json``."""
        path = self.model_path()
        if not path.is_file():
            raise ModelError(f"The clause model file is missing: {path}. Reinstall ContractReview.")
        try:
            manifest = json.loads((self.directory / MANIFEST_FILE).read_text(encoding="utf-8"))
            listed: dict[str, str] = dict(manifest["files"])
        except FileNotFoundError as e:
            raise _tampered(f"its list of files, {MANIFEST_FILE}, is missing") from e
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise _tampered(f"its list of files, {MANIFEST_FILE}, is unreadable") from e
        actual = {
            path.name: file_sha256(path),
            TOKENIZER_FILE: file_sha256(self.directory / TOKENIZER_FILE),
            LABELS_FILE: self._labels_sha256,
        }
        for name, sha in actual.items():
            if listed.get(name) != sha:
                raise _tampered(f"{name} does not match its SHA-256")
        if actual[path.name] != self.sha256:
            raise _tampered(f"{path.name} does not match the SHA-256 in {LABELS_FILE}")

    def load(self) -> None:
        """Verify and load the model; safe to call from any thread, once or many times."""
        with self._lock:
            if self._session is not None:
                return
            self.verify()
            from contractreview.offline import enforce_offline_environment

            enforce_offline_environment()  # before onnxruntime is imported: no telemetry
            import onnxruntime as ort
            from tokenizers import Tokenizer

            ort.disable_telemetry_events()  # in case another module imported it first

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            # Every batch has its own padded length: memory patterns would be cached per shape
            # and the arena grow by ~110 MB more on a second analysis (bench_budgets.py).
            opts.enable_mem_pattern = False
            opts.log_severity_level = 3
            model_path = self.model_path()
            try:
                session = ort.InferenceSession(
                    str(model_path), sess_options=opts, providers=["CPUExecutionProvider"]
                )
                tok = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
            except Exception as e:  # onnxruntime raises its own untyped errors
                raise ModelError(f"The clause model could not be loaded: {e}") from e
            tok.enable_truncation(self.max_tokens)
            tok.no_padding()
            self._tokenizer = tok
            self._input_names = {i.name for i in session.get_inputs()}
            self._session = session

    @property
    def loaded(self) -> bool:
        return self._session is not None

    # -- inference -------------------------------------------------------------------------
    def cancel(self) -> None:
        """Stop a running batch (from another thread); the generator raises CancelledError."""
        opts = self._run_options
        if opts is not None:
            opts.terminate = True

    def iter_scores(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = BATCH_SIZE,
        should_stop: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[int, int, np.ndarray | None]]:
        """Yield ``(done, total, None)`` after each batch, then ``(total, total, scores)``.

        Every yield is a cancellation point; ``should_stop`` is checked between batches too.
        A text that occurs several times ("By:", "[Reserved]") is scored once: the model's
        activation ranges are fixed, so a text's score does not depend on its batch.
        """
        self.load()
        assert self._session is not None
        assert self._tokenizer is not None
        import onnxruntime as ort

        total = len(texts)
        if total == 0:
            yield 0, 0, np.zeros((0, len(self.labels)), dtype=np.float32)
            return
        first: dict[str, int] = {}
        inverse = np.array([first.setdefault(t, len(first)) for t in texts], dtype=np.int64)
        unique = list(first)
        copies = np.bincount(inverse, minlength=len(unique))
        out = np.zeros((len(unique), len(self.labels)), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(unique)
        order = sorted(range(len(unique)), key=lambda i: len(encodings[i].ids))
        done = 0
        self._run_options = ort.RunOptions()
        try:
            for b in range(0, len(unique), batch_size):
                if should_stop is not None and should_stop():
                    raise CancelledError("Analysis cancelled.")
                idx = order[b : b + batch_size]
                feeds = self._feeds([encodings[i] for i in idx])
                try:
                    (logits,) = self._session.run(["logits"], feeds, self._run_options)
                except Exception as e:
                    if self._run_options.terminate:
                        raise CancelledError("Analysis cancelled.") from e
                    raise ModelError(f"The clause model failed while scoring: {e}") from e
                out[idx] = 1.0 / (1.0 + np.exp(-logits))
                done += int(copies[idx].sum())
                yield done, total, None
        finally:
            self._run_options = None
        yield total, total, out[inverse]

    def scores(self, texts: Sequence[str], **kw: Any) -> np.ndarray:
        result: np.ndarray | None = None
        for _, _, batch_result in self.iter_scores(texts, **kw):
            result = batch_result
        assert result is not None
        return result

    def _feeds(self, encs: Sequence[Any]) -> dict[str, np.ndarray]:
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        for r, e in enumerate(encs):
            n = len(e.ids)
            ids[r, :n] = e.ids
            mask[r, :n] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        return feeds

    def predicted(self, row: np.ndarray) -> list[str]:
        """Label ids whose score is at or over their calibrated threshold."""
        return [self.label_ids[i] for i in np.flatnonzero(row >= self.thresholds)]
