"""``contractreview eval contract-nli``: the checklist model on ContractNLI, cross-validated by
document (no figure is on a document the model saw), beside two baselines on the same folds:
the per-hypothesis majority answer of the training folds, and TF-IDF + logistic regression
per hypothesis over the whole document.

Figures: accuracy, F1 of entailment and of contradiction (over every document x hypothesis
pair), and evidence precision / recall: the spans the model cites against the gold evidence
spans, over the pairs whose gold answer is entailment or contradiction (a pair answered
not_mentioned cites nothing).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from contractreview_training.contract_nli_data import (
    LABELS,
    Hypothesis,
    NliDocument,
    load_contract_nli,
)
from contractreview_training.nli_ce_variants import (
    CROSS_VARIANTS,
    CrossRows,
    cross_encoder_answers,
    load_cross_rows,
)
from contractreview_training.nli_train import TrainSettings, fit_model

TARGETS = {
    "accuracy": 0.88,
    "f1_contradiction": 0.70,
    "f1_entailment": 0.90,
    "evidence_recall": 0.80,
}
NOT_MENTIONED = LABELS.index("not_mentioned")


@dataclass
class Tally:
    gold: list[int] = field(default_factory=list)
    pred: list[int] = field(default_factory=list)
    cited: int = 0
    cited_right: int = 0
    gold_evidence: int = 0
    gold_found: int = 0

    def add(self, gold: int, pred: int) -> None:
        self.gold.append(gold)
        self.pred.append(pred)

    def add_evidence(self, cited: set[int], gold: set[int]) -> None:
        self.cited += len(cited)
        self.cited_right += len(cited & gold)
        self.gold_evidence += len(gold)
        self.gold_found += len(gold & cited)

    def figures(self) -> dict[str, float | int]:
        g, p = np.array(self.gold), np.array(self.pred)
        out: dict[str, float | int] = {
            "pairs": len(g),
            "accuracy": float((g == p).mean()) if len(g) else 0.0,
            "f1_entailment": _f1(g, p, LABELS.index("entailment")),
            "f1_contradiction": _f1(g, p, LABELS.index("contradiction")),
            "f1_not_mentioned": _f1(g, p, NOT_MENTIONED),
        }
        if self.gold_evidence:
            out["evidence_precision"] = self.cited_right / self.cited if self.cited else 0.0
            out["evidence_recall"] = self.gold_found / self.gold_evidence
        return out


def _f1(g: np.ndarray, p: np.ndarray, cls: int) -> float:
    tp = int(((g == cls) & (p == cls)).sum())
    fp = int(((g != cls) & (p == cls)).sum())
    fn = int(((g == cls) & (p != cls)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def document_folds(n_docs: int, k: int, seed: int = 0) -> list[list[int]]:
    """``k`` folds of document indexes (a document's 17 pairs stay together)."""
    order = np.random.default_rng(seed).permutation(n_docs)
    return [sorted(int(i) for i in order[f::k]) for f in range(k)]


def _model_fold(train: Sequence[NliDocument], test: Sequence[NliDocument], hyps: Sequence[str],
                settings: TrainSettings, tallies: dict[str, Tally], *,
                ce_rows: CrossRows | None = None) -> float:  # fmt: skip
    """Score the model trained on ``train`` (and, given the cross-encoder's scores of the
    fold's held-out pairs, its variants); returns the evidence threshold it chose."""
    model = fit_model(train, hyps, settings)
    for d in test:
        for ans in model.answer(d.span_texts):
            gold = d.labels[ans.hypothesis]
            tf = np.array(ans.probabilities)
            answers = [("model", tf, set(ans.evidence))]
            if ce_rows is not None:
                answers += cross_encoder_answers(tf, ce_rows[(d.doc_id, ans.hypothesis)])
            for name, probs, evidence in answers:
                pred = int(np.argmax(probs))
                tallies[name].add(gold, pred)
                if gold != NOT_MENTIONED:
                    cited = evidence if pred != NOT_MENTIONED else set()
                    tallies[name].add_evidence(cited, d.evidence[ans.hypothesis])
    return float(model.evidence_threshold)


def _majority_fold(train: Sequence[NliDocument], test: Sequence[NliDocument],
                   hyps: Sequence[str], tally: Tally) -> None:  # fmt: skip
    for hid in hyps:
        counts = np.bincount([d.labels[hid] for d in train], minlength=3)
        for d in test:
            tally.add(d.labels[hid], int(np.argmax(counts)))


def _tfidf_fold(train: Sequence[NliDocument], test: Sequence[NliDocument],
                hyps: Sequence[str], tally: Tally) -> None:  # fmt: skip
    """The issue's classical baseline: TF-IDF of the whole document, LR per hypothesis."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    xtr = vec.fit_transform([d.text for d in train])
    xte = vec.transform([d.text for d in test])
    for hid in hyps:
        y = np.array([d.labels[hid] for d in train])
        if len(set(y.tolist())) == 1:
            pred = np.full(len(test), y[0])
        else:
            pred = LogisticRegression(C=10.0, max_iter=2000).fit(xtr, y).predict(xte)
        for d, p in zip(test, pred, strict=True):
            tally.add(d.labels[hid], int(p))


def cross_validate(
    docs: Sequence[NliDocument],
    hyps: Sequence[str],
    *,
    folds: int = 5,
    only_folds: Sequence[int] = (),
    settings: TrainSettings | None = None,
    cross_rows: dict[int, CrossRows] | None = None,
    log: Any = print,
) -> dict[str, dict[str, float | int]]:
    """Figures of the model and the two baselines on the same folds; given the cross-encoder's
    scores of held-out folds (``cross_rows``, by 0-based fold), also its variants, on those
    folds only."""
    settings = settings or TrainSettings()
    tallies = {"model": Tally()}
    if cross_rows is not None:
        tallies |= {name: Tally() for name in CROSS_VARIANTS}
    tallies |= {"majority": Tally(), "tfidf_lr": Tally()}
    for f, test_idx in enumerate(document_folds(len(docs), folds)):
        if only_folds and f not in only_folds:
            continue
        if cross_rows is not None and f not in cross_rows:
            continue
        t = time.perf_counter()
        held = set(test_idx)
        train = [d for i, d in enumerate(docs) if i not in held]
        test = [docs[i] for i in test_idx]
        rows = cross_rows[f] if cross_rows is not None else None
        threshold = _model_fold(train, test, hyps, settings, tallies, ce_rows=rows)
        _majority_fold(train, test, hyps, tallies["majority"])
        _tfidf_fold(train, test, hyps, tallies["tfidf_lr"])
        log(f"fold {f + 1}/{folds}: {len(test)} documents held out, evidence threshold "
            f"{threshold:.2f}, {time.perf_counter() - t:.1f} s")  # fmt: skip
    return {name: tally.figures() for name, tally in tallies.items()}


def _table(figures: dict[str, dict[str, float | int]]) -> str:
    cols = ("accuracy", "f1_entailment", "f1_contradiction", "evidence_precision",
            "evidence_recall")  # fmt: skip
    lines = [f"{'':20}" + "".join(f"{c:>20}" for c in cols)]
    for name, fig in figures.items():
        cells = "".join(f"{fig[c]:>20.3f}" if c in fig else f"{'-':>20}" for c in cols)
        lines.append(f"{name:20}{cells}")
    lines.append(f"{'target':20}" + "".join(
        f"{TARGETS[c]:>20.2f}" if c in TARGETS else f"{'-':>20}" for c in cols))  # fmt: skip
    return "\n".join(lines)


def _cross_rows(
    directory: Path,
    docs: Sequence[NliDocument],
    hyps: Sequence[Hypothesis],
    folds: int,
    only: tuple[int, ...],
) -> tuple[dict[int, CrossRows], tuple[int, ...]]:
    """The cross-encoder's held-out scores and the folds (of those asked) that have them."""
    rows = load_cross_rows(directory, docs, hyps, document_folds(len(docs), folds))
    have = tuple(f for f in (only or range(folds)) if f in rows)
    if not have:
        raise ValueError(f"no fold<N>_rows.json in {directory} for the folds asked")
    return rows, have


def run_eval_contract_nli(args: argparse.Namespace) -> int:
    data = Path(args.data)
    if not (data / "documents.jsonl").is_file():
        print(f"No ContractNLI data in {data} (documents.jsonl, nli_pairs.jsonl).")
        return 2
    docs, hyps = load_contract_nli(data)
    if args.limit:
        docs = docs[: args.limit]
    only = tuple(int(f) - 1 for f in args.fold) if args.fold else ()
    cross_rows = None
    if args.cross_encoder:
        try:
            cross_rows, only = _cross_rows(Path(args.cross_encoder), docs, hyps, args.folds, only)
        except (ValueError, KeyError, OSError) as e:
            print(f"Cross-encoder scores refused: {e}")
            return 2
        print("Cross-encoder scores for folds " + ", ".join(str(f + 1) for f in only)
              + ": every row below is on those folds only")  # fmt: skip
    figures = cross_validate(docs, [h.id for h in hyps], folds=args.folds, only_folds=only,
                             cross_rows=cross_rows)  # fmt: skip
    print(f"ContractNLI {len(docs)} documents x {len(hyps)} hypotheses, {args.folds}-fold "
          "cross-validation by document (model and baselines on the same folds)")  # fmt: skip
    print(_table(figures))
    if args.out:
        doc = {
            "dataset": "contract_nli",
            "documents": len(docs),
            "folds": args.folds,
            "only_folds": [f + 1 for f in only],
            "cross_encoder": args.cross_encoder or None,
            "targets": TARGETS,
            "figures": figures,
        }
        Path(args.out).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0
