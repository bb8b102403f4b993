"""Distillation end to end on a tiny pack built here: a 2-layer random teacher trained a few
steps by pack_train, its logits on every training row in both forms, and a 1-layer student
trained on gold + soft labels, written as pack_train writes a run. Needs torch (train extra)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="distillation needs torch (the train extra)")

from contractreview_training import distill as distill_mod  # noqa: E402
from contractreview_training import pack_train  # noqa: E402
from contractreview_training.pack import GROUPS  # noqa: E402

N_LABELS = 49  # 41 CUAD categories + 8 UNFAIR-ToS types, as the real pack
N_VOCAB = 60
ROWS = {"pos": 8, "neg": 8, "excerpt": 4, "unfair_train": 8, "cuad_dev": 8, "unfair_val": 6}


def _pack(folder: Path, rng: np.random.Generator) -> None:
    seqs, labels, family, group, excerpt, start = [], [], [], [], [], []
    for name, n in ROWS.items():
        for k in range(n):
            body = rng.integers(3, N_VOCAB, size=int(rng.integers(6, 20)))
            seqs.append(np.concatenate([[1], body, [2]]))  # [CLS] ... [SEP]
            row = np.zeros(N_LABELS, dtype=np.uint8)
            unfair = name.startswith("unfair")
            if name != "neg" and k % 2 == 0:
                row[41 + k % 8 if unfair else k % 41] = 1
            labels.append(row)
            family.append(int(unfair))
            group.append(GROUPS.index(name))
            excerpt.append(int(name == "excerpt" or (name == "cuad_dev" and k >= n // 2)))
            start.append(4 if name in ("pos", "neg", "cuad_dev") else 1)
    lengths = [len(s) for s in seqs]
    np.savez(
        folder / "pack.npz",
        tokens=np.concatenate(seqs).astype(np.uint16),
        offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        labels=np.array(labels),
        family=np.array(family, dtype=np.uint8),
        group=np.array(group, dtype=np.uint8),
        excerpt=np.array(excerpt, dtype=np.uint8),
        text_start=np.array(start, dtype=np.int16),
        vocab=np.arange(N_VOCAB, dtype=np.int32),
        label_ids=np.array([f"cuad{i}" for i in range(41)] + [f"tos{i}" for i in range(8)]),
        groups=np.array(GROUPS),
    )


def _base(folder: Path, layers: int) -> Path:
    """A random BERT of ``layers`` layers as a pack's base.npz (float16, no head)."""
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(layers)
    model = pack_train.build_model(N_VOCAB, N_LABELS, layers=layers)
    state = {
        k: v.detach().numpy().astype(np.float16)
        for k, v in model.state_dict().items()
        if not k.startswith("classifier.")
    }
    np.savez(folder / "base.npz", **state)
    return folder


COMMON = ["--batch", "4", "--max-len", "24", "--threads", "1", "--no-bf16", "--steps"]


def test_teacher_then_student(tmp_path: Path) -> None:
    _pack(tmp_path, np.random.default_rng(0))
    _base(tmp_path, layers=1)  # the student's base lives in the pack folder, as in the real one
    teacher_base = _base(tmp_path / "teacher_base", layers=2)
    teacher_dir = tmp_path / "teacher"
    teacher_args = ["--layers", "2", "--base", str(teacher_base)]
    cfg = pack_train.parser().parse_args(
        ["--pack", str(tmp_path), "--out", str(teacher_dir), *COMMON, "3", *teacher_args]
    )
    assert pack_train.train(cfg)["steps"] == 3

    out = tmp_path / "student"
    args = ["--pack", str(tmp_path), "--teacher", str(teacher_dir), "--out", str(out)]
    result = distill_mod.distill(
        distill_mod.parser().parse_args([*args, *COMMON, "4", "--layers", "1"])
    )
    assert result["steps"] == 4
    assert all(np.isfinite(result["loss_first_last"]))

    logits = np.load(out / distill_mod.TEACHER_FILE)
    pack = pack_train.Pack(tmp_path)
    train_rows = np.concatenate([pack.rows(g) for g in distill_mod.TRAIN_GROUPS])
    dev_rows = np.concatenate([pack.rows("cuad_dev"), pack.rows("unfair_val")])
    assert logits.shape == (sum(ROWS.values()), 2, N_LABELS)
    assert np.abs(logits[train_rows]).min(axis=2).max() > 0
    assert not logits[dev_rows].any()
    # the two forms differ where a row has a heading prefix to drop
    prefixed = pack.rows("pos")
    assert not np.allclose(logits[prefixed, 0], logits[prefixed, 1])

    z = np.load(out / "weights.npz")
    assert "classifier.weight" in z.files
    assert not any(".layer.1." in k for k in z.files)  # the student has one layer
    assert np.load(out / "dev_scores.npy").shape == (ROWS["cuad_dev"] + ROWS["unfair_val"], 49)
    saved = json.loads((out / "result.json").read_text())
    assert saved["config"]["teacher"] == [str(teacher_dir)]

    # a second run reuses the teacher's logits instead of recomputing them
    written = (out / distill_mod.TEACHER_FILE).stat().st_mtime_ns
    again = distill_mod.distill(
        distill_mod.parser().parse_args([*args, *COMMON, "1", "--layers", "1"])
    )
    assert again["steps"] == 1
    assert (out / distill_mod.TEACHER_FILE).stat().st_mtime_ns == written

    # the same teacher named twice is an ensemble of two equal members: the same soft labels
    twice = tmp_path / "twice"
    both = ["--teacher", str(teacher_dir)] * 2
    cfg2 = distill_mod.parser().parse_args(
        ["--pack", str(tmp_path), *both, "--out", str(twice), *COMMON, "1", "--layers", "1"]
    )
    distill_mod.distill(cfg2)
    np.testing.assert_allclose(
        np.load(twice / distill_mod.TEACHER_FILE).astype(np.float32),
        logits.astype(np.float32),
        atol=2e-3,
    )


def test_loss_mixes_gold_and_teacher() -> None:
    g = torch.Generator().manual_seed(0)
    student = torch.randn(5, 4, generator=g)
    teacher = torch.randn(5, 4, generator=g)
    gold = (torch.rand(5, 4, generator=g) < 0.3).float()
    mask = torch.ones(5, 4)
    ones = torch.ones(4)

    def loss(s: Any, alpha: float, t: float = 2.0) -> float:
        return float(
            distill_mod.distill_loss(
                s, teacher, gold, mask, alpha=alpha, temperature=t, pos_weight=ones
            )
        )

    bce = torch.nn.functional.binary_cross_entropy_with_logits(student, gold)
    assert loss(student, 1.0) == pytest.approx(float(bce), rel=1e-5)
    # with the teacher's weight only, the student is best where it agrees with the teacher
    assert loss(teacher, 0.0) < loss(student, 0.0)
    assert loss(teacher, 0.0) < loss(teacher + 0.5, 0.0)
    assert loss(teacher, 0.0) < loss(teacher - 0.5, 0.0)


def test_gpu_sweep_runs_an_ensemble_teacher_then_its_student(tmp_path: Path) -> None:
    """scripts/gpu_sweep.py on the CPU (a smoke test): three teacher runs, then the
    distillation run that waits for them, each a real training of a few steps."""
    import subprocess
    import sys

    _pack(tmp_path, np.random.default_rng(1))
    _base(tmp_path, layers=1)
    root = Path(__file__).resolve().parent.parent
    smoke = "--device cpu --no-bf16 --steps 2 --batch 4 --max-len 24 --threads 1 --layers 1"
    cmd = [sys.executable, str(root / "scripts" / "gpu_sweep.py"), "--pack", str(tmp_path)]
    cmd += ["--out", str(tmp_path / "out"), "--work", str(tmp_path / "work"), "--deadline", "400"]
    cmd += ["--only", "s_distill_ens3_a05", "--extra", smoke]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=500, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    sweep = json.loads((tmp_path / "out" / "sweep.json").read_text())
    runs = sweep["runs"]
    assert set(runs) == {"t_len256_s41", "t_len256_s42", "t_len256_s43", "s_distill_ens3_a05"}
    assert all(r.get("steps") == 2 for r in runs.values()), {
        k: r.get("tail") for k, r in runs.items()
    }
    student = runs["s_distill_ens3_a05"]
    assert len(student["config"]["teacher"]) == 3
    assert student["budget"] == "distill"
    assert "s_distill_ens3_a05" in done.stdout.splitlines()[-1]  # kept: in budget and best

    # the kept run comes back as two files; --join makes a run folder of them again
    joined = tmp_path / "joined"
    cmd = [sys.executable, str(root / "scripts" / "gpu_sweep.py"), "--out", str(tmp_path / "out")]
    cmd += ["--work", str(joined), "--join", "s_distill_ens3_a05"]
    subprocess.run(cmd, check=True, timeout=120, capture_output=True)
    original = np.load(tmp_path / "work" / "s_distill_ens3_a05" / "weights.npz")
    rebuilt = np.load(joined / "s_distill_ens3_a05" / "weights.npz")
    assert sorted(rebuilt.files) == sorted(original.files)
    for key in original.files:
        np.testing.assert_array_equal(rebuilt[key], original[key])
    assert json.loads((joined / "s_distill_ens3_a05" / "result.json").read_text())["steps"] == 2
