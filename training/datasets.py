"""Labelled examples for the clause model, built from the datasets in ../shared with the app's
own segmenter, so the model is trained on the units the app shows. No torch here: the eval
commands use the same construction.

CUAD: each contract text is segmented; a segment gets category C when it overlaps an excerpt
of C by at least half of the shorter of the two (so a party name inside the preamble labels
the preamble, and a segment that merely touches the edge of a long excerpt does not). The
UNFAIR-ToS sentences are used as they are. Each example says which label family it carries
(``cuad`` or ``unfair_tos``): the loss and the metrics ignore the other family's labels,
which that dataset never annotated.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from contractreview.analysis.segmenter import Segment, segment_document
from contractreview.docx.document import document_from_text

UNFAIR_TOS_LABELS = (
    "Limitation of liability",
    "Unilateral termination",
    "Unilateral change",
    "Content removal",
    "Contract by using",
    "Choice of law",
    "Jurisdiction",
    "Arbitration",
)


def cuad_categories(cuad_dir: Path) -> list[str]:
    """CUAD's 41 category names, verbatim, in the order of its description file."""
    out = []
    with (cuad_dir / "category_descriptions.csv").open(encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            if row and row[0].startswith("Category: "):
                out.append(row[0].removeprefix("Category: ").strip())
    return out


@dataclass
class LabelledSegment:
    contract_id: str
    segment: Segment
    abs_start: int  # offset of the segment in the contract text
    abs_end: int
    labels: set[str] = field(default_factory=set)


@dataclass
class CuadContract:
    id: str
    text: str
    split: str
    contract_type: str
    segments: list[LabelledSegment]
    excerpts: dict[str, list[list[tuple[int, int]]]]  # category -> excerpts -> spans


def _abs_offsets(seg: Segment) -> tuple[int, int]:
    base = int(seg.block.split(":", 1)[1])
    return base + seg.start, base + seg.end


def load_cuad(cuad_dir: Path, split: str | None = None, limit: int = 0) -> list[CuadContract]:
    excerpts: dict[str, dict[str, list[list[tuple[int, int]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    with (cuad_dir / "clauses.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            spans = [(int(s), int(e)) for s, e in row["spans"]]
            excerpts[row["contract_id"]][row["category"]].append(spans)
    out: list[CuadContract] = []
    with (cuad_dir / "contracts.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if split and row["split"] != split:
                continue
            cid = row["contract_id"]
            doc = document_from_text(row["text"])
            segs = []
            for seg in segment_document(doc):
                a, b = _abs_offsets(seg)
                segs.append(LabelledSegment(cid, seg, a, b))
            ex = excerpts.get(cid, {})
            _label_segments(segs, ex)
            out.append(
                CuadContract(cid, row["text"], row["split"], row["contract_type"], segs, dict(ex))
            )
            if limit and len(out) >= limit:
                break
    return out


def _label_segments(
    segs: list[LabelledSegment], excerpts: dict[str, list[list[tuple[int, int]]]]
) -> None:
    starts = [s.abs_start for s in segs]
    import bisect

    for category, items in excerpts.items():
        for spans in items:
            for a, b in spans:
                i = max(0, bisect.bisect_right(starts, a) - 1)
                while i < len(segs) and segs[i].abs_start < b:
                    s = segs[i]
                    overlap = min(b, s.abs_end) - max(a, s.abs_start)
                    if overlap > 0 and overlap >= 0.5 * min(b - a, s.abs_end - s.abs_start):
                        s.labels.add(category)
                    i += 1


@dataclass(frozen=True)
class UnfairSentence:
    text: str
    labels: tuple[str, ...]
    split: str


def load_unfair_tos(unfair_dir: Path, split: str | None = None) -> list[UnfairSentence]:
    out = []
    with (unfair_dir / "sentences.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if split and row["split"] != split:
                continue
            out.append(UnfairSentence(row["text"], tuple(row["labels"]), row["split"]))
    return out


def iter_cuad_excerpts(cuad_dir: Path, split: str) -> Iterator[tuple[str, set[str]]]:
    """Each excerpt's text with every category whose excerpt has that exact text."""
    by_text: dict[str, set[str]] = defaultdict(set)
    with (cuad_dir / "clauses.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] == split and row["text"].strip():
                by_text[row["text"].strip()].add(row["category"])
    yield from by_text.items()


def cuad_labelled_texts(cuad_dir: Path, split: str) -> tuple[list[str], list[set[str]]]:
    """Every segment of the split's contracts as the model reads it (with its heading), then
    every excerpt as a text of its own, each with its categories."""
    contracts = load_cuad(cuad_dir, split=split)
    texts = [s.segment.model_input() for c in contracts for s in c.segments]
    labels = [set(s.labels) for c in contracts for s in c.segments]
    for text, categories in iter_cuad_excerpts(cuad_dir, split):
        texts.append(text)
        labels.append(categories)
    return texts, labels
