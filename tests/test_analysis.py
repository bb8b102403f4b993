"""The analysis generator: progress, cancellation, the result's JSON, the CLI, real documents.

``CountingClassifier`` is a stand-in for the clause model, used only to test progress events
and cancellation between batches (it scores nothing). Tests of what the model says use the
shipped model and skip until it is installed.
"""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from contractreview.analysis.labels import segment_label
from contractreview.analysis.pipeline import Progress, analyze, run_analysis
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import SCHEMA, AnalysisResult, Citation
from contractreview.analysis.segmenter import segment_document
from contractreview.analysis.terms.grounding import term_is_grounded
from contractreview.cli.analyze import print_review
from contractreview.cli.analyze import run as run_cli
from contractreview.docx.document import Document, document_from_text
from contractreview.errors import CancelledError, PlaybookError
from contractreview.paths import models_dir
from tests.conftest import corpus_files, needs_corpus
from tests.test_terms import CONTRACT

HAVE_MODEL = (models_dir() / "clause_model.onnx").is_file()
needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="models/clause_model.onnx not built yet")


class CountingClassifier:
    """Fake model for the cancellation/progress tests only: batches of 2, all scores 0."""

    name = "counting-fake"
    sha256 = "f" * 64
    label_ids: ClassVar[list[str]] = ["Cap on Liability", "Governing Law"]
    thresholds = np.array([0.5, 0.5], dtype=np.float32)

    def __init__(self) -> None:
        self.batches = 0

    def iter_scores(
        self, texts: Sequence[str], *, should_stop: Callable[[], bool] | None = None
    ) -> Iterator[tuple[int, int, np.ndarray | None]]:
        for b in range(0, len(texts), 2):
            if should_stop is not None and should_stop():
                raise CancelledError("Analysis cancelled.")
            self.batches += 1
            yield min(b + 2, len(texts)), len(texts), None
        yield len(texts), len(texts), np.zeros((len(texts), 2), dtype=np.float32)


def _doc() -> Document:
    return document_from_text(CONTRACT, path="msa.txt", sha256="a" * 64)


def test_generator_yields_progress_then_the_result() -> None:
    events = list(analyze(_doc(), load_playbook(), "customer", CountingClassifier()))
    result = events[-1]
    assert isinstance(result, AnalysisResult)
    progress = [e for e in events[:-1] if isinstance(e, Progress)]
    assert len(progress) == len(events) - 1
    stages = [p.stage for p in progress]
    assert stages[0] == "parse"
    assert stages[-1] == "done"
    model = [p for p in progress if p.stage == "model"]
    assert [p.done for p in model] == sorted(p.done for p in model)
    assert model[-1].done == model[-1].total == len(result.segments)
    assert set(result.timings) == {"parse_s", "segment_s", "model_s", "rules_s", "total_s"}
    assert result.document.contract_type == "services"
    assert result.model.name == "counting-fake"


def test_generator_can_be_cancelled_between_batches() -> None:
    clf = CountingClassifier()
    stop = False
    gen = analyze(_doc(), load_playbook(), "customer", clf, should_stop=lambda: stop)
    seen = 0

    def consume() -> None:
        nonlocal seen, stop
        for event in gen:
            if isinstance(event, Progress) and event.stage == "model":
                seen += 1
                stop = seen == 2  # the user presses Cancel after the second batch

    with pytest.raises(CancelledError):
        consume()
    n_segments = len(segment_document(_doc()))
    assert clf.batches < (n_segments + 1) // 2


def test_closing_the_generator_stops_it() -> None:
    gen = analyze(_doc(), load_playbook(), "customer", CountingClassifier())
    assert next(gen).stage == "parse"  # type: ignore[union-attr]
    gen.close()  # a GUI dropping the document closes the generator; nothing else runs
    with pytest.raises(StopIteration):
        next(gen)


def test_unknown_side_fails_before_the_model_runs() -> None:
    clf = CountingClassifier()
    with pytest.raises(PlaybookError, match="no side"):
        list(analyze(_doc(), load_playbook(), "landlord", clf))
    assert clf.batches == 0


def test_json_follows_the_schema() -> None:
    result = run_analysis(_doc(), load_playbook(), "customer", CountingClassifier())
    data = json.loads(json.dumps(result.to_json()))
    assert data["schema"] == SCHEMA
    assert set(data["document"]) == {
        "path", "sha256", "title", "contract_type", "words", "warnings",
    }  # fmt: skip
    assert data["playbook"]["sha256"] == load_playbook().sha256
    seg = data["segments"][0]
    assert {"id", "text", "label", "heading", "block", "start", "end", "labels", "risk"} <= set(seg)
    names = {t["name"] for t in data["terms"]}
    assert {"parties", "governing_law", "notice_period"} <= names
    for t in data["terms"]:
        keys = {"name", "value", "normalized", "confidence", "segment", "start", "end"}
        assert keys | {"citations", "check", "alternatives"} == set(t)
        assert isinstance(t["check"], bool)
        alternative = {"value", "normalized", "confidence", "segment", "start", "end"}
        assert all(set(a) == alternative for a in t["alternatives"])
        assert t["citations"][0] == {"segment": t["segment"], "start": t["start"], "end": t["end"]}
    reasons = [r for s in data["segments"] for r in s["risk"]["reasons"]]
    assert any(r["source"] == "rule" and r["id"] == "short_notice_period" for r in reasons)


def test_json_and_readable_review_carry_every_citation_of_a_term() -> None:
    result = run_analysis(_doc(), load_playbook(), "customer", CountingClassifier())
    parties = next(t for t in result.terms if t.name == "parties")
    other = next(s for s in result.segments if s.id != parties.segment)
    more = (Citation(other.id, 0, min(5, len(other.text))),)
    result = replace(
        result, terms=tuple(replace(t, more=more) if t is parties else t for t in result.terms)
    )
    data = json.loads(json.dumps(result.to_json()))
    got = next(t for t in data["terms"] if t["name"] == "parties")
    assert (got["segment"], got["start"], got["end"]) == (
        parties.segment,
        parties.start,
        parties.end,
    )
    assert got["citations"] == [
        {"segment": parties.segment, "start": parties.start, "end": parties.end},
        {"segment": other.id, "start": 0, "end": min(5, len(other.text))},
    ]
    out = io.StringIO()
    print_review(result, out)
    # cited as a lawyer cites them ("Cover page", "2.1"), not by segment id
    first, second = (segment_label(result.segment(s)) for s in (parties.segment, other.id))
    assert first
    assert second
    assert f"[{first} " in out.getvalue()
    assert f" and {second}]" in out.getvalue()


def test_readable_review_lists_risks_missing_and_terms() -> None:
    result = run_analysis(_doc(), load_playbook(), "customer", CountingClassifier())
    out = io.StringIO()
    print_review(result, out)
    text = out.getvalue()
    for section in ("TOP RISKS", "MISSING CLAUSES", "KEY TERMS"):
        assert section in text
    assert "notice period is under 30 days" in text
    assert 'Acme Corp. ("Supplier")' in text


@pytest.mark.slow
@needs_model
def test_cli_writes_json_for_the_sample_contract(tmp_path: Path) -> None:
    from contractreview.paths import sample_contract

    out = tmp_path / "review.json"
    args = argparse.Namespace(
        file=str(sample_contract()),
        playbook=None,
        side="vendor",
        json_out=str(out),
        all_scores=True,
    )
    assert run_cli(args) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["side"] == "vendor"
    assert data["model"]["sha256"]
    n_labels = len(data["segments"][0]["labels"])
    assert n_labels > 40
    assert all(len(s["labels"]) == n_labels for s in data["segments"])


@needs_model
@needs_corpus
@pytest.mark.slow
def test_every_corpus_document_is_analysed_with_grounded_terms() -> None:
    from contractreview.analysis.classifier import ClauseClassifier

    clf = ClauseClassifier()
    playbook = load_playbook()
    for path in corpus_files():
        result = run_analysis(path, playbook, None, clf)
        texts = {s.id: s.text for s in result.segments}
        for term in result.terms:
            assert term_is_grounded(term, texts), (path.name, term)  # every citation
