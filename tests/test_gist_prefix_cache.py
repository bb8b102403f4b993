"""The prompt-prefix KV cache of the generative runtime, on the committed tiny model (no torch):
a prompt that begins with a cached prefix starts from its keys and values and prefills only the
rest, and greedy decoding gives the same tokens as without the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from contractreview.gist.ask import ASK_PROMPT
from contractreview.gist.engine import CLAUSE_PROMPT, GistEngine, whole_sentences
from contractreview.gist.runtime import PREFIX_CACHE_ENTRIES, GenerativeModel, common_prefix_length

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_gist_model"
CLAUSES = (
    "The Customer shall pay each undisputed invoice within thirty (30) days of receipt.",
    "Either party may terminate this Agreement upon ninety (90) days' prior written notice.",
    "The Supplier's total liability shall not exceed the fees paid in the preceding 12 months.",
)


def clause_prompt(model: GenerativeModel, clause: str) -> list[int]:
    return model.prompt_ids([{"role": "user", "content": CLAUSE_PROMPT.format(clause=clause)}])


def greedy(
    model: GenerativeModel, prompt: list[int], head: int, n: int = 12
) -> tuple[list[int], int]:
    gen = model.generate(prompt, max_new_tokens=n, cache_prefix=head)
    return list(gen), gen.reused_tokens


def test_common_prefix_length() -> None:
    assert common_prefix_length([1, 2, 3], [1, 2, 4, 5]) == 2
    assert common_prefix_length([], [1]) == 0
    assert common_prefix_length([7, 8], [7, 8]) == 2


def test_cached_prefix_gives_the_same_tokens_as_a_full_prefill() -> None:
    cached = GenerativeModel(FIXTURE)
    plain = GenerativeModel(FIXTURE)
    plain.prefix_cache = False
    for model in (cached, plain):
        model.load()
        model.stop_ids = frozenset()  # a fixed budget: every step compared
    head = clause_prompt(cached, "")
    first = clause_prompt(cached, CLAUSES[0])
    n_head = common_prefix_length(first, head)
    assert n_head > 20  # the chat template's system turn and the instructions
    tokens, reused = greedy(cached, first, n_head)
    assert reused == 0  # nothing cached yet
    assert tokens == greedy(plain, first, n_head)[0]
    for clause in CLAUSES[1:]:
        prompt = clause_prompt(cached, clause)
        assert prompt[:n_head] == first[:n_head]  # the same head, token for token
        tokens, reused = greedy(cached, prompt, n_head)
        assert reused == n_head  # only the clause and the template's tail were prefilled
        expected, none = greedy(plain, prompt, n_head)
        assert none == 0
        assert tokens == expected


def test_cached_logits_match_a_full_prefill_closely() -> None:
    model = GenerativeModel(FIXTURE)
    model.load()
    model.stop_ids = frozenset()
    head = clause_prompt(model, "")
    prompt = clause_prompt(model, CLAUSES[1])
    n_head = common_prefix_length(prompt, head)
    greedy(model, clause_prompt(model, CLAUSES[0]), n_head, n=1)  # caches the head
    step = model._step
    runs: list[list[np.ndarray]] = []

    def spy(*args: Any) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        logits, past = step(*args)
        runs[-1].append(logits)
        return logits, past

    model._step = spy  # type: ignore[method-assign,assignment]
    for use_cache in (True, False):
        model.prefix_cache = use_cache
        runs.append([])
        gen = model.generate(prompt, max_new_tokens=3)
        list(gen)
        assert gen.reused_tokens == (n_head if use_cache else 0)
    cached, full = runs
    assert len(cached) < len(full) or model._prefill_chunk >= len(prompt)
    for a, b in zip(cached[-3:], full[-3:], strict=True):  # the last prefill step and 2 decodes
        np.testing.assert_allclose(a, b, atol=1e-4)


def test_the_whole_prompt_is_never_taken_from_the_cache() -> None:
    """A prompt equal to a cached prefix still feeds its last token (for the logits)."""
    model = GenerativeModel(FIXTURE)
    model.load()
    model.stop_ids = frozenset()
    prompt = clause_prompt(model, CLAUSES[0])
    first, _ = greedy(model, prompt, len(prompt), n=6)
    again, reused = greedy(model, prompt, len(prompt), n=6)
    assert reused == len(prompt) - 1
    assert again == first


def test_the_cache_keeps_a_few_prefixes_most_recent_last() -> None:
    model = GenerativeModel(FIXTURE)
    model.load()
    for i in range(PREFIX_CACHE_ENTRIES + 2):
        prompt = model.prompt_ids([{"role": "user", "content": f"Question {i}: " + CLAUSES[0]}])
        greedy(model, prompt, len(prompt) - 2, n=1)
    assert len(model._prefixes) == PREFIX_CACHE_ENTRIES
    model.clear_prefix_cache()
    assert model._prefixes == []


def test_engine_and_ask_cache_their_instructions() -> None:
    engine = GistEngine(FIXTURE, max_new_tokens=4)
    first = engine.gist_clause(CLAUSES[0])
    first.wait()
    second = engine.gist_clause(CLAUSES[1])
    second.wait()
    head = engine.model.prompt_ids([{"role": "user", "content": CLAUSE_PROMPT.format(clause="")}])
    assert first.generation.reused_tokens == 0
    assert second.generation.reused_tokens == common_prefix_length(
        second.generation.prompt_ids, head
    )
    assert second.generation.reused_tokens > 20
    ask_head = engine.model.prompt_ids(
        [{"role": "user", "content": ASK_PROMPT.format(extracts="", question="")}]
    )
    assert common_prefix_length(ask_head, head) < len(ask_head)  # a different head, kept apart


def test_a_gist_cut_by_the_budget_keeps_whole_sentences() -> None:
    assert whole_sentences("It ends on 90 days' notice. The Customer must pay all") == (
        "It ends on 90 days' notice."
    )
    assert whole_sentences('It lasts 2.5 years (see 3.1). Then "it renews." And') == (
        'It lasts 2.5 years (see 3.1). Then "it renews."'
    )
    assert whole_sentences("no sentence has ended") == "no sentence has ended"
    engine = GistEngine(FIXTURE, max_new_tokens=6)
    engine.model.load()
    engine.model.stop_ids = frozenset()
    run = engine.gist_clause(CLAUSES[0])
    gist = run.wait()
    assert gist.finish_reason == "budget"
    assert gist.text == whole_sentences(run.generation.text.strip())
