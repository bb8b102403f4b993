"""``contractreview eval contract-nli`` on a small subset: cross-validated by document, with
the two baselines on the same folds (the full run is the figure; this checks the machinery).
Needs ../shared/data/contract_nli and scikit-learn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED

CONTRACT_NLI = SHARED / "data" / "contract_nli"
pytest.importorskip("sklearn", reason="the eval trains with scikit-learn (test extra)")
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CONTRACT_NLI / "documents.jsonl").is_file(),
        reason="../shared/data/contract_nli is absent (ContractNLI is not in the repository)",
    ),
]


def test_folds_never_share_a_document() -> None:
    from contractreview_training.eval_contract_nli import document_folds

    folds = document_folds(61, 5)
    flat = [i for f in folds for i in f]
    assert sorted(flat) == list(range(61))
    assert all(12 <= len(f) <= 13 for f in folds)


def test_eval_smoke_on_one_fold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from contractreview.cli.main import main

    out = tmp_path / "nli.json"
    args = ["eval", "contract-nli", "--data", str(CONTRACT_NLI), "--limit", "12",
            "--folds", "3", "--fold", "1", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "model" in printed
    assert "majority" in printed
    assert "tfidf_lr" in printed
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["documents"] == 12
    assert doc["only_folds"] == [1]
    figures = doc["figures"]
    assert set(figures) == {"model", "majority", "tfidf_lr"}
    pairs = {name: fig["pairs"] for name, fig in figures.items()}
    assert len(set(pairs.values())) == 1
    assert pairs["model"] == 4 * 17  # same held-out pairs
    for fig in figures.values():
        for key in ("accuracy", "f1_entailment", "f1_contradiction"):
            assert 0.0 <= fig[key] <= 1.0
    assert 0.0 <= figures["model"]["evidence_precision"] <= 1.0
    assert 0.0 <= figures["model"]["evidence_recall"] <= 1.0
    assert figures["model"]["accuracy"] > 0.5  # even trained on 8 NDAs, far above chance (1/3)


def test_missing_data_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from contractreview.cli.main import main

    assert main(["eval", "contract-nli", "--data", str(tmp_path)]) == 2
    assert "No ContractNLI data" in capsys.readouterr().out
