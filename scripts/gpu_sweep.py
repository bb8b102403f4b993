"""Trains several clause-model recipes at once on one GPU from a training pack, and keeps what
is worth bringing back: every run's dev scores and figures, and the weights of the best runs.

    python3 scripts/gpu_sweep.py --pack build/pack --out "$OUT" --deadline 480

Each recipe is ``contractreview_training.pack_train`` with the arguments below; "budget" says how
its step count compares with what fits in about two hours on the 2-core CPU machine (about
12,000 steps of 32 texts; inputs of up to 256 tokens instead of 128 add about a tenth to the
tokens a step reads, since few segments are that long). Runs not finished by the deadline are
stopped (SIGTERM), then score the dev splits and save what they have within ``--grace``
seconds; their result says ``stopped_early``.

Clause model v2 (docs/clause_model_v2.md): a teacher run (``t_*``) trains 12 layers of
bge-small-en-v1.5's shape from ``--teacher-base`` (a folder with the teacher's ``base.npz``,
written by ``python -m contractreview_training.pack --base-only``); each distillation run
(``DISTILL``) starts when its teacher has finished, as ``contractreview_training.distill``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

COMMON = ["--device", "cuda", "--bf16", "--batch", "32", "--max-len", "128", "--warmup", "0.05"]
RUNS: dict[str, tuple[list[str], str]] = {
    "a_lr5_e5": (["--epochs", "5", "--lr", "5e-5", "--head-lr", "5e-4"], "cpu"),
    "b_lr8_e5": (["--epochs", "5", "--lr", "8e-5", "--head-lr", "8e-4"], "cpu"),
    "c_lr5_e5_seed": (
        ["--epochs", "5", "--lr", "5e-5", "--head-lr", "5e-4", "--seed", "42"],
        "cpu",
    ),
    "d_neg10_e3": (
        ["--epochs", "3", "--neg-ratio", "10", "--lr", "5e-5", "--head-lr", "5e-4"],
        "cpu",
    ),
    "e_unfair8_e4": (
        ["--epochs", "4", "--unfair-repeat", "8", "--lr", "5e-5", "--head-lr", "5e-4"],
        "cpu",
    ),
    "f_lr5_e10": (["--epochs", "10", "--lr", "5e-5", "--head-lr", "5e-4"], "2x"),
    "g_len256_e5": (
        ["--epochs", "5", "--max-len", "256", "--lr", "5e-5", "--head-lr", "5e-4"],
        "cpu",
    ),
    # second sweep: the best learning rate with the longer inputs, two seeds
    "h_lr8_len256_e5": (
        ["--epochs", "5", "--max-len", "256", "--lr", "8e-5", "--head-lr", "8e-4"],
        "cpu",
    ),
    "i_lr8_len256_e5_seed": (
        ["--epochs", "5", "--max-len", "256", "--lr", "8e-5", "--head-lr", "8e-4", "--seed", "42"],
        "cpu",
    ),
    # clause model v2: the teacher ({teacher_base} is --teacher-base)
    "t_bge12_len256_e5": (
        [
            *("--epochs", "5", "--max-len", "256", "--lr", "5e-5", "--head-lr", "5e-4"),
            *("--layers", "12", "--base", "{teacher_base}"),
        ],
        "gpu",
    ),
    # an ensemble teacher that needs no outside weights: today's encoder at 256 tokens, 3 seeds
    **{
        f"t_len256_s{seed}": (
            [
                *("--epochs", "5", "--max-len", "256", "--lr", "8e-5", "--head-lr", "8e-4"),
                *("--seed", str(seed)),
            ],
            "gpu",
        )
        for seed in (41, 42, 43)
    },
}
ENSEMBLE = ("t_len256_s41", "t_len256_s42", "t_len256_s43")
# distillation runs: name -> (teacher runs, arguments); the student is today's (6 layers,
# 128 tokens); several teachers: their mean logits
BGE = ("t_bge12_len256_e5",)
DISTILL: dict[str, tuple[tuple[str, ...], list[str]]] = {
    "s_distill_a05": (BGE, ["--epochs", "5", "--alpha", "0.5"]),
    "s_distill_a05_seed": (BGE, ["--epochs", "5", "--alpha", "0.5", "--seed", "42"]),
    "s_distill_a03_neg10": (BGE, ["--epochs", "4", "--alpha", "0.3", "--neg-ratio", "10"]),
    "s_distill_ens3_a05": (ENSEMBLE, ["--epochs", "5", "--alpha", "0.5"]),
    "s_distill_ens3_a05_seed": (ENSEMBLE, ["--epochs", "5", "--alpha", "0.5", "--seed", "42"]),
}


def _launch(module: str, name: str, args: list[str], work: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", module, "--out", str(work / name), *args]
    log = (work / f"{name}.out").open("w")
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)


def _run_args(name: str, args: argparse.Namespace) -> list[str]:
    extra = [a.replace("{teacher_base}", args.teacher_base) for a in RUNS[name][0]]
    # later arguments win in argparse, so a run's own --max-len overrides COMMON's
    return ["--pack", args.pack, *COMMON, *extra, *args.extra.split()]


def _finished(work: Path, name: str) -> bool:
    """A teacher that a previous call in the same --work folder trained to the end is reused
    (a lent machine's call lasts at most 10 minutes: teachers in one, students in the next)."""
    res = work / name / "result.json"
    return res.exists() and not json.loads(res.read_text()).get("stopped_early", True)


def _wait(
    procs: dict[str, subprocess.Popen[bytes]],
    waiting: dict[str, tuple[tuple[str, ...], list[str]]],
    args: argparse.Namespace,
    work: Path,
    t0: float,
) -> None:
    """Until the deadline: start each distillation run once its teacher has ended."""
    while time.time() - t0 < args.deadline and (
        waiting or any(p.poll() is None for p in procs.values())
    ):
        for name, (teachers, extra) in list(waiting.items()):
            if all(t not in procs or procs[t].poll() is not None for t in teachers):
                del waiting[name]
                teacher_args = [a for t in teachers for a in ("--teacher", str(work / t))]
                run_args = [
                    *teacher_args,
                    "--pack",
                    args.pack,
                    *COMMON,
                    *extra,
                    *args.extra.split(),
                ]
                procs[name] = _launch("contractreview_training.distill", name, run_args, work)
        time.sleep(5)


def join_run(out: Path, name: str, dest: Path) -> Path:
    """A kept run brought back from the lent machine (``NAME.w1.npz`` + ``NAME.w2.npz`` and its
    entry in ``sweep.json``) as a run folder that ``pack_train --import-run`` reads."""
    run = json.loads((out / "sweep.json").read_text())["runs"][name]
    parts = [np.load(out / f"{name}.w{k}.npz") for k in (1, 2)]
    folder = dest / name
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "weights.npz", **{k: z[k] for z in parts for k in z.files})
    (folder / "result.json").write_text(json.dumps(run, indent=1))
    return folder


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", default="build/pack")
    ap.add_argument("--out", required=True)
    ap.add_argument("--work", default="/tmp/sweep")
    ap.add_argument("--deadline", type=float, default=480.0, help="seconds for all runs")
    ap.add_argument(
        "--grace", type=float, default=45.0, help="seconds a stopped run has to score and save"
    )
    ap.add_argument("--only", default="", help="comma-separated run names")
    ap.add_argument("--extra", default="", help="extra arguments for every run (smoke tests)")
    ap.add_argument("--teacher-base", default="build/teacher_base", help="the teacher's base.npz")
    ap.add_argument("--join", default="", help="only rebuild this kept run from --out in --work")
    args = ap.parse_args()
    out, work = Path(args.out), Path(args.work)
    if args.join:
        print(join_run(out, args.join, work))
        return
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    names = args.only.split(",") if args.only else [n for n in RUNS if not n.startswith("t_")]
    waiting = {n: DISTILL[n] for n in names if n in DISTILL}
    for teachers, _ in waiting.values():  # a distillation run brings its teachers along
        names[:0] = [t for t in teachers if t not in names]
    t0 = time.time()
    procs = {
        name: _launch("contractreview_training.pack_train", name, _run_args(name, args), work)
        for name in names
        if name in RUNS and not (name.startswith("t_") and _finished(work, name))
    }
    _wait(procs, waiting, args, work, t0)
    late = [name for name, p in procs.items() if p.poll() is None]
    for name in late:  # a stopped run still scores the dev splits and saves its weights
        procs[name].terminate()
        print(f"{name}: stopped at the deadline", flush=True)
    grace = time.time() + args.grace
    while time.time() < grace and any(procs[n].poll() is None for n in late):
        time.sleep(1)
    for name in late:
        if procs[name].poll() is None:
            procs[name].kill()
    summary = {}
    scores = {}
    for name in names:
        res = work / name / "result.json"
        tail = (work / f"{name}.out").read_text(errors="replace")[-1500:]
        if res.exists():
            budget = RUNS[name][1] if name in RUNS else "distill"
            summary[name] = json.loads(res.read_text()) | {"budget": budget, "log": tail}
            scores[name] = np.load(work / name / "dev_scores.npy")
        else:
            summary[name] = {"failed": True, "tail": tail, "budget": RUNS.get(name, ("", "-"))[1]}
        print(name, json.dumps(summary[name].get("history", summary[name].get("tail"))), flush=True)
    np.savez_compressed(out / "dev_scores.npz", **scores)
    (out / "sweep.json").write_text(
        json.dumps({"seconds": time.time() - t0, "runs": summary}, indent=1)
    )

    def merit(n: str) -> float:
        h = summary[n]["history"][-1]
        return float(h["seg_ap"] + h["unfair_macro"] + h["unfair_micro"])

    done = [n for n in names if "history" in summary[n]]
    # a distilled student ships at today's size and speed: in budget like the CPU recipes
    in_budget = sorted(
        (n for n in done if summary[n]["budget"] in ("cpu", "distill")), key=merit, reverse=True
    )
    overall = sorted(done, key=merit, reverse=True)
    keep = in_budget[:1] + [n for n in overall if n not in in_budget[:1]][:1]
    for name in keep:  # two files each: a returned file may not exceed 16 MiB
        z = np.load(work / name / "weights.npz")
        first = [k for k in z.files if ".layer.0." in k or ".layer.1." in k or ".layer.2." in k]
        np.savez(out / f"{name}.w1.npz", **{k: z[k] for k in first})
        np.savez(out / f"{name}.w2.npz", **{k: z[k] for k in z.files if k not in first})
    print("kept", keep, f"{time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
