"""``contractreview edits FILE.docx [--side S]``: the suggested edits of a review, each as the
clause reads before and after the firm's position, with its fallbacks (``--json``: the edits as
the analysis JSON writes them)."""

from __future__ import annotations

import argparse
import io
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from contractreview.analysis.edits.model import SuggestedEdit
from contractreview.analysis.labels import segment_label
from contractreview.analysis.results import AnalysisResult
from contractreview.cli.terminal import escape_controls

CONTEXT = 70  # characters of the clause shown on each side of a change
KIND_NAMES = {
    "replace_value": "change a value",
    "replace_clause": "replace the clause",
    "insert_clause": "insert a missing clause",
    "delete": "delete",
    "make_mutual": "make mutual",
}


def run(args: argparse.Namespace) -> int:
    from contractreview.cli.export import analyze_file

    source = Path(args.file)
    if not source.is_file():
        from contractreview.errors import ContractReviewError

        raise ContractReviewError(f"{source} is not a Word file that exists.")
    result = analyze_file(source, playbook=args.playbook, side=args.side)
    if args.json:
        data = [asdict(e) for e in result.edits]
        sys.stdout.write(escape_controls(json.dumps(data, ensure_ascii=False, indent=1)) + "\n")
        return 0
    out = io.StringIO()
    print_edits(result, out)
    sys.stdout.write(escape_controls(out.getvalue()))
    return 0


def _around(text: str, start: int, end: int, new: str) -> str:
    """The clause around ``[start, end)`` with that span replaced by ``new`` (shown in
    brackets), shortened to :data:`CONTEXT` characters each side."""
    head = text[max(0, start - CONTEXT) : start]
    tail = text[end : end + CONTEXT]
    lead = "…" if start > CONTEXT else ""
    trail = "…" if end + CONTEXT < len(text) else ""
    return " ".join(f"{lead}{head}[{new}]{tail}{trail}".split())


def edit_lines(result: AnalysisResult, edit: SuggestedEdit) -> list[str]:
    """The lines that show one suggested edit: what, where, why, before and after."""
    try:
        seg = result.segment(edit.segment_id)
        where = segment_label(seg) or edit.segment_id
        text = seg.text
    except KeyError:
        where, text = edit.segment_id, edit.old_text
    place = f"after {where}" if edit.kind == "insert_clause" else where
    lines = [f"{edit.id}  [{KIND_NAMES.get(edit.kind, edit.kind)}] {edit.clause_type}, {place}"]
    lines.append(f"  Why: {edit.reason}")
    if edit.kind == "insert_clause":
        lines.append(f"  Insert ({edit.options[0].label}): {edit.options[0].text}")
    else:
        lines.append(f"  Before: {_around(text, edit.start, edit.end, edit.old_text)}")
        for option in edit.options:
            shown = option.text if option.text else "(deleted)"
            lines.append(f"  After ({option.label}): {_around(text, edit.start, edit.end, shown)}")
        return lines
    lines.extend(f"  Or ({o.label}): {o.text}" for o in edit.options[1:])
    return lines


def print_edits(result: AnalysisResult, out: TextIO) -> None:
    d = result.document
    out.write(f"{d.title or Path(d.path).name} · acting for: {result.side}\n")
    out.write(f"{len(result.edits)} suggested edits\n")
    for edit in result.edits:
        out.write("\n" + "\n".join(edit_lines(result, edit)) + "\n")
