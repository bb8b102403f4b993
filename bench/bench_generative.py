"""A real generative model's speed and memory: the app's ONNX int4 folder against the same
model in PyTorch fp32 eager (KV cache), in one run, each engine in a fresh process (the ONNX one
never imports torch). Run it in .venv-train (torch, transformers, gguf):

    .venv-train/bin/python bench/bench_generative.py qwen2.5-1.5b \\
        [--model-dir FOLDER] [--cache DIR] [--threads 2] [--json OUT] [--no-torch]

Measured: load time (the ONNX load includes the SHA-256 check of every file), prefill tokens/s
and time to first token on a clause gist prompt (a ~150-token clause), decode tokens/s, the time
to a full gist of that clause (at most 60 new tokens, warm: the second run), the time of an
``ask`` on the sample contract (warm model; the analysis is not counted), and the peak RSS of
each process (the ONNX one: gist, then also after ``ask``, which loads the clause model too).
PyTorch reads the Hugging Face folder the recipe converts from the verified GGUF, kept in
``CACHE/hf/NAME`` (made on first use).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_gist import peak_rss_mb  # noqa: E402

CLAUSE = (
    "Either party may terminate this Agreement for convenience upon ninety (90) days' prior "
    "written notice to the other party. The Customer may terminate this Agreement immediately "
    "upon written notice if the Supplier commits a material breach which is not remedied "
    "within thirty (30) days of receiving notice of the breach. Upon termination, the Customer "
    "shall pay the Supplier all undisputed fees for Services performed up to the date of "
    "termination, and the Supplier shall refund within fifteen (15) days any fees paid in "
    "advance for Services not yet performed, except that the set-up fee of USD 25,000 is not "
    "refundable in any event."
)
GIST_TOKENS = 60
QUESTION = "How much notice is needed to terminate the agreement?"


def _gist_prompt(model: Any) -> list[int]:
    from contractreview.gist.engine import CLAUSE_PROMPT

    ids: list[int] = model.prompt_ids(
        [{"role": "user", "content": CLAUSE_PROMPT.format(clause=CLAUSE)}]
    )
    return ids


def run_onnx(folder: Path, threads: int) -> dict[str, Any]:
    from contractreview.gist.engine import GistEngine
    from contractreview.gist.runtime import GenerativeModel

    started = time.perf_counter()
    model = GenerativeModel(folder, threads=threads)
    model.load()
    load_s = time.perf_counter() - started
    prompt = _gist_prompt(model)
    stops = model.stop_ids
    model.stop_ids = frozenset()  # a fixed budget for the speed figures
    list(model.generate(prompt, max_new_tokens=2))  # warm-up
    gen = model.generate(prompt, max_new_tokens=GIST_TOKENS)
    list(gen)
    assert gen.first_token_s is not None
    first = gen.first_token_s
    decode = (len(gen.token_ids) - 1) / (gen.elapsed_s - first)

    model.stop_ids = stops  # the gist as the app writes it: it may stop before the budget
    engine = GistEngine(folder, max_new_tokens=GIST_TOKENS, threads=threads)
    engine.model = model  # the model loaded above
    engine.gist_clause(CLAUSE).wait()  # cold
    t0 = time.perf_counter()
    run = engine.gist_clause(CLAUSE)
    gist = run.wait()
    gist_s = time.perf_counter() - t0
    gist_rss = peak_rss_mb()
    out: dict[str, Any] = {
        "prompt_tokens": len(prompt),
        "load_s": load_s,
        "ttft_s": first,
        "prefill_tok_s": len(prompt) / first,
        "decode_tok_s": decode,
        "gist_s": gist_s,
        "gist_first_token_s": run.generation.first_token_s,
        "gist_tokens": len(run.generation.token_ids),
        "gist_status": gist.status,
        "gist_text": gist.text,
        "peak_rss_mb": gist_rss,
    }
    out.update(_ask(model))
    return out


def _ask(model: Any) -> dict[str, Any]:
    from contractreview.analysis.pipeline import Progress, analyze
    from contractreview.gist.ask import Asker, contract_names
    from contractreview.paths import sample_contract

    result = None
    for event in analyze(sample_contract(), all_scores=True):
        if not isinstance(event, Progress):
            result = event
    assert result is not None
    asker = Asker(result, model, known_names=contract_names(result))
    t0 = time.perf_counter()
    answer = asker.ask(QUESTION).wait()
    return {
        "ask_s": time.perf_counter() - t0,
        "ask_status": answer.status,
        "ask_answer": answer.text,
        "ask_raw": answer.raw,
        "ask_citations": [c.ref for c in answer.citations],
        "peak_rss_after_ask_mb": peak_rss_mb(),
    }


def run_torch(hf: Path, onnx_folder: Path, threads: int) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForCausalLM

    from contractreview.gist.runtime import GenerativeModel

    torch.set_num_threads(threads)
    prompt = _gist_prompt(GenerativeModel(onnx_folder))
    started = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(hf, dtype=torch.float32).eval()
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

    greedy(2)
    first, total = greedy(GIST_TOKENS)
    return {
        "prompt_tokens": len(prompt),
        "load_s": load_s,
        "ttft_s": first,
        "prefill_tok_s": len(prompt) / first,
        "decode_tok_s": (GIST_TOKENS - 1) / (total - first),
        "gist_s": total,
        "gist_first_token_s": first,
        "peak_rss_mb": peak_rss_mb(),
    }


def hf_folder(name: str, cache: Path) -> Path:
    """The converted Hugging Face folder of the verified GGUF (made once)."""
    from contractreview_training.generative_model import convert_gguf, model_spec

    spec = model_spec(name)
    hf = cache / "hf" / name
    if not (hf / "config.json").is_file():
        convert_gguf(cache / "gguf" / spec["gguf_file"], spec, hf)
    return hf


def measure(engine: str, onnx: Path, hf: Path | None, threads: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "x", "--child", engine, "--model-dir", str(onnx)]
    cmd += ["--hf", str(hf or ""), "--threads", str(threads)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


ROWS = (
    ("load (s)", "load_s", "{:.1f}"),
    ("prompt tokens", "prompt_tokens", "{:d}"),
    ("time to first token (s)", "ttft_s", "{:.2f}"),
    ("prefill (tokens/s)", "prefill_tok_s", "{:.0f}"),
    ("decode (tokens/s)", "decode_tok_s", "{:.1f}"),
    ("clause gist, warm (s)", "gist_s", "{:.2f}"),
    ("gist: first token (s)", "gist_first_token_s", "{:.2f}"),
    ("ask, warm (s)", "ask_s", "{:.2f}"),
    ("peak RSS, gist (MB)", "peak_rss_mb", "{:.0f}"),
    ("peak RSS with ask and clause model (MB)", "peak_rss_after_ask_mb", "{:.0f}"),
)


def table(results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for title, key, fmt in ROWS:
        cells = [fmt.format(r[key]) if r.get(key) is not None else "—" for r in results.values()]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("name", help="a known model (training/generative_models.json)")
    ap.add_argument("--model-dir", type=Path, help="the ONNX folder (default: the standard one)")
    ap.add_argument("--cache", type=Path, default=Path("~/.cache/contractreview"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    ap.add_argument("--no-torch", action="store_true", help="the ONNX figures only")
    ap.add_argument("--child", choices=["onnx", "torch"])
    ap.add_argument("--hf")
    args = ap.parse_args()
    if args.child:
        folder = Path(args.model_dir)
        if args.child == "onnx":
            result = run_onnx(folder, args.threads)
        else:
            result = run_torch(Path(args.hf), folder, args.threads)
        print(json.dumps(result))
        return
    from contractreview.gist.locate import generative_models_root

    onnx = args.model_dir or generative_models_root() / args.name
    results = {"ONNX int4": measure("onnx", onnx, None, args.threads)}
    if not args.no_torch:
        hf = hf_folder(args.name, args.cache.expanduser())
        results["PyTorch fp32 eager"] = measure("torch", onnx, hf, args.threads)
        ratio = results["ONNX int4"]["decode_tok_s"] / results["PyTorch fp32 eager"]["decode_tok_s"]
        results["ONNX int4"]["decode_speedup"] = ratio
    print(f"{args.name}, {args.threads} threads\n")
    print(table(results))
    if "decode_speedup" in results["ONNX int4"]:
        print(f"\nint4 decode / PyTorch decode: {results['ONNX int4']['decode_speedup']:.2f}x")
    print(f"\ngist: {results['ONNX int4']['gist_text']!r} ({results['ONNX int4']['gist_status']})")
    print(f"ask: {results['ONNX int4']['ask_raw']!r} -> {results['ONNX int4']['ask_status']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
