"""Suggested edits: each finding the playbook has a position for gets the exact span of the
clause to change and the firm's wording for it (position first, then fallbacks); each missing
clause with a position gets the clause to insert and the place for it.

Side-aware through the playbook: an edit spec names the effects it fixes (``when``: ``them``,
``both_wide`` ...), read from the same row of the effect table that gave the finding its level,
and the sides it is for; a clause that favours the side we act for has no such row and gets no
edit. Value edits (a notice period, a cap in months of fees, a governing law) come from the
playbook's conditions and change only the words of the value. An edit whose span overlaps an
edit already made for the clause is left out (the value edit is kept: it changes less).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractreview.analysis.edits.model import EditKind, EditOption, SuggestedEdit
from contractreview.analysis.edits.slots import EditSpec, fill_slots
from contractreview.analysis.edits.wording import (
    NUMBER_PHRASE,
    make_mutual,
    position_value,
    render_value,
    sentence_case,
    slot_values,
)
from contractreview.analysis.effect.clause_effect import is_predicate
from contractreview.analysis.effect.party_aliases import with_defined_terms
from contractreview.analysis.effect.roles import THEM, US, PartyIndex
from contractreview.analysis.playbook import ClauseRule, Condition, MissingRule, Playbook
from contractreview.analysis.results import (
    ClauseEffect,
    Finding,
    MissingClause,
    Reason,
    ReasonSource,
    RiskLevel,
    SegmentResult,
    Term,
)

# where a clause to insert goes when no section fits: before the signature block
_SIGNATURE = re.compile(
    r"^\s*(?:IN\s+WITNESS\s+WHEREOF|AS\s+WITNESS|SIGNED\s+(?:by|for|on\s+behalf)|"
    r"EXECUTED\s+(?:by|as)|Signature|Signed:)",
    re.I,
)


@dataclass
class _Context:
    playbook: Playbook
    side: str
    segments: dict[str, SegmentResult]
    order: list[SegmentResult]
    terms: dict[str, Term]
    parties: PartyIndex
    values: dict[str, str]

    def applies(self, spec: EditSpec) -> bool:
        if not spec.sides:
            return True
        return self.side in spec.sides or self.playbook.sides.get(self.side) in spec.sides

    def options(
        self, spec: EditSpec, first: str | None = None, *, sentences: bool = True
    ) -> list[EditOption]:
        """The spec's wording with the contract's slot values (``sentences``: each sentence
        opening with a capital); an option whose slot the contract gives no value for is left
        out."""
        texts = ([first] if first is not None else [spec.position]) + list(spec.fallbacks)
        out: list[EditOption] = []
        for i, text in enumerate(texts):
            filled = fill_slots(text, self.values)
            if filled is None:
                continue
            label = "Position" if i == 0 else f"Fallback {i}"
            out.append(EditOption(label, sentence_case(filled) if sentences else filled))
        return out


def suggest_edits(
    playbook: Playbook,
    side: str,
    *,
    segments: Sequence[SegmentResult],
    findings: Sequence[Finding],
    missing: Sequence[MissingClause],
    terms: Sequence[Term],
) -> tuple[SuggestedEdit, ...]:
    """Every suggested edit for a reviewed contract, findings first (in document order),
    then the clauses to insert."""
    by_name = {t.name: t for t in terms}
    parties_term = by_name.get("parties")
    texts = [s.text for s in segments]
    # "Company" in a template with no names is a party, as the review read it
    named = with_defined_terms(parties_term.normalized if parties_term else None, "\n".join(texts))
    parties = PartyIndex.build(named, side, playbook.sides.get(side))
    ctx = _Context(
        playbook, side, {s.id: s for s in segments}, list(segments), by_name, parties,
        slot_values(parties, terms, texts),
    )  # fmt: skip
    out: list[SuggestedEdit] = []
    for finding in findings:
        out.extend(_finding_edits(ctx, finding))
    for m in missing:
        edit = _insert_edit(ctx, m)
        if edit is not None:
            out.append(edit)
    return tuple(out)


# -- findings ------------------------------------------------------------------------------------


def _finding_edits(ctx: _Context, finding: Finding) -> list[SuggestedEdit]:
    if finding.risk.level.rank < RiskLevel.LOW.rank:
        return []
    edits: list[SuggestedEdit] = []
    conditions = {c.id: c for c in ctx.playbook.conditions}
    for reason in finding.risk.reasons:
        cond = conditions.get(reason.id) if reason.source is ReasonSource.RULE else None
        if cond is not None and cond.edits:
            edit = _value_edit(ctx, finding, cond, reason)
            if edit is not None and not _overlaps(edit, edits):
                edits.append(edit)
    for reason in finding.risk.reasons:
        if reason.level.rank < RiskLevel.LOW.rank:
            continue
        for rule in _rules_of(ctx.playbook, reason):
            edit = _clause_edit(ctx, finding, rule, reason)
            if edit is not None and not _overlaps(edit, edits):
                edits.append(edit)
                return edits  # one clause edit per finding
    return edits


def _overlaps(edit: SuggestedEdit, others: Sequence[SuggestedEdit]) -> bool:
    return any(
        o.segment_id == edit.segment_id and o.start < edit.end and edit.start < o.end
        for o in others
    )


def _rules_of(playbook: Playbook, reason: Reason) -> list[ClauseRule]:
    if reason.effect is not None:
        return [r for r in playbook.clauses if r.id == reason.effect.rule and r.edits]
    rules = [r for r in playbook.rules_for_label(reason.id) if r.edits]
    return rules or [r for r in playbook.clauses if r.id == reason.id and r.edits]


def _effect_row(rule: ClauseRule, effect: ClauseEffect | None) -> str:
    """The key of the rule's effect table that the clause's effect falls in (most specific
    first, as the review chose it), "" when the effect is unknown."""
    if effect is None:
        return ""
    who = ("not_" if effect.negated else "") + effect.party
    cause = "_cause" if effect.trigger and effect.trigger != "convenience" else ""
    scope = f"_{effect.scope}" if effect.scope else ""
    keys = list(dict.fromkeys([who + cause + scope, who + cause, who + scope, who]))
    return next((k for k in keys if k in rule.effect), keys[-1])


def _clause_edit(
    ctx: _Context, finding: Finding, rule: ClauseRule, reason: Reason
) -> SuggestedEdit | None:
    row = _effect_row(rule, reason.effect)
    seg = _clause_segment(ctx, finding, reason.effect)
    if seg is None:
        return None
    for spec in rule.edits:
        if not ctx.applies(spec) or (spec.when and row not in spec.when):
            continue
        if spec.match is not None and not spec.match.search(seg.text):
            continue
        edit = _build(ctx, spec, seg, finding=finding, rule=rule.id, reason=reason)
        if edit is not None:
            return edit
    return None


def _clause_segment(
    ctx: _Context, finding: Finding, effect: ClauseEffect | None
) -> SegmentResult | None:
    """The segment an edit of the finding changes: the one its effect was read in, else its
    first operative segment."""
    ids = [e.segment for e in effect.evidence] if effect is not None else []
    ids += list(finding.segments)
    for sid in ids:
        seg = ctx.segments.get(sid)
        if seg is not None and sid in finding.segments and seg.kind == "operative":
            return seg
    return None


def _build(
    ctx: _Context, spec: EditSpec, seg: SegmentResult, *, finding: Finding, rule: str,
    reason: Reason,
) -> SuggestedEdit | None:  # fmt: skip
    kind: EditKind = spec.kind  # type: ignore[assignment]  # checked by the playbook loader
    if kind == "replace_clause" and _part_of_list(seg):
        return None  # a lead-in or an item of a list is no whole clause to replace
    if spec.phrase is None and not _clause_like(seg.text):
        return None  # a heading or a label: no clause to replace, delete or make mutual
    if kind == "delete" and spec.phrase is None and len(seg.text) > WHOLE_DELETE_MAX:
        return None  # a long clause (a list of restrictions) is not struck out whole
    start, end, first = 0, len(seg.text), None
    lead = trail = ""
    if kind == "delete" and spec.phrase is not None:
        m = spec.phrase.search(seg.text)
        if m is None:
            return None
        start, end, lead, trail = _phrase_span(seg.text, m.start(), m.end())
    elif kind == "make_mutual":
        mutual = _mutual(ctx, seg, reason)
        if mutual is None:
            return None
        start, end, first = mutual
    options = [
        EditOption(o.label, f"{lead}{o.text}{trail}" if o.text else "")
        for o in ctx.options(spec, first, sentences=not (lead or trail))
    ]
    return _edit(f"e-{seg.id}-{rule}", finding.id, rule, kind, seg, span=(start, end),
                 options=options, reason=reason.text)  # fmt: skip


WHOLE_DELETE_MAX = 400  # characters of a clause the review offers to strike out whole
CLAUSE_MIN_WORDS = 8


def _clause_like(text: str) -> bool:
    return len(text.split()) >= CLAUSE_MIN_WORDS and is_predicate(text)


_SUB_ITEM = re.compile(r"^\(?(?:[a-z]{1,2}|[ivx]{1,5})[.)]$", re.I)


def _part_of_list(seg: SegmentResult) -> bool:
    text = seg.text.rstrip()
    return text.endswith((":", ";", "; and", "; or", ", and", ", or")) or bool(
        _SUB_ITEM.match(seg.label or "")
    )


def _mutual(ctx: _Context, seg: SegmentResult, reason: Reason) -> tuple[int, int, str] | None:
    """The whole clause made mutual (its fallbacks replace the whole clause too)."""
    effect = reason.effect
    if effect is None or effect.party not in (US, THEM) or effect.negated:
        return None
    mutual = make_mutual(seg.text, ctx.parties, effect.party, right=effect.action == "right",
                         party=ctx.values.get("party", "party"))  # fmt: skip
    if mutual is None:
        return None
    start, end, new = mutual
    return 0, len(seg.text), seg.text[:start] + new + seg.text[end:]


def _phrase_span(text: str, start: int, end: int) -> tuple[int, int, str, str]:
    """The span to delete for a phrase, with the separator next to it, and that separator
    (before, after) for a replacement: ", in its sole discretion," -> ", in its sole
    discretion"; "may at its discretion suspend" -> " at its discretion"."""
    before = text[:start]
    comma = re.search(r",\s*$", before)
    if comma and re.match(r"\s*[,.;)]", text[end:]):
        return comma.start(), end, before[comma.start() :], ""
    space = re.search(r"\s+$", before)
    if space:
        return space.start(), end, before[space.start() :], ""
    after = re.match(r",?\s+", text[end:])
    trail = after.group(0) if after else ""
    return start, end + len(trail), "", trail


def _edit(
    eid: str, finding_id: str | None, clause_type: str, kind: EditKind, seg: SegmentResult,
    *, span: tuple[int, int], options: Sequence[EditOption], reason: str,
) -> SuggestedEdit | None:  # fmt: skip
    start, end = span
    old = seg.text[start:end]
    seen: set[str] = set()
    kept: list[EditOption] = []
    for o in options:
        if o.text in seen or (o.text == old and kind != "insert_clause"):
            continue
        seen.add(o.text)
        kept.append(o)
    if not kept:
        return None
    return SuggestedEdit(eid, finding_id, clause_type, kind, seg.id, start, end, old,
                         tuple(kept), reason)  # fmt: skip


# -- values --------------------------------------------------------------------------------------


def _value_edit(
    ctx: _Context, finding: Finding, cond: Condition, reason: Reason
) -> SuggestedEdit | None:
    term = ctx.terms.get(cond.term)
    if term is None or term.segment not in finding.segments:
        return None
    seg = ctx.segments.get(term.segment)
    if seg is None or seg.text[term.start : term.end] != term.value:
        return None
    for spec in cond.edits:
        if not ctx.applies(spec):
            continue
        edit = _value_from_spec(ctx, spec, seg, term, finding=finding, cond=cond, reason=reason)
        if edit is not None:
            return edit
    return None


def _value_from_spec(
    ctx: _Context, spec: EditSpec, seg: SegmentResult, term: Term, *, finding: Finding,
    cond: Condition, reason: Reason,
) -> SuggestedEdit | None:  # fmt: skip
    texts = [spec.position, *spec.fallbacks]
    if position_value(spec.position) is not None:
        m = NUMBER_PHRASE.search(seg.text, term.start, term.end)
        if m is None:
            return None
        start, end = m.start(), m.end()
        news = []
        for text in texts:
            value = position_value(text)
            news.append(render_value(value[0], value[1], m) if value else "")
    else:
        start, end = term.start, term.end
        article = re.search(r"\bthe\s+$", seg.text[:start], re.I) is not None
        news = [
            re.sub(r"^the\s+", "", t, flags=re.I) if article else t
            for t in (fill_slots(t, ctx.values) or "" for t in texts)
        ]
    options = [
        EditOption("Position" if i == 0 else f"Fallback {i}", text)
        for i, text in enumerate(news)
        if text
    ]
    return _edit(f"e-{seg.id}-{cond.id}", finding.id, cond.id, "replace_value", seg,
                 span=(start, end), options=options, reason=reason.text)  # fmt: skip


# -- missing clauses -----------------------------------------------------------------------------


def _insert_edit(ctx: _Context, missing: MissingClause) -> SuggestedEdit | None:
    rule: MissingRule | None = next((r for r in ctx.playbook.missing if r.id == missing.rule), None)
    if rule is None:
        return None
    for spec in rule.edits:
        if not ctx.applies(spec) or spec.kind != "insert_clause":
            continue
        anchor = _insert_anchor(ctx, spec)
        if anchor is None:
            return None
        n = len(anchor.text)
        return _edit(f"e-insert-{rule.id}", None, rule.id, "insert_clause", anchor, span=(n, n),
                     options=ctx.options(spec), reason=missing.reason)  # fmt: skip
    return None


def _body(seg: SegmentResult) -> bool:
    return seg.block.startswith("document:")


def _insert_anchor(ctx: _Context, spec: EditSpec) -> SegmentResult | None:
    """The segment after whose paragraph a missing clause goes: the last clause of the first
    section whose heading fits (the pattern's alternatives in order), else the last clause
    before the signature block, else the last clause of the document."""
    body = [s for s in ctx.order if _body(s)]
    operative = [s for s in body if s.kind == "operative"]
    if not operative:
        return None
    if spec.after is not None:
        for alt in spec.after.pattern.split("|"):
            pattern = re.compile(alt, re.I)
            section = [
                s for s in operative if s.heading and pattern.search(s.heading.split(" > ")[0])
            ]
            if section:
                return _block_end(ctx, section[-1])
    signature = next((s for s in body if _SIGNATURE.search(s.text)), None)
    if signature is not None:
        before = [s for s in operative if ctx.order.index(s) < ctx.order.index(signature)]
        if before:
            return _block_end(ctx, before[-1])
    return _block_end(ctx, operative[-1])


def _block_end(ctx: _Context, seg: SegmentResult) -> SegmentResult:
    """The last segment of ``seg``'s paragraph (a clause goes after the whole paragraph)."""
    same = [s for s in ctx.order if s.block == seg.block]
    return max(same, key=lambda s: s.end)
