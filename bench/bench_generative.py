"""A real generative model's speed and memory: the app's ONNX int4 folder against the same
model in PyTorch fp32 eager (KV cache), in one run, each engine in a fresh process (the ONNX one
never imports torch). PyTorch is measured where torch and transformers are importable (run it
in .venv-train); otherwise it says so and measures ONNX only:

    .venv-train/bin/python bench/bench_generative.py qwen2.5-1.5b \\
        [--model-dir FOLDER] [--cache DIR] [--threads 2] [--json OUT] [--no-torch]

Measured (the issue's table): the load average when it starts and ends (figures are only
comparable on a quiet machine); load time (including the SHA-256 check of every file);
**cold prefill**: time to first token and prefill tokens/s on the whole gist prompt of a
~150-token clause with nothing cached; decode tokens/s; **the app's gist, warm**: the model
has gisted another clause before, so the instructions' KV cache is reused and the prefill
covers the clause only (time to first token, the full gist of at most 60 new tokens, how many
prompt tokens were prefilled); an ``ask`` on the sample contract, warm (another question asked
before; the analysis not counted); **click -> first verified words / whole gist** on the sample
contract's flagged clauses (medium and high findings, at most ``--clauses``, the app's 120-token
budget and streaming: the first words are the first sentence the verifier passed), medians, for
(i) a cold click (the model warm, no background work) and (ii) a clause the background queue
made already (the click reads the cache; painting the box not counted), and how long the queue
takes to make them all; the ratios; the peak RSS (gist, then with ``ask`` and the clause model);
PyTorch's load, prefill, decode and RSS, and the decode ratio. CPU seconds are given beside the
wall-clock ones: on a shared machine they say what the work cost when the clock does not.
PyTorch reads the Hugging Face folder the recipe converts from the verified GGUF, kept in
``CACHE/hf/NAME`` (made on first use).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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
# gisted first, so that the measured gist finds the instructions cached, as in the app
WARM_CLAUSE = (
    "The Supplier warrants that the Services will be performed with reasonable skill and care "
    "for a period of twelve (12) months from acceptance."
)
GIST_TOKENS = 60
QUESTION = "How much notice is needed to terminate the agreement?"
WARM_QUESTION = "Which law governs the agreement?"


def _gist_prompt(model: Any, clause: str = CLAUSE) -> list[int]:
    from contractreview.gist.engine import CLAUSE_PROMPT

    ids: list[int] = model.prompt_ids(
        [{"role": "user", "content": CLAUSE_PROMPT.format(clause=clause)}]
    )
    return ids


class Clock:
    """Wall-clock and CPU seconds (this process) since it was made."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def run_onnx(folder: Path, threads: int, clauses: int = 1000) -> dict[str, Any]:
    from contractreview.gist.runtime import GenerativeModel

    clock = Clock()
    model = GenerativeModel(folder, threads=threads)
    model.load()
    load_s = clock.read()[0]
    prompt = _gist_prompt(model)
    stops = model.stop_ids
    model.stop_ids = frozenset()  # a fixed budget for the speed figures
    model.prefix_cache = False  # cold: the whole prompt prefilled
    list(model.generate(_gist_prompt(model, WARM_CLAUSE), max_new_tokens=2))  # warm-up
    clock = Clock()
    gen = model.generate(prompt, max_new_tokens=GIST_TOKENS)
    first, first_cpu = 0.0, 0.0
    for _token in gen:
        if len(gen.token_ids) == 1:
            first, first_cpu = clock.read()
    total, total_cpu = clock.read()
    out: dict[str, Any] = {
        "prompt_tokens": len(prompt),
        "load_s": load_s,
        "ttft_s": first,
        "ttft_cpu_s": first_cpu,
        "prefill_tok_s": len(prompt) / first,
        "decode_tok_s": (len(gen.token_ids) - 1) / (total - first),
        "decode_cpu_ms_per_token": 1000 * (total_cpu - first_cpu) / (len(gen.token_ids) - 1),
    }
    model.stop_ids = stops  # the gist as the app writes it: it may stop before the budget
    model.prefix_cache = True
    out.update(_gist(model, folder, threads))
    out["peak_rss_mb"] = peak_rss_mb()
    result = _analysed_sample()
    out.update(_ask(model, result))
    out.update(_clicks(model, folder, threads, result, clauses))
    return out


def _click(engine: Any, text: str, names: list[str]) -> dict[str, Any]:
    """One click on a clause nobody made before: the run as the app streams it."""
    from contractreview.gist.stream import Shown

    clock = Clock()
    run = engine.gist_clause(text, known_names=names)
    first_shown = None
    for event in run.checked():
        if first_shown is None and isinstance(event, Shown):
            first_shown = clock.read()[0]
    whole = clock.read()[0]
    gist = run.result
    # the first words on screen: the first verified sentence, else the gist at its end (none
    # when it is withheld)
    words = first_shown if first_shown is not None else whole
    return {
        "first_words_s": None if gist.display_text is None else words,
        "first_sentence_s": first_shown,
        "whole_s": whole,
        "tokens": len(run.generation.token_ids),
        "status": gist.status,
    }


def _clicks(model: Any, folder: Path, threads: int, result: Any, limit: int) -> dict[str, Any]:
    """Click -> first verified words and click -> whole gist on the sample contract's flagged
    clauses (medium and high findings, review order, the app's token budget): (i) a cold click,
    the model warm but nothing made before; (ii) the same clauses after the background queue
    made them (the click reads the cache). Medians over the clauses."""
    from statistics import median

    from contractreview.analysis.results import RiskLevel
    from contractreview.gist.engine import GistEngine
    from contractreview.gist.prefetch import GistCache, GistItem, GistQueue, cache_key, make_gists

    texts = [
        f.quote
        for f in result.findings
        if f.risk.level in (RiskLevel.MEDIUM, RiskLevel.HIGH) and f.quote.strip()
    ]
    texts = list(dict.fromkeys(texts))[:limit]
    names = _names(result)
    engine = GistEngine(folder, threads=threads)  # the app's budget (120 new tokens)
    engine.model = model
    cold = [_click(engine, t, names) for t in texts]
    # (ii) the background queue makes them (timed: how long after the analysis all are ready),
    # then each click finds its gist in the cache
    cache = GistCache()
    clock = Clock()
    for _event in make_gists(engine, GistQueue(GistItem(t) for t in texts), cache, lambda: False,
                             known_names=names):  # fmt: skip
        pass
    background_all_s = clock.read()[0]
    made = []
    for text in texts:
        clock = Clock()
        gist = cache.get(cache_key(engine, text, names))
        made.append(clock.read()[0] if gist is not None else None)

    def med(values: list[float | None]) -> float | None:
        kept = [v for v in values if v is not None]
        return median(kept) if kept else None

    return {
        "click_clauses": len(texts),
        "click_cold_first_words_s": med([c["first_words_s"] for c in cold]),
        "click_cold_first_sentence_s": med([c["first_sentence_s"] for c in cold]),
        "click_cold_whole_s": med([c["whole_s"] for c in cold]),
        "click_cold_tokens": med([c["tokens"] for c in cold]),
        "click_made_first_words_s": med(made),
        "click_made_whole_s": med(made),
        "background_all_s": background_all_s,
        "click_cold": cold,
        "peak_rss_end_mb": peak_rss_mb(),
    }


def _analysed_sample() -> Any:
    from contractreview.analysis.pipeline import Progress, analyze
    from contractreview.paths import sample_contract

    result = None
    for event in analyze(sample_contract(), all_scores=True):
        if not isinstance(event, Progress):
            result = event
    assert result is not None
    return result


def _names(result: Any) -> list[str]:
    from contractreview.gist.ask import contract_names

    return list(contract_names(result))


def _gist(model: Any, folder: Path, threads: int) -> dict[str, Any]:
    """The app's gist of CLAUSE after a gist of another clause (the instructions cached)."""
    from contractreview.gist.engine import GistEngine

    engine = GistEngine(folder, max_new_tokens=GIST_TOKENS, threads=threads)
    engine.model = model  # the model loaded above
    engine.gist_clause(WARM_CLAUSE).wait()
    clock = Clock()
    run = engine.gist_clause(CLAUSE)
    first: tuple[float, float] | None = None
    for _delta in run:
        first = first or clock.read()
    gist_s, gist_cpu = clock.read()
    gist = run.result
    gen = run.generation
    return {
        "gist_s": gist_s,
        "gist_cpu_s": gist_cpu,
        "gist_first_token_s": gen.first_token_s,
        "gist_first_text_s": first[0] if first else None,
        "gist_prefilled_tokens": len(gen.prompt_ids) - gen.reused_tokens,
        "gist_reused_tokens": gen.reused_tokens,
        "gist_tokens": len(gen.token_ids),
        "gist_status": gist.status,
        "gist_text": gist.text,
    }


def _ask(model: Any, result: Any) -> dict[str, Any]:
    from contractreview.gist.ask import Asker

    asker = Asker(result, model, known_names=_names(result))
    asker.ask(WARM_QUESTION).wait()  # the instructions cached, as after the first question
    t0 = time.perf_counter()
    run = asker.ask(QUESTION)
    answer = run.wait()
    return {
        "ask_s": time.perf_counter() - t0,
        "ask_first_token_s": run.generation.first_token_s if run.generation else None,
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
    cpu = time.process_time()
    first, total = greedy(GIST_TOKENS)
    cpu = time.process_time() - cpu
    return {
        "prompt_tokens": len(prompt),
        "load_s": load_s,
        "ttft_s": first,
        "prefill_tok_s": len(prompt) / first,
        "decode_tok_s": (GIST_TOKENS - 1) / (total - first),
        "gist_s": total,
        "gist_cpu_s": cpu,
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


def measure(
    engine: str, onnx: Path, hf: Path | None, threads: int, clauses: int = 1000
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "x", "--child", engine, "--model-dir", str(onnx)]
    cmd += ["--hf", str(hf or ""), "--threads", str(threads), "--clauses", str(clauses)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


ROWS = (
    ("load (s)", "load_s", "{:.1f}"),
    ("gist prompt (tokens)", "prompt_tokens", "{:d}"),
    ("cold: time to first token, whole prompt (s)", "ttft_s", "{:.2f}"),
    ("cold: same, CPU (s)", "ttft_cpu_s", "{:.2f}"),
    ("prefill (tokens/s)", "prefill_tok_s", "{:.0f}"),
    ("decode (tokens/s)", "decode_tok_s", "{:.1f}"),
    ("decode CPU (ms/token)", "decode_cpu_ms_per_token", "{:.0f}"),
    ("warm gist: tokens prefilled / reused", "gist_prefill_split", "{}"),
    ("warm gist: time to first token (s) [< 1.5]", "gist_first_token_s", "{:.2f}"),
    ("warm gist: full gist (s) [< 4]", "gist_s", "{:.2f}"),
    ("warm gist: CPU (s)", "gist_cpu_s", "{:.2f}"),
    ("warm gist: new tokens", "gist_tokens", "{:d}"),
    ("ask, warm (s) [< 10]", "ask_s", "{:.2f}"),
    ("flagged clauses of the sample clicked", "click_clauses", "{:d}"),
    (
        "cold click -> first verified words, median (s) [< 1.5]",
        "click_cold_first_words_s",
        "{:.2f}",
    ),
    ("cold click -> whole gist, median (s) [< 4]", "click_cold_whole_s", "{:.2f}"),
    ("cold click: new tokens, median", "click_cold_tokens", "{:.0f}"),
    ("made ahead: click -> first words, median (s)", "click_made_first_words_s", "{:.4f}"),
    ("made ahead: click -> whole gist, median (s)", "click_made_whole_s", "{:.4f}"),
    ("background: all flagged gists made in (s)", "background_all_s", "{:.1f}"),
    ("peak RSS, gist (MB) [< 2000]", "peak_rss_mb", "{:.0f}"),
    ("peak RSS with ask and clause model (MB) [< 2000]", "peak_rss_after_ask_mb", "{:.0f}"),
    (
        "peak RSS at the end, after the clicks and the queue (MB) [< 2000]",
        "peak_rss_end_mb",
        "{:.0f}",
    ),
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
    ap.add_argument(
        "--clauses", type=int, default=1000, help="click at most N flagged clauses of the sample"
    )
    ap.add_argument("--child", choices=["onnx", "torch"])
    ap.add_argument("--hf")
    args = ap.parse_args()
    if args.child:
        folder = Path(args.model_dir)
        if args.child == "onnx":
            result = run_onnx(folder, args.threads, args.clauses)
        else:
            result = run_torch(Path(args.hf), folder, args.threads)
        print(json.dumps(result))
        return
    from contractreview.gist.locate import generative_models_root

    onnx = args.model_dir or generative_models_root() / args.name
    load_before = os.getloadavg()
    results = {"ONNX int4": measure("onnx", onnx, None, args.threads, args.clauses)}
    onnx_r = results["ONNX int4"]
    onnx_r["gist_prefill_split"] = (
        f"{onnx_r['gist_prefilled_tokens']} / {onnx_r['gist_reused_tokens']}"
    )
    torch_note = _torch_missing() if not args.no_torch else "skipped (--no-torch)"
    if torch_note is None:
        hf = hf_folder(args.name, args.cache.expanduser())
        results["PyTorch fp32 eager"] = measure("torch", onnx, hf, args.threads)
        onnx_r["decode_speedup"] = (
            onnx_r["decode_tok_s"] / results["PyTorch fp32 eager"]["decode_tok_s"]
        )
    load_after = os.getloadavg()
    print(f"{args.name} ({onnx}), {args.threads} threads, {os.cpu_count()} CPUs")
    print(
        f"load average (1, 5, 15 min): at start {_load(load_before)}, at end {_load(load_after)}\n"
    )
    print(table(results))
    if "decode_speedup" in onnx_r:
        print(f"\nint4 decode / PyTorch decode: {onnx_r['decode_speedup']:.2f}x [>= 3]")
    else:
        print(f"\nPyTorch: {torch_note}")
    print(ratios(onnx_r))
    print(f"\ngist ({onnx_r['gist_status']}): {onnx_r['gist_text']!r}")
    print(f"ask: {onnx_r['ask_raw']!r} -> {onnx_r['ask_status']} {onnx_r['ask_citations']}")
    if args.json:
        meta = {"load_average_start": load_before, "load_average_end": load_after}
        payload = {**results, "meta": meta, "torch": torch_note or "measured"}
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


def ratios(r: dict[str, Any]) -> str:
    """What streaming and the background queue change for the lawyer, as ratios."""
    first, whole = r.get("click_cold_first_words_s"), r.get("click_cold_whole_s")
    made, fixed = r.get("click_made_whole_s"), r.get("gist_s")
    lines = ["", "ratios (medians over the clicked clauses):"]
    if first and whole:
        lines.append(f"  cold click: whole gist / first verified words = {whole / first:.2f}x")
        lines.append(f"  cold click: first verified words / 1.5 s target = {first / 1.5:.2f}")
        lines.append(f"  cold click: whole gist / 4 s target = {whole / 4:.2f}")
    if whole and fixed:
        lines.append(f"  cold click whole gist / forced 60-token gist = {whole / fixed:.2f}")
    if whole and made:
        lines.append(f"  made ahead: click -> whole gist is {whole / made:,.0f}x faster than cold")
    return "\n".join(lines)


def _load(values: tuple[float, float, float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _torch_missing() -> str | None:
    """Why PyTorch cannot be measured in this interpreter, or None when it can."""
    for module in ("torch", "transformers", "gguf"):
        if importlib.util.find_spec(module) is None:
            return f"skipped ({module} is not installed here: run the bench in .venv-train)"
    return None


if __name__ == "__main__":
    main()
