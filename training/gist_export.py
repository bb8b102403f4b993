"""Exports a firm's Hugging Face causal LM to a generative model folder the app can run
(``train`` extra: torch, transformers, optimum-onnx, onnx-ir).

    python -m contractreview_training.gist_export HF_MODEL_DIR OUT_DIR \
        [--block-size 32] [--name NAME]

Steps: optimum's ONNX exporter, task ``text-generation-with-past`` (inputs ``past_key_values.*``,
outputs ``present.*``) -> weight-only int4 of the linear layers with onnxruntime's MatMulNBits
quantizer (symmetric, one scale per block of 32 or 128 weights; the attention matmuls and the
embeddings stay float, because the int8 preset that also quantizes them destroyed small models'
output) -> the output matmul fed the last position only (:func:`last_position_logits`: the
logits of the last token are all greedy decoding reads) -> the tokenizer (``tokenizer.json``;
converted from a slow tokenizer if the model has none), ``tokenizer_config.json``, the chat
template and ``generation_config.json`` -> the manifest
``gist_model.json`` with the model name, architecture and the SHA-256 of every ONNX file and
of the tokenizer files, which the runtime checks before loading -> a short greedy generation
through the app's own runtime.

Supported and tested: Llama (TinyLlama, Llama 2/3), Phi-3, Gemma, Mistral and Qwen2. Others that
optimum exports with a KV cache usually work and are reported as untested.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from contractreview.analysis.classifier import file_sha256
from contractreview.errors import ModelError
from contractreview.gist.runtime import MANIFEST_FILE, MANIFEST_FORMAT, MODEL_FILE

log = logging.getLogger(__name__)

SUPPORTED_TYPES = ("llama", "phi3", "gemma", "mistral", "qwen2")
COPIED_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "chat_template.jinja",
    "chat_template.json",
    "generation_config.json",
    "config.json",
)
# A protobuf file holds at most 2 GiB; bigger models keep their weights beside the graph.
EXTERNAL_DATA_BYTES = 1 << 30


def export_onnx(model_dir: Path, work: Path) -> Path:
    """The fp32 ONNX graph with KV-cache inputs and outputs, written to ``work``."""
    from optimum.exporters.onnx import main_export

    with warnings.catch_warnings():  # torch's tracer warns about every shape-dependent branch
        warnings.simplefilter("ignore")
        main_export(
            str(model_dir),
            output=str(work),
            task="text-generation-with-past",
            do_validation=False,
            local_files_only=True,
        )
    return work / MODEL_FILE


def _int4_quantizer(model_file: Path, block_size: int, op_type: str, **axes: Any) -> Any:
    """onnxruntime's weight-only int4 quantizer over ``op_type`` nodes (symmetric, int8
    activations in the kernel: the fast path on CPUs), already run."""
    import numpy as np
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )
    from onnxruntime.quantization.quant_utils import QuantFormat

    config = DefaultWeightOnlyQuantConfig(
        block_size=block_size,
        is_symmetric=True,
        accuracy_level=4,
        quant_format=QuantFormat.QOperator,
        op_types_to_quantize=(op_type,),
        **axes,
    )
    quantizer = MatMulNBitsQuantizer(onnx.load(str(model_file)), algo_config=config)
    with np.errstate(divide="ignore", invalid="ignore"):  # an all-zero block (a padding row)
        quantizer.process()
    return quantizer


def _save_quantized(quantizer: Any, out: Path) -> list[Path]:
    """Write the quantized model to ``out`` (weights in ``out.data`` when large), replacing
    what is there: the saver appends to an existing data file."""
    size = sum(init.ByteSize() for init in quantizer.model.model.graph.initializer)
    external = size > EXTERNAL_DATA_BYTES
    data = out.with_name(out.name + ".data")
    out.unlink(missing_ok=True)
    data.unlink(missing_ok=True)
    quantizer.model.save_model_to_file(str(out), use_external_data_format=external)
    return [out, data] if external else [out]


def quantize_int4(fp32: Path, out: Path, *, block_size: int = 32) -> list[Path]:
    """Weight-only int4 (MatMulNBits) of every MatMul whose weight is a constant."""
    return _save_quantized(_int4_quantizer(fp32, block_size, "MatMul"), out)


def quantize_embeddings(model_file: Path, *, block_size: int = 32) -> list[Path]:
    """Int4 of the token embedding (``GatherBlockQuantized``, one scale per block of the hidden
    dimension), in place, as a second pass over the int4 model: for models whose output matrix
    is not the embedding (untied), where the float embedding is most of the folder (Qwen2.5
    1.5B: 0.93 of 1.9 GB) and of the memory. Tied models keep it float (the quantizer would
    leave the output matmul reading a float transpose of it)."""
    quantizer = _int4_quantizer(model_file, block_size, "Gather", quant_axes=(("Gather", 1),))
    return _save_quantized(quantizer, model_file)


LAST_POSITION_NODE = "/lm_head/LastPosition"


def last_position_logits(model_file: Path) -> bool:
    """Make the graph write the logits of the last position only, in place (the graph file;
    external weights are untouched). Greedy decoding reads no other, and the output matrix is
    the largest matmul of a small model (Qwen2.5 1.5B: 151,936 x 1,536), so computing it for
    every prompt token was 15% of the prefill and forced the prompt into chunks of 27 tokens to
    keep ``tokens x vocabulary`` logits small. Returns False when the graph has no recognisable
    output matmul (left as it was) or already has the slice."""
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(model_file), load_external_data=False)
    graph = model.graph
    if any(node.name == LAST_POSITION_NODE for node in graph.node):
        return False
    producers = [node for node in graph.node if "logits" in node.output]
    if len(producers) != 1 or producers[0].op_type not in ("MatMul", "MatMulNBits"):
        log.warning("No output matmul writes 'logits': all positions' logits kept")
        return False
    head = producers[0]
    hidden = head.input[0]
    graph.initializer.extend([
        helper.make_tensor("/lm_head/last_start", TensorProto.INT64, [1], [-1]),
        helper.make_tensor("/lm_head/last_end", TensorProto.INT64, [1], [2**62]),
        helper.make_tensor("/lm_head/last_axis", TensorProto.INT64, [1], [1]),
    ])  # fmt: skip
    sliced = helper.make_node(
        "Slice",
        [hidden, "/lm_head/last_start", "/lm_head/last_end", "/lm_head/last_axis"],
        ["/lm_head/last_hidden"],
        name=LAST_POSITION_NODE,
    )
    head.input[0] = "/lm_head/last_hidden"
    graph.node.insert(list(graph.node).index(head), sliced)
    logits = next(o for o in graph.output if o.name == "logits")
    position = logits.type.tensor_type.shape.dim[1]
    position.Clear()
    position.dim_value = 1
    tmp = model_file.with_name(model_file.name + ".tmp")
    onnx.save(model, str(tmp))
    try:
        onnx.checker.check_model(str(tmp))  # by path: external weights found beside it
    except Exception:
        tmp.unlink()
        raise
    tmp.replace(model_file)
    return True


def copy_tokenizer(model_dir: Path, work: Path, out: Path) -> None:
    """Tokenizer, chat template and generation settings; ``tokenizer.json`` made if missing."""
    for name in COPIED_FILES:
        for source in (model_dir / name, work / name):
            if source.is_file():
                shutil.copyfile(source, out / name)
                break
    if not (out / "tokenizer.json").is_file():
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), use_fast=True)  # type: ignore[no-untyped-call]
        with tempfile.TemporaryDirectory() as tmp:
            tokenizer.save_pretrained(tmp)
            if not (Path(tmp) / "tokenizer.json").is_file():
                raise ModelError(
                    f"{model_dir} has no fast tokenizer (tokenizer.json) and it cannot be made."
                )
            for name in ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja"):
                if (Path(tmp) / name).is_file() and not (out / name).is_file():
                    shutil.copyfile(Path(tmp) / name, out / name)


# the tokenizer and generation files the runtime reads, hashed beside the ONNX files
HASHED_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "generation_config.json",
    "chat_template.jinja",
)


def read_files(out: Path) -> list[Path]:
    return [out / name for name in HASHED_FILES if (out / name).is_file()]


def write_manifest(
    out: Path, onnx_files: list[Path], config: dict[str, Any], name: str, block_size: int
) -> dict[str, Any]:
    import onnxruntime
    import optimum.version
    import transformers

    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "name": name,
        "architecture": (config.get("architectures") or [""])[0],
        "model_type": config.get("model_type", ""),
        "model_file": MODEL_FILE,
        "context_length": int(config.get("max_position_embeddings") or 2048),
        "files": {f.name: file_sha256(f) for f in [*onnx_files, *read_files(out)]},
        "logits": "last position",
        "quantization": {
            "method": "MatMulNBits weight-only",
            "bits": 4,
            "block_size": block_size,
            "symmetric": True,
            "embeddings": "int4 (GatherBlockQuantized)"
            if config.get("tie_word_embeddings") is False
            else "float (tied to the output matrix)",
        },
        "exported": time.strftime("%Y-%m-%d"),
        "exported_with": {
            "transformers": transformers.__version__,
            "optimum": optimum.version.__version__,
            "onnxruntime": onnxruntime.__version__,
        },
    }
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def smoke_test(out: Path) -> str:
    """A few greedy tokens through the app's runtime: the folder loads and generates."""
    from contractreview.gist.runtime import GenerativeModel

    model = GenerativeModel(out)
    gen = model.generate(
        model.prompt_ids([{"role": "user", "content": "Say hello."}]), max_new_tokens=8
    )
    for _ in gen:
        pass
    return gen.text


def export_gist_model(
    model_dir: Path,
    out: Path,
    *,
    name: str | None = None,
    block_size: int = 32,
    work: Path | None = None,
) -> dict[str, Any]:
    """The whole recipe; returns the manifest written to ``out``."""
    if block_size not in (32, 64, 128):
        raise ValueError("block_size must be 32, 64 or 128")
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    model_type = str(config.get("model_type", ""))
    if model_type not in SUPPORTED_TYPES:
        log.warning("%s models are not among the tested ones %s", model_type, SUPPORTED_TYPES)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        fp32 = export_onnx(model_dir, Path(tmp))
        files = quantize_int4(fp32, out / MODEL_FILE, block_size=block_size)
        copy_tokenizer(model_dir, Path(tmp), out)
    if config.get("tie_word_embeddings") is False:
        files = quantize_embeddings(out / MODEL_FILE, block_size=block_size)
    last_position_logits(out / MODEL_FILE)
    manifest = write_manifest(out, files, config, name or model_dir.resolve().name, block_size)
    smoke_test(out)
    return manifest


def upgrade_folder(source: Path, out: Path) -> dict[str, Any]:
    """A copy of an exported model folder (``source`` is left as it was) whose graph writes the
    last position's logits; the manifest's hashes are those of the new folder. For folders made
    before the export did this itself: the weights are not touched, so no torch is needed."""
    manifest: dict[str, Any] = json.loads((source / MANIFEST_FILE).read_text(encoding="utf-8"))
    if out.exists():
        raise ModelError(f"{out} exists; choose a new folder (nothing is overwritten).")
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging)
    model_file = staging / str(manifest.get("model_file", MODEL_FILE))
    try:
        changed = last_position_logits(model_file)
    except Exception:
        shutil.rmtree(staging)
        raise
    if not changed:
        shutil.rmtree(staging)
        raise ModelError(f"{source} already writes one position's logits, or has no output matmul.")
    manifest["files"] = {name: file_sha256(staging / name) for name in manifest["files"]}
    manifest["logits"] = "last position"
    manifest["upgraded_from"] = {
        "folder": source.name,
        "model_file_sha256": file_sha256(source / model_file.name),
    }
    (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    card = staging / "MODEL_CARD.md"
    if card.is_file():
        text = card.read_text(encoding="utf-8").split("## Files")[0]
        files = "\n".join(f"- `{f}` `{h}`" for f, h in manifest["files"].items())
        card.write_text(
            text + "## Files (SHA-256, checked by the app at every load)\n" + files + "\n\n"
            "The graph was changed after the export to write the last position's logits only "
            "(contractreview_training.gist_export.last_position_logits); the weights are those "
            "of the export.\n",
            encoding="utf-8",
        )
    staging.replace(out)
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir", type=Path, help="a Hugging Face causal LM folder")
    ap.add_argument("out_dir", type=Path, help="the model folder to write")
    ap.add_argument("--name", help="the name shown beside each gist (default: the folder name)")
    ap.add_argument("--block-size", type=int, default=32, choices=(32, 64, 128))
    ap.add_argument("--work", type=Path, help="a folder with room for the fp32 export")
    ap.add_argument(
        "--upgrade",
        action="store_true",
        help="MODEL_DIR is an exported folder: copy it to OUT_DIR with last-position logits",
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.upgrade:
        upgrade_folder(args.model_dir, args.out_dir)
        print(f"{args.out_dir}: the graph writes the last position's logits")
        return
    manifest = export_gist_model(
        args.model_dir, args.out_dir, name=args.name, block_size=args.block_size, work=args.work
    )
    size = sum((args.out_dir / f).stat().st_size for f in manifest["files"])
    print(f"{manifest['name']} ({manifest['architecture']}): {size / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
