"""``contractreview analyze FILE.docx``: a review in the terminal, or its JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from contractreview.analysis.contract_type import contract_type_name
from contractreview.analysis.labels import clause_label, level_basis, segment_label
from contractreview.analysis.pipeline import Progress, analyze
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import AnalysisResult, RiskLevel, effect_text, party_label
from contractreview.analysis.terms.extractor import term_title
from contractreview.cli.terminal import check_json_destination, emit, shorten

TOP_RISKS = 15
QUOTE_CHARS = 220


def run(args: argparse.Namespace) -> int:
    check_json_destination(args)
    playbook = load_playbook(args.playbook)
    result: AnalysisResult | None = None
    for event in analyze(args.file, playbook, args.side, all_scores=args.all_scores):
        if isinstance(event, Progress):
            continue
        result = event
    assert result is not None
    emit(args, result.to_json(), lambda out: print_review(result, out))
    return 0


def _display(value: Any) -> str:
    if isinstance(value, list):  # parties
        return "; ".join(party_label(p) for p in value)
    if isinstance(value, dict):
        if "days" in value:
            days = value["days"]
            years = f"{days // 365} year{'s' * (days != 365)} ({days:,} days)"
            return years if days >= 365 and days % 365 == 0 else f"{days:,} days"
        if "amount" in value:
            return f"{value['currency']} {value['amount']:,.2f}"
        if "months_of_fees" in value:
            return f"{value['months_of_fees']} months of fees"
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _where(result: AnalysisResult, segment_id: str) -> str:
    """A citation as a lawyer reads it ("9.1(a)"), the segment id only when it has none."""
    try:
        return segment_label(result.segment(segment_id)) or segment_id
    except KeyError:
        return segment_id


def print_review(result: AnalysisResult, out: TextIO) -> None:
    """The review as a lawyer reads it: top risks, missing clauses, key terms."""
    d = result.document
    w = out.write
    w(f"{d.title or Path(d.path).name}\n")
    w(f"{contract_type_name(d.contract_type)} · {d.words} words · acting for: {result.side}\n")
    w(f"Playbook: {result.playbook.name} (sha256 {result.playbook.sha256[:12]}) · "
      f"model: {result.model.name or 'none'}\n")  # fmt: skip
    for warning in d.warnings:  # content that was not read (an embedded file, images)
        w(f"Warning: {warning}\n")
    w("\n")

    findings = sorted(result.findings, key=lambda f: -f.risk.level.rank)
    counts = {lv: sum(1 for f in findings if f.risk.level is lv) for lv in RiskLevel}
    w(f"TOP RISKS ({counts[RiskLevel.HIGH]} high, {counts[RiskLevel.MEDIUM]} medium, "
      f"{counts[RiskLevel.LOW]} low)\n")  # fmt: skip
    if not findings:
        w("  none found\n")
    for f in findings[:TOP_RISKS]:
        w(f"  [{f.risk.level.value.upper()}] {clause_label(result, f)}\n")
        for r in f.risk.reasons:
            w(f"    - {r.text} [{level_basis(r)}]\n")
        if f.effect is not None:
            w(f"    Effect: {effect_text(f.effect)}\n")
        w(f'      "{shorten(f.quote, QUOTE_CHARS)}"\n')
    if len(findings) > TOP_RISKS:
        w(f"  … and {len(findings) - TOP_RISKS} more (use --json for all)\n")

    w("\nMISSING CLAUSES\n")
    if not result.missing:
        w("  none\n")
    for m in result.missing:
        w(f"  [{m.level.value.upper()}] {m.type}: {m.reason}\n")
        if m.position:
            w(f"      Position: {m.position}\n")

    w("\nKEY TERMS\n")
    if not result.terms:
        w("  none found\n")
    width = max((len(term_title(t.name)) for t in result.terms), default=0)
    for t in result.terms:
        more = f" and {', '.join(_where(result, c.segment) for c in t.more)}" if t.more else ""
        where = f'{_where(result, t.segment)} "{shorten(t.value, 80)}"{more}'
        w(f"  {term_title(t.name):<{width}}  {_display(t.normalized)}   [{where}]\n")
    timings = ", ".join(f"{k[:-2]} {v:.2f}s" for k, v in result.timings.items())
    w(f"\nTimings: {timings}\n")
