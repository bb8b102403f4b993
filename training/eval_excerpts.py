"""``contractreview eval cuad-excerpts``: clause classification as LegalBench poses CUAD.

LegalBench's 38 ``cuad_*`` tasks hand a model one clause (a CUAD excerpt) and ask a yes/no
question: does it belong to category X? Positives are excerpts of X, negatives excerpts of
other categories, and the score is balanced accuracy. This eval poses the same question on a
CUAD split: every excerpt of the split is scored once, and per category

- balanced accuracy = (recall on the excerpts of X + specificity on every other excerpt) / 2,
  with the shipped decision threshold (what the app flags);
- AUROC, threshold-free (how well the scores separate X from the rest).

Metadata categories LegalBench leaves out (Document Name, Parties, Agreement Date) are left
out here too. ``--baseline`` fits TF-IDF + logistic regression on the same training split and
calibrates its thresholds on the same dev texts as the model's (see model_export).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from contractreview_training.datasets import UNFAIR_TOS_LABELS, iter_cuad_excerpts
from contractreview_training.metrics import auroc

NOT_IN_LEGALBENCH = ("Document Name", "Parties", "Agreement Date")


def excerpt_metrics(
    categories: Sequence[set[str]],
    scores: np.ndarray,
    label_ids: Sequence[str],
    thresholds: np.ndarray,
) -> dict[str, Any]:
    """Per-category balanced accuracy and AUROC, and their means over categories."""
    per: dict[str, dict[str, float]] = {}
    for j, cat in enumerate(label_ids):
        if cat in UNFAIR_TOS_LABELS or cat in NOT_IN_LEGALBENCH:
            continue
        y = np.array([cat in cs for cs in categories])
        if not y.any():
            continue
        pred = scores[:, j] >= thresholds[j]
        recall = float(pred[y].mean())
        specificity = float((~pred[~y]).mean())
        per[cat] = {
            "positives": float(y.sum()),
            "recall": recall,
            "specificity": specificity,
            "balanced_accuracy": (recall + specificity) / 2,
            "auroc": auroc(y, scores[:, j]),
        }
    keys = ("balanced_accuracy", "auroc", "recall", "specificity")
    overall = {k: float(np.mean([m[k] for m in per.values()])) for k in keys}
    return {"per_category": per, "overall": overall}


def run_eval_cuad_excerpts(args: argparse.Namespace) -> int:
    from contractreview.analysis.classifier import ClauseClassifier

    data = Path(args.data)
    t0 = time.time()
    excerpts = list(iter_cuad_excerpts(data, args.split))
    texts = [t for t, _ in excerpts]
    categories = [cs for _, cs in excerpts]
    clf = ClauseClassifier()
    results = {
        "model": excerpt_metrics(categories, clf.scores(texts), clf.label_ids, clf.thresholds)
    }
    if args.baseline:
        from contractreview_training.tfidf_baseline import cuad_excerpt_baseline

        b_scores, b_thresholds = cuad_excerpt_baseline(data, texts, clf.label_ids)
        results["baseline"] = excerpt_metrics(categories, b_scores, clf.label_ids, b_thresholds)
    _print(results)
    print(f"({len(texts)} excerpts of the {args.split} split, {time.time() - t0:.0f}s)")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))
    return 0


def _print(results: dict[str, Any]) -> None:
    systems = list(results)
    head = "".join(f"{s + ' BA':>14}{s + ' AUROC':>15}" for s in systems)
    print(f"{'category':40}{'pos':>5}{head}")

    def cells(stats: dict[str, float]) -> str:
        return f"{100 * stats['balanced_accuracy']:14.1f}{100 * stats['auroc']:15.1f}"

    for cat, m in results["model"]["per_category"].items():
        row = "".join(cells(results[s]["per_category"][cat]) for s in systems)
        print(f"{cat[:40]:40}{int(m['positives']):5d}{row}")
    row = "".join(cells(results[s]["overall"]) for s in systems)
    print(f"{'OVERALL (mean over categories)':40}{'':5}{row}")
    for s in systems:
        o = results[s]["overall"]
        print(
            f"{s}: mean recall {100 * o['recall']:.1f}, mean specificity "
            f"{100 * o['specificity']:.1f} at the shipped thresholds"
        )
