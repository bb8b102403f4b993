"""``contractreview eval findings-count``: findings per document on the sample contract and the
shared corpus, with and without the learned risk-type detector.

Each DOCX is read, segmented and scored by the clause model once; the rules then run twice:
as shipped, and with the learned detector switched off (the effect reader's topic cues alone),
so the two counts differ only by what the detector adds. Printed per document and in total:
findings (low or higher), findings at medium or higher, and reasons repeated within a finding.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def documents(corpus: Path) -> list[Path]:
    from contractreview.paths import sample_contract

    return [sample_contract(), *sorted(corpus.glob("*.docx"))]


def counts(result: Any) -> tuple[int, int, int]:
    """(findings, findings at medium or higher, duplicate reasons within findings)."""
    from contractreview.analysis.results import RiskLevel

    medium = sum(f.risk.level.rank >= RiskLevel.MEDIUM.rank for f in result.findings)
    dup = 0
    for f in result.findings:
        seen = Counter(r.text for r in f.risk.reasons)
        dup += sum(n - 1 for n in seen.values())
    return len(result.findings), medium, dup


def run_counts(paths: list[Path]) -> dict[str, dict[str, tuple[int, int, int]]]:
    """{document: {"cues": counts, "cues+model": counts}}."""
    from contractreview.analysis import pipeline
    from contractreview.analysis.classifier import ClauseClassifier
    from contractreview.analysis.effect.type_model import switched_off
    from contractreview.analysis.playbook import load_playbook
    from contractreview.analysis.segmenter import segment_document
    from contractreview.docx.reader import read_docx

    clf = ClauseClassifier()
    playbook = load_playbook()
    out: dict[str, dict[str, tuple[int, int, int]]] = {}
    for path in paths:
        document = read_docx(str(path))
        segments = segment_document(document)
        scores = clf.scores([s.model_input() for s in segments])
        model = pipeline.ModelOutput(scores, clf.label_ids, clf.thresholds, clf.name, clf.sha256)
        with switched_off():
            cues = counts(pipeline.combine(document, segments, model, playbook))
        both = counts(pipeline.combine(document, segments, model, playbook))
        out[path.name] = {"cues": cues, "cues+model": both}
    return out


def run_eval_findings_count(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"No corpus at {corpus}", file=sys.stderr)
        return 2
    table = run_counts(documents(corpus))
    tot = {"cues": [0, 0, 0], "cues+model": [0, 0, 0]}
    print(f"{'document':70}{'cues only':>18}{'cues + model':>18}")
    for name, row in table.items():
        cells = ""
        for k in ("cues", "cues+model"):
            n, med, dup = row[k]
            tot[k] = [a + b for a, b in zip(tot[k], row[k], strict=True)]
            cells += f"{n:>8} ({med:>3} m+, {dup} d)"
        print(f"{name[:68]:70}{cells}")
    docs = max(1, len(table))
    for k, (n, med, dup) in tot.items():
        print(f"TOTAL {k:12} findings {n} ({n / docs:.1f} per document), medium+ {med}, "
              f"duplicate reasons {dup}")  # fmt: skip
    return 0
