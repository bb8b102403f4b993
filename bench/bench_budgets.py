"""Speed and memory budgets of issue 7, each measured next to a peer where one exists.

    python bench/bench_budgets.py [--corpus ../shared/corpus/docx] [--out DIR] [--runs 3]
                                  [--skip-500] [--stall]

Budgets (targets):
* cold start to a visible window < 1.5 s (process start to the shown window, heavy imports
  lazy); peer: a bare PySide6 window in a fresh process.
* a 50-page contract analysed end to end < 3 s, with per-stage timings; peer for the parse
  stage: plain python-docx reading the same file.
* peak RSS < 400 MB on the 50-page contract (the analysis process, and the GUI process).
* a generated 500-page contract completes with bounded memory (peak RSS next to the 50-page
  one) and, with --stall, a responsive window (bench/bench_ui_stall.py's longest stall).

The 50- and 500-page contracts are built from the real corpus contracts: their paragraphs
concatenated in order, each contract a numbered Part with its clause numbers renumbered under
it, written with python-docx (about 500 words a page). Every measurement runs in a fresh child
process, so imports, the model load and peak RSS are those a user's process sees.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "docx"
WORDS_PER_PAGE = 500
TARGETS = {"start_s": 1.5, "analyze_50_s": 3.0, "rss_50_mb": 400.0}


# -- generated contracts -----------------------------------------------------------------------


def build_contract(corpus: Path, pages: int, out: Path) -> dict[str, int]:
    """Concatenate and renumber the corpus contracts into a DOCX of about ``pages`` pages."""
    import docx

    from contractreview.docx.document import Region
    from contractreview.docx.reader import read_docx

    sources = sorted(corpus.glob("*.docx"))
    if not sources:
        raise SystemExit(f"no .docx files in {corpus}")
    target_words = pages * WORDS_PER_PAGE
    doc = docx.Document()
    doc.add_heading(f"CONSOLIDATED MASTER AGREEMENT ({pages} pages)", level=0)
    words = paragraphs = part = 0
    while words < target_words:
        for source in sources:
            if words >= target_words:
                break
            part += 1
            contract = read_docx(source)
            doc.add_heading(f"PART {part}. {contract.title or source.stem}"[:120], level=1)
            for block in contract.blocks:
                if block.region != Region.BODY or not block.text.strip():
                    continue
                text = " ".join(block.text.split())
                if block.heading_level is not None and len(text) < 120:
                    doc.add_heading(text, level=min(9, block.heading_level + 1))
                else:
                    label = f"{part}.{block.list_label} " if block.list_label else ""
                    doc.add_paragraph(label + text)
                words += len(text.split())
                paragraphs += 1
                if words >= target_words:
                    break
    doc.save(str(out))
    return {"pages": pages, "words": words, "paragraphs": paragraphs, "parts": part}


# -- children ------------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child_analyze(path: str) -> None:
    """In a fresh process: the end-to-end analysis, cold then warm; prints JSON."""
    t0 = time.perf_counter()
    from contractreview.analysis.pipeline import analyze
    from contractreview.analysis.results import AnalysisResult
    from contractreview.offline import enforce_offline_environment

    enforce_offline_environment()
    imports_s = time.perf_counter() - t0

    def run() -> tuple[AnalysisResult, float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        result = None
        for event in analyze(path):
            if isinstance(event, AnalysisResult):
                result = event
        assert result is not None
        return result, time.perf_counter() - start, time.process_time() - cpu

    cold, cold_s, cold_cpu = run()
    warm, warm_s, warm_cpu = run()
    print(json.dumps({
        "imports_s": imports_s,
        "cold_s": cold_s,
        "cold_stages": cold.timings,
        "warm_s": warm_s,
        "warm_stages": warm.timings,
        "cold_cpu_s": cold_cpu,
        "warm_cpu_s": warm_cpu,
        "threads": __import__(
            "contractreview.analysis.classifier"
        ).analysis.classifier.default_threads(),
        "segments": len(warm.segments),
        "findings": len(warm.findings),
        "peak_rss_mb": _peak_rss_mb(),
        "torch_loaded": "torch" in sys.modules,
    }))  # fmt: skip


def child_parse_peer(path: str) -> None:
    """Plain python-docx: open the file and read every paragraph's text (the parse peer)."""
    import docx

    from contractreview.docx.reader import read_docx

    docx.Document(path)  # warm imports and caches, as for ours
    read_docx(path)
    best_peer = best_ours = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        d = docx.Document(path)
        n = sum(len(p.text) for p in d.paragraphs)
        best_peer = min(best_peer, time.perf_counter() - t)
        t = time.perf_counter()
        ours = read_docx(path)
        best_ours = min(best_ours, time.perf_counter() - t)
    print(json.dumps({"python_docx_s": best_peer, "read_docx_s": best_ours, "chars": n,
                      "blocks": len(ours.blocks)}))  # fmt: skip


BARE_QT_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, lambda: (print("smoke: window-shown", flush=True), app.exit(0)))
app.exec()
"""


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONTRACTREVIEW_DATA": str(data),
            "PYTHONPATH": str(REPO)}  # fmt: skip


def _run_gui(cmd: list[str], env: dict[str, str], stop_at: str | None) -> dict[str, float]:
    """Start a GUI process; times (s since start) of its ``smoke:`` events, and its peak RSS.
    With ``stop_at`` the process is killed when that event is reached."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    times: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("smoke: "):
            event = line.split()[1]
            times[event] = time.perf_counter() - start
            if event == stop_at:
                proc.kill()
                break
    proc.stdout.close()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024
    except ChildProcessError:  # already reaped by subprocess's own clean-up
        proc.wait()
        peak = float("nan")
    err = proc.stderr.read() if proc.stderr else ""
    if stop_at is None and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    times["peak_rss_mb"] = peak
    return times


def _child(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        env=_env(Path(tempfile.mkdtemp(prefix="cr-bench-"))),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- report ----------------------------------------------------------------------------------


def _verdict(value: float, target: float) -> str:
    return f"{'OK  ' if value < target else 'OVER'} (target < {target:g})"


def cold_start(runs: int, work: Path) -> None:
    print("\n== cold start to a visible window ==")
    sample = REPO / "resources" / "samples" / "sample_services_agreement.docx"
    ours, peer = [], []
    for i in range(runs):
        data = work / f"start{i}"
        cmd = [sys.executable, "-m", "contractreview_ui.app", str(sample),
               "--smoke-test", str(work / "start.docx")]  # fmt: skip
        ours.append(_run_gui(cmd, _env(data), "window-shown")["window-shown"])
        cmd = [sys.executable, "-c", BARE_QT_WINDOW]
        peer.append(_run_gui(cmd, _env(data), "window-shown")["window-shown"])
    o, p = min(ours), min(peer)
    print(f"ContractReview window: best {o:.3f} s, median {statistics.median(ours):.3f} s "
          f"over {runs} runs  {_verdict(o, TARGETS['start_s'])}")  # fmt: skip
    print(f"bare PySide6 window (peer): best {p:.3f} s  -> ratio {o / p:.2f}x")
    bundle = REPO / "dist" / "ContractReview" / "contractreview-gui"
    if bundle.is_file():
        times = [_run_gui([str(bundle), "--smoke-test", str(work / "b.docx")],
                          _env(work / f"bundle{i}"), "window-shown").get("window-shown")
                 for i in range(runs)]  # fmt: skip
        if None in times:
            print(f"frozen bundle at {bundle} did not show its window")
        else:
            print(f"frozen bundle window: best {min(times):.3f} s  "
                  f"{_verdict(min(times), TARGETS['start_s'])}")  # fmt: skip


def analysis(path: Path, info: dict[str, int], work: Path, label: str) -> dict:
    print(f"\n== {label}: {info['pages']} pages, {info['words']:,} words, "
          f"{info['paragraphs']:,} paragraphs ==")  # fmt: skip
    res = _child("analyze", path)
    stages = res["warm_stages"]
    cold = res["cold_stages"]
    print(f"segments {res['segments']:,}, findings {res['findings']:,}")
    print("stage        cold (first run, model load)   warm (model loaded)")
    for key in ("parse_s", "segment_s", "model_s", "rules_s", "total_s"):
        print(f"{key:<12} {cold.get(key, 0):>10.3f} s {stages.get(key, 0):>26.3f} s")
    print(f"end to end (cold, incl. model load): {res['cold_s']:.2f} s; warm: {res['warm_s']:.2f} s"
          f"; imports {res['imports_s']:.2f} s")  # fmt: skip
    print(f"CPU time: cold {res['cold_cpu_s']:.2f} s, warm {res['warm_cpu_s']:.2f} s over "
          f"{res['threads']} model threads (wall on an idle machine ~ CPU / threads for the "
          "model stage)")  # fmt: skip
    print(f"analysis process peak RSS: {res['peak_rss_mb']:.0f} MB "
          f"(PyTorch loaded: {res['torch_loaded']})")  # fmt: skip
    peer = _child("parse-peer", path)
    print(
        f"parse: read_docx {peer['read_docx_s']:.3f} s vs python-docx (peer) "
        f"{peer['python_docx_s']:.3f} s -> ratio {peer['read_docx_s'] / peer['python_docx_s']:.2f}x"
    )
    out = work / f"{label.split()[0]}-annotated.docx"
    cmd = [sys.executable, "-m", "contractreview_ui.app", str(path), "--smoke-test", str(out)]
    gui = _run_gui(cmd, _env(work / f"gui-{label.split()[0]}"), None)
    shown = gui.get("document-shown", 0.0)
    print(
        f"GUI process: document shown {shown:.2f} s, analysed {gui['analysis-done']:.2f} s, "
        f"exported {gui['exported']:.2f} s after start; peak RSS {gui['peak_rss_mb']:.0f} MB"
    )
    res["gui"] = gui
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=None, help="keep the generated contracts here")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-500", action="store_true")
    ap.add_argument("--stall", action="store_true", help="also run bench_ui_stall on 500 pages")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, path = args.child
        {"analyze": child_analyze, "parse-peer": child_parse_peer}[kind](path)
        return 0

    work = Path(tempfile.mkdtemp(prefix="cr-budgets-"))
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} at start "
          "(other work on the machine slows every figure below)")  # fmt: skip
    out = args.out or work
    out.mkdir(parents=True, exist_ok=True)
    cold_start(args.runs, work)

    p50 = out / "contract-50-pages.docx"
    info50 = build_contract(args.corpus, 50, p50)
    r50 = analysis(p50, info50, work, "50-page contract")
    warm = r50["warm_s"]
    print(f"budget: 50 pages end to end {warm:.2f} s warm, {r50['cold_s']:.2f} s cold  "
          f"{_verdict(r50['cold_s'], TARGETS['analyze_50_s'])}")  # fmt: skip
    rss = max(r50["peak_rss_mb"], r50["gui"]["peak_rss_mb"])
    print(f"budget: peak RSS on 50 pages {rss:.0f} MB  {_verdict(rss, TARGETS['rss_50_mb'])}")

    if not args.skip_500:
        p500 = out / "contract-500-pages.docx"
        t = time.perf_counter()
        info500 = build_contract(args.corpus, 500, p500)
        print(f"\n(built the 500-page contract in {time.perf_counter() - t:.1f} s)")
        r500 = analysis(p500, info500, work, "500-page contract")
        ratio = r500["peak_rss_mb"] / r50["peak_rss_mb"]
        gratio = r500["gui"]["peak_rss_mb"] / r50["gui"]["peak_rss_mb"]
        print(f"memory 500 vs 50 pages (10x the text): analysis RSS x{ratio:.2f}, GUI RSS "
              f"x{gratio:.2f}")  # fmt: skip
        if args.stall:
            stall = subprocess.run([sys.executable, str(REPO / "bench" / "bench_ui_stall.py"),
                                    str(p500)], env=_env(work / "stall"), capture_output=True,
                                   text=True)  # fmt: skip
            print("responsiveness (bench_ui_stall.py):\n" + stall.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
