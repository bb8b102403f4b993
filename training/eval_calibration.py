"""``contractreview eval calibration``: does a score of 0.7 mean "7 in 10 such clauses are of
this kind"? A reliability curve (10 equal-width bins) and the expected calibration error (ECE)
of the shipped model's scores, beside the TF-IDF baseline's, on the held-out half of the dev
data, split by document as ``scripts/threshold_study.py`` does (half of the CUAD dev contracts,
half of the UNFAIR-ToS validation companies), over several random splits.

Every (row, label) pair of a family is one prediction: a CUAD dev segment as the app scores it
(with its heading), an UNFAIR-ToS validation sentence. ECE pools all of them; as most pairs are
negatives scored near 0, the ECE of the pairs at or above 0.1 is reported too (where a flag
can be: no shipped threshold is below it).

Proposals, measured and not shipped, each fitted on one half by log-loss and judged on the
other: temperature scaling of each family's logits (``z / T``), and Platt scaling (``a z + b``:
a shift as well, which the per-label positive weights of training call for, since they push
every score up). Both are monotone and the thresholds move with the scores, so neither changes
a flag; shipping one would change the model's labels file (and so its manifest), which this
check leaves alone.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from contractreview_training.dev_scores import FAMILIES, FamilyScores, load_dev_scores

N_BINS = 10
FLAG_REGION = 0.1  # scores from here up: where a shipped threshold can be
_EPS = 1e-6
_NEWTON_TOL = 1e-7


@dataclass(frozen=True)
class Bin:
    lo: float
    hi: float
    n: int
    mean_score: float
    positive_rate: float


def reliability(y: np.ndarray, p: np.ndarray, n_bins: int = N_BINS) -> list[Bin]:
    """The reliability curve: per equal-width score bin, its mean score and its share of
    positives (empty bins are kept with n = 0)."""
    y, p = np.ravel(y).astype(float), np.ravel(p).astype(float)
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
    out = []
    for b in range(n_bins):
        sel = idx == b
        n = int(sel.sum())
        out.append(
            Bin(
                b / n_bins,
                (b + 1) / n_bins,
                n,
                float(p[sel].mean()) if n else 0.0,
                float(y[sel].mean()) if n else 0.0,
            )
        )
    return out


def ece(bins: list[Bin]) -> float:
    """Expected calibration error: the bins' |positive rate - mean score|, weighted by size."""
    total = sum(b.n for b in bins)
    if not total:
        return 0.0
    return sum(b.n * abs(b.positive_rate - b.mean_score) for b in bins) / total


def flag_region_ece(y: np.ndarray, p: np.ndarray) -> float:
    """ECE of the predictions scored at or above ``FLAG_REGION``."""
    keep = np.ravel(p) >= FLAG_REGION
    return ece(reliability(np.ravel(y)[keep], np.ravel(p)[keep]))


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p.astype(np.float64), _EPS, 1 - _EPS)
    return np.log(q / (1 - q))


def scale(p: np.ndarray, temperature: float) -> np.ndarray:
    """Scores with their logits divided by ``temperature`` (monotone: order kept)."""
    return _sigmoid(_logit(p) / temperature)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for any x
    return out


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    q = np.clip(p, _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))


def fit_temperature(y: np.ndarray, p: np.ndarray) -> float:
    """The temperature (0.25 .. 4, log-spaced search then refined) minimising log-loss."""
    y, p = np.ravel(y).astype(float), np.ravel(p)
    grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 41))
    best = min(grid, key=lambda t: _log_loss(y, scale(p, t)))
    fine = best * np.exp(np.linspace(-0.04, 0.04, 21))
    return float(min(fine, key=lambda t: _log_loss(y, scale(p, t))))


def fit_platt(y: np.ndarray, p: np.ndarray, iterations: int = 50) -> tuple[float, float]:
    """``(a, b)`` minimising the log-loss of ``sigmoid(a * logit(p) + b)``: Newton's method on
    a two-parameter logistic regression, each step halved until the loss falls."""
    z = np.clip(_logit(np.ravel(p)), -20, 20)
    t = np.ravel(y).astype(np.float64)

    def loss(w: np.ndarray) -> float:
        return _log_loss(t, _sigmoid(w[0] * z + w[1]))

    w = np.array([1.0, 0.0])
    current = loss(w)
    for _ in range(iterations):
        q = _sigmoid(w[0] * z + w[1])
        r = q * (1 - q) + 1e-12
        grad = np.array([np.dot(z, q - t), np.sum(q - t)])
        hess = np.array([[np.dot(r * z, z), np.sum(r * z)], [np.sum(r * z), np.sum(r)]])
        step = np.linalg.solve(hess + 1e-9 * np.eye(2), grad)
        while np.abs(step).max() > _NEWTON_TOL and loss(w - step) > current:
            step = step / 2
        if np.abs(step).max() <= _NEWTON_TOL:
            break
        w = w - step
        current = loss(w)
    return float(w[0]), float(w[1])


def platt(p: np.ndarray, a: float, b: float) -> np.ndarray:
    """Scores mapped by ``sigmoid(a * logit(p) + b)`` (monotone when ``a > 0``)."""
    return _sigmoid(a * np.clip(_logit(p), -20, 20) + b)


def split_halves(groups: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of two halves of the documents (each document whole in one half)."""
    docs = rng.permutation(np.unique(groups))
    first = np.isin(groups, docs[: len(docs) // 2])
    return np.flatnonzero(first), np.flatnonzero(~first)


def _system_halves(
    fam: FamilyScores, scores: np.ndarray, fit: np.ndarray, held: np.ndarray
) -> dict[str, float]:
    t = fit_temperature(fam.y[fit], scores[fit])
    a, b = fit_platt(fam.y[fit], scores[fit])
    y, raw = fam.y[held], scores[held]
    cal, pl = scale(raw, t), platt(raw, a, b)
    return {
        "ece": ece(reliability(y, raw)),
        "ece_flag_region": flag_region_ece(y, raw),
        "brier": float(np.mean((raw - y) ** 2)),
        "temperature": t,
        "ece_temperature": ece(reliability(y, cal)),
        "ece_flag_region_temperature": flag_region_ece(y, cal),
        "platt_a": a,
        "platt_b": b,
        "ece_platt": ece(reliability(y, pl)),
        "ece_flag_region_platt": flag_region_ece(y, pl),
        "brier_platt": float(np.mean((pl - y) ** 2)),
    }


def _mean_sd(rows: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    return {
        k: {"mean": float(np.mean([r[k] for r in rows])), "sd": float(np.std([r[k] for r in rows]))}
        for k in rows[0]
    }


def family_report(fam: FamilyScores, splits: int, seed: int = 0) -> dict[str, Any]:
    """Held-out-half figures of both systems over ``splits`` random halvings of the documents,
    and the reliability curve of each on the held-out half of the first split."""
    rng = np.random.default_rng(seed)
    per: dict[str, list[dict[str, float]]] = {"model": [], "baseline": []}
    curves: dict[str, Any] = {}
    agreement = []
    for k in range(splits):
        fit, held = split_halves(fam.groups, rng)
        for system in per:
            per[system].append(_system_halves(fam, getattr(fam, system), fit, held))
        fig = per["model"][-1]
        raw = fam.model[held] >= fam.model_thresholds
        for moved in (
            scale(fam.model[held], fig["temperature"])
            >= scale(fam.model_thresholds, fig["temperature"]),
            platt(fam.model[held], fig["platt_a"], fig["platt_b"])
            >= platt(fam.model_thresholds, fig["platt_a"], fig["platt_b"]),
        ):
            agreement.append(float((raw == moved).mean()))
        if k == 0:
            curves = {
                s: [b.__dict__ for b in reliability(fam.y[held], getattr(fam, s)[held])]
                for s in per
            }
            curves["model_platt"] = [
                b.__dict__
                for b in reliability(
                    fam.y[held], platt(fam.model[held], fig["platt_a"], fig["platt_b"])
                )
            ]
    return {
        "rows": len(fam.y),
        "documents": len(np.unique(fam.groups)),
        "labels": len(fam.labels),
        "splits": splits,
        "held_out": {s: _mean_sd(rows) for s, rows in per.items()},
        "flag_agreement_recalibrated": float(min(agreement)),
        "reliability_first_split": curves,
    }


def reliability_table(name: str, report: dict[str, Any]) -> str:
    """A text reliability table of one family (first split's held-out half)."""
    curves = report["reliability_first_split"]
    systems = list(curves)
    head = "".join(f"{s + ' n':>22}{'score':>7}{'pos':>7}" for s in systems)
    lines = [
        f"{name}: held-out half of split 1 ({report['documents']} documents in all)",
        f"{'bin':12}{head}",
    ]
    for k in range(N_BINS):
        cells = "".join(
            f"{curves[s][k]['n']:22d}{curves[s][k]['mean_score']:7.3f}"
            f"{curves[s][k]['positive_rate']:7.3f}"
            for s in systems
        )
        lo, hi = curves[systems[0]][k]["lo"], curves[systems[0]][k]["hi"]
        lines.append(f"{lo:.1f}-{hi:.1f}    {cells}")
    for s, fig in report["held_out"].items():
        lines.append(
            f"{s:9} ECE {100 * fig['ece']['mean']:.2f} ± {100 * fig['ece']['sd']:.2f}"
            f"  ECE(score>={FLAG_REGION}) {100 * fig['ece_flag_region']['mean']:.1f}"
            f"  Brier {fig['brier']['mean']:.4f}"
            f"  | temperature {fig['temperature']['mean']:.2f}: ECE "
            f"{100 * fig['ece_temperature']['mean']:.2f}, ECE(score>={FLAG_REGION}) "
            f"{100 * fig['ece_flag_region_temperature']['mean']:.1f}"
            f"  | Platt a {fig['platt_a']['mean']:.2f} b {fig['platt_b']['mean']:.2f}: ECE "
            f"{100 * fig['ece_platt']['mean']:.2f}, ECE(score>={FLAG_REGION}) "
            f"{100 * fig['ece_flag_region_platt']['mean']:.1f}, Brier "
            f"{fig['brier_platt']['mean']:.4f}"
        )
    return "\n".join(lines)


def run_eval_calibration(args: argparse.Namespace) -> int:
    shared = Path(args.data)
    cache = Path(args.cache) if args.cache else None
    scores = load_dev_scores(shared, cache)
    results: dict[str, Any] = {"model_sha256": scores.model_sha256, "bins": N_BINS}
    tables = []
    for name in FAMILIES:
        results[name] = family_report(scores.families[name], args.splits)
        tables.append(reliability_table(name, results[name]))
    text = "\n\n".join(tables) + "\n"
    print(text, end="")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".txt").write_text(text, encoding="utf-8")
    print(f"wrote {out} and {out.with_suffix('.txt')}")
    return 0
