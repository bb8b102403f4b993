"""``contractreview parse FILE.docx [--json]``: the document model and its clause segments.

Bad input raises a typed :class:`contractreview.errors.DocumentError`; ``cli.main`` prints its
one-line message and exits with status 2.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from contractreview.analysis.segmenter import Segment, segment_document
from contractreview.cli.terminal import escape_controls
from contractreview.docx.document import Block, Document
from contractreview.docx.reader import read_docx


def _block_json(b: Block) -> dict[str, Any]:
    return {
        "id": b.id,
        "region": str(b.region),
        "style": b.style,
        "heading_level": b.heading_level,
        "list_label": b.list_label,
        "list_level": b.list_level,
        "cell": asdict(b.cell) if b.cell else None,
        "in_content_control": b.in_content_control,
        "text": b.text,
        "revisions": [
            {
                "kind": str(r.kind),
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "author": r.author,
                "date": r.date,
            }
            for r in b.revisions
        ],
    }


def _segment_json(s: Segment) -> dict[str, Any]:
    return {
        "id": s.id,
        "text": s.text,
        "label": s.label,
        "heading": s.heading,
        "is_heading": s.is_heading,
        "region": str(s.region),
        "block": s.block,
        "start": s.start,
        "end": s.end,
    }


def document_json(doc: Document, segments: list[Segment]) -> dict[str, Any]:
    """The JSON ``contractreview parse --json`` prints."""
    return {
        "document": {
            "path": doc.path,
            "sha256": doc.sha256,
            "title": doc.title,
            "words": doc.words,
            "warnings": list(doc.warnings),
            "comments": [{"id": c.id, "author": c.author, "text": c.text} for c in doc.comments],
        },
        "blocks": [_block_json(b) for b in doc.blocks],
        "segments": [_segment_json(s) for s in segments],
    }


def _print_text(doc: Document, segments: list[Segment], out: TextIO) -> None:
    out.write(f"{doc.title or Path(doc.path).name}\n")
    out.write(f"{doc.words} words, {len(doc.blocks)} blocks, {len(segments)} segments\n")
    for w in doc.warnings:
        out.write(f"warning: {w}\n")
    for c in doc.comments:
        out.write(f"comment {c.id} ({c.author or 'unknown'}): {c.text}\n")
    out.write("\n")
    for s in segments:
        head = f"[{s.heading}] " if s.heading and not s.is_heading else ""
        label = f"{s.label} " if s.label and not s.text.startswith(s.label) else ""
        text = " ".join(s.text.split())
        out.write(f"{s.id} {s.block} {head}{label}{text}\n")


def run(args: argparse.Namespace) -> int:
    doc = read_docx(Path(args.file))
    segments = segment_document(doc)
    out = io.StringIO()
    if getattr(args, "json", False):
        json.dump(document_json(doc, segments), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        _print_text(doc, segments, out)
    sys.stdout.write(escape_controls(out.getvalue()))
    return 0
