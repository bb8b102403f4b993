"""The export's last-position-logits pass (contractreview_training.gist_export), on a copy of the
committed tiny model: the graph then writes one position's logits, the runtime feeds the prompt
in one piece, and greedy decoding gives the same tokens as the full-logits graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from contractreview.analysis.classifier import file_sha256
from contractreview.gist.runtime import MANIFEST_FILE, PREFILL_MAX_CHUNK, GenerativeModel

pytest.importorskip("onnx", reason="the export pass needs the onnx package (test extra)")

from contractreview_training.gist_export import last_position_logits

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_gist_model"
MESSAGES = [{"role": "user", "content": "Explain: the Customer pays each invoice in 30 days."}]


def sliced_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "tiny"
    shutil.copytree(FIXTURE, copy)
    assert last_position_logits(copy / "model.onnx")
    assert not last_position_logits(copy / "model.onnx")  # once only
    manifest = json.loads((copy / MANIFEST_FILE).read_text())
    manifest["files"]["model.onnx"] = file_sha256(copy / "model.onnx")
    (copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    return copy


def test_last_position_graph_generates_the_same_tokens(tmp_path: Path) -> None:
    full = GenerativeModel(FIXTURE)
    last = GenerativeModel(sliced_copy(tmp_path))
    for model in (full, last):
        model.load()
        model.stop_ids = frozenset()
        model.prefix_cache = False
    assert last._prefill_chunk == PREFILL_MAX_CHUNK  # the prompt in one piece
    full._prefill_chunk = 3  # as a large vocabulary would make it: many small chunks
    session = last._session
    assert session is not None
    assert session.get_outputs()[0].shape[1] == 1
    prompt = full.prompt_ids(MESSAGES)
    expected = list(full.generate(prompt, max_new_tokens=12))
    assert list(last.generate(prompt, max_new_tokens=12)) == expected
    last.prefix_cache = True  # and with a cached head
    list(last.generate(prompt, max_new_tokens=1, cache_prefix=len(prompt) - 5))
    again = last.generate(prompt, max_new_tokens=12)
    assert list(again) == expected
    assert again.reused_tokens == len(prompt) - 5


def test_a_graph_without_an_output_matmul_is_left_alone(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["logits"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "s", 4])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, "s", 4])],
    )
    path = tmp_path / "model.onnx"
    onnx.save(helper.make_model(graph), str(path))
    before = path.read_bytes()
    assert not last_position_logits(path)
    assert path.read_bytes() == before


def test_upgrade_copies_a_folder_and_rehashes_it(tmp_path: Path) -> None:
    from contractreview.errors import ModelError
    from contractreview_training.gist_export import upgrade_folder

    before = {p.name: p.read_bytes() for p in FIXTURE.iterdir()}
    out = tmp_path / "v2"
    manifest = upgrade_folder(FIXTURE, out)
    assert {p.name: p.read_bytes() for p in FIXTURE.iterdir()} == before  # source untouched
    assert manifest["logits"] == "last position"
    assert manifest["files"]["model.onnx"] == file_sha256(out / "model.onnx")
    model = GenerativeModel(out)
    model.load()  # the manifest check passes
    assert model._prefill_chunk == PREFILL_MAX_CHUNK
    with pytest.raises(ModelError, match="exists"):
        upgrade_folder(FIXTURE, out)
    with pytest.raises(ModelError, match="already writes one position"):
        upgrade_folder(out, tmp_path / "v3")
    assert not (tmp_path / "v3").exists()
    assert not (tmp_path / "v3.partial").exists()
