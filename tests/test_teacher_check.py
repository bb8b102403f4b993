"""The teacher check on folders built here: a right one passes, and each kind of wrong file
(config, vocabulary, weights, licence, a missing file) fails with its reason."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from contractreview_training import teacher_check
from contractreview_training.pack import tokenizer_vocabulary
from contractreview_training.teacher_check import (
    EXPECTED,
    bert_parameters,
    check_teacher,
    safetensors_parameters,
)

TOKENIZER = Path(__file__).resolve().parent.parent / "models" / "tokenizer.json"
TINY = {
    "model_type": "bert",
    "num_hidden_layers": 2,
    "hidden_size": 8,
    "num_attention_heads": 2,
    "intermediate_size": 16,
    "vocab_size": 30522,
    "max_position_embeddings": 16,
}


def test_upstream_parameter_counts_follow_from_their_configs() -> None:
    assert bert_parameters(EXPECTED["bge-small-en-v1.5"]["config"]) == 33_360_000
    assert bert_parameters(EXPECTED["bge-small-en-v1.5"]["config"], pooler=False) == 33_212_160
    assert bert_parameters(EXPECTED["all-MiniLM-L6-v2"]["config"]) == 22_713_216


def _safetensors(path: Path, tensors: dict[str, tuple[int, ...]], *, truncate: int = 0) -> None:
    """A float16 safetensors file (zeros) with the given shapes, written byte for byte."""
    header: dict[str, Any] = {}
    offset = 0
    for name, shape in tensors.items():
        n = 2 * int(np.prod(shape))
        header[name] = {"dtype": "F16", "shape": list(shape), "data_offsets": [offset, offset + n]}
        offset += n
    blob = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(blob)) + blob + bytes(offset - truncate))


def _tiny_shapes() -> dict[str, tuple[int, ...]]:
    h, ff, v, p = 8, 16, 30522, 16
    shapes: dict[str, tuple[int, ...]] = {
        "embeddings.word_embeddings.weight": (v, h),
        "embeddings.position_embeddings.weight": (p, h),
        "embeddings.token_type_embeddings.weight": (2, h),
        "embeddings.LayerNorm.weight": (h,),
        "embeddings.LayerNorm.bias": (h,),
        "pooler.dense.weight": (h, h),
        "pooler.dense.bias": (h,),
    }
    for k in range(2):
        for part, (a, b) in {
            "attention.self.query": (h, h),
            "attention.self.key": (h, h),
            "attention.self.value": (h, h),
            "attention.output.dense": (h, h),
            "intermediate.dense": (ff, h),
            "output.dense": (h, ff),
        }.items():
            shapes[f"encoder.layer.{k}.{part}.weight"] = (a, b)
            shapes[f"encoder.layer.{k}.{part}.bias"] = (a,)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[f"encoder.layer.{k}.{norm}.weight"] = (h,)
            shapes[f"encoder.layer.{k}.{norm}.bias"] = (h,)
    return shapes


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setitem(EXPECTED, "tiny", {"config": TINY, "licence": "MIT"})
    folder = tmp_path / "teacher"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(TINY))
    vocab = tokenizer_vocabulary(TOKENIZER)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    _safetensors(folder / "model.safetensors", _tiny_shapes())
    (folder / "LICENSE").write_text("MIT License\n\nCopyright (c) 2023 someone\n")
    return folder


def test_a_right_folder_passes_with_its_hashes(tiny: Path) -> None:
    verdict = check_teacher(tiny, "tiny", TOKENIZER)
    assert verdict["ok"], verdict
    assert verdict["checks"]["parameters"]["parameters"] == bert_parameters(TINY)
    assert set(verdict["sha256"]) == {"config.json", "vocab.txt", "model.safetensors", "LICENSE"}
    assert all(len(h) == 64 for h in verdict["sha256"].values())


def test_each_wrong_file_fails(tiny: Path) -> None:
    (tiny / "config.json").write_text(json.dumps(TINY | {"num_hidden_layers": 3}))
    vocab = (tiny / "vocab.txt").read_text().splitlines()
    (tiny / "vocab.txt").write_text("\n".join(vocab[:-1]) + "\n")
    (tiny / "LICENSE").write_text("All rights reserved.\n")
    shapes = _tiny_shapes()
    shapes["embeddings.word_embeddings.weight"] = (30522, 4)  # half the width
    _safetensors(tiny / "model.safetensors", shapes)
    checks = check_teacher(tiny, "tiny", TOKENIZER)["checks"]
    assert checks["config"] == {"ok": False, "differs": {"num_hidden_layers": 3}}
    assert checks["vocabulary"]["differ_from_pack_tokenizer"] == 1
    assert not checks["parameters"]["ok"]
    assert not checks["licence"]["ok"]


def test_missing_files_and_truncated_weights(tiny: Path) -> None:
    _safetensors(tiny / "model.safetensors", _tiny_shapes(), truncate=10)
    with pytest.raises(ValueError, match="past the end"):
        safetensors_parameters(tiny / "model.safetensors")
    for name in ("model.safetensors", "vocab.txt", "config.json"):
        (tiny / name).unlink()
    verdict = check_teacher(tiny, "tiny", TOKENIZER)
    assert not verdict["ok"]
    assert verdict["checks"]["parameters"] == {"ok": False, "why": "no model.safetensors"}
    assert verdict["checks"]["vocabulary"] == {"ok": False, "why": "no vocab.txt"}
    assert verdict["checks"]["config"] == {"ok": False, "why": "no config.json"}


def test_main_exits_1_on_a_failed_check(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tiny / "vocab.txt").unlink()
    monkeypatch.setattr(
        "sys.argv", ["teacher_check", str(tiny), "--expect", "tiny", "--tokenizer", str(TOKENIZER)]
    )
    monkeypatch.setattr(teacher_check, "EXPECTED", EXPECTED)
    with pytest.raises(SystemExit) as stop:
        teacher_check.main()
    assert stop.value.code == 1
