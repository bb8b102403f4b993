"""Clause-model throughput: the shipped ONNX int8 model against the same fine-tuned model in
PyTorch eager fp32 and PyTorch dynamic int8, on the same segments of a long contract, in one
run (ratios are what to read: the machine is shared and noisy).

    python bench/bench_model.py [--checkpoint build/train/checkpoint] [--segments 1024]

PyTorch needs the ``train`` extra and the training checkpoint (not shipped); without them only
the ONNX figures are printed. Peak RSS is measured in a fresh process per engine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from contractreview.analysis.classifier import BATCH_SIZE  # noqa: E402


def contract_segments(n: int) -> list[str]:
    """Segments of the longest CUAD dev contract (repeated contracts if needed)."""
    from contractreview_training.datasets import load_cuad

    cuad = REPO.parent / "shared" / "data" / "cuad"
    contracts = sorted(load_cuad(cuad, split="dev"), key=lambda c: -len(c.text))
    texts: list[str] = []
    for c in contracts:
        texts += [s.segment.model_input() for s in c.segments]
        if len(texts) >= n:
            break
    return texts[:n]


def run_engine(engine: str, checkpoint: str, n: int, threads: int) -> dict[str, float]:
    texts = contract_segments(n)
    t0 = time.perf_counter()
    if engine == "onnx-int8":
        from contractreview.analysis.classifier import ClauseClassifier

        clf = ClauseClassifier(threads=threads)
        clf.load()
        load_s = time.perf_counter() - t0
        clf.scores(texts[:32])  # warm-up
        enc = clf._tokenizer.encode_batch(texts)  # type: ignore[union-attr]
        tokens = sum(len(e.ids) for e in enc)
        t1 = time.perf_counter()
        clf.scores(texts)
        run_s = time.perf_counter() - t1
    else:
        import torch
        from transformers import AutoTokenizer

        from contractreview_training.base_model import mean_pool_classifier_class

        torch.set_num_threads(threads)
        tok = AutoTokenizer.from_pretrained(checkpoint)
        model = mean_pool_classifier_class().from_pretrained(checkpoint).eval()
        if engine == "torch-dyn-int8":
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
        load_s = time.perf_counter() - t0
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        tokens = 0

        def score(batch_texts: list[str]) -> int:  # same batching as the ONNX runtime
            enc = tok(
                batch_texts, truncation=True, max_length=128, padding=True, return_tensors="pt"
            )
            with torch.inference_mode():
                model(**enc)
            return int(enc["attention_mask"].sum())

        score(texts[:32])
        t1 = time.perf_counter()
        for b in range(0, len(order), BATCH_SIZE):
            tokens += score([texts[i] for i in order[b : b + BATCH_SIZE]])
        run_s = time.perf_counter() - t1
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "load_s": load_s,
        "run_s": run_s,
        "segments_per_s": len(texts) / run_s,
        "tokens_per_s": tokens / run_s,
        "peak_rss_mb": rss_mb,
        "segments": len(texts),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default=str(REPO / "build/train/checkpoint"))
    ap.add_argument("--segments", type=int, default=1024)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--engine", default="")
    args = ap.parse_args()
    if args.engine:  # child process: one engine, JSON on stdout
        print(json.dumps(run_engine(args.engine, args.checkpoint, args.segments, args.threads)))
        return
    engines = ["onnx-int8"]
    if Path(args.checkpoint).is_dir():
        engines += ["torch-fp32", "torch-dyn-int8"]
    else:
        print(f"(no checkpoint at {args.checkpoint}: PyTorch engines skipped)")
    results = {}
    for engine in engines:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--engine",
                engine,
                "--checkpoint",
                args.checkpoint,
                "--segments",
                str(args.segments),
                "--threads",
                str(args.threads),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
    base = results.get("torch-fp32", results["onnx-int8"])
    print(f"{'engine':16}{'load s':>8}{'seg/s':>9}{'tok/s':>10}{'vs torch fp32':>15}{'RSS MB':>8}")
    for engine, r in results.items():
        print(
            f"{engine:16}{r['load_s']:8.2f}{r['segments_per_s']:9.0f}{r['tokens_per_s']:10.0f}"
            f"{base['run_s'] / r['run_s']:14.2f}x{r['peak_rss_mb']:8.0f}"
        )
    print(
        f"({results['onnx-int8']['segments']} segments of CUAD dev contracts, "
        f"{args.threads} threads)"
    )


if __name__ == "__main__":
    main()
