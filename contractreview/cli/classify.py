"""``contractreview classify``: the clause model's raw scores, one JSON line per input text."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys


def run(args: argparse.Namespace) -> int:
    from contractreview.analysis.classifier import ClauseClassifier
    from contractreview.errors import ContractReviewError

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
    with contextlib.ExitStack() as stack:
        # never close the process's own stdout
        dst = (
            sys.stdout
            if args.out == "-"
            else stack.enter_context(open(args.out, "w", encoding="utf-8"))
        )
        for row in scores:
            record = {
                "labels": {
                    lab: round(float(s), 6) for lab, s in zip(clf.label_ids, row, strict=True)
                },
                "predicted": clf.predicted(row),
            }
            dst.write(json.dumps(record) + "\n")
    return 0
