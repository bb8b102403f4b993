"""``contractreview eval ...``: the evaluation commands, added to the ``contractreview`` command
through the ``contractreview.commands`` entry point. Handlers are "module:function" strings,
imported only when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

_EXPECTED = Path(__file__).resolve().parent.parent / "tests" / "terms_corpus_expected.yaml"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sp = sub.add_parser("eval", help="evaluate the model or the key-terms extractor")
    esub = sp.add_subparsers(dest="dataset", required=True)
    e = esub.add_parser("cuad", help="CUAD clause detection: AUPR and precision at 80%% recall")
    e.add_argument("--split", default="dev")
    e.add_argument("--data", default="../shared/data/cuad")
    e.add_argument("--baseline", action="store_true", help="also train/report TF-IDF + LR")
    e.add_argument("--limit", type=int, default=0, help="only the first N contracts")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.set_defaults(handler="contractreview_training.eval_clauses:run_eval_cuad")
    e = esub.add_parser(
        "cuad-excerpts",
        help="CUAD excerpts one at a time, as LegalBench's CUAD tasks: balanced accuracy, AUROC",
    )
    e.add_argument("--split", default="dev")
    e.add_argument("--data", default="../shared/data/cuad")
    e.add_argument("--baseline", action="store_true", help="also train/report TF-IDF + LR")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.set_defaults(handler="contractreview_training.eval_excerpts:run_eval_cuad_excerpts")
    e = esub.add_parser("unfair-tos", help="UNFAIR-ToS: micro/macro-F1 as LexGLUE computes them")
    e.add_argument("--split", default="validation")
    e.add_argument("--data", default="../shared/data/unfair_tos")
    e.add_argument("--baseline", action="store_true", help="also train/report TF-IDF + LR")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.set_defaults(handler="contractreview_training.eval_clauses:run_eval_unfair_tos")
    e = esub.add_parser("terms", help="key terms against CUAD's normalized answers")
    e.add_argument("--split", default="dev")
    e.add_argument("--data", default="../shared/data/cuad")
    e.add_argument("--limit", type=int, default=0)
    e.add_argument("--no-model", action="store_true", help="rules only, without the clause model")
    e.add_argument("-v", "--verbose", action="store_true", help="also list every miss")
    e.set_defaults(handler="contractreview_training.eval_terms:run_eval_terms")
    e = esub.add_parser(
        "terms-corpus", help="key terms of the corpus templates against a hand-checked set"
    )
    e.add_argument("--corpus", default="../shared/corpus/docx")
    e.add_argument("--expected", default=str(_EXPECTED))
    e.add_argument("--no-model", action="store_true", help="rules only, without the clause model")
    e.add_argument("-v", "--verbose", action="store_true", help="also list every miss")
    e.set_defaults(handler="contractreview_training.eval_terms_corpus:run_eval_terms_corpus")
    e = esub.add_parser(
        "effect-pairs",
        help="minimal pairs: is the adverse version of a clause raised and the benign one not?",
    )
    e.add_argument("--set", default="dev", help="dev, heldout, or a folder of pair files")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.add_argument("-v", "--verbose", action="store_true", help="also list every failed pair")
    e.set_defaults(handler="contractreview_training.eval_effect:run_eval_effect_pairs")
    _register_checklist(esub)
    _register_risk_types(esub)
    _register_model_checks(esub)


def _register_model_checks(esub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Checks of the clause model beside the TF-IDF baseline: calibration, per-label report."""
    e = esub.add_parser(
        "calibration",
        help="reliability curve and expected calibration error on held-out halves of dev "
        "(split by document), model beside TF-IDF + LR",
    )
    e.add_argument("--data", default="../shared/data")
    e.add_argument("--splits", type=int, default=10, help="random halvings (default 10)")
    e.add_argument("--cache", default="build/dev_scores.npz", help="dev scores kept here")
    e.add_argument("--out", default="build/eval_calibration.json", help="JSON (+ .txt table)")
    e.set_defaults(handler="contractreview_training.eval_calibration:run_eval_calibration")
    e = esub.add_parser(
        "per-label",
        help="each CUAD category and UNFAIR-ToS type, model beside TF-IDF + LR on dev, with "
        "what can be seen about the labels where the model loses",
    )
    e.add_argument("--data", default="../shared/data")
    e.add_argument("--cache", default="build/dev_scores.npz", help="dev scores kept here")
    e.add_argument("--out", default="build/eval_per_label.json")
    e.set_defaults(handler="contractreview_training.per_label_report:run_eval_per_label")
    e = esub.add_parser(
        "furniture",
        help="CUAD segments whose heading is a page footer or running header, rule off and on",
    )
    e.add_argument("--split", default="train")
    e.add_argument("--data", default="../shared/data/cuad")
    e.add_argument("--out", default="", help="write the counts as JSON here")
    e.set_defaults(handler="contractreview_training.furniture_share:run_eval_furniture")


def _register_checklist(esub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The NDA checklist model: its cross-validated eval and its training."""
    e = esub.add_parser(
        "contract-nli",
        help="the NDA checklist model on ContractNLI, cross-validated by document, beside the "
        "majority answer and TF-IDF + LR on the same folds",
    )
    e.add_argument("--data", default="../shared/data/contract_nli")
    e.add_argument("--folds", type=int, default=5, help="folds of documents (default 5)")
    e.add_argument(
        "--fold", type=int, action="append", default=[],
        help="run only this fold (1-based; repeatable): a quick check",
    )  # fmt: skip
    e.add_argument("--limit", type=int, default=0, help="only the first N documents")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.add_argument(
        "--cross-encoder", default="", metavar="DIR",
        help="also the fine-tuned cross-encoder's variants, from the held-out scores that "
        "python -m contractreview_training.nli_cross_encoder wrote in DIR (its folds only)",
    )  # fmt: skip
    e.set_defaults(handler="contractreview_training.eval_contract_nli:run_eval_contract_nli")
    e = esub.add_parser(
        "train-contract-nli",
        help="train the shipped checklist model on every ContractNLI document",
    )
    e.add_argument("--data", default="../shared/data/contract_nli")
    e.add_argument("--out-dir", default="models/checklist", help="where the model file goes")
    e.set_defaults(handler="contractreview_training.nli_train:run_train_contract_nli")


def _register_risk_types(esub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The learned risk-type detector: pair-set detection, findings counts, training."""
    e = esub.add_parser(
        "type-detection",
        help="pair sets: is each adverse clause read as its risk type at all?",
    )
    e.add_argument("--set", default="dev", help="dev, train, heldout, or a folder of pair files")
    e.add_argument("--per-type", action="store_true", help="one line per type (not for heldout)")
    e.set_defaults(handler="contractreview_training.eval_type_detection:run_eval_type_detection")
    e = esub.add_parser(
        "findings-count",
        help="findings per document on the sample and the corpus, with/without the type model",
    )
    e.add_argument("--corpus", default="../shared/corpus/docx")
    e.set_defaults(handler="contractreview_training.count_findings:run_eval_findings_count")
    e = esub.add_parser(
        "risk-types",
        help="train the learned risk-type detector on weak labels; its CUAD dev figures",
    )
    e.add_argument("--cuad", default="../shared/data/cuad")
    e.add_argument("--unfair", default="../shared/data/unfair_tos")
    e.add_argument("--out", default="models", help="folder for risk_types.npz and its manifest")
    e.add_argument("--no-write", action="store_true", help="report only; write no model")
    e.add_argument("--limit", type=int, default=0, help="only the first N contracts per split")
    e.add_argument("--figures", default="", help="write the figures as JSON here")
    e.set_defaults(handler="contractreview_training.risk_type_model:run")
