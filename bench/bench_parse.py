"""Parse time of the longest corpus contract and segmentation throughput over the corpus.

    python bench/bench_parse.py [--corpus ../shared/corpus/docx] [--repeat 5]

Tokens are whitespace-separated words of the blocks the segmenter reads (body, tables, text
boxes, notes). Target: parse well under 1 s; segmentation >= 100,000 tokens/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from contractreview.analysis.segmenter import segment_document
from contractreview.docx.package import open_docx
from contractreview.docx.reader import read_docx

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "docx"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.docx"))
    if not files:
        print(f"no .docx files in {args.corpus}", file=sys.stderr)
        return 1

    def main_part_size(f: Path) -> int:
        pkg = open_docx(f)
        return len(pkg.read_bytes(pkg.main_part))

    longest = max(files, key=main_part_size)
    read_docx(longest)  # warm imports and caches
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        doc = read_docx(longest)
        times.append(time.perf_counter() - t0)
    print(
        f"parse {longest.name}: {main_part_size(longest) / 1024:.0f} KiB XML, "
        f"{len(doc.blocks)} blocks, {doc.words} words: "
        f"median {statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f} ms)"
    )

    t0 = time.perf_counter()
    docs = [read_docx(f) for f in files]
    parse_all = time.perf_counter() - t0
    tokens = sum(d.words for d in docs)
    print(f"parse all {len(docs)} files: {parse_all:.2f} s ({tokens / parse_all:,.0f} tokens/s)")

    segment_document(docs[0])  # load spaCy's tokenizer once
    seg_times = []
    n_segments = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_segments = sum(len(segment_document(d)) for d in docs)
        seg_times.append(time.perf_counter() - t0)
    best = min(seg_times)
    rate = tokens / statistics.median(seg_times)
    print(
        f"segment all: {tokens:,} tokens -> {n_segments:,} segments: median "
        f"{statistics.median(seg_times):.3f} s (best {best:.3f} s) = {rate:,.0f} tokens/s "
        f"(target >= 100,000: {'OK' if rate >= 100_000 else 'BELOW'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
