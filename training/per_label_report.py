"""``contractreview eval per-label``: each CUAD category and UNFAIR-ToS type, the shipped model
beside the TF-IDF baseline on the dev data, and what can be seen about the labels where the
model loses.

CUAD: clause AUPR under the CUAD protocol (``eval_clauses``), segment AP, and segment F1 at
the thresholds of the shipped rule (the model's own shipped thresholds; the baseline's
calibrated by the same rule on the same dev segments). UNFAIR-ToS: AP and F1 per type on the
validation sentences (the model's shipped thresholds; the baseline's by the same rule).

A label "loses" when the model's main figure (CUAD clause AUPR, UNFAIR-ToS F1) is more than
``LOSS_MARGIN`` below the baseline's. The reasons listed beside each are facts of the data:
few training examples, few dev examples (a noisy figure), excerpts much shorter than the
segments that hold them (no run of segments can reach the Jaccard match), long segments cut
at the model's input length.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from contractreview_training.datasets import CuadContract
from contractreview_training.dev_scores import DevScores, FamilyScores, load_dev_scores
from contractreview_training.metrics import average_precision, f1_binary

LOSS_MARGIN = 0.01  # a label loses when the model is more than a point below the baseline
FEW_TRAIN = 30  # training examples below which a label is rare
FEW_DEV = 10  # dev examples below which its figure moves a lot with one example
SHORT_SHARE = 0.5  # share of excerpts under half their segment that caps the Jaccard match
MODEL_TOKENS = 128  # the shipped model's input length
_WORD = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _train_counts(shared: Path) -> tuple[Counter[str], Counter[str]]:
    """Training examples per CUAD category (excerpts) and UNFAIR-ToS type (sentences)."""
    cuad: Counter[str] = Counter()
    with (shared / "cuad" / "clauses.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] == "train":
                cuad[row["category"]] += 1
    unfair: Counter[str] = Counter()
    with (shared / "unfair_tos" / "sentences.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] == "train":
                unfair.update(row["labels"])
    return cuad, unfair


def excerpt_shape(contracts: Sequence[CuadContract], category: str) -> dict[str, float]:
    """Median words of the category's dev excerpts and of the segments they overlap, and the
    share of excerpts under half the words of the segments that hold them."""
    ex_words, seg_words, short = [], [], 0
    for c in contracts:
        for spans in c.excerpts.get(category, []):
            a, b = min(s for s, _ in spans), max(e for _, e in spans)
            n = sum(_words(c.text[s:e]) for s, e in spans)
            held = [s for s in c.segments if s.abs_start < b and s.abs_end > a]
            m = sum(_words(s.segment.text) for s in held)
            ex_words.append(n)
            seg_words.append(m)
            short += int(m > 0 and n < 0.5 * m)
    if not ex_words:
        return {"excerpt_words": 0.0, "segment_words": 0.0, "short_share": 0.0}
    return {
        "excerpt_words": float(np.median(ex_words)),
        "segment_words": float(np.median(seg_words)),
        "short_share": short / len(ex_words),
    }


def _thresholds(fam: FamilyScores, scores: np.ndarray, family: str) -> np.ndarray:
    from contractreview_training.export import calibrate

    truth = [(family, {fam.labels[j] for j in np.flatnonzero(row)}) for row in fam.y]
    t = calibrate(fam.labels, truth, scores)
    return np.array([t[lab] for lab in fam.labels])


def _seg_figures(fam: FamilyScores, j: int, thr: dict[str, np.ndarray]) -> dict[str, float]:
    y = fam.y[:, j]
    out = {}
    for system in ("model", "baseline"):
        s = getattr(fam, system)[:, j]
        out[f"{system}_ap"] = average_precision(y, s) if y.any() else 0.0
        out[f"{system}_f1"] = f1_binary(y, s >= thr[system][j])
    return out


def _reasons(row: dict[str, Any]) -> list[str]:
    out = []
    if row["train_examples"] < FEW_TRAIN:
        out.append(f"few training examples ({row['train_examples']})")
    if row["dev_examples"] < FEW_DEV:
        out.append(f"few dev examples ({row['dev_examples']}): the figure moves with one")
    if row.get("short_share", 0.0) >= SHORT_SHARE:
        out.append(
            f"short excerpts: {100 * row['short_share']:.0f}% under half their segment "
            f"(median {row['excerpt_words']:.0f} words in segments of "
            f"{row['segment_words']:.0f})"
        )
    if row.get("segment_words", 0.0) > 0.75 * MODEL_TOKENS:
        out.append(f"long segments (median {row['segment_words']:.0f} words) cut at 128 tokens")
    return out or ["none visible in the data"]


def cuad_rows(scores: DevScores, train: Counter[str]) -> list[dict[str, Any]]:
    """One row per CUAD category; ``train``: its training excerpts."""
    from contractreview_training.eval_clauses import cuad_clause_metrics

    fam = scores.families["cuad"]
    thr = {"model": fam.model_thresholds, "baseline": _thresholds(fam, fam.baseline, "cuad")}
    rows = []
    for j, cat in enumerate(fam.labels):
        clause = {s: cuad_clause_metrics(scores.contracts, getattr(fam, s), cat, j) for s in thr}
        if clause["model"] is None or clause["baseline"] is None:
            continue
        row: dict[str, Any] = {"label": cat, "family": "cuad", "train_examples": train[cat]}
        row["dev_examples"] = int(clause["model"]["gold"])
        row["model_aupr"] = clause["model"]["aupr"]
        row["baseline_aupr"] = clause["baseline"]["aupr"]
        row |= _seg_figures(fam, j, thr) | excerpt_shape(scores.contracts, cat)
        row["loses"] = row["model_aupr"] < row["baseline_aupr"] - LOSS_MARGIN
        row["reasons"] = _reasons(row) if row["loses"] else []
        rows.append(row)
    return rows


def unfair_rows(scores: DevScores, train: Counter[str]) -> list[dict[str, Any]]:
    """One row per UNFAIR-ToS type; ``train``: its training sentences."""
    fam = scores.families["unfair_tos"]
    thr = {"model": fam.model_thresholds, "baseline": _thresholds(fam, fam.baseline, "unfair_tos")}
    rows = []
    for j, lab in enumerate(fam.labels):
        row: dict[str, Any] = {"label": lab, "family": "unfair_tos", "train_examples": train[lab]}
        row["dev_examples"] = int(fam.y[:, j].sum())
        row |= _seg_figures(fam, j, thr)
        row["loses"] = row["model_f1"] < row["baseline_f1"] - LOSS_MARGIN
        row["reasons"] = _reasons(row) if row["loses"] else []
        rows.append(row)
    return rows


def print_report(rows: list[dict[str, Any]]) -> None:
    print(f"{'label':36}{'train':>6}{'dev':>5}{'AUPR m/b':>13}{'AP m/b':>13}{'F1 m/b':>13}")
    for r in rows:
        aupr = (
            f"{100 * r['model_aupr']:6.1f}/{100 * r['baseline_aupr']:<6.1f}"
            if "model_aupr" in r
            else f"{'-':>13}"
        )
        print(
            f"{r['label'][:36]:36}{r['train_examples']:6d}{r['dev_examples']:5d}{aupr:>13}"
            f"{100 * r['model_ap']:6.1f}/{100 * r['baseline_ap']:<6.1f}"
            f"{100 * r['model_f1']:6.1f}/{100 * r['baseline_f1']:<6.1f}"
            + ("  LOSES: " + "; ".join(r["reasons"]) if r["loses"] else "")
        )


def means(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Each family's figures averaged over its labels (CUAD AUPR: the card's overall AUPR)."""
    out: dict[str, dict[str, float]] = {}
    for family in ("cuad", "unfair_tos"):
        mine = [r for r in rows if r["family"] == family]
        keys = [k for k in mine[0] if k.startswith(("model_", "baseline_"))] if mine else []
        out[family] = {k: float(np.mean([r[k] for r in mine])) for k in keys}
    return out


def run_eval_per_label(args: argparse.Namespace) -> int:
    shared = Path(args.data)
    scores = load_dev_scores(shared, Path(args.cache) if args.cache else None)
    cuad_train, unfair_train = _train_counts(shared)
    rows = cuad_rows(scores, cuad_train) + unfair_rows(scores, unfair_train)
    print_report(rows)
    overall = means(rows)
    for family, figures in overall.items():
        print(family, {k: round(100 * v, 1) for k, v in figures.items()})
    report = {
        "model_sha256": scores.model_sha256,
        "loss_margin": LOSS_MARGIN,
        "means": overall,
        "labels": rows,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0
