"""The generative-model recipe end to end with no downloaded weights: tiny randomly initialised
Llama (TinyLlama), Phi-3, Gemma, Mistral and Qwen2 models are built from their config classes,
exported with ``contractreview_training.gist_export`` (ONNX + int4 MatMulNBits) and run through
the app's
runtime (onnxruntime + tokenizers only): the KV cache, stop tokens, the token budget,
cancellation, chat templates and the checked gist. Their output is noise; what is tested is the
machinery."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("optimum.exporters.onnx")
pytest.importorskip("onnx_ir")

from contractreview.errors import CancelledError, ModelError
from contractreview.gist.engine import GistEngine, GistPolicy
from contractreview.gist.runtime import (
    MANIFEST_FILE,
    ChatTemplate,
    GenerativeModel,
    load_chat_template,
)
from contractreview_training.gist_export import export_gist_model, main

pytestmark = pytest.mark.slow

TEXT = (
    "The Customer shall pay each undisputed invoice within thirty (30) days of receipt. "
    "Either party may terminate this Agreement on ninety (90) days written notice. "
    "The Supplier's total liability shall not exceed the fees paid in the preceding 12 months. "
)
SPECIALS = [
    "<unk>", "<s>", "</s>", "<pad>", "<|user|>", "<|assistant|>", "<|system|>", "<|end|>",
    "<start_of_turn>", "<end_of_turn>", "<|im_start|>", "<|im_end|>", "[INST]", "[/INST]",
    "<|endoftext|>",
]  # fmt: skip

# The families' published chat templates (TinyLlama-Chat, Phi-3-mini, Gemma-it,
# Mistral-Instruct, Qwen2-Instruct), as their tokenizer_config.json files carry them.
TEMPLATES = {
    "zephyr": (
        "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + "
        "message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ "
        "'<|system|>\n' + message['content'] + eos_token }}\n{% elif message['role'] == "
        "'assistant' %}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif "
        "%}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif "
        "%}\n{% endfor %}"
    ),
    "phi3": (
        "{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\n' + "
        "message['content'] + '<|end|>\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\n' "
        "+ message['content'] + '<|end|>\n'}}{% elif message['role'] == 'assistant' "
        "%}{{'<|assistant|>\n' + message['content'] + '<|end|>\n'}}{% endif %}{% endfor %}{% "
        "if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}"
    ),
    "gemma": (
        "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role "
        "not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == "
        "'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must "
        "alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == "
        "'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% "
        "endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + "
        "'<end_of_turn>\n' }}{% endfor %}{% if add_generation_prompt "
        "%}{{'<start_of_turn>model\n'}}{% endif %}"
    ),
    "inst": (
        "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != "
        "(loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate "
        "user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ "
        "'[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' "
        "%}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and "
        "assistant roles are supported!') }}{% endif %}{% endfor %}"
    ),
    "chatml": (
        "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' "
        "%}{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif "
        "%}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + "
        "'\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% "
        "endif %}"
    ),
}
ARCHS = {"llama": "zephyr", "phi3": "phi3", "gemma": "gemma", "mistral": "inst", "qwen2": "chatml"}
MESSAGES = [{"role": "user", "content": "Explain: the Customer pays in 30 days."}]


def tiny_tokenizer() -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=384,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator([TEXT] * 4, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
    )


def tiny_model(arch: str, vocab: int) -> Any:
    import torch
    import transformers as tf

    config_cls, model_cls = {
        "llama": (tf.LlamaConfig, tf.LlamaForCausalLM),
        "phi3": (tf.Phi3Config, tf.Phi3ForCausalLM),
        "gemma": (tf.GemmaConfig, tf.GemmaForCausalLM),
        "mistral": (tf.MistralConfig, tf.MistralForCausalLM),
        "qwen2": (tf.Qwen2Config, tf.Qwen2ForCausalLM),
    }[arch]
    config = config_cls(
        vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, head_dim=16, max_position_embeddings=1024,
        bos_token_id=1, eos_token_id=2, pad_token_id=3,
    )  # fmt: skip
    torch.manual_seed(0)
    return model_cls(config).eval()


def make_hf_folder(arch: str, root: Path) -> Path:
    tokenizer = tiny_tokenizer()
    tokenizer.chat_template = TEMPLATES[ARCHS[arch]]
    folder = root / f"hf-{arch}"
    tiny_model(arch, len(tokenizer)).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module", params=list(ARCHS))
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    arch = request.param
    root = tmp_path_factory.mktemp(arch)
    hf = make_hf_folder(arch, root)
    out = root / "onnx"
    manifest = export_gist_model(hf, out, name=f"tiny-{arch}")
    return arch, hf, out, manifest


def test_export_writes_an_int4_model_folder_with_its_hashes(exported: Any) -> None:
    import onnx

    arch, _, out, manifest = exported
    assert manifest == json.loads((out / MANIFEST_FILE).read_text())
    assert manifest["name"] == f"tiny-{arch}"
    assert manifest["model_type"] == arch
    assert set(manifest["files"]) == {
        "model.onnx",
        "tokenizer.json",
        "tokenizer_config.json",
        "generation_config.json",
        *(["chat_template.jinja"] if (out / "chat_template.jinja").is_file() else []),
    }
    for name in ("tokenizer.json", "tokenizer_config.json", "generation_config.json"):
        assert (out / name).is_file()
    graph = onnx.load(str(out / "model.onnx"), load_external_data=False).graph
    weights = {init.name for init in graph.initializer}
    int4 = [n for n in graph.node if n.op_type == "MatMulNBits"]
    float_linear = [n for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    # Every linear layer (Phi-3 fuses q/k/v and gate/up) and the LM head are int4 ...
    assert len(int4) >= 2 * 4 + 1
    assert float_linear == []
    # ... and the attention matmuls stay float.
    assert any(n.op_type == "MatMul" for n in graph.node)
    assert load_chat_template(out).family == ARCHS[arch]


def recompute_greedy(model: GenerativeModel, prompt: list[int], steps: int) -> list[int]:
    """Greedy decoding without the cache: the whole sequence is fed again at every step."""
    session = model._session
    assert session is not None
    names = {i.name: i for i in session.get_inputs()}
    ids = list(prompt)
    for _ in range(steps):
        feeds: dict[str, np.ndarray] = {"input_ids": np.array([ids], dtype=np.int64)}
        if "attention_mask" in names:
            feeds["attention_mask"] = np.ones((1, len(ids)), dtype=np.int64)
        if "position_ids" in names:
            feeds["position_ids"] = np.arange(len(ids), dtype=np.int64)[None]
        for name, info in names.items():
            if name.startswith("past_key_values."):
                feeds[name] = np.zeros((1, info.shape[1], 0, info.shape[3]), dtype=np.float32)
        (logits,) = session.run(["logits"], feeds)
        ids.append(int(np.argmax(logits[0, -1])))
    return ids[len(prompt) :]


def test_kv_cache_generation_equals_recomputation(exported: Any) -> None:
    _, _, out, _ = exported
    model = GenerativeModel(out)
    prompt = model.prompt_ids(MESSAGES)
    model.load()
    model.stop_ids = frozenset()
    gen = model.generate(prompt, max_new_tokens=10)
    tokens = list(gen)
    assert len(tokens) == 10
    assert gen.finish_reason == "budget"
    assert tokens == recompute_greedy(model, prompt, 10)
    model._prefill_chunk = 3  # the prompt fed in chunks through the cache gives the same
    assert list(model.generate(prompt, max_new_tokens=10)) == tokens
    assert gen.first_token_s is not None
    assert gen.elapsed_s >= gen.first_token_s


def test_prompt_is_the_models_own_chat_template(exported: Any) -> None:
    from transformers import AutoTokenizer

    _, hf, out, _ = exported
    reference = AutoTokenizer.from_pretrained(hf)
    expected_text = reference.apply_chat_template(
        MESSAGES, tokenize=False, add_generation_prompt=True
    )
    expected_ids = reference.apply_chat_template(
        MESSAGES, tokenize=True, add_generation_prompt=True
    )
    model = GenerativeModel(out)
    assert model.chat_template.render(MESSAGES) == expected_text
    builtin = ChatTemplate(
        model.chat_template.template, model.chat_template.bos_token, model.chat_template.eos_token,
        use_jinja=False,
    )  # fmt: skip
    assert builtin.render(MESSAGES) == expected_text
    assert model.prompt_ids(MESSAGES) == list(expected_ids)


def test_generation_stops_at_an_end_of_turn_token(exported: Any) -> None:
    arch, _, out, _ = exported
    model = GenerativeModel(out)
    model.load()
    assert model.tokenizer.token_to_id("</s>") in model.stop_ids
    if arch == "phi3":
        assert model.tokenizer.token_to_id("<|end|>") in model.stop_ids
    prompt = model.prompt_ids(MESSAGES)
    model.stop_ids = frozenset()
    free = list(model.generate(prompt, max_new_tokens=6))
    model.stop_ids = frozenset({free[3]})
    gen = model.generate(prompt, max_new_tokens=6)
    assert list(gen) == free[: free.index(free[3])]
    assert gen.finish_reason == "stop"


def test_budget_context_streaming_and_cancellation(exported: Any) -> None:
    _, _, out, _ = exported
    model = GenerativeModel(out)
    model.load()
    model.stop_ids = frozenset()
    prompt = model.prompt_ids(MESSAGES)

    gen = model.generate(prompt, max_new_tokens=7)
    deltas = list(gen.text_deltas())
    assert len(gen.token_ids) == 7
    assert gen.finish_reason == "budget"
    assert "".join(deltas) == gen.text

    long_prompt = (prompt * 100)[: model.context_length - 4]
    gen = model.generate(long_prompt, max_new_tokens=50)
    assert len(list(gen)) == 5
    assert gen.finish_reason == "context"
    with pytest.raises(ModelError, match="does not fit"):
        list(model.generate(prompt * 100, max_new_tokens=5))

    produced: list[int] = []

    def consume(gen: Any, cancel_after: int | None = None) -> None:
        for token in gen:
            produced.append(token)
            if len(produced) == cancel_after:
                model.cancel()  # RunOptions.terminate, as the GUI thread would set it

    with pytest.raises(CancelledError):
        consume(model.generate(prompt, max_new_tokens=50, should_stop=lambda: len(produced) >= 3))
    assert len(produced) == 3

    produced.clear()
    with pytest.raises(CancelledError):
        consume(model.generate(prompt, max_new_tokens=50), cancel_after=2)
    assert len(produced) == 2


def test_gist_engine_returns_a_checked_gist(exported: Any) -> None:
    arch, _, out, _ = exported
    engine = GistEngine(out, policy=GistPolicy.WITHHOLD, max_new_tokens=12)
    run = engine.gist_clause(TEXT)
    with pytest.raises(RuntimeError):
        _ = run.result
    deltas = list(run)
    gist = run.result
    assert "".join(deltas).strip() == gist.text
    assert gist.model_name == f"tiny-{arch}"
    assert gist.source == TEXT
    assert gist.finish_reason in ("budget", "stop")
    assert gist.label.startswith(f"Generated by tiny-{arch}")
    assert (gist.display_text is None) == (gist.status == "unsupported")
    overview = engine.contract_overview([TEXT, "", TEXT]).wait()
    assert overview.check.text == overview.text


def test_a_changed_model_file_is_refused(exported: Any, tmp_path: Path) -> None:
    import shutil

    _, _, out, _ = exported
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    with (copy / "model.onnx").open("r+b") as f:
        f.seek(-10, 2)
        f.write(b"\0" * 10)
    with pytest.raises(ModelError, match="modified or damaged"):
        GenerativeModel(copy).load()
    with pytest.raises(ModelError, match="not a ContractReview generative model"):
        GenerativeModel(tmp_path)


def test_the_documented_command_exports_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hf = make_hf_folder("llama", tmp_path)
    main([str(hf), str(tmp_path / "out"), "--name", "TinyLlama test", "--block-size", "128"])
    manifest = json.loads((tmp_path / "out" / MANIFEST_FILE).read_text())
    assert manifest["quantization"]["block_size"] == 128
    assert "TinyLlama test (LlamaForCausalLM)" in capsys.readouterr().out
