"""The portable training pack and the plain-torch trainer (``training_pack``, ``pack_training``).

The pack's heading trick and the trainer's data plumbing run with numpy and tokenizers alone;
the model tests need the ``train`` extra (torch, transformers) and are skipped without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from contractreview.analysis.classifier import TOKENIZER_FILE
from contractreview.paths import models_dir

HEADED = [
    ("12. Governing Law", "This Agreement is governed by the laws of the State of New York."),
    ("Confidentiality | Non-Use", "Recipient shall not use the Information for any purpose."),
    ("ARTICLE 7 — TERM", "The term is three (3) years from the Effective Date."),
]


def _tokenizer():  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(models_dir() / TOKENIZER_FILE))


@pytest.mark.parametrize(("heading", "text"), HEADED)
def test_text_start_gives_the_plain_form(heading: str, text: str) -> None:
    """The pack keeps only "heading | text"; the trainer cuts the plain form out of it at the
    position the pack records, which must give exactly the tokens of the plain text."""
    tok = _tokenizer()
    headed = tok.encode(f"{heading} | {text}").ids
    prefix = tok.encode(f"{heading} |").ids  # [CLS] ... | [SEP]
    start = len(prefix) - 1
    plain = tok.encode(text).ids
    assert [headed[0], *headed[start:]] == plain


def _tiny_pack(tmp_path: Path, torch_state: dict[str, np.ndarray]) -> Path:
    """A pack of a few hand-made rows in every group, with the given base weights."""
    from contractreview_training.pack import GROUPS

    tmp_path.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    n_vocab, n_labels, rows = 60, 49, []
    for g in range(len(GROUPS)):
        for _ in range(6):
            rows.append((g, [1, *rng.integers(3, n_vocab, size=int(rng.integers(3, 20))), 2]))
    lengths = [len(r[1]) for r in rows]
    labels = np.zeros((len(rows), n_labels), dtype=np.uint8)
    family = np.array([1 if GROUPS[g].startswith("unfair") else 0 for g, _ in rows], np.uint8)
    for i, (g, _) in enumerate(rows):
        if GROUPS[g] in ("pos", "excerpt", "cuad_dev") and i % 2 == 0:
            labels[i, i % 41] = 1
        if family[i]:
            labels[i, 41 + i % 8] = i % 3 == 0
    pack = {
        "tokens": np.concatenate([r[1] for r in rows]).astype(np.uint16),
        "offsets": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        "labels": labels,
        "family": family,
        "group": np.array([g for g, _ in rows], dtype=np.uint8),
        "excerpt": np.array(
            [GROUPS[g] == "cuad_dev" and i % 3 == 0 for i, (g, _) in enumerate(rows)], np.uint8
        ),
        "text_start": np.ones(len(rows), dtype=np.int16),
        "vocab": np.arange(n_vocab, dtype=np.int32),
        "label_ids": np.array([f"label {i}" for i in range(n_labels)]),
        "groups": np.array(GROUPS),
    }
    np.savez(tmp_path / "pack.npz", **pack)  # type: ignore[arg-type]
    base = {k: v.astype(np.float16) for k, v in torch_state.items() if "classifier" not in k}
    np.savez(tmp_path / "base.npz", **base)  # type: ignore[arg-type]
    return tmp_path


def test_plain_torch_model_matches_the_exported_class() -> None:
    """The trainer's plain-torch encoder computes what ``MeanPoolClassifier`` (the class that
    is exported to ONNX) computes with the same weights."""
    torch = pytest.importorskip("torch", reason="the train extra (torch) is not installed")
    transformers = pytest.importorskip("transformers", reason="the train extra is not installed")
    from contractreview_training.base_model import mean_pool_classifier_class
    from contractreview_training.pack_train import build_model

    config = transformers.BertConfig(
        vocab_size=60, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
        intermediate_size=1536, num_labels=49,
    )  # fmt: skip
    torch.manual_seed(0)
    reference = mean_pool_classifier_class()(config).eval()
    mine = build_model(60, 49).eval()
    missing, unexpected = mine.load_state_dict(reference.state_dict(), strict=False)
    assert not missing
    assert not unexpected
    ids = torch.randint(3, 60, (3, 11))
    keep = torch.ones_like(ids, dtype=torch.bool)
    keep[1, 7:] = False
    keep[2, 3:] = False
    with torch.no_grad():
        want = reference(input_ids=ids, attention_mask=keep.long()).logits
        got = mine(ids, keep)
    assert torch.allclose(want, got, atol=1e-4)


def test_a_few_training_steps(tmp_path: Path) -> None:
    """Two steps on a hand-made pack move the weights and write the dev scores and figures;
    the frozen word-embedding table is left out of the saved weights."""
    torch = pytest.importorskip("torch", reason="the train extra (torch) is not installed")
    pytest.importorskip("transformers", reason="the train extra is not installed")
    from contractreview_training.pack_train import build_model, parser, train

    torch.manual_seed(0)
    start = {k: v.numpy() for k, v in build_model(60, 49).state_dict().items()}
    pack = _tiny_pack(tmp_path / "pack", start)
    out = tmp_path / "run"
    cfg = parser().parse_args(
        [
            "--pack",
            str(pack),
            "--out",
            str(out),
            "--steps",
            "2",
            "--batch",
            "8",
            "--no-bf16",
            "--lr",
            "1e-2",
        ]
    )
    result = train(cfg)
    assert result["steps"] == 2
    figures = result["history"][-1]
    assert set(figures) >= {"seg_ap", "excerpt_auroc", "unfair_micro", "unfair_macro"}
    scores = np.load(out / "dev_scores.npy")
    n_dev = 12  # six cuad_dev rows and six unfair_val rows
    assert scores.shape == (n_dev, 49)
    assert np.all((scores >= 0) & (scores <= 1))
    trained = np.load(out / "weights.npz")
    assert "bert.embeddings.word_embeddings.weight" not in trained.files  # frozen, not shipped
    moved = trained["bert.encoder.layer.0.output.dense.weight"].astype(np.float32)
    assert not np.allclose(moved, start["bert.encoder.layer.0.output.dense.weight"], atol=1e-4)
    assert json.loads((out / "result.json").read_text())["config"]["steps"] == 2
