"""The ceiling of the CUAD clause eval for a segment classifier: the gold segment labels
themselves as scores (plus a little noise to order ties), through the same matching rule
(a predicted clause is a run of segments over the threshold; a gold excerpt is found when one
overlaps it with token Jaccard >= 0.5).

    python scripts/cuad_ceiling.py [--split dev]

On dev: AUPR 71.9, P@80%R 61.8; 11 of the 41 categories never reach 80% recall.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from contractreview_training.datasets import load_cuad
from contractreview_training.eval_clauses import evaluate_cuad


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--data", default="../shared/data/cuad")
    args = ap.parse_args()
    contracts = load_cuad(Path(args.data), split=args.split)
    labels = [lab["id"] for lab in json.loads(Path("models/labels.json").read_text())["labels"]]
    gold = np.array([[lab in s.labels for lab in labels] for c in contracts for s in c.segments])
    scores = gold + np.random.default_rng(0).random(gold.shape) * 1e-3
    result = evaluate_cuad(contracts, scores, labels)
    print({k: round(100 * v, 1) for k, v in result["overall"].items()})
    never = [c for c, m in result["per_category"].items() if m["p_at_80r"] == 0]
    print(f"{len(never)} of {len(result['per_category'])} categories never reach 80% recall:")
    print(", ".join(sorted(never)))


if __name__ == "__main__":
    main()
