"""The hand-written minimal-pair sets (tests/effect_pairs/<set>/) keep the format of their README.

Only the sets rules are developed against are checked here (dev, train); the held-out set is
not opened outside the final report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parent / "effect_pairs"
SETS = ("dev", "train")
CHANGES = {"role_swap", "negation", "mutual", "cause", "scope", "cap", "other"}
# the first party of a frame supplies, the second receives (the eval's provider/receiver split)
PROVIDERS = {"vendor", "licensor", "discloser"}
RECEIVERS = {"customer", "licensee", "recipient"}
KINDS = {
    "heading", "unticked_option", "drafting_note", "instruction", "placeholder",
    "cross_reference_list", "plain_preamble", "recital", "definition", "table_of_contents",
    "signature_block", "footer",
}  # fmt: skip


def _files(name: str) -> list[Path]:
    return sorted((ROOT / name).glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _frame_errors(path: Path, data: dict[str, Any]) -> list[str]:
    errors = []
    if data.get("type") != path.stem:
        errors.append(f"{path.name}: type {data.get('type')!r} is not the file name")
    frame = data.get("frame") or {}
    parties = frame.get("parties") or []
    if not frame.get("title") or not frame.get("contract_type"):
        errors.append(f"{path.name}: frame needs a title and a contract_type")
    if len(parties) != 2:
        return [*errors, f"{path.name}: a frame has exactly two parties"]
    if parties[0].get("side") not in PROVIDERS or parties[1].get("side") not in RECEIVERS:
        errors.append(f"{path.name}: sides {[p.get('side') for p in parties]} out of order")
    for p in parties:
        if not p.get("name") or not p.get("alias"):
            errors.append(f"{path.name}: every party has a name and an alias")
    return errors


def _pair_errors(pair: dict[str, Any], sides: set[str]) -> list[str]:
    pid = pair.get("id")
    errors = []
    if pair.get("change") not in CHANGES:
        errors.append(f"{pid}: change {pair.get('change')!r}")
    if not pair.get("a") or not pair.get("b") or pair.get("a") == pair.get("b"):
        errors.append(f"{pid}: a and b are two different texts")
    adverse = pair.get("adverse") or {}
    if set(adverse) != sides:
        errors.append(f"{pid}: adverse keys {sorted(adverse)} are not the frame's sides")
    scored = [v for v in adverse.values() if v is not None]
    if not scored or any(v not in ("a", "b") for v in scored):
        errors.append(f"{pid}: adverse values are a, b or null, at least one not null")
    return errors


@pytest.mark.parametrize("name", SETS)
def test_a_pair_set_keeps_its_format(name: str) -> None:
    files = _files(name)
    if not files:
        pytest.skip(f"tests/effect_pairs/{name} is absent")
    errors: list[str] = []
    ids: set[str] = set()
    for path in files:
        data = _load(path)
        errors += _frame_errors(path, data)
        sides = {p.get("side") for p in data["frame"]["parties"]}
        items = data.get("texts") if path.stem == "inert" else data.get("pairs")
        assert items, f"{path.name} holds no {'texts' if path.stem == 'inert' else 'pairs'}"
        for item in items:
            if item.get("id") in ids:
                errors.append(f"{item.get('id')}: duplicate id")
            ids.add(item.get("id"))
            if path.stem == "inert":
                if item.get("kind") not in KINDS or not item.get("text"):
                    errors.append(f"{item.get('id')}: kind {item.get('kind')!r} or no text")
            else:
                errors += _pair_errors(item, sides)
    assert not errors, errors


def test_the_train_set_covers_the_dev_types_in_its_own_words() -> None:
    dev, train = _files("dev"), _files("train")
    if not dev or not train:
        pytest.skip("tests/effect_pairs/dev or train is absent")
    assert {p.name for p in train} == {p.name for p in dev}

    def texts(files: list[Path]) -> set[str]:
        out = set()
        for path in files:
            data = _load(path)
            for pair in data.get("pairs", []):
                out |= {pair["a"], pair["b"]}
            out |= {t["text"] for t in data.get("texts", [])}
        return out

    shared = texts(dev) & texts(train)
    # a one-word heading may recur; a clause may not
    assert not {t for t in shared if len(t.split()) > 3}, shared
