"""Risk findings: segments + model scores + key terms + a playbook -> levels with reasons.

Every reason says where it came from: a model label over its threshold (with the score) mapped
through the playbook's clause rules, or a playbook condition on an extracted key term. A
segment's level is the highest of its reasons. Adjacent segments of one clause sharing a reason
are grouped into one :class:`Finding`. Missing-clause rules are checked against the whole
document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from contractreview.analysis.operative import TextKind, is_operative, text_kind
from contractreview.analysis.playbook import ANY_TYPE, Condition, Playbook
from contractreview.analysis.results import (
    Finding,
    LabelScore,
    MissingClause,
    Reason,
    ReasonSource,
    Risk,
    RiskLevel,
    SegmentResult,
    Term,
)
from contractreview.analysis.segmenter import Segment
from contractreview.analysis.terms.extractor import TERM_LABELS
from contractreview.text import normalize as nz

if TYPE_CHECKING:
    import numpy as np

FINDING_MIN_LEVEL = RiskLevel.LOW  # info-only segments are shown but not listed as findings


def _max_level(reasons: Sequence[Reason]) -> RiskLevel:
    return max((r.level for r in reasons), key=lambda lv: lv.rank, default=RiskLevel.NONE)


def model_reasons(
    playbook: Playbook, side: str, label_ids: Sequence[str], row: np.ndarray,
    thresholds: np.ndarray,
) -> list[Reason]:  # fmt: skip
    """A reason for each playbook clause rule that a label over its threshold triggers (a rule
    several labels map to, e.g. CUAD's "Cap on Liability" and UNFAIR-ToS's "Limitation of
    liability", gives one reason, citing its highest-scoring label); a label no rule covers
    gives a plain "Clause type" reason."""
    out: list[Reason] = []
    by_rule: dict[str, Reason] = {}
    for j in (row >= thresholds).nonzero()[0]:
        label, score = label_ids[int(j)], float(row[j])
        rules = playbook.rules_for_label(label)
        if not rules:
            out.append(Reason(ReasonSource.MODEL, label, f"Clause type: {label}.", score))
            continue
        for rule in rules:
            level = playbook.level(rule.levels, side)
            if level is RiskLevel.NONE:
                continue
            old = by_rule.get(rule.id)
            if old is None or score > (old.score or 0.0):
                by_rule[rule.id] = Reason(ReasonSource.MODEL, label, rule.reason, score, level,
                                          rule.check, rule.position)  # fmt: skip
    return list(by_rule.values()) + out


def condition_fires(cond: Condition, term: Term | None) -> bool:
    """Whether a playbook condition holds for an extracted term (None: not found)."""
    if term is None:
        return cond.absent
    value = term.normalized
    if cond.test in ("days_below", "days_above"):
        days = nz.duration_days(value)
        if days is None:
            return bool(value == nz.PERPETUAL) and cond.test == "days_above"
        limit = float(cond.value)
        return days < limit if cond.test == "days_below" else days > limit
    if cond.test == "not_in":
        return isinstance(value, str) and bool(value not in cond.value)
    if cond.test == "months_of_fees_below":
        months = value.get("months_of_fees") if isinstance(value, dict) else None
        return months is not None and bool(months < float(cond.value))
    return False


def condition_reason(playbook: Playbook, side: str, cond: Condition, term: Term) -> Reason:
    text = f"{cond.reason} ({term.value})"
    return Reason(ReasonSource.RULE, cond.id, text, None, playbook.level(cond.levels, side),
                  cond.check, cond.position)  # fmt: skip


# Text that states no agreed term: a value cited from it raises no playbook condition either
# ("e.g., 30 days" in a drafting note is not the payment term).
_NOT_AGREED = frozenset(
    {TextKind.DRAFTING_NOTE, TextKind.INSTRUCTION, TextKind.PLACEHOLDER, TextKind.UNTICKED_OPTION}
)


def segment_kind(seg: Segment) -> TextKind:
    """Operative clause or text around the clauses (see contractreview.analysis.operative)."""
    return text_kind(seg.text, is_heading=seg.is_heading, heading=seg.heading.rsplit(" > ", 1)[-1])


def _at_most_info(reasons: Sequence[Reason]) -> list[Reason]:
    """Non-operative text keeps its reasons for the record, none of them above info."""
    return [
        r if r.level.rank <= RiskLevel.INFO.rank else replace(r, level=RiskLevel.INFO)
        for r in reasons
    ]


def review_segments(
    segments: Sequence[Segment],
    scores: np.ndarray,
    label_ids: Sequence[str],
    thresholds: np.ndarray,
    playbook: Playbook,
    side: str,
    terms: Sequence[Term] = (),
    *,
    all_scores: bool = False,
) -> list[SegmentResult]:
    """Each segment with its labels and its risk: the lower-level core of the analysis."""
    import numpy as np

    thresholds = np.asarray(thresholds, dtype=np.float32)
    by_segment: dict[str, list[Reason]] = {}
    by_name = {t.name: t for t in terms}
    cited: set[tuple[str, int, int]] = set()  # one rule per value: the first in the playbook
    for cond in playbook.conditions:
        term = by_name.get(cond.term)
        if term is not None and condition_fires(cond, term):
            where = (term.segment, term.start, term.end)
            reason = condition_reason(playbook, side, cond, term)
            if reason.level is not RiskLevel.NONE and where not in cited:
                cited.add(where)
                by_segment.setdefault(term.segment, []).append(reason)
    out = []
    for i, seg in enumerate(segments):
        row = scores[i]
        kind = segment_kind(seg)
        if kind is TextKind.PLACEHOLDER:
            reasons = []  # no risk on words not yet written; the labels are still shown
        else:
            reasons = model_reasons(playbook, side, label_ids, row, thresholds)
        if kind not in _NOT_AGREED:
            reasons += by_segment.get(seg.id, [])
        if not is_operative(kind):
            reasons = _at_most_info(reasons)
        shown = range(len(label_ids)) if all_scores else (row >= thresholds).nonzero()[0]
        labels = tuple(
            sorted((LabelScore(label_ids[j], float(row[j])) for j in shown),
                   key=lambda ls: -ls.score)
        )  # fmt: skip
        out.append(
            SegmentResult(seg.id, seg.text, seg.label, seg.heading, seg.block, seg.start,
                          seg.end, labels, Risk(_max_level(reasons), tuple(reasons)), seg.ref,
                          kind.value)
        )  # fmt: skip
    return out


def group_findings(
    results: Sequence[SegmentResult], min_level: RiskLevel = FINDING_MIN_LEVEL
) -> list[Finding]:
    """Findings from flagged segments; adjacent segments of one clause sharing a reason join."""
    findings: list[list[SegmentResult]] = []
    prev: SegmentResult | None = None
    for res in results:
        flagged = [r for r in res.risk.reasons if r.level.rank >= min_level.rank]
        if not flagged:
            prev = None
            continue
        if prev is not None and _same_clause(prev, res):
            findings[-1].append(res)
        else:
            findings.append([res])
        prev = res
    return [_finding(group, min_level) for group in findings]


def _same_clause(a: SegmentResult, b: SegmentResult) -> bool:
    same_place = a.block == b.block or (bool(a.heading) and a.heading == b.heading
                                        and b.label is None)  # fmt: skip
    shared = {r.id for r in a.risk.reasons} & {r.id for r in b.risk.reasons}
    return same_place and bool(shared)


def _finding(group: list[SegmentResult], min_level: RiskLevel) -> Finding:
    best: dict[tuple[str, str], Reason] = {}
    for res in group:
        for r in res.risk.reasons:
            if r.level.rank < min_level.rank:
                continue
            key = (r.source.value, r.text)  # one line per reason, whichever label gave it
            old = best.get(key)
            if old is None or (r.score or 0.0) > (old.score or 0.0):
                best[key] = r
    reasons = sorted(best.values(), key=lambda r: (-r.level.rank, -(r.score or 0.0)))
    types = tuple(dict.fromkeys(r.id for r in reasons))
    return Finding(
        id=f"f-{group[0].id}",
        segments=tuple(r.id for r in group),
        types=types,
        risk=Risk(_max_level(reasons), tuple(reasons)),
        quote=" ".join(r.text for r in group),
    )


def missing_clauses(
    playbook: Playbook,
    side: str,
    contract_type: str,
    segments: Sequence[Segment],
    present_labels: set[str],
    terms: Sequence[Term],
) -> list[MissingClause]:
    """Clauses the playbook expects for this contract type that the document lacks, and
    conditions raised because their term is absent."""
    found_terms = {t.name for t in terms}
    out = []
    text: str | None = None
    for rule in playbook.missing:
        if ANY_TYPE not in rule.contract_types and contract_type not in rule.contract_types:
            continue
        if present_labels & set(rule.labels) or found_terms & set(rule.terms):
            continue
        if rule.keywords:
            text = text if text is not None else "\n".join(s.text for s in segments)
            if any(k.search(text) for k in rule.keywords):
                continue
        level = playbook.level(rule.levels, side)
        if level is not RiskLevel.NONE:
            out.append(MissingClause(rule.title, level, rule.reason, rule.id, rule.position))
    covered = {m.rule for m in out}
    covered_terms = {t for rule in playbook.missing if rule.id in covered for t in rule.terms}
    for cond in playbook.conditions:
        types = cond.contract_types
        if ANY_TYPE not in types and contract_type not in types:
            continue
        if cond.absent and cond.term not in found_terms | covered_terms:
            if TERM_LABELS.get(cond.term) in present_labels:
                continue  # the model sees the clause; only its value could not be read
            level = playbook.level(cond.levels, side)
            if level is not RiskLevel.NONE:
                out.append(MissingClause(cond.term.replace("_", " ").capitalize(), level,
                                         cond.reason, cond.id, cond.position))  # fmt: skip
    return sorted(out, key=lambda m: -m.level.rank)
