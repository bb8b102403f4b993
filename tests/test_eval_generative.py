"""The generative model's quality evaluation (contractreview_training.eval_generative): several
models gist the same clauses, the figures are per model, and ``ask`` answers are graded exactly.
Runs on the committed tiny model (no CUAD needed)."""

from __future__ import annotations

from pathlib import Path

from contractreview.gist.ask import ANSWERED, NO_VERIFIED_ANSWER, NOT_ADDRESSED
from contractreview.gist.engine import GistEngine
from contractreview_training.eval_generative import (
    eval_gists,
    grade,
    read_sample,
    summaries,
    write_sample,
)

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_gist_model"
CLAUSES = [
    {"contract_id": "c1", "category": "high: Cap", "text": "Liability is capped at USD 5,000."},
    {"contract_id": "c2", "category": "medium: Term", "text": "The term is two (2) years."},
]


def test_every_model_gists_the_same_clauses_and_is_summarised_apart() -> None:
    a = GistEngine(FIXTURE, max_new_tokens=4)
    b = GistEngine(FIXTURE, max_new_tokens=6)
    b.model.name = "tiny-b"
    rows = eval_gists([a, b], iter(CLAUSES))
    assert [(r["index"], r["model"]) for r in rows] == [
        (0, "tiny-llama"),
        (0, "tiny-b"),
        (1, "tiny-llama"),
        (1, "tiny-b"),
    ]
    assert rows[0]["clause"] == CLAUSES[0]["text"]
    assert rows[2]["prefilled_tokens"] < rows[0]["prefilled_tokens"] / 2  # the head was cached
    figures = summaries(rows, [])
    assert set(figures) == {"tiny-llama", "tiny-b"}
    for f in figures.values():
        assert f["gists"]["n"] == 2
        assert f["gists"]["pass_verifier"] + f["gists"]["unsupported"] == 2


def test_grading_is_exact() -> None:
    item = {"q": "Which law?", "expected": ["New Jersey"]}
    assert grade(item, ANSWERED, "The laws of New Jersey govern it.", []) == "right"
    assert grade(item, ANSWERED, "Delaware law.", ["New Jersey law governs"]) == "wrong"
    assert grade(item, NO_VERIFIED_ANSWER, None, ["governed by New Jersey law"]) == "cited"
    silent = {"q": "Escrow?", "not_addressed": True}
    assert grade(silent, NOT_ADDRESSED, None, []) == "right"
    assert grade(silent, NO_VERIFIED_ANSWER, None, ["escrow"]) == "wrong"


def test_a_drawn_sample_is_read_back_from_any_clause(tmp_path: Path) -> None:
    path = tmp_path / "sample.jsonl"
    write_sample(path, iter(CLAUSES))
    assert read_sample(path, 0, 40) == CLAUSES
    assert read_sample(path, 1, 40) == CLAUSES[1:]
    rows = eval_gists([GistEngine(FIXTURE, max_new_tokens=2)], read_sample(path, 1, 1), first=1)
    assert [r["index"] for r in rows] == [1]
