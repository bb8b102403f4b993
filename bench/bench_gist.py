"""Generative-model speed: the app's ONNX int4 runtime against PyTorch fp32 (eager, KV cache)
on the tiny randomly initialised Llama, Phi-3, Gemma, Mistral and Qwen2 models the tests build,
in one run. Time to first token (prompt fed, first token chosen), decode tokens/s, and the peak
RSS of a fresh process per engine (the ONNX process never imports torch).

    python bench/bench_gist.py [--new-tokens 64] [--archs llama phi3 ...]
    python bench/bench_gist.py --model-dir FOLDER   # a real exported folder, ONNX only

Tiny models measure the loop's own overhead, not a real model's arithmetic; ratios are what to
read (the machine is shared and noisy). Needs the ``train`` extra for the tiny models.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PROMPT = [
    {
        "role": "user",
        "content": "Explain in plain English: The Customer shall pay each undisputed invoice "
        "within thirty (30) days of receipt, except invoices disputed in good faith.",
    }
]


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss it is not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_onnx(folder: Path, new_tokens: int, threads: int) -> dict[str, float]:
    from contractreview.gist.runtime import GenerativeModel

    model = GenerativeModel(folder, threads=threads)
    started = time.perf_counter()
    model.load()
    load_s = time.perf_counter() - started
    model.stop_ids = frozenset()  # always generate the full budget
    prompt = model.prompt_ids(PROMPT)
    list(model.generate(prompt, max_new_tokens=4))  # warm-up
    gen = model.generate(prompt, max_new_tokens=new_tokens)
    list(gen)
    assert gen.first_token_s is not None
    decode_s = gen.elapsed_s - gen.first_token_s
    return {
        "prompt_tokens": len(prompt),
        "load_s": load_s,
        "ttft_ms": gen.first_token_s * 1000,
        "tokens_per_s": (len(gen.token_ids) - 1) / decode_s,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_torch(hf: Path, onnx_folder: Path, new_tokens: int, threads: int) -> dict[str, float]:
    import torch
    from transformers import AutoModelForCausalLM

    from contractreview.gist.runtime import GenerativeModel

    torch.set_num_threads(threads)
    prompt = GenerativeModel(onnx_folder).prompt_ids(PROMPT)
    started = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(hf).eval()
    load_s = time.perf_counter() - started

    def greedy(n: int) -> tuple[float, float]:
        with torch.inference_mode():
            t0 = time.perf_counter()
            out = model(torch.tensor([prompt]), use_cache=True)
            token = out.logits[0, -1].argmax()
            first = time.perf_counter() - t0
            past = out.past_key_values
            for _ in range(n - 1):
                out = model(token.view(1, 1), past_key_values=past, use_cache=True)
                past, token = out.past_key_values, out.logits[0, -1].argmax()
            return first, time.perf_counter() - t0

    greedy(4)
    first, total = greedy(new_tokens)
    return {
        "prompt_tokens": len(prompt),
        "load_s": load_s,
        "ttft_ms": first * 1000,
        "tokens_per_s": (new_tokens - 1) / (total - first),
        "peak_rss_mb": peak_rss_mb(),
    }


def child(args: argparse.Namespace) -> None:
    if args.engine == "onnx":
        result = run_onnx(Path(args.onnx), args.new_tokens, args.threads)
    else:
        result = run_torch(Path(args.hf), Path(args.onnx), args.new_tokens, args.threads)
    print(json.dumps(result))


def measure(engine: str, onnx: Path, hf: Path | None, args: argparse.Namespace) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", engine, "--onnx", str(onnx)]
    cmd += ["--hf", str(hf or ""), "--new-tokens", str(args.new_tokens)]
    cmd += ["--threads", str(args.threads)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def row(name: str, engine: str, r: dict[str, float]) -> str:
    return (
        f"{name:<10} {engine:<12} {int(r['prompt_tokens']):>6} {r['ttft_ms']:>9.1f} "
        f"{r['tokens_per_s']:>9.0f} {r['peak_rss_mb']:>9.0f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archs", nargs="+", default=["llama", "phi3", "gemma", "mistral", "qwen2"])
    ap.add_argument("--new-tokens", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--model-dir", type=Path, help="bench an exported folder (ONNX only)")
    ap.add_argument("--child", choices=["onnx", "torch"], dest="engine")
    ap.add_argument("--onnx")
    ap.add_argument("--hf")
    args = ap.parse_args()
    if args.engine:
        child(args)
        return
    print(f"{'model':<10} {'engine':<12} {'prompt':>6} {'TTFT ms':>9} {'tok/s':>9} {'RSS MB':>9}")
    if args.model_dir:
        print(row(args.model_dir.name, "onnx-int4", measure("onnx", args.model_dir, None, args)))
        return
    from contractreview_training.gist_export import export_gist_model
    from tests.test_gist_runtime import make_hf_folder

    with tempfile.TemporaryDirectory() as tmp:
        for arch in args.archs:
            hf = make_hf_folder(arch, Path(tmp))
            onnx = Path(tmp) / f"onnx-{arch}"
            export_gist_model(hf, onnx, name=f"tiny-{arch}")
            print(row(arch, "onnx-int4", measure("onnx", onnx, None, args)), flush=True)
            print(row(arch, "torch-fp32", measure("torch", onnx, hf, args)), flush=True)


if __name__ == "__main__":
    main()
