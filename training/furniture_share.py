"""``contractreview eval furniture``: how many CUAD segments have page furniture (an EDGAR
``Source:`` footer, a page line, a running header) as the heading the model reads before them,
with the furniture rule off (as before it) and on (as the segmenter runs now).

A segment counts when the last part of its heading path is the text of a line the furniture
rule marks in that contract. Develop on the train split; the dev figure is for reporting.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from contractreview.analysis.furniture import furniture_blocks, is_furniture_shape
from contractreview.analysis.segmenter import iter_segments
from contractreview.docx.document import Region, document_from_text

SOURCE = "Source:"


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def furniture_heading_counts(texts: Iterable[str]) -> dict[str, Counter[str]]:
    """Per mode ("before": rule off, "after": rule on) the counts of non-heading units, of
    those with a heading, with a furniture heading, and with a ``Source:`` footer heading."""
    out = {"before": Counter[str](), "after": Counter[str]()}
    for text in texts:
        doc = document_from_text(text)
        blocks = [b for b in doc.blocks if b.region not in (Region.HEADER, Region.FOOTER)]
        marked = furniture_blocks(blocks)
        keys = {_key(b.text) for b in blocks if b.id in marked or is_furniture_shape(b.text)}
        for mode, furniture in (("before", frozenset[str]()), ("after", marked)):
            counts = out[mode]
            for seg in iter_segments(blocks, title=doc.title, furniture=furniture):
                if seg.is_heading:
                    continue
                counts["units"] += 1
                head = seg.heading.rsplit(" > ", 1)[-1]
                if head:
                    counts["with_heading"] += 1
                    counts["furniture_heading"] += _key(head) in keys
                    counts["source_footer_heading"] += head.startswith(SOURCE)
    return out


def run_eval_furniture(args: argparse.Namespace) -> int:
    with (Path(args.data) / "contracts.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    texts = [r["text"] for r in rows if r["split"] == args.split]
    counts = furniture_heading_counts(texts)
    for mode, c in counts.items():
        share = c["source_footer_heading"] / max(1, c["with_heading"])
        anyf = c["furniture_heading"] / max(1, c["with_heading"])
        print(
            f"{mode:7} units {c['units']}, with a heading {c['with_heading']}, "
            f"Source footer as heading {c['source_footer_heading']} ({100 * share:.1f}%), "
            f"any furniture {c['furniture_heading']} ({100 * anyf:.1f}%)"
        )
    if args.out:
        Path(args.out).write_text(json.dumps({k: dict(v) for k, v in counts.items()}, indent=1))
    return 0
