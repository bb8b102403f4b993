"""The per-label report on contracts and scores made here: a category the model wins, one it
loses with the reason the data shows (a short excerpt inside a long segment), UNFAIR-ToS rows,
and the family means."""

from __future__ import annotations

from collections import Counter

import numpy as np

from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text
from contractreview_training.datasets import CuadContract, LabelledSegment, _label_segments
from contractreview_training.dev_scores import DevScores, FamilyScores
from contractreview_training.per_label_report import (
    _reasons,
    cuad_rows,
    excerpt_shape,
    means,
    unfair_rows,
)

PREAMBLE = (
    "This Supply Agreement is made on the first day of March between Acme Widgets Limited, a "
    "company with its registered office in the city of Leeds, and Beta Tools Incorporated, a "
    "corporation with its principal place of business in the city of Boston, each a party."
)
LAW = "This Agreement is governed by the laws of the State of New York without regard to conflicts."
FILLER = "The Supplier shall deliver the Goods to the Customer within thirty days of each order."


def _contract(k: int) -> CuadContract:
    # positives well under a tenth of the segments, as in CUAD (the eval's thresholds sweep
    # the top tenth of the scores)
    fillers = "".join(f"{FILLER[:-1]} under order number {n}.\n\n" for n in range(14))
    text = f"{PREAMBLE}\n\n{fillers}{LAW}\n\n{fillers}"
    segments = [
        LabelledSegment(str(k), s, *(int(s.block.split(":")[1]) + x for x in (s.start, s.end)))
        for s in segment_document(document_from_text(text))
    ]
    party = text.index("Acme Widgets Limited")
    law = text.index(LAW)
    excerpts = {
        "Parties": [[(party, party + len("Acme Widgets Limited"))]],
        "Governing Law": [[(law, law + len(LAW))]],
    }
    _label_segments(segments, excerpts)
    return CuadContract(str(k), text, "dev", "Supply", segments, excerpts)


def _scores() -> DevScores:
    contracts = [_contract(k) for k in range(6)]
    segs = [s for c in contracts for s in c.segments]
    cats = ["Parties", "Governing Law"]
    y = np.array([[cat in s.labels for cat in cats] for s in segs], dtype=np.uint8)
    rng = np.random.default_rng(0)
    noise = rng.random(y.shape) * 0.3
    model = noise.copy()  # knows nothing
    baseline = np.where(y == 1, 0.9, 0.1) + noise * 0.1  # ranks every positive first
    cuad = FamilyScores(
        cats, y, model, baseline, np.array([0.5, 0.5]), np.array([s.contract_id for s in segs])
    )
    yu = np.array([[1, 0], [0, 1], [0, 0], [1, 0], [0, 0], [0, 1]], dtype=np.uint8)
    unfair = FamilyScores(
        ["Arbitration", "Jurisdiction"],
        yu,
        np.where(yu == 1, 0.8, 0.2),
        np.where(yu == 1, 0.6, 0.4),
        np.array([0.5, 0.5]),
        np.array(["a", "a", "b", "b", "c", "c"]),
    )
    return DevScores("x" * 64, {"cuad": cuad, "unfair_tos": unfair}, contracts)


def test_excerpt_shape_sees_a_short_excerpt_in_a_long_segment() -> None:
    contracts = [_contract(0)]
    parties = excerpt_shape(contracts, "Parties")
    assert parties["excerpt_words"] == 3
    assert parties["segment_words"] == len(PREAMBLE.split())
    assert parties["short_share"] == 1.0
    law = excerpt_shape(contracts, "Governing Law")
    assert law["short_share"] == 0.0
    assert excerpt_shape(contracts, "Insurance")["excerpt_words"] == 0.0


def test_rows_losers_reasons_and_means() -> None:
    scores = _scores()
    rows = cuad_rows(scores, Counter({"Parties": 400, "Governing Law": 12}))
    by = {r["label"]: r for r in rows}
    assert by["Governing Law"]["baseline_aupr"] == 1.0
    assert by["Governing Law"]["loses"]
    assert by["Governing Law"]["reasons"] == [
        "few training examples (12)",
        "few dev examples (6): the figure moves with one",
    ]
    # three words in a 40-word preamble: no run of segments matches it, for either system
    assert by["Parties"]["model_aupr"] == by["Parties"]["baseline_aupr"] == 0.0
    assert not by["Parties"]["loses"]
    assert by["Parties"]["reasons"] == []
    shape = {"excerpt_words": 3.0, "segment_words": 40.0, "short_share": 1.0}
    assert _reasons({"train_examples": 400, "dev_examples": 60, **shape}) == [
        "short excerpts: 100% under half their segment (median 3 words in segments of 40)"
    ]
    assert _reasons({"train_examples": 400, "dev_examples": 60}) == ["none visible in the data"]
    tos = unfair_rows(scores, Counter({"Arbitration": 20, "Jurisdiction": 90}))
    assert [r["label"] for r in tos] == ["Arbitration", "Jurisdiction"]
    assert all(r["model_f1"] == 1.0 for r in tos)
    assert not any(r["loses"] for r in tos)
    avg = means(rows + tos)
    assert avg["cuad"]["model_aupr"] == np.mean([r["model_aupr"] for r in rows])
    assert avg["unfair_tos"]["model_f1"] == 1.0
