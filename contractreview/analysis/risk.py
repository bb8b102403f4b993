"""Risk findings: segments + model scores + key terms + a playbook -> levels with reasons.

Every reason says where it came from: a model label over its threshold (with the score) mapped
through the playbook's clause rules, or a playbook condition on an extracted key term. A
segment's level is the highest of its reasons. Adjacent segments of one clause sharing a reason
are grouped into one :class:`Finding`. Missing-clause rules are checked against the whole
document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from contractreview.analysis.effect.clause_effect import Reading, is_predicate, read
from contractreview.analysis.effect.fragments import fragment_of_sentence
from contractreview.analysis.effect.licence_direction import LICENCE_RULES, granted_by_other_side
from contractreview.analysis.effect.list_context import (
    back_on_segments,
    continues,
    opens_list,
    reads_with_lead_in,
    with_lead_in,
)
from contractreview.analysis.effect.party_aliases import with_defined_terms
from contractreview.analysis.effect.risk_types import BY_ID, RiskType
from contractreview.analysis.effect.roles import BOTH, PartyIndex
from contractreview.analysis.operative import TextKind, is_operative, text_kind
from contractreview.analysis.playbook import ANY_TYPE, ClauseRule, Condition, Playbook
from contractreview.analysis.results import (
    ClauseEffect,
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
    thresholds: np.ndarray, *, text: str = "", parties: PartyIndex | None = None,
    segment: str = "",
) -> list[Reason]:  # fmt: skip
    """A reason for each playbook clause rule that a label over its threshold triggers (a rule
    several labels map to, e.g. CUAD's "Cap on Liability" and UNFAIR-ToS's "Limitation of
    liability", gives one reason, citing its highest-scoring label); a label no rule covers
    gives a plain "Clause type" reason.

    With ``parties`` (the contract's parties seen from ``side``), a rule with an ``effect``
    table takes its level and reason from what the clause does (:func:`effect_reason`); where
    the clause shows none of the type's cues, the model's label alone stays ``info``.
    The risk types the model has no label for are found by their cues."""
    out: list[Reason] = []
    hits: dict[str, tuple[ClauseRule, str, float]] = {}
    for j in (row >= thresholds).nonzero()[0]:
        label, score = label_ids[int(j)], float(row[j])
        rules = playbook.rules_for_label(label)
        if not rules:
            out.append(Reason(ReasonSource.MODEL, label, f"Clause type: {label}.", score))
        for rule in rules:
            if rule.id not in hits or score > hits[rule.id][2]:
                hits[rule.id] = (rule, label, score)
    by_rule: dict[str, Reason] = {}
    for rule, label, score in hits.values():
        level = playbook.level(rule.levels, side)
        rtype = BY_ID.get(rule.id)
        if rule.effect and rtype is not None and parties is not None:
            reason = effect_reason(playbook, side, rule, rtype, text, parties, segment,
                                   ReasonSource.MODEL, label, score)  # fmt: skip
            if reason is not None:
                by_rule[rule.id] = reason  # kept at "none" too: the effect was read
                continue
            # the model's label alone, without the words that do it: shown as the clause's type
            # ("info"), not raised - its direction is unknown and a type is not a risk
            level = min(level, RiskLevel.INFO, key=lambda lv: lv.rank)
        elif parties is not None and (
            not is_predicate(text)
            or fragment_of_sentence(text)
            or (rule.id in LICENCE_RULES and granted_by_other_side(text, parties))
        ):
            level = min(level, RiskLevel.INFO, key=lambda lv: lv.rank)  # a heading, a lead-in
        if level is not RiskLevel.NONE:
            by_rule[rule.id] = Reason(ReasonSource.MODEL, label, rule.reason, score, level,
                                      rule.check, rule.position)  # fmt: skip
    if parties is not None:
        for rule in playbook.clauses:
            rtype = BY_ID.get(rule.id)
            if rule.id in hits or not rule.effect or rtype is None or not rtype.detect:
                continue
            reason = effect_reason(playbook, side, rule, rtype, text, parties, segment,
                                   ReasonSource.RULE, rule.id, None)  # fmt: skip
            if reason is not None:
                by_rule[rule.id] = reason
    return list(by_rule.values()) + out


def effect_reason(
    playbook: Playbook, side: str, rule: ClauseRule, rtype: RiskType, text: str,
    parties: PartyIndex, segment: str, source: ReasonSource, rid: str, score: float | None,
) -> Reason | None:  # fmt: skip
    """The reason a clause rule gives from the clause's effect: the row of the rule's effect
    table for the most adverse proposition of the clause; None when the clause shows none of
    the type's cues."""
    best: tuple[RiskLevel, str, Reading] | None = None
    for rd in read(text, rtype, parties, segment, labelled=source is ReasonSource.MODEL):
        entry = next((rule.effect[k] for k in rd.keys if k in rule.effect), None)
        if entry is not None:
            level, template = playbook.level(entry.levels, side), entry.reason or rule.reason
        elif rd.negated:
            level, template = RiskLevel.NONE, rule.reason
        else:
            level, template = playbook.level(rule.levels, side), rule.reason
        if best is None or level.rank > best[0].rank:
            best = (level, template, rd)
    if best is None:
        return None
    level, template, rd = best
    effect = ClauseEffect(
        rule=rule.id, party=rd.party, holder=rd.holder, action=rtype.action,
        negated=rd.negated, mutual=rd.party == BOTH, trigger=rd.trigger, scope=rd.scope,
        summary=effect_summary(rtype, rd), evidence=rd.spans,
    )  # fmt: skip
    return Reason(source, rid, fill_reason(template, rd, parties), score, level, rule.check,
                  rule.position, effect)  # fmt: skip


def effect_summary(rtype: RiskType, rd: Reading) -> str:
    """Who can do what to whom, in one line: "Northwind Systems Ltd (the Supplier) may
    terminate (for convenience: "for any reason")"."""
    verb = rtype.verb or rtype.id.replace("_", " ")
    line = f"{rd.holder} {verb}" if not rd.negated else f"Not: {rd.holder} {verb}"
    why = [p for p in (rd.trigger.replace("_", " "), rd.scope) if p]
    return f"{line} ({', '.join(why)})" if why else line


def fill_reason(template: str, rd: Reading, parties: PartyIndex) -> str:
    """A reason template with the parties' names and the clause's words filled in."""

    def words(part: str) -> str:
        return next((s.text for s in rd.spans if s.part == part), "")

    other = "the other party" if rd.party == BOTH else parties.display(parties.other(rd.party))
    values = {"holder": rd.holder, "other": other, "trigger": words("trigger"),
              "scope": words("scope")}  # fmt: skip
    out = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)
    out = re.sub(
        r"(?<=[a-z,;:] )(Either party|A party|The parties)", lambda m: m.group(1).lower(), out
    )
    # a slot the clause gave no words for leaves no trace: "at its discretion ()." reads
    # "at its discretion."
    out = re.sub(r"\s*\(\s*[\"“”']?\s*[\"“”']?\s*\)", "", out)
    out = re.sub(r"\s{2,}", " ", out).replace(" .", ".").replace(" ,", ",")
    return out[:1].upper() + out[1:]


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
    parties_term = by_name.get("parties")
    contract = "\n".join(s.text for s in segments)  # who supplies, where no alias says
    named = with_defined_terms(parties_term.normalized if parties_term else None, contract)
    parties = PartyIndex.build(named, side, playbook.sides.get(side), contract)
    cited: set[tuple[str, int, int]] = set()  # one rule per value: the first in the playbook
    tied: dict[int, str] = {}  # id of a condition's reason -> the clause type it depends on
    for cond in playbook.conditions:
        term = by_name.get(cond.term)
        if term is not None and condition_fires(cond, term):
            where = (term.segment, term.start, term.end)
            reason = condition_reason(playbook, side, cond, term)
            if reason.level is not RiskLevel.NONE and where not in cited:
                cited.add(where)
                by_segment.setdefault(term.segment, []).append(reason)
                if cond.clause:
                    tied[id(reason)] = cond.clause
    out = []
    lead: Segment | None = None  # the lead-in of the list the next items complete
    for i, seg in enumerate(segments):
        row = scores[i]
        kind = segment_kind(seg)
        lead = lead if continues(lead, seg) else None
        if kind is TextKind.PLACEHOLDER:
            reasons = []
        elif lead is not None and reads_with_lead_in(seg):  # an item with its lead-in
            joined = with_lead_in(lead, seg)
            reasons = back_on_segments(
                model_reasons(playbook, side, label_ids, row, thresholds, text=joined[0],
                              parties=parties, segment=seg.id),
                lead, seg, joined[1],
            )  # fmt: skip
        else:
            reasons = model_reasons(playbook, side, label_ids, row, thresholds, text=seg.text,
                                    parties=parties, segment=seg.id)  # fmt: skip
        if opens_list(seg):
            lead = seg
        # a condition tied to a clause type is raised where that type's effect is raised (or
        # where it could not be read); effects read as "none" are dropped after that
        read_types = {r.effect.rule for r in reasons if r.effect is not None}
        raised = {r.effect.rule for r in reasons
                  if r.effect is not None and r.level.rank >= FINDING_MIN_LEVEL.rank}  # fmt: skip
        reasons = [r for r in reasons if r.level is not RiskLevel.NONE]
        if kind not in _NOT_AGREED:  # a value in a note, a blank or an unticked box is no term
            reasons += [
                r
                for r in by_segment.get(seg.id, [])
                if id(r) not in tied or tied[id(r)] in raised or tied[id(r)] not in read_types
            ]
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
    lead: SegmentResult | None = None  # a lead-in ending with ":" whose items follow
    for res in results:
        if not continues(lead, res):
            lead = None
        flagged = [r for r in res.risk.reasons if r.level.rank >= min_level.rank]
        if not flagged:
            if lead is None:
                prev = None
            if opens_list(res):
                lead, prev = res, None
            continue
        joins_lead = (
            lead is not None
            and bool(findings)
            and (prev is not None or lead.block in {b.block for b in findings[-1]})
        )
        if (prev is not None and _same_clause(prev, res)) or joins_lead:
            findings[-1].append(res)
        else:
            findings.append([res])
        if opens_list(res):
            lead = res
        prev = res
    return [_finding(group, min_level) for group in findings]


def _same_clause(a: SegmentResult, b: SegmentResult) -> bool:
    """Sentences of one paragraph are one clause; an unnumbered paragraph under the same
    heading continues it when they share a reason."""
    if a.block == b.block:
        return True
    shared = {_reason_key(r) for r in a.risk.reasons} & {_reason_key(r) for r in b.risk.reasons}
    return bool(a.heading) and a.heading == b.heading and b.label is None and bool(shared)


def _reason_key(r: Reason) -> tuple[str, str]:
    """One line per reason: a reason read from the clause's effect once per clause type,
    any other once per text (whichever label gave it)."""
    return ("effect", r.effect.rule) if r.effect is not None else (r.source.value, r.text)


def _finding(group: list[SegmentResult], min_level: RiskLevel) -> Finding:
    best: dict[tuple[str, str], Reason] = {}
    for res in group:
        for r in res.risk.reasons:
            if r.level.rank < min_level.rank:
                continue
            key = _reason_key(r)
            old = best.get(key)
            if old is None or (r.level.rank, r.score or 0.0) > (old.level.rank, old.score or 0.0):
                best[key] = r
    reasons = sorted(best.values(), key=lambda r: (-r.level.rank, -(r.score or 0.0)))
    types = tuple(dict.fromkeys(r.id for r in reasons))
    return Finding(
        id=f"f-{group[0].id}",
        segments=tuple(r.id for r in group),
        types=types,
        risk=Risk(_max_level(reasons), tuple(reasons)),
        quote=" ".join(r.text for r in group),
        effect=next((r.effect for r in reasons if r.effect is not None), None),
    )


def missing_clauses(
    playbook: Playbook,
    side: str,
    contract_type: str,
    segments: Sequence[Segment],
    present_labels: set[str],
    terms: Sequence[Term],
    read_types: frozenset[str] = frozenset(),
) -> list[MissingClause]:
    """Clauses the playbook expects for this contract type that the document lacks, and
    conditions raised because their term is absent. ``read_types``: the clause types whose
    effect the review read on an operative clause; a condition tied to one of them is not
    raised as absent (the clause is there, and its finding says what it does)."""
    found_terms = {t.name for t in terms}
    out = []
    text: str | None = None
    standard_terms = incorporated_terms(segments)
    skipped = False
    for rule in playbook.missing:
        if ANY_TYPE not in rule.contract_types and contract_type not in rule.contract_types:
            continue
        if standard_terms and rule.incorporable:
            skipped = True
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
        if cond.absent and standard_terms:
            continue  # the value may be in the terms incorporated by reference
        if cond.absent and cond.term not in found_terms | covered_terms:
            if TERM_LABELS.get(cond.term) in present_labels or cond.clause in read_types:
                continue  # the clause is there; only its value could not be read
            level = playbook.level(cond.levels, side)
            if level is not RiskLevel.NONE:
                out.append(MissingClause(cond.term.replace("_", " ").capitalize(), level,
                                         cond.absent_reason or cond.reason, cond.id,
                                         cond.position))  # fmt: skip
    if standard_terms and skipped:
        out.append(MissingClause(
            "Standard terms incorporated by reference", RiskLevel.LOW,
            f"The contract incorporates {standard_terms} by reference. Those terms were not "
            "reviewed: their liability, termination, confidentiality and other clauses are not "
            "checked here and are not reported as missing.",
            INCORPORATED_RULE,
        ))  # fmt: skip
    return sorted(out, key=lambda m: -m.level.rank)


INCORPORATED_RULE = "incorporated_terms"
# a cover page or order form that brings in standard terms: "This Agreement has 2 parts: (1) the
# Key Terms on this Cover Page and (2) the Common Paper Pilot Agreement Standard Terms Version 1",
# "the terms posted at ... are incorporated by reference"
_STANDARD_TERMS = re.compile(
    r"\b(?:consists?\s+of|has\s+\w+\s+parts|incorporat\w*|governed\s+by|subject\s+to)\b[^.]{0,160}?"
    r"(?P<name>(?:Common\s+Paper|Bonterms)\b[^.;:()\n]{0,80}?(?:Standard\s+Terms|Terms)"
    r"(?:\s+(?:Version|v)\s*[\d.]*\d)?)"
    r"|\bincorporat\w*\s+(?:herein\s+)?by\s+reference\b[^.]{0,60}?(?P<generic>(?:the\s+)?"
    r"[A-Z][\w\s]{0,60}?(?:Standard\s+Terms|General\s+Terms|Terms\s+and\s+Conditions|"
    r"Terms\s+of\s+Service))",
)


def incorporated_terms(segments: Sequence[Segment]) -> str:
    """The standard terms a contract incorporates by reference ("the Common Paper Cloud
    Service Agreement Standard Terms Version 2"), or "" when it incorporates none."""
    for seg in segments[:400]:
        m = _STANDARD_TERMS.search(seg.text)
        if m:
            name = " ".join((m.group("name") or m.group("generic")).split())
            return name if name.lower().startswith("the ") else f"the {name}"
    return ""
