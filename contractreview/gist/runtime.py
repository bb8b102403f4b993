"""A firm's own generative model at run time: an ONNX causal LM folder made by
:mod:`contractreview_training.gist_export`, run with onnxruntime and tokenizers only (no torch, no
transformers).

The folder holds ``model.onnx`` (plus ``model.onnx.data`` for large models), ``tokenizer.json``,
``tokenizer_config.json`` (and/or ``chat_template.jinja``), ``generation_config.json`` and the
manifest ``gist_model.json``, which records the SHA-256 of every ONNX file; a changed file is
refused before it is loaded.

Generation is greedy with a KV cache: the prompt is fed in chunks (so the logits tensor, which is
``chunk x vocabulary`` floats, stays small even for Gemma's 256k vocabulary), then one token per
step, each step feeding the previous step's ``present.*`` outputs back as ``past_key_values.*``.
Memory is bounded by the context length: the prompt is limited and the new tokens are budgeted.

Prompt prefixes are cached: a caller names how many leading prompt tokens are worth keeping
(``cache_prefix``: the system prompt and the instructions, everything before the clause), their
KV cache is kept after the prefill (a few, least recently used first out), and a later prompt
that begins with the same tokens starts from a copy of it, so its prefill covers only the rest
(the clause, the question). Causal attention makes this exact: the keys and values of the first
``n`` tokens depend on those tokens only. A graph whose ``logits`` output has one position (the
last: :func:`contractreview_training.gist_export.last_position_logits`) is fed the prompt in
one piece; a full-sequence one in chunks.

Every step is a cancellation point (``should_stop``), and :meth:`GenerativeModel.cancel` sets
``RunOptions.terminate`` to stop a step that is running.

Chat templates: the model's own Jinja template is rendered in jinja2's immutable sandbox when
jinja2 is importable (it is installed with spaCy, one of our runtime dependencies, but it is not
a dependency of ours). Without it, or if the template fails, a built-in renderer reproduces the
common families, detected from the template's markers: Zephyr/TinyLlama (``<|user|>`` + ``</s>``),
Phi-3 (``<|user|>`` + ``<|end|>``), Gemma (``<start_of_turn>``), Mistral/Llama-2 (``[INST]``),
Llama-3 (``<|start_header_id|>``) and ChatML/Qwen2 (``<|im_start|>``). A model without any
template is prompted as plain text: ``User: ...\\nAssistant:``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from contractreview.analysis.classifier import default_threads, file_sha256
from contractreview.errors import CancelledError, ModelError

if TYPE_CHECKING:
    import onnxruntime as ort
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

MANIFEST_FILE = "gist_model.json"
MANIFEST_FORMAT = 1
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
DEFAULT_CONTEXT = 2048
# The prompt is fed in chunks whose logits (chunk x vocabulary float32) stay under this size.
PREFILL_LOGITS_BYTES = 16 << 20
# ... and at most this many tokens a chunk when the graph writes the last position's logits only
PREFILL_MAX_CHUNK = 512
# Cached prompt prefixes (their KV): at most this many, least recently used dropped first.
PREFIX_CACHE_ENTRIES = 4
# Tokens that end an assistant turn in the families we support, besides the eos token.
END_OF_TURN_TOKENS = ("<|end|>", "<|eot_id|>", "<end_of_turn>", "<|im_end|>", "<|endoftext|>")

Message = Mapping[str, str]


# -- chat templates ----------------------------------------------------------------------------


def _builtin_family(template: str, eos_token: str) -> str:
    if "<|im_start|>" in template:
        return "chatml"
    if "<start_of_turn>" in template:
        return "gemma"
    if "<|start_header_id|>" in template:
        return "llama3"
    if "<|user|>" in template:
        return "phi3" if "<|end|>" in template else "zephyr"
    if "[INST]" in template:
        return "inst"
    return "plain"


def _zephyr(messages: Sequence[Message], bos: str, eos: str, prompt: bool) -> list[str]:
    out = [f"<|{m['role']}|>\n{m['content']}{eos}\n" for m in messages]
    return [*out, "<|assistant|>\n"] if prompt else out


def _phi3(messages: Sequence[Message], bos: str, eos: str, prompt: bool) -> list[str]:
    out = [f"<|{m['role']}|>\n{m['content']}<|end|>\n" for m in messages]
    return [*out, "<|assistant|>\n" if prompt else eos]


def _gemma(messages: Sequence[Message], bos: str, eos: str, prompt: bool) -> list[str]:
    out = [bos]
    for m in messages:
        role = "model" if m["role"] == "assistant" else m["role"]
        out.append(f"<start_of_turn>{role}\n{m['content'].strip()}<end_of_turn>\n")
    return [*out, "<start_of_turn>model\n"] if prompt else out


def _llama3(messages: Sequence[Message], bos: str, eos: str, prompt: bool) -> list[str]:
    out = [bos]
    for m in messages:
        out.append(
            f"<|start_header_id|>{m['role']}<|end_header_id|>\n\n{m['content'].strip()}<|eot_id|>"
        )
    return [*out, "<|start_header_id|>assistant<|end_header_id|>\n\n"] if prompt else out


def _inst(messages: Sequence[Message], bos: str, eos: str, prompt: bool) -> list[str]:
    out = [bos]
    for m in messages:
        if m["role"] == "assistant":
            out.append(m["content"] + eos)
        else:
            out.append(f"[INST] {m['content']} [/INST]")
    return out


def _chatml(messages: Sequence[Message], bos: str, eos: str, prompt: bool) -> list[str]:
    out = []
    if not messages or messages[0]["role"] != "system":
        out.append("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n")
    out += [f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages]
    return [*out, "<|im_start|>assistant\n"] if prompt else out


def _plain(messages: Sequence[Message], bos: str, eos: str, prompt: bool) -> list[str]:
    out = [f"{m['role'].capitalize()}: {m['content']}\n" for m in messages]
    return [*out, "Assistant:"] if prompt else out


# each family's own chat template, written out for the messages our prompts use
_BUILTIN_TEMPLATES: dict[str, Callable[[Sequence[Message], str, str, bool], list[str]]] = {
    "zephyr": _zephyr,
    "phi3": _phi3,
    "gemma": _gemma,
    "llama3": _llama3,
    "inst": _inst,
    "chatml": _chatml,
}


def _render_builtin(
    family: str, messages: Sequence[Message], *, bos: str, eos: str, add_generation_prompt: bool
) -> str:
    """The families' own templates, written out for the messages our prompts use."""
    render = _BUILTIN_TEMPLATES.get(family, _plain)
    return "".join(render(messages, bos, eos, add_generation_prompt))


def _render_jinja(template: str, messages: Sequence[Message], **variables: Any) -> str | None:
    """The model's own template in jinja2's immutable sandbox, as transformers renders it."""
    try:
        from jinja2.exceptions import TemplateError
        from jinja2.sandbox import ImmutableSandboxedEnvironment
    except ImportError:
        return None

    def raise_exception(message: str) -> None:
        raise TemplateError(message)

    def strftime_now(fmt: str) -> str:
        return time.strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    try:
        rendered: str = env.from_string(template).render(
            messages=[dict(m) for m in messages], **variables
        )
    except Exception as e:  # a template that does not fit our messages: use the built-in
        log.warning("Chat template could not be rendered (%s); using the built-in one", e)
        return None
    return rendered


@dataclass(frozen=True)
class ChatTemplate:
    """The model's chat template and the special tokens it refers to."""

    template: str | None
    bos_token: str = ""
    eos_token: str = ""
    use_jinja: bool = True

    @property
    def family(self) -> str:
        return _builtin_family(self.template or "", self.eos_token)

    def render(self, messages: Sequence[Message], *, add_generation_prompt: bool = True) -> str:
        if self.template and self.use_jinja:
            rendered = _render_jinja(
                self.template,
                messages,
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
            if rendered is not None:
                return rendered
        return _render_builtin(
            self.family,
            messages,
            bos=self.bos_token,
            eos=self.eos_token,
            add_generation_prompt=add_generation_prompt,
        )


def _token_text(value: Any) -> str:
    """A special token as tokenizer_config.json writes it: a string or an AddedToken dict."""
    if isinstance(value, dict):
        return str(value.get("content", ""))
    return value if isinstance(value, str) else ""


def load_chat_template(directory: Path) -> ChatTemplate:
    config = _read_json(directory / "tokenizer_config.json") or {}
    template: Any = config.get("chat_template")
    if isinstance(template, list):  # [{"name": "default", "template": ...}, ...]
        named = {t.get("name"): t.get("template") for t in template if isinstance(t, dict)}
        template = named.get("default") or next(iter(named.values()), None)
    jinja_file = directory / "chat_template.jinja"
    if jinja_file.is_file():
        template = jinja_file.read_text(encoding="utf-8")
    return ChatTemplate(
        template if isinstance(template, str) and template.strip() else None,
        bos_token=_token_text(config.get("bos_token")),
        eos_token=_token_text(config.get("eos_token")),
    )


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"The model folder's file {path.name} is unreadable: {e}") from e
    return data if isinstance(data, dict) else None


# -- generation --------------------------------------------------------------------------------


def common_prefix_length(a: Sequence[int], b: Sequence[int]) -> int:
    """How many leading tokens ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass
class Generation:
    """One greedy generation: iterate it for the new token ids; the figures fill in as it runs.

    ``finish_reason`` is ``"stop"`` (an end-of-turn token), ``"budget"`` (``max_new_tokens``
    reached) or ``"context"`` (the model's context is full). ``reused_tokens`` is how many
    prompt tokens the prefix cache spared the prefill.
    """

    model: GenerativeModel
    prompt_ids: list[int]
    max_new_tokens: int
    should_stop: Callable[[], bool] | None = None
    cache_prefix: int = 0  # leading prompt tokens whose KV is kept for later prompts
    token_ids: list[int] = field(default_factory=list)
    finish_reason: str | None = None
    first_token_s: float | None = None
    elapsed_s: float = 0.0
    reused_tokens: int = 0  # prompt tokens whose KV came from the prefix cache
    run_options: Any = field(default=None, repr=False)  # this run's, while it runs

    def cancel(self) -> None:
        """Stop this generation's step in progress (from any thread); it raises CancelledError.
        Unlike :meth:`GenerativeModel.cancel`, it can never stop another generation's step."""
        opts = self.run_options
        if opts is not None:
            opts.terminate = True

    def __iter__(self) -> Iterator[int]:
        started = time.perf_counter()
        try:
            for token in self.model._decode(self):
                if self.first_token_s is None:
                    self.first_token_s = time.perf_counter() - started
                self.token_ids.append(token)
                yield token
        finally:
            self.elapsed_s = time.perf_counter() - started

    def text_deltas(self) -> Generator[str, None, None]:
        """The text as it grows, one delta per token (held back while a character is split)."""
        emitted = ""
        for _ in self:
            text = self.model.decode(self.token_ids)
            if text.endswith("\ufffd") or not text.startswith(emitted):
                continue
            delta, emitted = text[len(emitted) :], text
            if delta:
                yield delta
        text = self.model.decode(self.token_ids)
        if text.startswith(emitted) and len(text) > len(emitted):
            yield text[len(emitted) :]

    @property
    def text(self) -> str:
        return self.model.decode(self.token_ids)


def manifest_fingerprint(manifest: Mapping[str, Any]) -> str:
    """A short hash of a model manifest's file hashes (see :attr:`GenerativeModel.fingerprint`)."""
    blob = json.dumps(manifest.get("files") or {}, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def model_fingerprint(directory: Path) -> str | None:
    """The fingerprint of the model folder's manifest, read without loading the model (None
    when the folder has no readable manifest)."""
    manifest = _read_json(Path(directory) / MANIFEST_FILE)
    return None if manifest is None else manifest_fingerprint(manifest)


class GenerativeModel:
    """A causal LM folder exported by :mod:`contractreview_training.gist_export`, loaded lazily."""

    def __init__(self, directory: Path, *, threads: int | None = None) -> None:
        self.directory = Path(directory)
        manifest = _read_json(self.directory / MANIFEST_FILE)
        if manifest is None:
            raise ModelError(
                f"{self.directory} is not a ContractReview generative model folder (it has no "
                f"{MANIFEST_FILE}). Export the model with 'python -m "
                f"contractreview_training.gist_export'."
            )
        if int(manifest.get("format", 0)) > MANIFEST_FORMAT:
            raise ModelError(
                "This generative model folder was made by a newer ContractReview; update the app."
            )
        self.manifest: dict[str, Any] = manifest
        self.name: str = str(manifest.get("name") or self.directory.name)
        self.architecture: str = str(manifest.get("architecture", ""))
        self.model_file: str = str(manifest.get("model_file", MODEL_FILE))
        self.context_length: int = int(manifest.get("context_length") or DEFAULT_CONTEXT)
        self.threads = threads or default_threads()
        self.chat_template = load_chat_template(self.directory)
        self._lock = threading.Lock()
        self._session: ort.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self._run_options: ort.RunOptions | None = None
        self.stop_ids: frozenset[int] = frozenset()
        # (prefix token ids, their KV cache), most recently used last
        self._prefixes: list[tuple[tuple[int, ...], dict[str, np.ndarray]]] = []
        self.prefix_cache = True  # False: every prompt prefilled in full (measurements, tests)

    @property
    def fingerprint(self) -> str:
        """A short hash of the model's recorded file hashes: which weights wrote a gist."""
        return manifest_fingerprint(self.manifest)

    # -- loading ---------------------------------------------------------------------------
    def verify(self) -> None:
        """Raise ModelError unless every ONNX file matches the SHA-256 in the manifest."""
        files: dict[str, str] = self.manifest.get("files") or {}
        if self.model_file not in files:
            raise ModelError(f"The model manifest does not record {self.model_file}.")
        for name, expected in files.items():
            path = self.directory / name
            if not path.is_file():
                raise ModelError(
                    f"The generative model file {name} is missing from {self.directory}."
                )
            if file_sha256(path) != expected:
                raise ModelError(
                    f"The generative model file {name} has been modified or damaged since it "
                    "was exported (its SHA-256 does not match the manifest), so it will not be "
                    "used. Export the model again."
                )

    def load(self) -> None:
        """Verify and load the model; safe to call from any thread, once or many times."""
        with self._lock:
            if self._session is not None:
                return
            self.verify()
            import onnxruntime as ort
            from tokenizers import Tokenizer

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.log_severity_level = 3
            try:
                session = ort.InferenceSession(
                    str(self.directory / self.model_file),
                    sess_options=opts,
                    providers=["CPUExecutionProvider"],
                )
                tokenizer = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
            except Exception as e:  # onnxruntime and tokenizers raise their own untyped errors
                raise ModelError(f"The generative model could not be loaded: {e}") from e
            tokenizer.no_truncation()
            tokenizer.no_padding()
            self._inspect_graph(session)
            self.stop_ids = self._find_stop_ids(tokenizer)
            self._tokenizer = tokenizer
            self._session = session

    def _inspect_graph(self, session: ort.InferenceSession) -> None:
        inputs = {i.name: i for i in session.get_inputs()}
        if "input_ids" not in inputs or "logits" not in {o.name for o in session.get_outputs()}:
            raise ModelError("The generative model is not a causal language model export.")
        self._past_names = sorted(
            (n for n in inputs if n.startswith("past_key_values.")),
            key=lambda n: (int(n.split(".")[1]), n),
        )
        if not self._past_names:
            raise ModelError(
                "The generative model was exported without its KV cache; export it again with "
                "'python -m contractreview_training.gist_export' (task text-generation-with-past)."
            )
        self._present_names = [n.replace("past_key_values.", "present.") for n in self._past_names]
        first = inputs[self._past_names[0]]
        heads, head_dim = first.shape[1], first.shape[3]
        if not isinstance(heads, int) or not isinstance(head_dim, int):
            raise ModelError("The generative model's KV cache has no fixed shape.")
        self._kv_shape = (heads, head_dim)
        self._kv_dtype = np.float16 if first.type == "tensor(float16)" else np.float32
        self._wants_positions = "position_ids" in inputs
        self._wants_mask = "attention_mask" in inputs
        logits_shape = next(o.shape for o in session.get_outputs() if o.name == "logits")
        vocab = logits_shape[-1]
        if len(logits_shape) == 3 and logits_shape[1] == 1:  # the last position's logits only
            self._prefill_chunk = PREFILL_MAX_CHUNK
        else:
            self._prefill_chunk = (
                max(1, PREFILL_LOGITS_BYTES // (4 * vocab)) if isinstance(vocab, int) else 64
            )

    def _find_stop_ids(self, tokenizer: Tokenizer) -> frozenset[int]:
        ids: set[int] = set()
        generation = _read_json(self.directory / "generation_config.json") or {}
        for key in ("eos_token_id",):
            value = generation.get(key)
            ids.update(value if isinstance(value, list) else [value] if value is not None else [])
        names = [self.chat_template.eos_token, *END_OF_TURN_TOKENS]
        for name in names:
            token_id = tokenizer.token_to_id(name) if name else None
            if token_id is not None:
                ids.add(token_id)
        return frozenset(int(i) for i in ids)

    @property
    def loaded(self) -> bool:
        return self._session is not None

    # -- text ------------------------------------------------------------------------------
    @property
    def tokenizer(self) -> Tokenizer:
        self.load()
        assert self._tokenizer is not None
        return self._tokenizer

    def prompt_ids(self, messages: Sequence[Message]) -> list[int]:
        """The chat prompt as token ids; a template writes its own special tokens."""
        text = self.chat_template.render(messages)
        templated = self.chat_template.template is not None
        return list(self.tokenizer.encode(text, add_special_tokens=not templated).ids)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def truncate(self, text: str, max_tokens: int) -> str:
        """``text`` cut to its first ``max_tokens`` tokens (at a token boundary)."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        if len(enc.ids) <= max_tokens:
            return text
        return text[: enc.offsets[max_tokens - 1][1]] if max_tokens > 0 else ""

    def decode(self, ids: Sequence[int]) -> str:
        return str(self.tokenizer.decode(list(ids), skip_special_tokens=True))

    # -- generation ------------------------------------------------------------------------
    def generate(
        self,
        prompt_ids: Sequence[int],
        *,
        max_new_tokens: int = 200,
        should_stop: Callable[[], bool] | None = None,
        cache_prefix: int = 0,
    ) -> Generation:
        """A greedy generation to iterate (lazy: nothing runs until it is iterated).

        ``cache_prefix``: how many leading tokens of the prompt are a constant head (system
        prompt, instructions) whose KV cache is worth keeping for the next prompts."""
        if not prompt_ids:
            raise ValueError("a prompt needs at least one token")
        return Generation(
            self, list(prompt_ids), max_new_tokens, should_stop, max(0, int(cache_prefix))
        )

    def clear_prefix_cache(self) -> None:
        self._prefixes.clear()

    def _cached_past(self, prompt: Sequence[int]) -> tuple[int, dict[str, np.ndarray] | None]:
        """The longest cached prefix of ``prompt`` (leaving at least its last token to feed, for
        the logits): its length and a view of its KV cache."""
        if not self.prefix_cache:
            return 0, None
        best, best_entry = 0, -1
        for index, (ids, _past) in enumerate(self._prefixes):
            n = common_prefix_length(ids, prompt)
            if n > best:
                best, best_entry = n, index
        best = min(best, len(prompt) - 1)
        if best <= 0:
            return 0, None
        entry = self._prefixes.pop(best_entry)
        self._prefixes.append(entry)  # most recently used
        past = {name: value[:, :, :best, :] for name, value in entry[1].items()}
        return best, past

    def _keep_prefix(self, prompt: Sequence[int], n: int, past: dict[str, np.ndarray]) -> None:
        """Keep the KV of the first ``n`` prompt tokens (copied: the views of ``past`` die)."""
        n = min(n, len(prompt))
        if not self.prefix_cache or n <= 0:
            return
        key = tuple(prompt[:n])
        if any(ids == key for ids, _ in self._prefixes):
            return
        kept = {name: np.ascontiguousarray(value[:, :, :n, :]) for name, value in past.items()}
        self._prefixes.append((key, kept))
        del self._prefixes[:-PREFIX_CACHE_ENTRIES]

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_new_tokens: int = 200,
        should_stop: Callable[[], bool] | None = None,
    ) -> Iterator[str]:
        """The assistant's reply to ``messages`` as text deltas."""
        gen = self.generate(
            self.prompt_ids(messages), max_new_tokens=max_new_tokens, should_stop=should_stop
        )
        yield from gen.text_deltas()

    def cancel(self) -> None:
        """Stop a running step (from another thread); the generation raises CancelledError."""
        opts = self._run_options
        if opts is not None:
            opts.terminate = True

    def _decode(self, gen: Generation) -> Iterator[int]:
        self.load()
        import onnxruntime as ort

        prompt = gen.prompt_ids
        if len(prompt) >= self.context_length:
            raise ModelError(
                f"The prompt ({len(prompt)} tokens) does not fit the model's context "
                f"({self.context_length} tokens)."
            )
        heads, head_dim = self._kv_shape
        reused, cached = self._cached_past(prompt)
        past = cached or {
            n: np.zeros((1, heads, 0, head_dim), dtype=self._kv_dtype) for n in self._past_names
        }
        gen.reused_tokens = reused
        self._run_options = gen.run_options = ort.RunOptions()
        try:
            logits = None
            for start in range(reused, len(prompt), self._prefill_chunk):
                logits, past = self._step(
                    prompt[start : start + self._prefill_chunk], start, past, gen
                )
            if gen.cache_prefix > reused:
                self._keep_prefix(prompt, gen.cache_prefix, past)
            length = len(prompt)
            for produced in range(gen.max_new_tokens + 1):
                assert logits is not None
                if produced == gen.max_new_tokens:
                    gen.finish_reason = "budget"
                    return
                token = int(np.argmax(logits))
                if token in self.stop_ids:
                    gen.finish_reason = "stop"
                    return
                yield token
                if length >= self.context_length:
                    gen.finish_reason = "context"
                    return
                logits, past = self._step([token], length, past, gen)
                length += 1
        finally:
            self._run_options = gen.run_options = None

    def _step(
        self, ids: Sequence[int], past_length: int, past: dict[str, np.ndarray], gen: Generation
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Feed ``ids`` after ``past_length`` cached tokens; the last logits and the new cache."""
        if gen.should_stop is not None and gen.should_stop():
            raise CancelledError("Generation cancelled.")
        assert self._session is not None
        assert self._run_options is not None
        n = len(ids)
        feeds: dict[str, np.ndarray] = {
            "input_ids": np.array([ids], dtype=np.int64),
            **{name: np.ascontiguousarray(value) for name, value in past.items()},
        }
        if self._wants_mask:
            feeds["attention_mask"] = np.ones((1, past_length + n), dtype=np.int64)
        if self._wants_positions:
            feeds["position_ids"] = np.arange(past_length, past_length + n, dtype=np.int64)[None]
        try:
            outputs = self._session.run(["logits", *self._present_names], feeds, self._run_options)
        except Exception as e:
            if self._run_options.terminate:
                raise CancelledError("Generation cancelled.") from e
            raise ModelError(f"The generative model failed while writing: {e}") from e
        new_past = dict(zip(self._past_names, outputs[1:], strict=True))
        return outputs[0][0, -1], new_past
