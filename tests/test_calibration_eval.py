"""The calibration check's arithmetic (reliability curve, ECE, temperature, document halves) on
scores made here, and its command being registered as the other evals are."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from contractreview_training.cli_commands import register
from contractreview_training.dev_scores import FamilyScores
from contractreview_training.eval_calibration import (
    N_BINS,
    ece,
    family_report,
    fit_platt,
    fit_temperature,
    platt,
    reliability,
    reliability_table,
    scale,
    split_halves,
)


def _calibrated(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Scores that mean what they say: each label drawn with its score as its probability."""
    p = rng.beta(0.5, 2.0, size=n)
    return (rng.random(n) < p).astype(np.uint8), p


def test_reliability_bins_and_ece_by_hand() -> None:
    y = np.array([0, 0, 1, 1, 1])
    p = np.array([0.05, 0.15, 0.95, 0.92, 1.0])
    bins = reliability(y, p)
    assert len(bins) == N_BINS
    assert [b.n for b in bins] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 3]
    assert bins[9].mean_score == pytest.approx((0.95 + 0.92 + 1.0) / 3)
    assert bins[9].positive_rate == 1.0
    # |0 - 0.05|, |0 - 0.15| and |1 - 0.9567| weighted by 1, 1, 3 of 5
    assert ece(bins) == pytest.approx((0.05 + 0.15 + 3 * (1 - 2.87 / 3)) / 5)


def test_calibrated_scores_have_small_ece_and_overconfident_ones_large() -> None:
    rng = np.random.default_rng(1)
    y, p = _calibrated(50_000, rng)
    assert ece(reliability(y, p)) < 0.01
    sharpened = scale(p, 0.4)  # logits multiplied by 2.5: too sure of itself
    assert ece(reliability(y, sharpened)) > 0.05


def test_temperature_recovers_a_known_distortion_and_keeps_order() -> None:
    rng = np.random.default_rng(2)
    y, p = _calibrated(40_000, rng)
    distorted = scale(p, 0.5)
    t = fit_temperature(y, distorted)
    assert t == pytest.approx(2.0, rel=0.1)
    fixed = scale(distorted, t)
    assert ece(reliability(y, fixed)) < ece(reliability(y, distorted)) / 3
    order = np.argsort(distorted, kind="stable")
    assert np.all(np.diff(fixed[order]) >= 0)


def test_platt_undoes_a_shift_that_temperature_cannot() -> None:
    rng = np.random.default_rng(4)
    y, p = _calibrated(60_000, rng)
    z = np.log(p / (1 - p))
    shifted = 1 / (1 + np.exp(-(z + 1.5)))  # every score pushed up, as positive weights do
    a, b = fit_platt(y, shifted)
    assert a == pytest.approx(1.0, abs=0.08)
    assert b == pytest.approx(-1.5, abs=0.15)
    fixed = platt(shifted, a, b)
    assert ece(reliability(y, fixed)) < 0.01
    by_temperature = scale(shifted, fit_temperature(y, shifted))
    assert ece(reliability(y, fixed)) < ece(reliability(y, by_temperature)) / 2


def test_halves_keep_each_document_whole() -> None:
    groups = np.repeat(np.array([f"doc{k}" for k in range(9)]), 5)
    a, b = split_halves(groups, np.random.default_rng(0))
    assert len(a) + len(b) == len(groups)
    assert not set(groups[a]) & set(groups[b])
    assert len(set(groups[a])) == 4


def test_family_report_on_a_made_up_family() -> None:
    rng = np.random.default_rng(3)
    n_docs, rows_per_doc, labels = 20, 50, 3
    y, p = _calibrated(n_docs * rows_per_doc * labels, rng)
    y = y.reshape(-1, labels)
    p = p.reshape(-1, labels)
    fam = FamilyScores(
        ["A", "B", "C"],
        y,
        scale(p, 0.5),  # an over-confident "model"
        p,  # a calibrated "baseline"
        np.full(labels, 0.5),
        np.repeat(np.arange(n_docs).astype(str), rows_per_doc),
    )
    report = family_report(fam, splits=3)
    held = report["held_out"]
    assert held["model"]["ece"]["mean"] > held["baseline"]["ece"]["mean"]
    assert held["model"]["ece_temperature"]["mean"] < held["model"]["ece"]["mean"]
    assert report["flag_agreement_recalibrated"] == 1.0
    assert held["model"]["ece_platt"]["mean"] < held["model"]["ece"]["mean"]
    assert report["documents"] == n_docs
    curve = report["reliability_first_split"]["model"]
    assert sum(b["n"] for b in curve) == n_docs * rows_per_doc * labels // 2
    table = reliability_table("made-up", report)
    assert "0.9-1.0" in table
    assert "ECE" in table


@pytest.mark.parametrize(
    ("argv", "handler"),
    [
        (["eval", "calibration"], "eval_calibration:run_eval_calibration"),
        (["eval", "per-label"], "per_label_report:run_eval_per_label"),
    ],
)
def test_commands_registered(argv: list[str], handler: str) -> None:
    ap = argparse.ArgumentParser()
    register(ap.add_subparsers(dest="command"))
    args = ap.parse_args(argv)
    assert args.handler == f"contractreview_training.{handler}"
    assert args.cache == "build/dev_scores.npz"
    assert args.data == "../shared/data"
