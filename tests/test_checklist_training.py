"""The checklist model's training choices made inside the training documents: the evidence
threshold (F-beta of the cited spans on cross-fit scores), the answers' class offsets
(accuracy of out-of-fold answers), and the span context the evidence model reads. Numpy
only: no ContractNLI needed."""

from __future__ import annotations

import numpy as np
import pytest

from contractreview.analysis.checklist.features import lead_ins, with_context
from contractreview_training.nli_train import OFFSETS, choose_offsets, choose_threshold


def test_threshold_trades_precision_for_recall_with_beta() -> None:
    # each pair: two gold spans scoring 0.9 and 0.3, two wrong ones scoring 0.6 and 0.2
    pairs = [(np.array([0.9, 0.6, 0.3, 0.2]), {0, 2}) for _ in range(10)]
    precise = choose_threshold(pairs, k=4, beta=0.5)
    recalling = choose_threshold(pairs, k=4, beta=2.0)
    assert precise > 0.6  # the best span alone: precision 1, recall 0.5
    assert 0.2 < recalling <= 0.3  # 0.9, 0.6 and 0.3: recall 1, precision 2/3
    # k caps what a threshold can cite
    assert choose_threshold(pairs, k=1, beta=2.0) == choose_threshold(pairs, k=1, beta=0.5)


def test_offsets_fix_a_biased_class_and_stay_put_otherwise() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 300)
    logits = np.eye(3)[y] * 2.0 + rng.normal(0, 0.3, (300, 3))
    assert np.allclose(choose_offsets([(logits, y)]), 0.0)  # already right: no move
    shifted = logits.copy()
    shifted[:, 1] -= 2.5  # contradiction under-called by a margin the offsets can repair
    off = choose_offsets([(shifted, y)])
    assert off[0] == 0.0
    assert off[1] >= 0.5
    assert ((shifted + off).argmax(1) == y).mean() > (shifted.argmax(1) == y).mean()
    assert off[1] in OFFSETS
    assert off[2] in OFFSETS


def test_next_span_context() -> None:
    x = np.eye(3, dtype=np.float32)
    texts = ["The Recipient shall not:", "(a) copy;", "2.1"]
    two = with_context(x, lead_ins(texts))
    three = with_context(x, lead_ins(texts), contexts=3)
    assert two.shape == (3, 6)
    assert three.shape == (3, 9)
    assert np.array_equal(three[:, :6], two)
    assert np.array_equal(three[0, 6:], x[1])  # each span beside the one after it
    assert not three[2, 6:].any()  # the last has none
    with pytest.raises(ValueError, match="contexts"):
        with_context(x, lead_ins(texts), contexts=4)
