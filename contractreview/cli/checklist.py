"""``contractreview checklist FILE.docx``: a firm's checklist answered for a contract, with
the evidence of every answer, in the terminal or as JSON (``contractreview.checklist/1``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from contractreview.analysis.checklist.answer import ChecklistResult, checklist_result
from contractreview.analysis.checklist.definition import load_checklist
from contractreview.cli.terminal import check_json_destination, emit, shorten

QUOTE_CHARS = 200
ANSWER_WORDS = {"entailment": "yes", "contradiction": "no", "not_mentioned": "not mentioned"}


def run(args: argparse.Namespace) -> int:
    check_json_destination(args)
    checklist = load_checklist(args.checklist)
    checklist.check_side(args.side)  # fail before reading the contract
    result = checklist_result(args.file, checklist, args.side)
    emit(args, result.to_json(), lambda out: print_checklist(result, out), file_end="\n")
    return 0


def print_checklist(result: ChecklistResult, out: TextIO) -> None:
    w = out.write
    w(f"{result.checklist_name} · {Path(result.document_path).name} · acting for: "
      f"{result.side}\n\n")  # fmt: skip
    notes = list(dict.fromkeys(item.note for item in result.items if item.note))
    for note in notes:
        w(f"Note: {note}\n\n")
    for item in result.items:
        flag = "" if item.preferred else f" [{item.level.value.upper()}]"
        how = "see the note" if item.note else f"{item.confidence:.0%}"
        w(f"{item.id:<17}{item.title}: {ANSWER_WORDS[item.answer]} ({how}){flag}\n")
        if item.citations:
            where = ", ".join(r or c.segment for r, c in zip(item.refs, item.citations,
                                                            strict=False))  # fmt: skip
            w(f'    {where}: "{shorten(item.quote, QUOTE_CHARS)}"\n')
        if not item.preferred:
            w(f"    {item.reason}\n")
            if item.position:
                w(f"    Position: {item.position}\n")
    w(f"\nTime: {result.timings.get('total_s', 0.0):.2f} s\n")
