"""Split-half study of the per-label decision thresholds: chosen on one half of the dev data
(half of the CUAD dev contracts, half of the UNFAIR-ToS validation sentences), judged on the
other half, over 10 random splits. Compares each label's own best F-beta threshold with the
shipped rule (``model_export.calibrate``: shrunk towards the family's shared threshold).

    python scripts/threshold_study.py [--models models] [--scores build/threshold_scores.npy]

Prints UNFAIR-ToS micro/macro-F1 (LexGLUE) and mean CUAD balanced accuracy on the held-out
halves. CUAD rows are split in 40 contiguous blocks (a contract's segments are contiguous).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from contractreview_training.datasets import UNFAIR_TOS_LABELS
from contractreview_training.export import (
    CUAD_BETA,
    UNFAIR_BETA,
    _scores,
    calibrate,
    calibration_set,
)
from contractreview_training.metrics import best_fbeta_threshold, lexglue_f1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="models")
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--scores", default="build/threshold_scores.npy", help="cache of the scores")
    ap.add_argument("--splits", type=int, default=10)
    args = ap.parse_args()
    texts, truth = calibration_set(Path(args.shared))
    cache = Path(args.scores)
    if cache.exists():
        s = np.load(cache)
    else:
        s = _scores(Path(args.models), "clause_model.onnx", texts)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, s)
    meta = json.loads((Path(args.models) / "labels.json").read_text())
    labels = [lab["id"] for lab in meta["labels"]]
    src = np.array([a for a, _ in truth])
    unfair, cuad = np.flatnonzero(src == "unfair_tos"), np.flatnonzero(src == "cuad")
    uj = [labels.index(lab) for lab in UNFAIR_TOS_LABELS]
    cj = [j for j, lab in enumerate(labels) if lab not in UNFAIR_TOS_LABELS]

    def own(idx: np.ndarray) -> np.ndarray:
        out = []
        for j, lab in enumerate(labels):
            fam, beta = (
                ("unfair_tos", UNFAIR_BETA) if lab in UNFAIR_TOS_LABELS else ("cuad", CUAD_BETA)
            )
            rows = idx[src[idx] == fam]
            y = np.array([lab in truth[i][1] for i in rows])
            out.append(best_fbeta_threshold(y, s[rows, j], beta) if y.any() else 0.5)
        return np.array(out)

    def shipped(idx: np.ndarray) -> np.ndarray:
        t = calibrate(labels, [truth[i] for i in idx], s[idx])
        return np.array([t[lab] for lab in labels])

    def judge(thr: np.ndarray, idx: np.ndarray) -> tuple[float, float, float]:
        bu, bc = idx[src[idx] == "unfair_tos"], idx[src[idx] == "cuad"]
        yu = np.array([[lab in truth[i][1] for lab in UNFAIR_TOS_LABELS] for i in bu]).astype(int)
        micro, macro = lexglue_f1(yu, (s[bu][:, uj] >= thr[uj]).astype(int))
        yc = np.array([[labels[j] in truth[i][1] for j in cj] for i in bc]).astype(bool)
        pred = s[bc][:, cj] >= thr[cj]
        bal = [
            (pred[yc[:, k], k].mean() + (~pred[~yc[:, k], k]).mean()) / 2
            for k in range(len(cj))
            if yc[:, k].any() and (~yc[:, k]).any()
        ]
        return micro, macro, float(np.mean(bal))

    rng = np.random.default_rng(0)
    results: dict[str, list[tuple[float, float, float]]] = {"own": [], "shipped": []}
    for _ in range(args.splits):
        pu = rng.permutation(unfair)
        blocks = np.array_split(cuad, 40)
        order = rng.permutation(40)
        a = np.concatenate([pu[: len(pu) // 2]] + [blocks[k] for k in order[:20]])
        b = np.concatenate([pu[len(pu) // 2 :]] + [blocks[k] for k in order[20:]])
        results["own"].append(judge(own(a), b))
        results["shipped"].append(judge(shipped(a), b))
    print("held-out halves: UNFAIR-ToS micro-F1, macro-F1, CUAD mean balanced accuracy")
    for name, rows in results.items():
        print(f"{name:8}", np.round(100 * np.array(rows).mean(axis=0), 2))


if __name__ == "__main__":
    main()
