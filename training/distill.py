"""Distils a trained teacher (a ``pack_train`` run, e.g. 12 layers of bge-small-en-v1.5's shape
at 256 tokens) into the student that ships (6 layers, today's size):

    python -m contractreview_training.distill --pack build/pack --teacher build/teacher \
        --out build/distill [--device cuda]

1. The teacher's logits (the mean over several teachers, ``--teacher`` repeated: an ensemble of
   recipes) on every training row of the pack (labelled and unlabelled CUAD train
   segments, the train excerpts, the UNFAIR-ToS train sentences), each in both of its forms
   (with its heading prefix and without), kept in ``OUT/teacher_logits.npy``: soft labels for
   both label families on every row, so a CUAD segment also learns the teacher's view of the
   UNFAIR-ToS types and an unlabelled segment the teacher's doubts.
2. The student trains as ``pack_train`` does (same epoch mix, positive weights, schedule), its
   loss ``alpha`` x the BCE on the gold labels of the row's own family plus ``1 - alpha`` x the
   BCE between the student's and the teacher's sigmoid at temperature ``T`` (times T², so the
   gradient scale does not depend on T), over all labels.

It writes what ``pack_train`` writes (``weights.npz``, ``dev_scores.npy``, ``result.json``),
so ``pack_train --import-run`` and ``export`` take the student as they take any run.
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

from contractreview_training.pack_train import (
    N_CUAD,
    Pack,
    build_model,
    epoch_rows,
    load_base,
    positive_weights,
    quick_eval,
)

TRAIN_GROUPS = ("pos", "neg", "excerpt", "unfair_train")
TEACHER_FILE = "teacher_logits.npy"


def load_run(run: Path, pack: Pack) -> tuple[Any, dict[str, Any]]:
    """A trained ``pack_train`` run as a model (eval mode) and its config."""
    import torch

    config: dict[str, Any] = json.loads((run / "result.json").read_text())["config"]
    model = build_model(len(pack.vocab), len(pack.label_ids), layers=config.get("layers", 6))
    load_base(model, Path(config.get("base") or config["pack"]))
    z = np.load(run / "weights.npz")
    state = {k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert missing == ["bert.embeddings.word_embeddings.weight"], missing
    return model.eval(), config


def teacher_logits(
    teacher: Any, pack: Pack, max_len: int, device: Any, batch: int = 128
) -> np.ndarray:
    """(pack rows, 2 forms, labels) float16: the teacher's logits on every training row with
    its heading prefix (form 0) and without (form 1); zeros on the dev rows."""
    import torch

    rows = np.concatenate([pack.rows(g) for g in TRAIN_GROUPS])
    out = np.zeros((len(pack.group), 2, len(pack.label_ids)), dtype=np.float16)
    order = rows[np.argsort(pack.offsets[rows + 1] - pack.offsets[rows], kind="stable")]
    with torch.no_grad():
        for form in (0, 1):
            for i in range(0, len(order), batch):
                sel = order[i : i + batch]
                ids, keep = pack.batch(sel, max_len, np.full(len(sel), bool(form)))
                logits = teacher(
                    torch.from_numpy(ids).to(device), torch.from_numpy(keep).to(device)
                )
                out[sel, form] = logits.float().cpu().numpy().astype(np.float16)
    return out


def soft_targets(logits: Any, temperature: float) -> Any:
    import torch

    return torch.sigmoid(logits / temperature)


def distill_loss(
    student: Any,
    teacher: Any,
    gold: Any,
    family_mask: Any,
    *,
    alpha: float,
    temperature: float,
    pos_weight: Any,
) -> Any:
    """alpha x gold BCE (own family only) + (1 - alpha) x T² x soft BCE (every label)."""
    from torch.nn import functional as F  # noqa: N812

    hard = F.binary_cross_entropy_with_logits(
        student, gold, pos_weight=pos_weight, reduction="none"
    )
    hard = (hard * family_mask).sum() / family_mask.sum()
    t = temperature
    soft = F.binary_cross_entropy_with_logits(student / t, soft_targets(teacher, t))
    return alpha * hard + (1 - alpha) * t * t * soft


def _batches(pack: Pack, rows: np.ndarray, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Index arrays into ``rows``: sorted by length within chunks (little padding), shuffled."""
    lengths = pack.offsets[rows + 1] - pack.offsets[rows]
    out = []
    for c in range(0, len(rows), size * 50):
        part = c + np.argsort(lengths[c : c + size * 50], kind="stable")
        out += [part[i : i + size] for i in range(0, len(part), size)]
    return [out[k] for k in rng.permutation(len(out))]


class _Student:
    """The student, its optimiser and schedule, and one training step."""

    def __init__(self, pack: Pack, cfg: argparse.Namespace, total: int, device: Any) -> None:
        import torch

        self.cfg, self.total, self.device = cfg, total, device
        self.model = build_model(len(pack.vocab), len(pack.label_ids), layers=cfg.layers)
        load_base(self.model, Path(cfg.pack))
        self.model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
        self.model.to(device).train()
        head = list(self.model.classifier.parameters())
        body = [
            p for n, p in self.model.named_parameters() if p.requires_grad and "classifier" not in n
        ]
        self.opt = torch.optim.AdamW(
            [{"params": body, "scale": 1.0}, {"params": head, "scale": cfg.head_lr / cfg.lr}],
            lr=cfg.lr,
            weight_decay=0.01,
        )
        self.warmup = max(1, int(cfg.warmup * total))
        self.pos_weight = torch.from_numpy(positive_weights(pack, cfg)).to(device)
        mask = np.zeros((2, len(pack.label_ids)), dtype=np.float32)
        mask[0, :N_CUAD], mask[1, N_CUAD:] = 1.0, 1.0
        self.family_mask = torch.from_numpy(mask).to(device)

    def lr_at(self, step: int) -> float:
        lr = float(self.cfg.lr)
        if step < self.warmup:
            return lr * step / self.warmup
        return lr * max(0.0, (self.total - step) / max(1, self.total - self.warmup))

    def step(self, step: int, pack: Pack, rows: np.ndarray, plain: np.ndarray, soft: Any) -> float:
        import torch

        ids, keep = pack.batch(rows, self.cfg.max_len, plain)
        dev = self.device
        for g in self.opt.param_groups:
            g["lr"] = self.lr_at(step) * g["scale"]
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=self.cfg.bf16):
            logits = self.model(torch.from_numpy(ids).to(dev), torch.from_numpy(keep).to(dev))
        gold = torch.from_numpy(pack.labels[rows]).to(dev)
        fam = self.family_mask[torch.from_numpy(pack.family[rows].astype(np.int64)).to(dev)]
        teacher = soft[torch.from_numpy(rows), torch.from_numpy(plain.astype(np.int64))].to(dev)
        loss = distill_loss(
            logits.float(),
            teacher.float(),
            gold,
            fam,
            alpha=self.cfg.alpha,
            temperature=self.cfg.temperature,
            pos_weight=self.pos_weight,
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        return float(loss.detach())


def _teacher_logits_cached(cfg: argparse.Namespace, pack: Pack, device: Any) -> np.ndarray:
    """The teachers' mean logits (an ensemble when several are named), kept in the output
    folder with the list of teachers they came from."""
    path = Path(cfg.out) / TEACHER_FILE
    names = Path(cfg.out) / "teachers.json"
    if path.exists() and names.exists() and json.loads(names.read_text()) == cfg.teacher:
        cached: np.ndarray = np.load(path)
        if cached.shape[0] == len(pack.group):
            return cached
    total = np.zeros((len(pack.group), 2, len(pack.label_ids)), dtype=np.float32)
    for run in cfg.teacher:
        teacher, tconf = load_run(Path(run), pack)
        total += teacher_logits(teacher.to(device), pack, int(tconf.get("max_len", 256)), device)
    logits = (total / len(cfg.teacher)).astype(np.float16)
    np.save(path, logits)
    names.write_text(json.dumps(cfg.teacher))
    return logits


def distill(cfg: argparse.Namespace) -> dict[str, Any]:
    import torch

    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    device = torch.device(cfg.device)
    if cfg.device == "cpu":
        torch.set_num_threads(cfg.threads)
    pack = Pack(Path(cfg.pack))
    t0 = time.time()
    soft = torch.from_numpy(_teacher_logits_cached(cfg, pack, device))
    teacher_minutes = (time.time() - t0) / 60
    per_epoch = len(epoch_rows(pack, cfg, np.random.default_rng(0))[0])
    total = cfg.steps or int(math.ceil(per_epoch / cfg.batch) * cfg.epochs)
    student = _Student(pack, cfg, total, device)
    stop: list[bool] = []  # SIGTERM (a lease's deadline): still score and save what we have
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    step, losses = 0, []
    while step < total and not stop:
        rows, plain = epoch_rows(pack, cfg, rng)
        for idx in _batches(pack, rows, cfg.batch, rng):
            if step >= total or stop:
                break
            losses.append(student.step(step, pack, rows[idx], plain[idx], soft))
            step += 1
    return _finish(
        cfg,
        pack,
        student,
        step=step,
        stopped=bool(stop),
        losses=losses,
        times=(t0, teacher_minutes),
    )


def _finish(
    cfg: argparse.Namespace,
    pack: Pack,
    student: _Student,
    *,
    step: int,
    stopped: bool,
    losses: list[float],
    times: tuple[float, float],
) -> dict[str, Any]:
    out = Path(cfg.out)
    scores, figures = quick_eval(student.model, pack, cfg, student.device)
    np.save(out / "dev_scores.npy", scores.astype(np.float16))
    trained = {
        k: v.detach().float().cpu().numpy().astype(np.float16)
        for k, v in student.model.state_dict().items()
        if not k.endswith("word_embeddings.weight")
    }
    np.savez(out / "weights.npz", **trained)
    result = {
        "config": vars(cfg),
        "steps": step,
        "stopped_early": stopped,
        "minutes": (time.time() - times[0]) / 60,
        "teacher_minutes": times[1],
        "loss_first_last": [losses[0], losses[-1]] if losses else [],
        "history": [{"step": step, **figures}],
    }
    (out / "result.json").write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("steps", "minutes", "history")}), flush=True)
    return result


def parser() -> argparse.ArgumentParser:
    from contractreview_training.pack_train import parser as train_parser

    ap: argparse.ArgumentParser = train_parser()
    ap.description = "Distil a pack_train teacher run into a student of --layers layers."
    ap.add_argument(
        "--teacher",
        action="append",
        required=True,
        help="a pack_train run folder (the teacher); repeat it for an ensemble (mean logits)",
    )
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the gold-label BCE")
    ap.add_argument("--temperature", type=float, default=2.0, help="softening of both sigmoids")
    ap.set_defaults(out="build/distill")
    return ap


def main() -> None:
    distill(parser().parse_args())


if __name__ == "__main__":
    main()
