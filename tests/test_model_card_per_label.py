"""The model card's per-label section: added only when a per-label report is given, every label
a row, the losers listed with their reasons; the rest of the card is untouched by it."""

from __future__ import annotations

from typing import Any

from contractreview_training.model_card import per_label_lines, render

OVERALL = {"aupr": 0.46, "p_at_80r": 0.2, "segment_ap": 0.57}
CAT = {"aupr": 0.5, "p_at_80r": 0.3, "segment_ap": 0.6, "gold": 12.0}


def _inputs() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    meta = {"sha256": "ab" * 32, "labels": [{"id": "Governing Law"}, {"id": "Arbitration"}]}
    cuad = {
        "model": {"overall": OVERALL, "per_category": {"Governing Law": CAT}},
        "baseline": {"overall": OVERALL, "per_category": {"Governing Law": CAT}},
    }
    unfair = {
        "model": {"micro_f1": 0.95, "macro_f1": 0.8, "per_label_f1": {"Arbitration": 0.5}},
        "baseline": {"micro_f1": 0.95, "macro_f1": 0.7, "per_label_f1": {"Arbitration": 0.6}},
    }
    return meta, cuad, unfair


REPORT = {
    "loss_margin": 0.01,
    "labels": [
        {
            "label": "Governing Law",
            "family": "cuad",
            "train_examples": 300,
            "dev_examples": 61,
            "model_aupr": 0.94,
            "baseline_aupr": 0.92,
            "model_ap": 0.95,
            "baseline_ap": 0.9,
            "model_f1": 0.9,
            "baseline_f1": 0.85,
            "loses": False,
            "reasons": [],
        },
        {
            "label": "Arbitration",
            "family": "unfair_tos",
            "train_examples": 30,
            "dev_examples": 5,
            "model_ap": 0.5,
            "baseline_ap": 0.6,
            "model_f1": 0.55,
            "baseline_f1": 0.6,
            "loses": True,
            "reasons": ["few dev examples (5): the figure moves with one"],
        },
    ],
}


def test_section_lists_every_label_and_the_losers() -> None:
    lines = per_label_lines(REPORT)
    text = "\n".join(lines)
    assert "| Governing Law | 300 | 61 | 94.0 / 92.0 | 95.0 / 90.0 | 90.0 / 85.0 |" in lines
    assert "| Arbitration | 30 | 5 | - | 50.0 / 60.0 | 55.0 / 60.0 |" in lines
    assert "- **Arbitration**: few dev examples (5): the figure moves with one." in lines
    assert "Governing Law**" not in text


def test_card_without_a_report_is_unchanged_and_with_one_gains_only_the_section() -> None:
    meta, cuad, unfair = _inputs()
    plain = render(meta, cuad, unfair, {})
    with_section = render(meta, cuad, unfair, {}, per_label=REPORT)
    assert "Per-label report" not in plain
    head, tail = plain.split("\n## Known weaknesses")
    assert (
        with_section == head + "\n".join(per_label_lines(REPORT)) + "\n\n## Known weaknesses" + tail
    )
