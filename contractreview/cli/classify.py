"""``contractreview classify``: the clause model's raw scores, one JSON line per input text."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from contractreview.atomic_write import check_destination, write_text_atomic


def run(args: argparse.Namespace) -> int:
    from contractreview.analysis.classifier import ClauseClassifier
    from contractreview.errors import ContractReviewError

    inputs = [] if args.jsonl == "-" else [args.jsonl]
    if args.out != "-":
        check_destination(Path(args.out), inputs)  # before the work, never onto the input
    texts: list[str] = []
    with contextlib.ExitStack() as stack:
        src = (
            sys.stdin
            if args.jsonl == "-"
            else stack.enter_context(open(args.jsonl, encoding="utf-8"))
        )
        for n, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                texts.append(str(row["text"]))
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ContractReviewError(
                    f'line {n} of {args.jsonl} is not a JSON object with a "text" field'
                ) from e
    clf = ClauseClassifier()
    scores = clf.scores(texts)
    lines = []
    for row in scores:
        record = {
            "labels": {lab: round(float(s), 6) for lab, s in zip(clf.label_ids, row, strict=True)},
            "predicted": clf.predicted(row),
        }
        lines.append(json.dumps(record) + "\n")
    if args.out == "-":
        sys.stdout.writelines(lines)
    else:
        write_text_atomic(Path(args.out), "".join(lines), protect=inputs)
    return 0
