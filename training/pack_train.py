"""Fine-tunes the clause model from a training pack (``contractreview_training.pack``) with
torch alone, on a GPU or the CPU: the all-MiniLM-L6-v2 encoder, mean pooling and one linear
layer, without transformers or ``../shared``.

    python -m contractreview_training.pack_train --pack build/pack --out build/train [--device cuda]
    python -m contractreview_training.pack_train --import-run build/train \
        --out build/train/checkpoint

(``python -m contractreview_training.train`` does both, and builds the pack first.) The
defaults are the shipped recipe.

The encoder here is a plain-torch BERT whose parameter names are those of
``model_training.MeanPoolClassifier``; ``--import-run`` writes a Hugging Face checkpoint of that
class from the base weights and the trained ones, which ``model_export`` then exports.

Per epoch: every labelled CUAD train segment, each in one of its two forms (with or without
its heading prefix, drawn afresh), ``neg_ratio`` unlabelled segments per labelled one (a fresh
sample), a share of the CUAD train excerpts, and the UNFAIR-ToS train sentences
``unfair_repeat`` times. Each example trains only its own dataset's labels. The word-embedding
table is frozen. After training the dev splits are scored, and the scores are saved next to
the weights (``dev_scores.npy``, float16) with a few quick figures; ``model_eval`` computes
the full metrics from them.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import time
from pathlib import Path
from typing import Any

import numpy as np

N_CUAD = 41
HEADS = 12
LN_EPS = 1e-12
# the share of training rows shown without their heading (the app shows clauses both ways)
PLAIN_FRACTION = 0.5


def build_model(n_vocab: int, n_labels: int, dropout: float = 0.1, layers: int = 6) -> Any:
    """The classifier: a BERT encoder of ``layers`` layers of MiniLM/bge-small's width (hidden
    384, 12 heads, feed-forward 1536), mean pooling, one linear layer."""
    import torch
    from torch import nn
    from torch.nn import functional as F  # noqa: N812

    class SelfAttention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query = nn.Linear(384, 384)
            self.key = nn.Linear(384, 384)
            self.value = nn.Linear(384, 384)

    class DenseNorm(nn.Module):
        def __init__(self, d_in: int) -> None:
            super().__init__()
            self.dense = nn.Linear(d_in, 384)
            self.LayerNorm = nn.LayerNorm(384, eps=LN_EPS)

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.self = SelfAttention()
            self.output = DenseNorm(384)

    class Intermediate(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.dense = nn.Linear(384, 1536)

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attention = Attention()
            self.intermediate = Intermediate()
            self.output = DenseNorm(1536)

        def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            b, n, _ = x.shape
            sa = self.attention.self

            def heads(t: torch.Tensor) -> torch.Tensor:
                return t.view(b, n, HEADS, 384 // HEADS).transpose(1, 2)

            ctx = F.scaled_dot_product_attention(
                heads(sa.query(x)),
                heads(sa.key(x)),
                heads(sa.value(x)),
                attn_mask=mask,
                dropout_p=dropout if self.training else 0.0,
            )
            ctx = ctx.transpose(1, 2).reshape(b, n, 384)
            ao = self.attention.output
            h = ao.LayerNorm(x + F.dropout(ao.dense(ctx), dropout, self.training))
            inter = F.gelu(self.intermediate.dense(h))
            o = self.output
            return o.LayerNorm(h + F.dropout(o.dense(inter), dropout, self.training))

    class Embeddings(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word_embeddings = nn.Embedding(n_vocab, 384)
            self.position_embeddings = nn.Embedding(512, 384)
            self.token_type_embeddings = nn.Embedding(2, 384)
            self.LayerNorm = nn.LayerNorm(384, eps=LN_EPS)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer = nn.ModuleList([Layer() for _ in range(layers)])

    class Bert(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = Embeddings()
            self.encoder = Encoder()

    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = Bert()
            self.classifier = nn.Linear(384, n_labels)

        def forward(self, ids: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
            e = self.bert.embeddings
            pos = torch.arange(ids.shape[1], device=ids.device)
            x = e.word_embeddings(ids) + e.position_embeddings(pos)[None]
            x = x + e.token_type_embeddings.weight[0]
            x = F.dropout(e.LayerNorm(x), dropout, self.training)
            mask = keep[:, None, None, :]  # True: attend
            for layer in self.bert.encoder.layer:
                x = layer(x, mask)
            m = keep[:, :, None].to(x.dtype)
            pooled = (x * m).sum(1) / m.sum(1).clamp(min=1e-6)
            return self.classifier(F.dropout(pooled, dropout, self.training))

    return Classifier()


class Pack:
    def __init__(self, path: Path) -> None:
        z = np.load(path / "pack.npz")
        self.tokens = z["tokens"]
        self.offsets = z["offsets"]
        self.labels = z["labels"].astype(np.float32)
        self.family = z["family"]
        self.group = z["group"]
        self.excerpt = z["excerpt"].astype(bool)
        self.text_start = z["text_start"].astype(np.int64)
        self.vocab = z["vocab"]
        self.label_ids = [str(x) for x in z["label_ids"]]
        self.groups = [str(x) for x in z["groups"]]

    def rows(self, name: str) -> np.ndarray:
        return np.flatnonzero(self.group == self.groups.index(name))

    def batch(
        self, rows: np.ndarray, max_len: int, plain: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Padded token ids and the attention mask; ``plain[i]``: row i without its heading."""
        seqs = []
        for i, r in enumerate(rows):
            s = self.tokens[self.offsets[r] : self.offsets[r + 1]]
            if plain is not None and plain[i] and self.text_start[r] > 1:
                s = np.concatenate([s[:1], s[self.text_start[r] :]])
            if len(s) > max_len:  # keep [CLS] ... and the final [SEP]
                s = np.concatenate([s[: max_len - 1], s[-1:]])
            seqs.append(s)
        n = max(len(s) for s in seqs)
        ids = np.zeros((len(rows), n), dtype=np.int64)
        keep = np.zeros((len(rows), n), dtype=bool)
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = s
            keep[i, : len(s)] = True
        return ids, keep


def epoch_rows(
    pack: Pack, cfg: argparse.Namespace, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One epoch's rows in random order, and for each whether it is shown without its heading."""
    pos, neg = pack.rows("pos"), pack.rows("neg")
    take = rng.choice(len(neg), size=min(len(neg), int(len(pos) * cfg.neg_ratio)), replace=False)
    exc = pack.rows("excerpt")
    exc = exc[rng.random(len(exc)) < cfg.excerpt_fraction]
    unfair = np.tile(pack.rows("unfair_train"), cfg.unfair_repeat)
    rows = np.concatenate([pos, neg[take], exc, unfair])
    plain = rng.random(len(rows)) < PLAIN_FRACTION
    order = rng.permutation(len(rows))
    return rows[order], plain[order]


def positive_weights(pack: Pack, cfg: argparse.Namespace) -> np.ndarray:
    """sqrt of the negative/positive ratio within each family in one epoch, between 1 and 5."""
    pos = pack.rows("pos")
    n_neg = int(len(pos) * cfg.neg_ratio)
    exc = pack.rows("excerpt")
    unfair = pack.rows("unfair_train")
    counts = (
        pack.labels[pos].sum(0)
        + pack.labels[exc].sum(0) * cfg.excerpt_fraction
        + pack.labels[unfair].sum(0) * cfg.unfair_repeat
    )
    n_cuad = len(pos) + n_neg + len(exc) * cfg.excerpt_fraction
    n_unfair = len(unfair) * cfg.unfair_repeat
    totals = np.array([n_cuad if i < N_CUAD else n_unfair for i in range(len(counts))])
    weights: np.ndarray = np.clip(np.sqrt((totals - counts) / np.maximum(counts, 1)), 1, 5)
    return weights.astype(np.float32)


def load_base(model: Any, base: Path) -> None:
    import torch

    z = np.load(base / "base.npz")
    state = {k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert all(k.startswith("classifier.") for k in missing), missing


def train(cfg: argparse.Namespace) -> dict[str, Any]:
    import torch

    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    log_file = out / "train.log"

    def say(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        with log_file.open("a", encoding="utf-8") as log:
            log.write(line + "\n")

    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    dev = torch.device(cfg.device)
    if cfg.device == "cpu":
        torch.set_num_threads(cfg.threads)
    pack = Pack(Path(cfg.pack))
    n_labels = len(pack.label_ids)
    model = build_model(len(pack.vocab), n_labels, layers=cfg.layers)
    load_base(model, Path(cfg.base or cfg.pack))
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    model.to(dev).train()

    per_epoch = len(epoch_rows(pack, cfg, np.random.default_rng(0))[0])
    steps_per_epoch = math.ceil(per_epoch / cfg.batch)
    total = cfg.steps or int(steps_per_epoch * cfg.epochs)
    warmup = max(1, int(cfg.warmup * total))
    say(f"config {json.dumps(vars(cfg))}")
    say(f"{per_epoch} examples an epoch, {steps_per_epoch} steps; {total} steps in all")

    head = list(model.classifier.parameters())
    body = [p for n, p in model.named_parameters() if p.requires_grad and "classifier" not in n]
    opt = torch.optim.AdamW(
        [{"params": body, "scale": 1.0}, {"params": head, "scale": cfg.head_lr / cfg.lr}],
        lr=cfg.lr,
        weight_decay=0.01,
        fused=dev.type == "cuda",
    )
    pw = torch.from_numpy(positive_weights(pack, cfg)).to(dev)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pw, reduction="none")
    fam_mask = torch.tensor(
        [[1.0 if i < N_CUAD else 0.0 for i in range(n_labels)]], device=dev
    ).repeat(2, 1)
    fam_mask[1] = 1.0 - fam_mask[0]
    labels = torch.from_numpy(pack.labels)
    family = torch.from_numpy(pack.family.astype(np.int64))

    def lr_at(step: int) -> float:
        if step < warmup:
            return float(cfg.lr) * step / warmup
        return float(cfg.lr) * max(0.0, (total - step) / max(1, total - warmup))

    t0 = time.time()
    step = 0
    run_loss = 0.0
    history = []
    stop = []  # SIGTERM (a lease's deadline): end early, but still score and save what we have
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    while step < total and not stop:
        rows, plain = epoch_rows(pack, cfg, rng)
        chunk = cfg.batch * 50  # sort within chunks: little padding, order still random
        batches = []
        lengths = pack.offsets[rows + 1] - pack.offsets[rows]
        for c in range(0, len(rows), chunk):
            part = c + np.argsort(lengths[c : c + chunk], kind="stable")
            batches += [part[i : i + cfg.batch] for i in range(0, len(part), cfg.batch)]
        for bi in rng.permutation(len(batches)):
            if step >= total or stop:
                break
            b = rows[batches[bi]]
            ids, keep = pack.batch(b, cfg.max_len, plain[batches[bi]])
            ids_t = torch.from_numpy(ids).to(dev, non_blocking=True)
            keep_t = torch.from_numpy(keep).to(dev, non_blocking=True)
            y = labels[b].to(dev, non_blocking=True)
            m = fam_mask[family[b].to(dev)]
            for g in opt.param_groups:
                g["lr"] = lr_at(step) * g["scale"]
            with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=cfg.bf16):
                logits = model(ids_t, keep_t)
            loss = (loss_fn(logits.float(), y) * m).sum() / m.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            if step % 50 == 0:  # a sample of the loss: reading it every step would sync a GPU
                run_loss += float(loss.detach())
            if step % 500 == 0:
                say(
                    f"step {step}/{total} loss {run_loss / 10:.4f} lr {lr_at(step):.2e} "
                    f"{(time.time() - t0) / 60:.1f} min"
                )
                run_loss = 0.0
            if cfg.eval_every and step % cfg.eval_every == 0 and step < total:
                history.append({"step": step, **quick_eval(model, pack, cfg, dev)[1]})
                say(f"eval {history[-1]}")
                model.train()
    minutes = (time.time() - t0) / 60
    scores, figures = quick_eval(model, pack, cfg, dev)
    history.append({"step": step, **figures})
    say(f"done: {step} steps in {minutes:.1f} min; {figures}")
    np.save(out / "dev_scores.npy", scores.astype(np.float16))
    trained = {
        k: v.detach().float().cpu().numpy().astype(np.float16)
        for k, v in model.state_dict().items()
        if not k.endswith("word_embeddings.weight")
    }
    np.savez(out / "weights.npz", **trained)
    result = {
        "config": vars(cfg),
        "steps": step,
        "stopped_early": bool(stop),
        "minutes": minutes,
        "history": history,
    }
    (out / "result.json").write_text(json.dumps(result, indent=1))
    return result


def quick_eval(
    model: Any, pack: Pack, cfg: argparse.Namespace, dev: Any
) -> tuple[np.ndarray, dict[str, float]]:
    """Scores of the dev texts (``cuad_dev`` then ``unfair_val`` rows) and quick figures: mean
    segment AP over CUAD categories, mean excerpt AUROC, UNFAIR-ToS micro/macro-F1 at
    thresholds tuned on the validation set itself (for comparing runs, not for reporting)."""
    import torch

    from contractreview_training.metrics import (
        auroc,
        average_precision,
        best_f1_threshold,
        lexglue_f1,
    )

    model.eval()
    rows = np.concatenate([pack.rows("cuad_dev"), pack.rows("unfair_val")])
    order = np.argsort(pack.offsets[rows + 1] - pack.offsets[rows], kind="stable")
    scores = np.zeros((len(rows), len(pack.label_ids)), dtype=np.float32)
    with torch.no_grad(), torch.autocast(dev.type, dtype=torch.bfloat16, enabled=cfg.bf16):
        for i in range(0, len(rows), 256):
            sel = order[i : i + 256]
            ids, keep = pack.batch(rows[sel], cfg.max_len)
            logits = model(torch.from_numpy(ids).to(dev), torch.from_numpy(keep).to(dev))
            scores[sel] = torch.sigmoid(logits.float()).cpu().numpy()
    y = pack.labels[rows]
    n_cuad = len(pack.rows("cuad_dev"))
    seg = ~pack.excerpt[rows[:n_cuad]]
    aps = [
        average_precision(y[:n_cuad][seg, j], scores[:n_cuad][seg, j])
        for j in range(N_CUAD)
        if y[:n_cuad][seg, j].any()
    ]
    exc = pack.excerpt[rows[:n_cuad]]
    ye, se = y[:n_cuad][exc], scores[:n_cuad][exc]
    aucs = [auroc(ye[:, j], se[:, j]) for j in range(N_CUAD) if 0 < ye[:, j].sum() < len(ye)]
    yu, su = y[n_cuad:, N_CUAD:], scores[n_cuad:, N_CUAD:]
    thr = np.array([best_f1_threshold(yu[:, j], su[:, j]) for j in range(yu.shape[1])])
    micro, macro = lexglue_f1(yu.astype(int), (su >= thr).astype(int))
    figures = {
        "seg_ap": round(100 * float(np.mean(aps)), 2) if aps else float("nan"),
        "excerpt_auroc": round(100 * float(np.mean(aucs)), 2) if aucs else float("nan"),
        "unfair_micro": round(100 * micro, 2),
        "unfair_macro": round(100 * macro, 2),
    }
    return scores, figures


def import_run(run: Path, base_pack: Path, out: Path) -> None:
    """A Hugging Face checkpoint of ``MeanPoolClassifier`` from the base (full word-embedding
    table) and a run's trained weights."""
    import torch
    from transformers import AutoTokenizer

    from contractreview_training.base_model import base_model_dir, mean_pool_classifier_class

    pack = Pack(base_pack)
    label_ids = pack.label_ids
    model = mean_pool_classifier_class().from_pretrained(
        str(base_model_dir()),
        num_labels=len(label_ids),
        problem_type="multi_label_classification",
        id2label=dict(enumerate(label_ids)),
        label2id={lab: i for i, lab in enumerate(label_ids)},
    )
    z = np.load(run / "weights.npz")
    state = {k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert missing == ["bert.embeddings.word_embeddings.weight"], missing
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(str(base_model_dir())).save_pretrained(out)
    result = json.loads((run / "result.json").read_text())
    args = result["config"] | {"freeze_embeddings": True}
    info = {
        "labels": label_ids,
        "step": result["steps"],
        "args": args,
        "trainer": "contractreview_training.pack_train",
        "minutes": result["minutes"],
    }
    (out / "training_info.json").write_text(json.dumps(info, indent=1))


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", default="build/pack")
    ap.add_argument("--out", default="build/train")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=0, help="total steps (0: --epochs)")
    ap.add_argument("--epochs", type=float, default=5.0)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=8e-4, help="the classifier head's lr")
    ap.add_argument("--warmup", type=float, default=0.05)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--layers", type=int, default=6, help="encoder layers (12: a teacher)")
    ap.add_argument(
        "--base", default="", help="folder of the base's base.npz (default: the pack's own)"
    )
    ap.add_argument("--neg-ratio", type=float, default=5.0)
    ap.add_argument("--excerpt-fraction", type=float, default=1.0)
    ap.add_argument("--unfair-repeat", type=int, default=4)
    ap.add_argument("--seed", type=int, default=41)
    ap.add_argument(
        "--bf16",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="bfloat16 autocast (weights stay fp32): fast on GPUs and on CPUs with AMX",
    )
    ap.add_argument("--eval-every", type=int, default=0)
    ap.add_argument("--import-run", default="", help="write a HF checkpoint of this run to --out")
    return ap


def main() -> None:
    cfg = parser().parse_args()
    if cfg.import_run:
        import_run(Path(cfg.import_run), Path(cfg.pack), Path(cfg.out))
        return
    train(cfg)


if __name__ == "__main__":
    main()
