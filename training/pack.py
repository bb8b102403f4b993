"""The clause model's training and dev examples, pre-tokenized in one portable folder, so the
trainer needs neither ``../shared`` nor spaCy (and runs on a lent GPU machine):
``python -m contractreview_training.pack --out DIR`` (``model_training`` calls it first).

The examples come from ``training_data`` with the app's own segmenter: every CUAD train
segment (labelled by the excerpts it overlaps), every CUAD train excerpt as a text of its own,
the UNFAIR-ToS train sentences, and the dev splits as the evals read them. A segment can be
shown with its heading prefix or without, and the trainer draws one form per epoch: the pack
holds the form with the prefix and where its text starts (the tokenizer splits at spaces and
punctuation, so the tokens of ``"heading | text"`` are those of ``"heading |"`` followed by
those of ``"text"``). Token ids come from the shipped tokenizer (the base's), truncated to
``MAX_TOKENS``, and are remapped to the ids that occur (the word-embedding table is frozen in
training, so only its used rows need to travel).

Writes ``DIR/pack.npz`` (token ids, labels, groups) and ``DIR/base.npz`` (the base's weights in
float16, word embeddings restricted to the used rows). Nothing here imports torch.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from contractreview_training.datasets import (
    UNFAIR_TOS_LABELS,
    cuad_categories,
    iter_cuad_excerpts,
    load_cuad,
    load_unfair_tos,
)

MAX_TOKENS = 256
# text groups in the pack; the trainer's epoch mix draws on the first five
GROUPS = (
    "pos",  # labelled CUAD train segments, with their heading prefix ("heading | text")
    "neg",  # unlabelled CUAD train segments, likewise
    "excerpt",  # CUAD train excerpts as texts of their own
    "unfair_train",  # UNFAIR-ToS train sentences
    "cuad_dev",  # every CUAD dev segment as the app scores it (with heading), then dev excerpts
    "unfair_val",  # UNFAIR-ToS validation sentences
)


def _encode(tokenizer_path: Path, texts: Sequence[str]) -> list[list[int]]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return [e.ids for e in tok.encode_batch(list(texts))]


def build_pack(shared: Path, tokenizer_path: Path) -> dict[str, np.ndarray]:
    label_ids = cuad_categories(shared / "cuad") + list(UNFAIR_TOS_LABELS)
    index = {lab: i for i, lab in enumerate(label_ids)}
    texts: list[str] = []
    labels: list[list[int]] = []
    family: list[int] = []
    group: list[int] = []
    excerpt_flag: list[int] = []
    prefixes: list[str] = []  # "heading |" of a segment shown with its heading, else ""

    def add(
        g: str,
        text: str,
        labs: Sequence[str],
        fam: int,
        *,
        is_excerpt: bool = False,
        prefix: str = "",
    ) -> None:
        texts.append(text)
        prefixes.append(prefix)
        labels.append([index[lab] for lab in labs])
        family.append(fam)
        group.append(GROUPS.index(g))
        excerpt_flag.append(int(is_excerpt))

    train = load_cuad(shared / "cuad", split="train")
    for c in train:
        for s in c.segments:
            text = s.segment.model_input()
            prefix = text[: len(text) - len(s.segment.text)].rstrip()
            add("pos" if s.labels else "neg", text, sorted(s.labels), 0, prefix=prefix)
    for text, cats in iter_cuad_excerpts(shared / "cuad", "train"):
        add("excerpt", text, sorted(cats), 0, is_excerpt=True)
    for u in load_unfair_tos(shared / "unfair_tos", split="train"):
        add("unfair_train", u.text, u.labels, 1)
    dev = load_cuad(shared / "cuad", split="dev")
    for c in dev:
        for s in c.segments:
            add("cuad_dev", s.segment.model_input(), sorted(s.labels), 0)
    for text, cats in iter_cuad_excerpts(shared / "cuad", "dev"):
        add("cuad_dev", text, sorted(cats), 0, is_excerpt=True)
    for u in load_unfair_tos(shared / "unfair_tos", split="validation"):
        add("unfair_val", u.text, u.labels, 1)

    ids = _encode(tokenizer_path, texts)
    prefix_ids = _encode(tokenizer_path, prefixes)  # [CLS] prefix [SEP]
    text_start = np.array(
        [
            min(len(p) - 1, len(x) - 1) if pre else 1
            for p, x, pre in zip(prefix_ids, ids, prefixes, strict=True)
        ],
        dtype=np.int16,
    )
    all_ids = np.concatenate([np.asarray(x, dtype=np.int64) for x in ids])
    used = np.unique(all_ids)
    remap = np.full(int(used.max()) + 1, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    lengths = np.array([len(x) for x in ids], dtype=np.int64)
    flat = remap[all_ids]
    multi_hot = np.zeros((len(texts), len(label_ids)), dtype=np.uint8)
    for r, labs in enumerate(labels):
        multi_hot[r, labs] = 1
    return {
        "tokens": flat.astype(np.uint16),
        "offsets": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        "labels": multi_hot,
        "family": np.array(family, dtype=np.uint8),
        "group": np.array(group, dtype=np.uint8),
        "excerpt": np.array(excerpt_flag, dtype=np.uint8),
        "text_start": text_start,
        "vocab": used.astype(np.int32),
        "label_ids": np.array(label_ids),
        "groups": np.array(GROUPS),
    }


def base_weights(base_dir: Path, vocab: np.ndarray) -> dict[str, np.ndarray]:
    """The base's encoder weights in float16, under the keys of the trained classifier
    (``bert.`` prefix); the word-embedding table keeps only the rows of ``vocab``."""
    from safetensors.numpy import load_file

    state = load_file(str(base_dir / "model.safetensors"))
    out = {}
    for key, value in state.items():
        name = key if key.startswith("bert.") else f"bert.{key}"
        if name.endswith("word_embeddings.weight"):
            value = value[vocab]
        if "pooler" in name or "position_ids" in name:
            continue
        out[name] = value.astype(np.float16)
    return out


def write_pack(shared: Path, tokenizer: Path, out: Path) -> dict[str, int]:
    """``out/pack.npz`` and ``out/base.npz``; the number of texts in each group."""
    from contractreview_training.base_model import base_model_dir

    out.mkdir(parents=True, exist_ok=True)
    pack = build_pack(shared, tokenizer)
    np.savez_compressed(out / "pack.npz", **pack)  # type: ignore[arg-type]
    base = base_weights(base_model_dir(), pack["vocab"])
    np.savez_compressed(out / "base.npz", **base)  # type: ignore[arg-type]
    counts = np.bincount(pack["group"], minlength=len(GROUPS))
    return dict(zip(GROUPS, counts.tolist(), strict=True)) | {"vocab": len(pack["vocab"])}


class VocabularyMismatchError(ValueError):
    """A base whose vocabulary differs from the pack's tokenizer: the pack's ids would name
    other words in it."""


def base_vocabulary(base_dir: Path) -> list[str]:
    """The tokens of a base's ``vocab.txt`` (BERT WordPiece), in id order."""
    return (base_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()


def tokenizer_vocabulary(tokenizer: Path) -> list[str]:
    import json

    vocab: dict[str, int] = json.loads(tokenizer.read_text(encoding="utf-8"))["model"]["vocab"]
    return sorted(vocab, key=vocab.__getitem__)


def write_other_base(pack_dir: Path, base_dir: Path, tokenizer: Path, out: Path) -> int:
    """``out/base.npz`` from another base (a teacher: a folder with ``model.safetensors`` and
    ``vocab.txt``) for an existing pack; its vocabulary must be the pack tokenizer's, id for
    id. Returns the number of parameters written."""
    mine, theirs = tokenizer_vocabulary(tokenizer), base_vocabulary(base_dir)
    if mine != theirs:
        differ = sum(a != b for a, b in zip(mine, theirs, strict=False))
        raise VocabularyMismatchError(
            f"{base_dir}: {len(theirs)} tokens, {differ} differ from {tokenizer}'s {len(mine)}"
        )
    with np.load(pack_dir / "pack.npz") as z:
        vocab = z["vocab"]
    base = base_weights(base_dir, vocab)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "base.npz", **base)  # type: ignore[arg-type]
    return int(sum(v.size for v in base.values()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--tokenizer", default="models/tokenizer.json")
    ap.add_argument("--out", default="build/pack")
    ap.add_argument(
        "--base-only",
        default="",
        help="a base folder (model.safetensors, vocab.txt): write only its base.npz to --out "
        "for the pack in --pack (a teacher)",
    )
    ap.add_argument("--pack", default="build/pack", help="the existing pack (--base-only)")
    args = ap.parse_args()
    t0 = time.time()
    if args.base_only:
        n = write_other_base(
            Path(args.pack), Path(args.base_only), Path(args.tokenizer), Path(args.out)
        )
        print(f"{n} parameters written to {Path(args.out) / 'base.npz'}")
    else:
        print(write_pack(Path(args.shared), Path(args.tokenizer), Path(args.out)))
    print(f"{time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
