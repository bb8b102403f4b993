"""Checks a candidate teacher's files before any training trusts them:

    python -m contractreview_training.teacher_check DIR [--expect bge-small-en-v1.5]

DIR is a folder as a Hugging Face BERT checkpoint keeps it (``config.json``, ``vocab.txt``,
``model.safetensors``, a licence). Compared with the upstream model's published shape: the
config's sizes, the vocabulary (id for id the pack tokenizer's, ``models/tokenizer.json``:
bge-small-en-v1.5 and all-MiniLM-L6-v2 both use bert-base-uncased's WordPiece vocabulary), the
parameter count read from the safetensors header (no weights loaded), the licence text; and
the SHA-256 of every file, to be written into the model card. Prints a JSON verdict; exit
status 1 when a check fails or a file is missing.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from pathlib import Path
from typing import Any

from contractreview.analysis.classifier import file_sha256
from contractreview_training.pack import tokenizer_vocabulary

# upstream shapes (from the models' published config.json files)
EXPECTED: dict[str, dict[str, Any]] = {
    "bge-small-en-v1.5": {
        "config": {
            "model_type": "bert",
            "num_hidden_layers": 12,
            "hidden_size": 384,
            "num_attention_heads": 12,
            "intermediate_size": 1536,
            "vocab_size": 30522,
            "max_position_embeddings": 512,
        },
        "licence": "MIT",
    },
    "all-MiniLM-L6-v2": {
        "config": {
            "model_type": "bert",
            "num_hidden_layers": 6,
            "hidden_size": 384,
            "num_attention_heads": 12,
            "intermediate_size": 1536,
            "vocab_size": 30522,
            "max_position_embeddings": 512,
        },
        "licence": "Apache",
    },
}
PARAMETER_TOLERANCE = 0.01  # the pooler (h² + h) and position-id buffers may be there or not
_HEADER_LIMIT = 100_000_000


def bert_parameters(config: dict[str, Any], *, pooler: bool = True) -> int:
    """The parameter count of a BERT encoder of ``config``'s sizes (33,360,000 for
    bge-small-en-v1.5 with its pooler; 22,713,216 for all-MiniLM-L6-v2)."""
    h, ff = int(config["hidden_size"]), int(config["intermediate_size"])
    embeddings = (int(config["vocab_size"]) + int(config["max_position_embeddings"]) + 2) * h
    embeddings += 2 * h  # LayerNorm
    layer = 4 * (h * h + h) + (h * ff + ff) + (ff * h + h) + 2 * 2 * h
    return embeddings + int(config["num_hidden_layers"]) * layer + (h * h + h if pooler else 0)


def safetensors_parameters(path: Path) -> int:
    """The number of parameters in a safetensors file, from its JSON header alone; a header
    whose tensors lie beyond the end of the file is refused."""
    with path.open("rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        if size > _HEADER_LIMIT:
            raise ValueError(f"{path}: a header of {size} bytes is not a safetensors file")
        header: dict[str, Any] = json.loads(f.read(size))
    total, end = 0, 0
    for name, entry in header.items():
        if name != "__metadata__":
            n = 1
            for dim in entry["shape"]:
                n *= int(dim)
            total += n
            end = max(end, int(entry["data_offsets"][1]))
    if 8 + size + end > path.stat().st_size:
        raise ValueError(f"{path}: its tensors end past the end of the file (truncated?)")
    return total


def _check_config(folder: Path, expected: dict[str, Any]) -> dict[str, Any]:
    path = folder / "config.json"
    if not path.exists():
        return {"ok": False, "why": "no config.json"}
    config = json.loads(path.read_text(encoding="utf-8"))
    wrong = {k: config.get(k) for k, v in expected.items() if config.get(k) != v}
    return {"ok": not wrong, "differs": wrong}


def _check_vocab(folder: Path, tokenizer: Path) -> dict[str, Any]:
    path = folder / "vocab.txt"
    if not path.exists():
        return {"ok": False, "why": "no vocab.txt"}
    theirs = path.read_text(encoding="utf-8").splitlines()
    mine = tokenizer_vocabulary(tokenizer)
    differ = sum(a != b for a, b in zip(mine, theirs, strict=False)) + abs(len(mine) - len(theirs))
    return {"ok": differ == 0, "tokens": len(theirs), "differ_from_pack_tokenizer": differ}


def _check_parameters(folder: Path, expected: int) -> dict[str, Any]:
    path = folder / "model.safetensors"
    if not path.exists():
        return {"ok": False, "why": "no model.safetensors"}
    n = safetensors_parameters(path)
    return {"ok": abs(n - expected) <= PARAMETER_TOLERANCE * expected, "parameters": n}


def _check_licence(folder: Path, expected: str) -> dict[str, Any]:
    texts = [p for p in folder.iterdir() if p.name.upper().startswith(("LICENSE", "README"))]
    found = [p.name for p in texts if expected.lower() in p.read_text(errors="replace").lower()]
    return {"ok": bool(found), "mentions": found}


def check_teacher(folder: Path, expect: str, tokenizer: Path) -> dict[str, Any]:
    """The verdict on ``folder`` against the upstream model ``expect``."""
    spec = EXPECTED[expect]
    if not folder.is_dir():
        return {"ok": False, "why": f"{folder} is not a folder"}
    checks = {
        "config": _check_config(folder, spec["config"]),
        "vocabulary": _check_vocab(folder, tokenizer),
        "parameters": _check_parameters(folder, bert_parameters(spec["config"])),
        "licence": _check_licence(folder, spec["licence"]),
    }
    files = {p.name: file_sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}
    return {
        "ok": all(c["ok"] for c in checks.values()),
        "expect": expect,
        "checks": checks,
        "sha256": files,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder")
    ap.add_argument("--expect", default="bge-small-en-v1.5", choices=sorted(EXPECTED))
    ap.add_argument("--tokenizer", default="models/tokenizer.json")
    args = ap.parse_args()
    verdict = check_teacher(Path(args.folder), args.expect, Path(args.tokenizer))
    print(json.dumps(verdict, indent=1))
    sys.exit(0 if verdict["ok"] else 1)


if __name__ == "__main__":
    main()
