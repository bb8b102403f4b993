"""The shipped model's and the TF-IDF baseline's scores on the dev data, per label family, with
the document each row comes from (for split-half checks): every CUAD dev segment as the app
scores it (with its heading) and every UNFAIR-ToS validation sentence.

Scoring the dev data takes minutes on a small CPU and fitting the baseline a few more, so the
scores can be kept in one ``.npz`` cache that the calibration check and the per-label report
share (``--cache``); a cache made for another model file or segmentation is refused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from contractreview_training.datasets import UNFAIR_TOS_LABELS, CuadContract, load_cuad

FAMILIES = ("cuad", "unfair_tos")


@dataclass
class FamilyScores:
    """One label family's dev rows: gold labels, both systems' scores and thresholds."""

    labels: list[str]
    y: np.ndarray  # rows x labels, 0/1
    model: np.ndarray  # the shipped model's sigmoid scores
    baseline: np.ndarray  # TF-IDF + LR probabilities
    model_thresholds: np.ndarray  # the shipped per-label thresholds
    groups: np.ndarray  # the document of each row: CUAD contract id, UNFAIR-ToS company


@dataclass
class DevScores:
    model_sha256: str
    families: dict[str, FamilyScores]
    contracts: list[CuadContract]  # the CUAD dev contracts, in row order


def _unfair_rows(data: Path, split: str) -> list[dict[str, object]]:
    with (data / "sentences.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [r for r in rows if r["split"] == split]


def _cuad_family(
    shared: Path, contracts: Sequence[CuadContract], clf_scores: np.ndarray, label_ids: list[str]
) -> tuple[list[str], np.ndarray, np.ndarray, list[int]]:
    from contractreview_training.tfidf_baseline import cuad_baseline_scores

    cols = [j for j, lab in enumerate(label_ids) if lab not in UNFAIR_TOS_LABELS]
    cats = [label_ids[j] for j in cols]
    base = cuad_baseline_scores(shared / "cuad", contracts, label_ids)[:, cols]
    return cats, clf_scores[:, cols], base, cols


def compute_dev_scores(shared: Path) -> DevScores:
    """Score the dev data with the shipped model and fit + score the baseline (minutes)."""
    from contractreview.analysis.classifier import ClauseClassifier
    from contractreview_training.tfidf_baseline import _fit_predict

    clf = ClauseClassifier()
    contracts = load_cuad(shared / "cuad", split="dev")
    segs = [s for c in contracts for s in c.segments]
    cuad_scores = clf.scores([s.segment.model_input() for s in segs])
    cats, model_c, base_c, cols = _cuad_family(shared, contracts, cuad_scores, clf.label_ids)
    cuad = FamilyScores(
        cats,
        np.array([[cat in s.labels for cat in cats] for s in segs], dtype=np.uint8),
        model_c,
        base_c,
        clf.thresholds[cols],
        np.array([s.contract_id for s in segs]),
    )
    train = _unfair_rows(shared / "unfair_tos", "train")
    val = _unfair_rows(shared / "unfair_tos", "validation")
    ucols = [clf.label_ids.index(lab) for lab in UNFAIR_TOS_LABELS]

    def multi_hot(rows: list[dict[str, object]]) -> np.ndarray:
        return np.array(
            [[lab in r["labels"] for lab in UNFAIR_TOS_LABELS] for r in rows],  # type: ignore[operator]
            dtype=np.uint8,
        )

    texts = [str(r["text"]) for r in val]
    unfair = FamilyScores(
        list(UNFAIR_TOS_LABELS),
        multi_hot(val),
        clf.scores(texts)[:, ucols],
        _fit_predict([str(r["text"]) for r in train], multi_hot(train), texts),
        clf.thresholds[ucols],
        np.array([str(r["company"]) for r in val]),
    )
    return DevScores(clf.sha256, {"cuad": cuad, "unfair_tos": unfair}, contracts)


def save_dev_scores(scores: DevScores, path: Path) -> None:
    arrays: dict[str, np.ndarray] = {"model_sha256": np.array(scores.model_sha256)}
    for name, fam in scores.families.items():
        for key in ("y", "model", "baseline", "model_thresholds", "groups"):
            arrays[f"{name}.{key}"] = getattr(fam, key)
        arrays[f"{name}.labels"] = np.array(fam.labels)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
    tmp.replace(path)


def load_dev_scores(shared: Path, cache: Path | None) -> DevScores:
    """The dev scores, from ``cache`` when it holds the shipped model's, else computed (and
    written to ``cache`` when one is named)."""
    from contractreview.analysis.classifier import ClauseClassifier

    sha = ClauseClassifier().sha256
    if cache is not None and cache.exists():
        with np.load(cache) as z:
            if str(z["model_sha256"]) == sha:
                fams = {
                    name: FamilyScores(
                        [str(x) for x in z[f"{name}.labels"]],
                        *(
                            z[f"{name}.{k}"]
                            for k in ("y", "model", "baseline", "model_thresholds", "groups")
                        ),
                    )
                    for name in FAMILIES
                }
                contracts = load_cuad(shared / "cuad", split="dev")
                if len(fams["cuad"].y) == sum(len(c.segments) for c in contracts):
                    return DevScores(sha, fams, contracts)
        print(f"{cache} holds another model's or segmentation's scores: scoring again")
    scores = compute_dev_scores(shared)
    if cache is not None:
        save_dev_scores(scores, cache)
    return scores
