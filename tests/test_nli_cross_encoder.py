"""The fine-tuned cross-encoder's measurement machinery (training/nli_cross_encoder.py,
training/nli_ce_variants.py): its training pairs, the variants it adds to
``contractreview eval contract-nli --cross-encoder DIR``, and the refusal of scores that are
not those of the eval's folds. The fine-tuning itself needs torch (training extra, not CI)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED

from contractreview_training.contract_nli_data import LABELS, NliDocument
from contractreview_training.nli_ce_variants import (
    ce_answer_probs,
    ce_citations,
    cross_encoder_answers,
)
from contractreview_training.nli_cross_encoder import (
    CrossSettings,
    segment_text,
    training_pairs,
)

CONTRACT_NLI = SHARED / "data" / "contract_nli"
ENT, CON, NM = (LABELS.index(x) for x in ("entailment", "contradiction", "not_mentioned"))


def _doc() -> NliDocument:
    parts = [
        "1. Confidentiality.",
        "The Recipient shall not:",
        "(a) reverse engineer any sample;",
        "(b) disclose the terms of this Agreement.",
        "The Recipient may share Confidential Information with its employees.",
        "This Agreement is governed by the laws of Delaware.",
    ]
    text, spans = "", []
    for p in parts:
        spans.append((len(text), len(text) + len(p)))
        text += p + "\n"
    doc = NliDocument(1, text, spans)
    doc.labels = {"nda-11": ENT, "nda-5": CON, "nda-10": NM}
    doc.evidence = {"nda-11": {1, 2}, "nda-5": {4}, "nda-10": set()}
    return doc


def test_a_list_item_is_read_after_its_lead_in() -> None:
    doc = _doc()
    from contractreview.analysis.checklist.features import lead_ins

    spans = doc.span_texts
    lead = lead_ins(spans)
    assert segment_text(spans, 2, lead) == "The Recipient shall not: ... " + spans[2]
    assert segment_text(spans, 1, lead) == spans[1]  # its predecessor is no lead-in


def test_training_pairs_hold_every_gold_span_and_the_hard_negatives() -> None:
    doc = _doc()
    hyps = [("nda-11", "No reverse engineering."), ("nda-5", "Share with employees."),
            ("nda-10", "Terms stay secret.")]  # fmt: skip
    # TF-IDF-like scores: span 5 ranks first for every hypothesis, then 3
    ranks = [np.tile(np.array([0.1, 0.2, 0.3, 0.8, 0.4, 0.9]), (3, 1))]
    s = CrossSettings(hard_negatives=2, random_negatives=1)
    pairs = training_pairs([doc], hyps, ranks, s)
    from contractreview.analysis.checklist.features import lead_ins

    spans = doc.span_texts
    lead = lead_ins(spans)
    index = {segment_text(spans, i, lead): i for i in range(len(spans))}
    by_hyp: dict[str, list[tuple[int, int]]] = {}
    for text, seg, cls in pairs:
        by_hyp.setdefault(text, []).append((index[seg], cls))
    rev = by_hyp["No reverse engineering."]
    assert sorted(i for i, cls in rev if cls == 1) == [1, 2]  # gold: entailment evidence
    assert (5, 0) in rev  # the two best-ranked non-gold spans
    assert (3, 0) in rev
    assert len(rev) == 2 + 2 + 1  # and one random other
    emp = by_hyp["Share with employees."]
    assert [cls for i, cls in emp if i == 4] == [2]  # contradiction evidence
    secret = by_hyp["Terms stay secret."]
    assert all(cls == 0 for _, cls in secret)  # not mentioned: nothing is evidence
    assert len(secret) == 3


def _row(cand: list[int], probs: list[list[float]]) -> dict[str, object]:
    return {"cand": cand, "probs": probs}


def test_variants_follow_the_cross_encoders_evidence() -> None:
    row = _row([7, 3, 9], [[0.9, 0.05, 0.05], [0.1, 0.1, 0.8], [0.3, 0.6, 0.1]])
    assert ce_citations(row) == {3, 9}  # evidence 0.9 and 0.7, not 0.1
    probs = ce_answer_probs(row)
    assert probs.sum() == pytest.approx(1.0)
    assert int(np.argmax(probs)) == CON  # contradiction 0.95 against entailment 0.75
    weak = _row([4, 5], [[0.8, 0.15, 0.05], [0.9, 0.05, 0.05]])
    assert ce_citations(weak) == {4}  # none at 0.5: the best one only
    assert int(np.argmax(ce_answer_probs(weak))) == NM
    model = np.array([0.7, 0.1, 0.2])
    got = {name: (int(np.argmax(p)), cited) for name, p, cited in cross_encoder_answers(model, row)}
    assert got["model_ce_citations"] == (ENT, {3, 9})
    assert got["ce_answer"][0] == CON
    assert set(got) == {"model_ce_citations", "ce_answer", "blend"}


needs_data = pytest.mark.skipif(
    not (CONTRACT_NLI / "documents.jsonl").is_file(),
    reason="../shared/data/contract_nli is absent (ContractNLI is not in the repository)",
)


def _oracle_rows(out: Path, fold: int, folds: int, limit: int) -> float:
    """Held-out scores that put all their weight on the gold evidence: an oracle, to check
    the eval's arithmetic end to end (its answers and citations must all be right). Returns
    the evidence recall it can reach citing at most six spans."""
    from contractreview_training.contract_nli_data import load_contract_nli
    from contractreview_training.eval_contract_nli import document_folds

    docs, hyps = load_contract_nli(CONTRACT_NLI)
    docs = docs[:limit]
    rows, found, gold_spans = [], 0, 0
    for i in document_folds(len(docs), folds)[fold]:
        d = docs[i]
        for h in hyps:
            gold = d.labels[h.id]
            ev = sorted(d.evidence[h.id]) if gold != NM else []
            found, gold_spans = found + min(len(ev), 6), gold_spans + len(ev)
            others = [j for j in range(len(d.spans)) if j not in ev][:3]
            cls = 1 if gold == ENT else 2
            probs = [[0.0, float(cls == 1), float(cls == 2)] for _ in ev]
            probs += [[1.0, 0.0, 0.0] for _ in others]
            rows.append({"doc": d.doc_id, "hid": h.id, "cand": ev + others, "probs": probs})
    out.mkdir(parents=True, exist_ok=True)
    (out / f"fold{fold + 1}_rows.json").write_text(json.dumps(rows), encoding="utf-8")
    return found / gold_spans


@needs_data
@pytest.mark.slow
def test_eval_prints_the_variants_on_the_cross_encoders_folds_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("sklearn", reason="the eval trains with scikit-learn (test extra)")
    from contractreview.cli.main import main

    reachable = _oracle_rows(tmp_path / "ce", fold=1, folds=3, limit=12)
    out = tmp_path / "nli.json"
    args = ["eval", "contract-nli", "--data", str(CONTRACT_NLI), "--limit", "12", "--folds", "3",
            "--cross-encoder", str(tmp_path / "ce"), "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "folds 2:" in printed
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["only_folds"] == [2]  # fold 2 alone has scores: every row is on it
    figures = doc["figures"]
    assert set(figures) == {"model", "model_ce_citations", "ce_answer", "blend", "majority",
                            "tfidf_lr"}  # fmt: skip
    assert {f["pairs"] for f in figures.values()} == {4 * 17}
    oracle = figures["ce_answer"]
    assert oracle["accuracy"] == 1.0
    assert oracle["evidence_precision"] == 1.0
    assert oracle["evidence_recall"] == pytest.approx(reachable)  # some pairs cite > 6 spans
    assert reachable > 0.9
    # the model's answers with the oracle's citations: recall only lost where it answers
    # not mentioned, precision never
    assert figures["model_ce_citations"]["evidence_precision"] == 1.0


@needs_data
def test_scores_of_other_documents_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from contractreview.cli.main import main

    _oracle_rows(tmp_path / "ce", fold=0, folds=3, limit=12)
    args = ["eval", "contract-nli", "--data", str(CONTRACT_NLI), "--limit", "15", "--folds", "3",
            "--cross-encoder", str(tmp_path / "ce")]  # fmt: skip
    assert main(args) == 2
    assert "are not those of fold 1 of 3" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    args[-1] = str(tmp_path / "empty")
    assert main(args) == 2
    assert "no fold<N>_rows.json" in capsys.readouterr().out
