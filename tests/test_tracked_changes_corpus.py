"""Round trips of the suggested edits on real documents: the sample contract acting for the
customer, and every corpus document with the suggestions the review makes for its default side
(plus, to reach the documents the playbook has little to say about, a word-level change in every
fifth clause). Accepting every change gives the approved text, rejecting every change the
original, no paragraph or list number moves outside the edited clauses, and LibreOffice's own
accept-all and reject-all agree."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from test_tracked_changes import accept, check_round_trip, libreoffice_agrees
from tracked_support import ACCEPT, REJECT, libreoffice_texts, part_root, soffice

from contractreview.analysis.edits.model import EditOption, SuggestedEdit
from contractreview.analysis.pipeline import run_analysis
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import AnalysisResult
from contractreview.export.tracked_changes import export_edits_docx
from contractreview.paths import models_dir
from tests.conftest import REPO, corpus_files, needs_corpus

SAMPLE = REPO / "resources" / "samples" / "sample_services_agreement.docx"
needs_model = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file(), reason="models/clause_model.onnx not built"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _export_both(
    source: Path, result: AnalysisResult, work: Path
) -> tuple[Path, Path, tuple[str, ...]]:
    work.mkdir(parents=True, exist_ok=True)
    tracked, clean = work / f"tracked-{source.name}", work / f"clean-{source.name}"
    done = export_edits_docx(source, tracked, result, accept(result), reviewer="Test Lawyer")
    clean_done = export_edits_docx(source, clean, result, accept(result), tracked=False)
    assert clean_done.applied == done.applied
    return tracked, clean, done.applied


@needs_model
@pytest.mark.slow
def test_the_sample_contract_acting_for_the_customer(tmp_path: Path) -> None:
    result = run_analysis(SAMPLE, load_playbook(), "customer")
    kinds = Counter(e.kind for e in result.edits)
    assert {"replace_value", "replace_clause", "delete", "make_mutual"} <= set(kinds)
    assert len(result.edits) >= 15
    tracked, clean, applied = _export_both(SAMPLE, result, tmp_path)
    assert len(applied) == len(result.edits), "every suggestion is applied"
    check_round_trip(SAMPLE, tracked, result, applied)
    comments = part_root(tracked, "word/comments.xml")
    texts = ["".join(c.itertext()) for c in comments.iter(f"{{{W}}}comment")]
    assert sum("Edit id: " in t for t in texts) == len(applied), "a comment on each change"
    if soffice() is not None:
        libreoffice_agrees(SAMPLE, tracked, clean, tmp_path / "lo")


def _every_fifth_clause(result: AnalysisResult) -> AnalysisResult:
    """A word-level change in every fifth body clause of six words or more: its second to
    fourth words become other words (across runs where the clause has several)."""
    edits = []
    body = [s for s in result.segments if s.block.startswith("document:")]
    for s in body[::5]:
        words = list(re.finditer(r"\S+", s.text))
        if len(words) < 6:
            continue
        start, end = words[1].start(), words[3].end()
        edits.append(
            SuggestedEdit(
                f"t-{s.id}",
                None,
                "test",
                "replace_clause",
                s.id,
                start,
                end,
                s.text[start:end],
                (EditOption("Position", "changed words here"),),
                "A test change.",
            )
        )
    return replace(result, edits=tuple(edits))


@needs_model
@needs_corpus
@pytest.mark.slow
def test_every_corpus_document_round_trips(tmp_path: Path) -> None:
    from contractreview.analysis.classifier import ClauseClassifier

    clf = ClauseClassifier()
    playbook = load_playbook()
    kinds: Counter[str] = Counter()
    jobs: list[tuple[Path, str]] = []
    rows = []
    for path in corpus_files():
        result = run_analysis(path, playbook, None, clf)
        work = tmp_path / path.stem[:40]
        tracked, clean, applied = _export_both(path, result, work / "suggested")
        assert len(applied) == len(result.edits), path.name
        inserted = check_round_trip(path, tracked, result, applied)
        kinds.update(e.kind for e in result.edits)
        stress = _every_fifth_clause(result)
        s_tracked, s_clean, s_applied = _export_both(path, stress, work / "stress")
        check_round_trip(path, s_tracked, stress, s_applied)
        rows.append((path.name, result.side, len(applied), inserted, len(s_applied),
                     len(stress.edits) - len(s_applied)))  # fmt: skip
        for t, c in ((tracked, clean), (s_tracked, s_clean)):
            jobs += [(t, ACCEPT), (c, ACCEPT), (t, REJECT), (path, REJECT)]
    print("\nfile, side, suggested edits applied, clauses inserted, test changes applied/refused")
    for row in rows:
        print(*row, sep=", ")
    print("edit kinds:", dict(kinds))
    assert sum(r[2] for r in rows) > 0
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: its own check is skipped")
    texts = libreoffice_texts(jobs, tmp_path / "lo")
    for i in range(0, len(jobs), 4):
        source = jobs[i + 3][0].name
        assert texts[i] == texts[i + 1], f"LibreOffice's accept-all differs ({source})"
        assert texts[i + 2] == texts[i + 3], f"LibreOffice's reject-all differs ({source})"
