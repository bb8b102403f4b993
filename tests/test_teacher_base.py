"""A teacher's base for an existing pack: its vocabulary must be the pack tokenizer's, id for id
(bge-small-en-v1.5 and all-MiniLM-L6-v2 both use bert-base-uncased's), and its weights are
written under the classifier's names with the word-embedding rows of the pack's vocabulary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from contractreview_training.pack import (
    VocabularyMismatchError,
    tokenizer_vocabulary,
    write_other_base,
)

TOKENIZER = Path(__file__).resolve().parent.parent / "models" / "tokenizer.json"


def _base_folder(folder: Path, vocab: list[str]) -> Path:
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    return folder


def _pack(folder: Path, used: list[int]) -> Path:
    folder.mkdir()
    np.savez(folder / "pack.npz", vocab=np.array(used, dtype=np.int32))
    return folder


def test_the_shipped_tokenizer_is_bert_base_uncased_shaped() -> None:
    vocab = tokenizer_vocabulary(TOKENIZER)
    assert len(vocab) == 30522
    assert vocab[:1] == ["[PAD]"]
    assert vocab[100:104] == ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    assert vocab[1996:1999] == ["the", "of", "and"]


def test_a_base_with_another_vocabulary_is_refused(tmp_path: Path) -> None:
    vocab = tokenizer_vocabulary(TOKENIZER)
    vocab[2000], vocab[2001] = vocab[2001], vocab[2000]
    base = _base_folder(tmp_path / "teacher", vocab)
    pack = _pack(tmp_path / "pack", [0, 101, 102])
    with pytest.raises(VocabularyMismatchError, match="2 differ"):
        write_other_base(pack, base, TOKENIZER, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_teacher_weights_are_renamed_and_restricted_to_the_pack_vocabulary(
    tmp_path: Path,
) -> None:
    safetensors_numpy = pytest.importorskip("safetensors.numpy", reason="train extra")
    vocab = tokenizer_vocabulary(TOKENIZER)
    base = _base_folder(tmp_path / "teacher", vocab)
    rng = np.random.default_rng(0)
    table = rng.standard_normal((len(vocab), 8)).astype(np.float32)
    layer = rng.standard_normal((8, 8)).astype(np.float32)
    safetensors_numpy.save_file(
        {
            "embeddings.word_embeddings.weight": table,
            "encoder.layer.11.output.dense.weight": layer,
            "pooler.dense.weight": layer,
        },
        str(base / "model.safetensors"),
    )
    used = [0, 101, 102, 1996, 2003]
    pack = _pack(tmp_path / "pack", used)
    n = write_other_base(pack, base, TOKENIZER, tmp_path / "out")
    z = np.load(tmp_path / "out" / "base.npz")
    assert sorted(z.files) == [
        "bert.embeddings.word_embeddings.weight",
        "bert.encoder.layer.11.output.dense.weight",
    ]
    np.testing.assert_allclose(
        z["bert.embeddings.word_embeddings.weight"], table[used].astype(np.float16)
    )
    assert n == len(used) * 8 + 64
