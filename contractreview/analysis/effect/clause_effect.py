"""Read what a clause does: who holds the right or bears the duty, negation, trigger, scope.

No parser: token patterns over the clause, proposition by proposition. A clause is split into
propositions at semicolons, at "and / but / while / whereas" that start a new subject, and into
its lettered items (each with the words that introduce the list: "The Supplier may terminate:
(a) ...; or (b) ..."). In each proposition that carries the type's key word:

- the actor is the party a type's ``actor`` pattern names ("may be terminated by {party}"), else
  the agent of a passive ("... by the Client"), else the nearest party named before the key word
  that is not the object of a preposition ("against the Customer"), else the first named after
  it, else the type's default role (the payer of a prepayment clause);
- "either party / each party / the parties" make it mutual;
- "neither party", "X shall not", "no ... shall", "nothing in this Agreement entitles" negate it
  (for restrictions, "shall not" *is* the clause, so only the strong forms negate);
- the trigger is convenience / discretion, breach, insolvency, mutual agreement or an event;
- the scope is wide or narrow by the type's cues.

Every part read comes with its span in the segment's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from contractreview.analysis.effect.risk_types import (
    CAUSE,
    CONVENIENCE,
    RESTRICTION,
    Cue,
    RiskType,
)
from contractreview.analysis.effect.roles import BOTH, UNKNOWN, Mention, PartyIndex
from contractreview.analysis.effect.type_model import detects
from contractreview.analysis.results import EffectSpan

# a word that makes the party after it an object, not the actor
_OBJECT_OF = re.compile(
    r"\b(?:against|to|from|with|for|of|on|upon|over|than|under|towards?|between|about|"
    r"whether|including|without|by\s+way\s+of|or\s+not)\s+$",
    re.I,
)
_MODAL_NOT = re.compile(
    r"\b(?:not|never|cannot)\b|\bno\s+(?:right|obligation|power|entitlement)\b"
    r"|\bwithout\s+the\s+right\b|\bno\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_PROP_NO = re.compile(r"^\W*(?:(?:\(\w{1,4}\)|and|or)\s*)*(?:no|nothing|none)\b", re.I)
# a party named just before a verb is a subject ("the Supplier shall"), not an object
_SUBJECT_NEXT = re.compile(
    r"['\u2019]?s?\s*,?\s*(?:\([^)]{0,40}\)\s*)?(?:alone\s+|itself\s+|hereby\s+|also\s+)?"
    r"(?:shall|will|may|must|can|cannot|agrees?|undertakes?|covenants?|warrants?|is|are|has|have|"
    r"reserves?|retains?|grants?|assigns?|waives?|acknowledges?|represents?|appoints?|owns?|"
    r"elects?|does|did|should|might|indemnif\w+|defends?|accepts?|acquires?)\b",
    re.I,
)
# "X shall permit / allow Y to audit": the right is Y's
_CAUSATIVE = re.compile(
    r"['\u2019]?s?\s*,?\s*(?:shall|will|must|agrees?\s+to|undertakes?\s+to)?\s*(?:\w+\s+){0,6}?"
    r"(?:permit|allow|let|enable|authori[sz]e|procure\s+that|ensure\s+that)\b",
    re.I,
)
# a clause acts on someone only through a verb: a heading or a label does not
PREDICATE = re.compile(
    r"\b(?:shall|will|may|must|can|cannot|agrees?|undertakes?|warrants?|is|are|be|been|has|have|"
    r"grants?|waives?|assigns?|reserves?|constitutes?|apply|applies|exceed|renews?|terminates?|"
    r"limits?|excludes?|requires?|entitles?|confers?|permits?|prevents?|obliges?|extends?|vests?|"
    r"owns?|pays?|indemnifies|warrants|disclaims?|survives?|continues?|governs?|submits?|"
    r"appoints?|represents?|acknowledges?|covenants?|delivers?|provides?|uses?|retains?)\b",
    re.I,
)
_PROHIBITS = re.compile(r"\b(?:shall|may|must|will)\s+not\b|\bcannot\b", re.I)
_PERMITS = re.compile(
    r"\b(?:may|can|entitled|free|permitted|allowed)\b|\b(?:reserves?|has|have)\s+the\s+right\b",
    re.I,
)
STRONG_NEGATION = re.compile(
    r"\bnothing\b[^.;]{0,100}?\b(?:prevents?|restricts?|limits?|requires?|entitles?|obliges?|deprives?|construed\s+as"
    r"|waives?|excludes?|confers?|affects?|prohibits?)\b"
    r"|\bno\s+obligation\s+to\b|\b(?:shall|will|is|are)\s+not\s+(?:be\s+)?(?:required|obliged|"
    r"obligated)\s+to\b|\bhave\s+no\s+(?:obligation|duty)\b|\bdoes\s+not\s+(?:intend|waive)\b"
    r"|^\W*no\s+\w+(?:\s+\w+)?\s+(?:is|are|shall\s+be|will\s+be)\s+(?:granted|given|conferred|created)\b"
    r"|\bno\s+(?:person|third\s+party|one)\b[^.;]{0,60}\b(?:right|entitled|benefit)"
    r"|\b(?:makes?|gives?)\s+no\s+(?:representation|undertaking|commitment|promise)"
    r"|\b(?:neither|no)\s+party\s+shall\s+be\s+(?:restricted|prevented|"
    r"prohibited)|\bshall\s+not\s+be\s+(?:so\s+)?(?:restricted|prevented|prohibited)",
    re.I,
)
# where a clause splits into propositions with subjects of their own
_ITEM = re.compile(
    r"(?:[;:]|,)\s*(?:and\s+|or\s+)?\(\s*(?:[a-h]|i{1,3}|iv|v|vi{0,3}|\d{1,2})\s*\)\s*"
)
_CLAUSE_BREAK = re.compile(
    r";\s*|,?\s+(?:and|but|while|whereas)\s+(?=(?:the\s+|each\s+|either\s+|neither\s+|no\s+|[a-z]+\s+(?:shall|will)\s+"
    r"|[A-Z][\w&.-]*\s+(?:[A-Z][\w&.-]*\s+){0,4}(?:may|shall|will|must|is|are)\b|claims\b))",
)


@dataclass(frozen=True)
class Reading:
    """One proposition's effect for one clause type: the key into the playbook's table and
    the spans that show it."""

    party: str  # us / them / both / unknown
    negated: bool  # the proposition denies the right or duty, or its sense is turned
    trigger: str
    scope: str  # wide / narrow / ""
    spans: tuple[EffectSpan, ...]
    holder: str  # the actor, as a reader names it

    @property
    def keys(self) -> list[str]:
        """Table keys, most specific first: ``not_them_cause_wide`` ... ``them``."""
        who = ("not_" if self.negated else "") + self.party
        cause = "_cause" if self.trigger and self.trigger != "convenience" else ""
        scope = f"_{self.scope}" if self.scope else ""
        out = [who + cause + scope, who + cause, who + scope, who]
        return list(dict.fromkeys(out))


def topic_cue(text: str, rtype: RiskType) -> Cue | None:
    for c in rtype.topic:
        if c.pattern.search(text):
            return c
    return None


def is_predicate(text: str) -> bool:
    """Whether ``text`` says something of someone (a verb, five words or more): a heading
    ("Limitation of Liability") or a tick-box label has no effect to read."""
    return len(text.split()) >= 5 and PREDICATE.search(text) is not None


def propositions(text: str) -> list[tuple[int, int]]:
    """[start, end) of each proposition of ``text`` (see the module's docstring)."""
    items = list(_ITEM.finditer(text))
    if len(items) >= 2:
        lead_end = items[0].start()
        spans = []
        for k, m in enumerate(items):
            end = items[k + 1].start() if k + 1 < len(items) else len(text)
            spans.append((m.end(), end))
        # each item is read with its lead-in: an item's offsets are kept, the lead is prefixed
        return [(0, lead_end), *spans]
    out, pos = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out or [(0, len(text))]


@lru_cache(maxsize=256)
def _compiled(template: str, party_alt: str) -> re.Pattern[str]:
    return re.compile(template.replace("{party}", party_alt), re.I)


def read(text: str, rtype: RiskType, parties: PartyIndex, segment: str) -> list[Reading]:
    """The readings of ``text`` for ``rtype``; empty without the type's key words, or when
    neither a topic cue of the type nor the learned detector
    (:mod:`~contractreview.analysis.effect.type_model`) finds the clause to be about it."""
    if rtype.key.search(text) is None:  # cheap first: no key word, nothing to read
        return []
    if not is_predicate(text) or (topic_cue(text, rtype) is None and not learned_type(text, rtype)):
        return []
    if rtype.not_topic is not None and rtype.not_topic.search(text):
        return []
    mentions = parties.mentions(text)
    props = propositions(text)
    lead = props[0] if len(props) > 1 and _ITEM.search(text) else None
    # only the propositions that do what the type is about (the lead-in of a list counts)
    about = [(a, b) for a, b in props
             if topic_cue(text[a:b], rtype) or (lead is not None and topic_cue(
                 text[lead[0]:lead[1]] + " " + text[a:b], rtype))]  # fmt: skip
    props = about or [(0, len(text))]
    out = []
    for start, end in props:
        key = _key(text, start, end, rtype, mentions)
        lead_in = lead is not None and (start, end) != lead
        if key is None and lead_in and lead is not None:
            key = _key(text, lead[0], lead[1], rtype, mentions)
        if key is None:
            continue
        out.append(_reading(text, start, end, key, rtype, parties, mentions, segment,
                            lead if lead_in else None))  # fmt: skip
    return out


def _key(text: str, start: int, end: int, rtype: RiskType,
         mentions: list[Mention]) -> re.Match[str] | None:  # fmt: skip
    """The first key word of the type in [start, end) that is not part of a party's name
    ("Distributor" is not "distribute")."""
    for m in rtype.key.finditer(text, start, end):
        if not any(x.start <= m.start() < x.end for x in mentions):
            return m
    return None


def learned_type(text: str, rtype: RiskType) -> bool:
    """Whether the learned detector finds ``text`` to be about ``rtype``."""
    return detects(text, rtype.id)


def _reading(
    text: str, start: int, end: int, key: re.Match[str], rtype: RiskType, parties: PartyIndex,
    mentions: list[Mention], segment: str, lead: tuple[int, int] | None,
) -> Reading:  # fmt: skip
    def span(part: str, a: int, b: int) -> EffectSpan:
        return EffectSpan(part, segment, a, b, text[a:b])

    lo = lead[0] if lead is not None else start
    region = text[lo:end] if lead is None else text[lead[0] : lead[1]] + " " + text[start:end]
    spans = [span("action", key.start(), key.end())]
    actor, inverse = _actor(text, lo, end, key, rtype, parties, mentions)
    if rtype.role_only and (actor is None or actor.relation != BOTH):
        actor, inverse = None, False  # the payer, the recipient: whoever the sentence names
    party, holder = UNKNOWN, "A party"
    both = next(
        (m for t in rtype.mutual if (m := _compiled(t, parties.party_alt).search(region))), None
    )
    if both is not None:
        party, holder = BOTH, "Either party"
        spans.append(EffectSpan("party", segment, -1, -1, both.group(0)))
    elif actor is not None:
        party = parties.other(actor.relation) if inverse else actor.relation
        holder = parties.display(party)
        spans.append(span("party", actor.start, actor.end))
    elif rtype.default_role:
        party = parties.relation_of_role(rtype.default_role)
        holder = parties.display(party)
    negated = False
    neither = actor is not None and re.match(
        r"(?:neither|no)\b", text[actor.start : actor.end], re.I
    )
    if rtype.modal_negation:
        governed = (
            actor is not None
            and re.match(r"\s+(?:\w+\s+){0,2}?to\s+", text[actor.end : key.start()]) is not None
        )
        w_from = (
            actor.end if actor is not None and actor.end <= key.start() and not governed else lo
        )
        window = text[w_from : key.start()]
        neg = _MODAL_NOT.search(window)
        if neg or neither or _PROP_NO.match(text[start:end]):
            negated = True
            if neg:
                spans.append(span("negation", w_from + neg.start(), w_from + neg.end()))
    if rtype.action == RESTRICTION and not negated:
        # "X shall not compete" restricts; "X may / is entitled to compete" frees
        w_from = actor.end if actor is not None and actor.end <= key.start() else lo
        window = text[w_from : key.start()]
        if _PERMITS.search(window) and not re.search(r"\b(?:not|never|no)\b", window, re.I):
            negated = True
    strong = STRONG_NEGATION.search(region) if rtype.id != "liability_cap" else None
    flip = next((m for c in rtype.flip if (m := c.pattern.search(region))), None)
    if strong:
        negated = True
        spans.append(EffectSpan("negation", segment, -1, -1, strong.group(0)))
    if flip:
        negated = not negated
        spans.append(EffectSpan("negation", segment, -1, -1, flip.group(0)))
    trigger = ""
    if rtype.triggers:
        trigger, tm = _trigger(region)
        if tm is not None:
            spans.append(EffectSpan("trigger", segment, -1, -1, tm))
        if trigger == "mutual_agreement":
            party, holder = BOTH, "The parties together"
    wide = next((m for c in rtype.wide if (m := c.pattern.search(region))), None)
    narrow = next((m for c in rtype.narrow if (m := c.pattern.search(region))), None)
    if narrow is not None and rtype.negated_scope and _PROHIBITS.search(region, 0, narrow.start()):
        narrow = None  # "shall not use it ... for any purpose other than": still the duty
    scope = "narrow" if narrow else "wide" if wide else ""
    if narrow or wide:
        m = narrow or wide
        assert m is not None
        spans.append(EffectSpan("scope", segment, -1, -1, m.group(0)))
    return Reading(party, negated, trigger, scope, tuple(_located(text, spans)), holder)


def _located(text: str, spans: list[EffectSpan]) -> list[EffectSpan]:
    """Spans found in a joined region get their offsets in the segment's text."""
    out = []
    for s in spans:
        if s.start < 0:
            at = text.find(s.text)
            if at < 0:
                continue
            s = EffectSpan(s.part, s.segment, at, at + len(s.text), s.text)
        out.append(s)
    return out


def _actor(
    text: str, lo: int, end: int, key: re.Match[str], rtype: RiskType, parties: PartyIndex,
    mentions: list[Mention],
) -> tuple[Mention | None, bool]:  # fmt: skip
    """The party the proposition acts on, and whether the pattern names the other party."""
    alt = parties.party_alt
    inside = [m for m in mentions if lo <= m.start < end]
    for templates, inverse in ((rtype.actor, False), (rtype.inverse, True)):
        for t in templates:
            m = _compiled(t, alt).search(text, lo, end)
            if m is not None:
                at = m.start("p")
                hit = next(
                    (x for x in inside if x.start <= at < x.end or at <= x.start < m.end("p")), None
                )
                if hit is not None:
                    return hit, inverse
    passive = key.group(0).lower().endswith("ed") or re.search(
        r"\b(?:be|been|is|are|was|were)\s+(?:\w+\s+){0,2}$", text[lo : key.start()], re.I
    )
    by = (
        _compiled(r"(?:[\s,]+[\w()'-]+){0,6}?\s+by\s+{party}", alt).match(text, key.end(), end)
        if passive
        else None
    )
    if by is not None:
        hit = next((x for x in inside if by.start("p") <= x.start < by.end("p")), None)
        if hit is not None:
            return hit, False
    before = [
        m for m in inside if m.end <= key.start() and not _OBJECT_OF.search(text[lo : m.start])
    ]
    if before and re.match(
        r"\s+(?:\w+\s+){0,2}?to\s+(?:\w+\s+){0,2}$", text[before[-1].end : key.start()]
    ):
        return before[-1], False  # "allow the Licensor to inspect", "entitles the Customer to end"

    subjects = [
        m
        for m in before
        if _SUBJECT_NEXT.match(text, m.end)
        and not (_CAUSATIVE.match(text, m.end) and m is not before[-1])
    ]
    if subjects or before:
        return (subjects or before)[-1], False
    after = [
        m for m in inside if m.start >= key.end() and not _OBJECT_OF.search(text[lo : m.start])
    ]
    if after:
        return after[0], False
    return None, False


_CONDITION = re.compile(r"\b(?:if|where|upon|in\s+the\s+event|on\s+the\s+occurrence)\b|:\s*$", re.I)


def _trigger(region: str) -> tuple[str, str | None]:
    for c in CONVENIENCE:
        m = c.pattern.search(region)
        if m:
            return "convenience", m.group(0)
    for c in CAUSE:
        m = c.pattern.search(region)
        if m:
            return c.name, m.group(0)
    m = _CONDITION.search(region)
    if m:  # a right on a condition the clause names elsewhere ("... if the other Party:")
        return "event", m.group(0)
    return "", None
