"""``contractreview eval cuad|unfair-tos``.

CUAD (dev split): every dev contract is segmented as the app does and every segment scored.
Per category, thresholds sweep the scores ranked across all segments of all contracts; at each
threshold the segments over it are merged into runs of consecutive segments (one predicted
clause), and a gold excerpt counts as found when a predicted clause overlaps it with token
Jaccard >= 0.5 (the CUAD paper's matching rule). Precision is over predicted clauses, recall
over gold excerpts; AUPR is the area under that curve and P@80%R the best precision with recall
>= 0.8. Segment-level average precision (a segment is positive when it overlaps an excerpt as
in training) is printed beside it.

UNFAIR-ToS: micro- and macro-F1 over the 8 types plus a "none" column for sentences with no
unfair term, as LexGLUE's evaluation computes them.

``--baseline`` trains TF-IDF + logistic regression on the same training split in the same run
and prints its figures beside the model's.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from contractreview_training.datasets import (
    UNFAIR_TOS_LABELS,
    CuadContract,
    load_cuad,
    load_unfair_tos,
)
from contractreview_training.metrics import lexglue_f1

_WORD = re.compile(r"\w+")

# CUAD's matching rule: a predicted clause finds a gold excerpt when their token sets overlap
# with Jaccard >= 0.5; P@80%R is the best precision at recall >= 0.8 (module docstring)
MATCH_JACCARD = 0.5
P_AT_RECALL = 0.8


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


# -- CUAD ---------------------------------------------------------------------------------------
def cuad_clause_metrics(
    contracts: Sequence[CuadContract],
    scores: np.ndarray,
    category: str,
    col: int,
    n_thresholds: int = 200,
) -> dict[str, float] | None:
    """AUPR / P@80%R with runs of consecutive segments as predicted clauses (see module doc)."""
    golds: list[tuple[int, set[str]]] = []  # (contract index, tokens)
    offsets = []
    pos = 0
    seg_tokens: list[set[str]] = []
    for ci, c in enumerate(contracts):
        offsets.append(pos)
        pos += len(c.segments)
        seg_tokens.extend(_tokens(s.segment.text) for s in c.segments)
        for spans in c.excerpts.get(category, []):
            toks = set().union(*(_tokens(c.text[a:b]) for a, b in spans))
            if toks:
                golds.append((ci, toks))
    if not golds:
        return None
    col_scores = scores[:, col]
    qs = np.unique(np.quantile(col_scores, np.linspace(0.0, 1.0, 2001)[-n_thresholds:]))
    curve: list[tuple[float, float]] = []
    for t in sorted(qs, reverse=True):
        p, r = _pr_at(_predicted_runs(contracts, offsets, seg_tokens, col_scores, t), golds)
        curve.append((r, p))
    curve.sort()
    aupr = 0.0
    prev_r = 0.0
    for i, (r, _) in enumerate(curve):
        best_p = max(pp for rr, pp in curve[i:])  # interpolated precision
        aupr += (r - prev_r) * best_p
        prev_r = r
    p80 = max((p for r, p in curve if r >= P_AT_RECALL), default=0.0)
    return {"aupr": aupr, "p_at_80r": p80, "gold": float(len(golds))}


def _predicted_runs(
    contracts: Sequence[CuadContract],
    offsets: list[int],
    seg_tokens: list[set[str]],
    col_scores: np.ndarray,
    t: float,
) -> dict[int, list[set[str]]]:
    """Per contract, the tokens of each run of consecutive segments scored ``>= t``."""
    preds: dict[int, list[set[str]]] = {}
    for ci, c in enumerate(contracts):
        base = offsets[ci]
        run: set[str] | None = None
        for k in range(len(c.segments)):
            if col_scores[base + k] >= t:
                run = seg_tokens[base + k] if run is None else run | seg_tokens[base + k]
            elif run is not None:
                preds.setdefault(ci, []).append(run)
                run = None
        if run is not None:
            preds.setdefault(ci, []).append(run)
    return preds


def _pr_at(
    preds: dict[int, list[set[str]]], golds: list[tuple[int, set[str]]]
) -> tuple[float, float]:
    """Precision over predicted runs, recall over gold excerpts (CUAD's Jaccard matching)."""
    n_pred = sum(len(v) for v in preds.values())
    if n_pred == 0:
        return 1.0, 0.0
    gold_by_c: dict[int, list[set[str]]] = {}
    for ci, toks in golds:
        gold_by_c.setdefault(ci, []).append(toks)
    matched_pred = sum(
        1
        for ci, runs in preds.items()
        for run in runs
        if any(_jaccard(run, g) >= MATCH_JACCARD for g in gold_by_c.get(ci, []))
    )
    matched_gold = sum(
        1
        for ci, toks in golds
        if any(_jaccard(run, toks) >= MATCH_JACCARD for run in preds.get(ci, []))
    )
    return matched_pred / n_pred, matched_gold / len(golds)


def _jaccard(a: set[str], b: set[str]) -> float:
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def evaluate_cuad(
    contracts: Sequence[CuadContract], scores: np.ndarray, label_ids: list[str]
) -> dict[str, Any]:
    from contractreview_training.metrics import average_precision

    cats = [lab for lab in label_ids if lab not in UNFAIR_TOS_LABELS]
    per: dict[str, dict[str, float]] = {}
    ys = np.array([[lab in s.labels for lab in cats] for c in contracts for s in c.segments])
    for j, cat in enumerate(cats):
        col = label_ids.index(cat)
        m = cuad_clause_metrics(contracts, scores, cat, col)
        if m is None:
            continue
        m["segment_ap"] = average_precision(ys[:, j], scores[:, col]) if ys[:, j].any() else 0.0
        per[cat] = m
    overall = {
        k: float(np.mean([m[k] for m in per.values()])) for k in ("aupr", "p_at_80r", "segment_ap")
    }
    return {"per_category": per, "overall": overall}


def _score_cuad_model(contracts: Sequence[CuadContract]) -> tuple[np.ndarray, list[str]]:
    from contractreview.analysis.classifier import ClauseClassifier

    clf = ClauseClassifier()
    texts = [s.segment.model_input() for c in contracts for s in c.segments]
    return clf.scores(texts), clf.label_ids


def run_eval_cuad(args: argparse.Namespace) -> int:
    data = Path(args.data)
    t0 = time.time()
    contracts = load_cuad(data, split=args.split, limit=args.limit)
    model_scores, label_ids = _score_cuad_model(contracts)
    results = {"model": evaluate_cuad(contracts, model_scores, label_ids)}
    if args.baseline:
        from contractreview_training.tfidf_baseline import cuad_baseline_scores

        results["baseline"] = evaluate_cuad(
            contracts, cuad_baseline_scores(data, contracts, label_ids), label_ids
        )
    _print_cuad(results)
    print(
        f"({len(contracts)} contracts, {sum(len(c.segments) for c in contracts)} segments, "
        f"{time.time() - t0:.0f}s)"
    )
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))
    return 0


def _print_cuad(results: dict[str, Any]) -> None:
    systems = list(results)
    head = "".join(f"{s + ' AUPR':>15}{s + ' P@80R':>15}{s + ' segAP':>15}" for s in systems)
    print(f"{'category':40}{'gold':>6}{head}")
    for cat, m in results["model"]["per_category"].items():
        row = "".join(
            f"{100 * results[s]['per_category'][cat]['aupr']:15.1f}"
            f"{100 * results[s]['per_category'][cat]['p_at_80r']:15.1f}"
            f"{100 * results[s]['per_category'][cat]['segment_ap']:15.1f}"
            for s in systems
        )
        print(f"{cat[:40]:40}{int(m['gold']):6d}{row}")
    row = "".join(
        f"{100 * results[s]['overall']['aupr']:15.1f}"
        f"{100 * results[s]['overall']['p_at_80r']:15.1f}"
        f"{100 * results[s]['overall']['segment_ap']:15.1f}"
        for s in systems
    )
    print(f"{'OVERALL (mean over categories)':40}{'':6}{row}")


# -- UNFAIR-ToS -----------------------------------------------------------------------------------
def evaluate_unfair(y: np.ndarray, scores: np.ndarray, thresholds: np.ndarray) -> dict[str, Any]:
    from contractreview_training.metrics import f1_binary

    pred = (scores >= thresholds[None, :]).astype(int)
    micro, macro = lexglue_f1(y, pred)
    per = {lab: f1_binary(y[:, j], pred[:, j]) for j, lab in enumerate(UNFAIR_TOS_LABELS)}
    return {"micro_f1": micro, "macro_f1": macro, "per_label_f1": per}


def run_eval_unfair_tos(args: argparse.Namespace) -> int:
    from contractreview.analysis.classifier import ClauseClassifier

    data = Path(args.data)
    sents = load_unfair_tos(data, split=args.split)
    y = np.array([[lab in s.labels for lab in UNFAIR_TOS_LABELS] for s in sents], dtype=int)
    clf = ClauseClassifier()
    cols = [clf.label_ids.index(lab) for lab in UNFAIR_TOS_LABELS]
    scores = clf.scores([s.text for s in sents])[:, cols]
    results = {"model": evaluate_unfair(y, scores, clf.thresholds[cols])}
    if args.baseline:
        from contractreview_training.tfidf_baseline import unfair_baseline

        b_scores, b_thresholds = unfair_baseline(data, [s.text for s in sents])
        results["baseline"] = evaluate_unfair(y, b_scores, b_thresholds)
        results["baseline_t0.5"] = evaluate_unfair(y, b_scores, np.full(8, 0.5))
    print(f"UNFAIR-ToS {args.split}: {len(sents)} sentences")
    print(f"{'':28}" + "".join(f"{s:>16}" for s in results))
    for key in ("micro_f1", "macro_f1"):
        print(f"{key:28}" + "".join(f"{100 * results[s][key]:16.1f}" for s in results))
    for lab in UNFAIR_TOS_LABELS:
        print(
            f"  {lab:26}"
            + "".join(f"{100 * results[s]['per_label_f1'][lab]:16.1f}" for s in results)
        )
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))
    return 0
