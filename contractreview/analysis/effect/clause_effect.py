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
from dataclasses import dataclass, replace
from functools import lru_cache

from contractreview.analysis.effect.audit_direction import AUDIT_TYPES, audit_direction
from contractreview.analysis.effect.clause_parts import (
    mask_reference_titles,
    run_in_heading_end,
    sentence_between,
    survived_event,
)
from contractreview.analysis.effect.clause_turns import (
    ASSIGNMENT_TYPES,
    BENEFICIARY_TYPES,
    INDEMNITY_TYPES,
    OWNERSHIP_TYPES,
    SUSPENSION_TYPES,
    WARRANTY_TYPES,
    advance_without_payment,
    as_is_giver,
    carve_out,
    keeps_its_own,
    keeps_what_it_brings,
    named_beneficiary_templates,
    negated_frame,
    neither_nor,
    no_third_person,
    noun_not_action,
    passive_as_is,
    suspends_legal_act,
    to_affiliates,
    transfers_no_contract,
    void_if_attempted,
)
from contractreview.analysis.effect.compliance import (
    JUDGEMENT_CUES,
    LEGAL_COMPLIANCE,
    compliance_purpose,
)
from contractreview.analysis.effect.joint_action import joint_action
from contractreview.analysis.effect.mutual_roles import mutual_subject
from contractreview.analysis.effect.negated_statement import (
    denied_by_lead_in,
    keeps_unused_right,
    prohibited_before,
)
from contractreview.analysis.effect.risk_types import (
    BY_ID,
    CAUSE,
    CONVENIENCE,
    OBLIGATION,
    RESTRICTION,
    RIGHT,
    Cue,
    RiskType,
)
from contractreview.analysis.effect.roles import BOTH, THEM, UNKNOWN, US, Mention, PartyIndex
from contractreview.analysis.effect.type_model import detects
from contractreview.analysis.effect.type_scope import (
    DISPUTE_TYPES,
    TITLE_TYPES,
    no_forum_waived,
    states_title_only,
)
from contractreview.analysis.results import EffectSpan

# a word that makes the party after it an object, not the actor
_OBJECT_OF = re.compile(
    r"\b(?:against|to|from|with|for|of|on|upon|over|than|under|towards?|between|about|"
    r"whether|including|without|by\s+way\s+of|or\s+not|after|before|until|once)\s+$",
    re.I,
)
_MODAL_NOT = re.compile(
    r"\b(?:not|never|cannot)\b|\b\w+n['\u2019]t\b|\bno\s+(?:right|obligation|power|entitlement)\b"
    r"|\bwithout\s+the\s+right\b|\bno\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
# a negation put before the subject: "Under no circumstances may the Supplier ..."
_FRONTED_NOT = re.compile(
    r"\b(?:in\s+no\s+(?:event|case|circumstances?)|under\s+no\s+circumstances?|at\s+no\s+time"
    r"|on\s+no\s+account|by\s+no\s+means)\b",
    re.I,
)
# "nothing ... prevents / restricts X from ...": a freedom, not a denial, for a right
_FREES = re.compile(
    r"nothing\b.*\b(?:prevents?|restricts?|limits?|prohibits?|deprives?|affects?)$", re.I | re.S
)
# "no ... " starts a denial; "no more than once", "no later than" state a measure
_MEASURE = r"(?!\s+(?:more|less|later|earlier|fewer|greater|sooner|longer)\s+than\b)"
_PROP_NO = re.compile(r"^\W*(?:(?:\(\w{1,4}\)|and|or)\s*)*(?:no|nothing|none)\b" + _MEASURE, re.I)
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
    r"limits?|excludes?|requires?|entitles?|confers?|permits?|prevents?|restricts?|prohibits?|obliges?|extends?|vests?|"
    r"owns?|pays?|indemnifies|warrants|disclaims?|survives?|continues?|governs?|submits?|"
    r"appoints?|represents?|acknowledges?|covenants?|delivers?|provides?|uses?|retains?|gives?|makes?|"
    r"promises?|keeps?|holds?|bears?|accepts?|complies|owes|belongs?|remains?|"
    r"\w+n['\u2019]t)\b",
    re.I,
)
_PROHIBITS = re.compile(
    r"\b(?:shall|may|must|will)\s+not\b|\bcannot\b|\b(?:can|won|shan|mustn|mayn)['\u2019]t\b", re.I
)
_PERMITS = re.compile(
    r"\b(?:may|can|entitled|free|permitted|allowed)\b|\b(?:reserves?|has|have)\s+the\s+right\b",
    re.I,
)
STRONG_NEGATION = re.compile(
    r"\bnothing\b[^.;]{0,100}?\b(?:prevents?|restricts?|limits?|requires?|entitles?|obliges?|deprives?|construed\s+as|assigns?|transfers?|vests?"
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
# a promise stated as not made: "does not undertake that ...", "gives no guarantee" (a warranty
# disclaimer and a liability clause read their own negations)
_NO_PROMISE = re.compile(
    r"\b(?:does|do|shall|will)\s+not\s+(?:warrant|represent|undertake|guarantee|promise|commit)\w*"
    r"|\b(?:gives?|provides?)\s+no\s+(?:undertaking|guarantee|promise|commitment)\b",
    re.I,
)
_OWN_NEGATION = frozenset({"warranty_disclaimer", "liability_cap"})
# a right held only with the other party's consent is the other party's to give
_WITH_CONSENT = re.compile(
    r"\b(?<!without\s)(?:with|subject\s+to|upon\s+obtaining|after\s+obtaining|having\s+obtained)\s+"
    r"(?:the\s+)?(?:[\w-]+['\u2019]s?\s+)?(?:prior\s+)?(?:express\s+)?(?:written\s+)?(?:consent|approval)\b",
    re.I,
)

# where a clause splits into propositions with subjects of their own
_ITEM = re.compile(
    r"(?:[;:]|,)\s*(?:and\s+|or\s+)?\(\s*(?:[a-h]|i{1,3}|iv|v|vi{0,3}|\d{1,2})\s*\)\s*"
)
_ITEM_LOOSE = re.compile(
    r"(?:[;:,]\s*(?:and\s+|or\s+)?|(?<=\w)\s+)\(\s*([a-h]|i{1,3}|iv|v|vi{0,3}|\d{1,2})\s*\)\s*"
)
_NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)\s*$",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r";\s*|,?\s+(?:provided(?:,?\s+(?:however|always),?)?\s+that|save\s+that|except\s+that"
    r"|(?:and|but)\s+(?:further\s+)?provided\s+that)\s+(?=(?:the\s+)?[A-Z][\w&.-]*"
    r"(?:\s+[A-Z][\w&.-]*){0,4}\s+(?:may|shall|will|must|can)\b|(?:either|each|neither)\s+party\b"
    r"|(?:we|you)\s+(?:may|shall|will|must|can)\b)"
    r"|,?\s+(?:and|but|while|whereas)\s+(?=(?:the\s+|each\s+|either\s+|neither\s+|no\s+(?!(?:more|less|later|fewer)\s+than\b)|[a-z]+\s+(?:shall|will)\s+"
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
    if len(items) < 2:  # "may be terminated (a) by the Customer ...; or (b) by ..."
        # "thirty (30) days": a number in brackets after its words is no item
        loose = [
            m for m in _ITEM_LOOSE.finditer(text) if not _NUMBER_WORDS.search(text, 0, m.start())
        ]
        if len(loose) >= 2 and loose[0].group(1).lower() in ("a", "i", "1"):
            items = loose
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


def read(
    text: str, rtype: RiskType, parties: PartyIndex, segment: str, *, labelled: bool = False
) -> list[Reading]:
    """The readings of ``text`` for ``rtype``; empty without the type's key words, or when
    neither a topic cue of the type, nor the clause model's label, nor the learned detector
    (:mod:`~contractreview.analysis.effect.type_model`) finds the clause to be about it.

    ``labelled``: the clause model gave the clause this type, so the topic is taken as read and
    the propositions that carry the type's key word are read (a clause the cues do not word
    the way the model learned it still gets its holder)."""
    if rtype.key.search(text) is None:  # cheap first: no key word, nothing to read
        return []
    text = mask_reference_titles(text)  # "Section 4 (Disclaimer of Warranties)" does nothing
    if not is_predicate(text):
        return []
    cued = topic_cue(text, rtype) is not None
    learned = not cued and learned_type(text, rtype)
    if not (cued or labelled or learned):
        return []
    if rtype.not_topic is not None and rtype.not_topic.search(text):
        return []
    if rtype.id in BENEFICIARY_TYPES and no_third_person(text):
        return []  # "to enable the Customer to enforce its rights": no third party's right
    if (rtype.id in TITLE_TYPES and states_title_only(text)) or (
        rtype.id in DISPUTE_TYPES and no_forum_waived(text)
    ):
        return []  # "owns or possesses sufficient rights", "waives all moral rights"
    mentions = parties.mentions(text)
    props = propositions(text)
    lead = props[0] if len(props) > 1 and _ITEM.search(text) else None
    # only the propositions that do what the type is about (the lead-in of a list counts)
    about = [(a, b) for a, b in props
             if topic_cue(text[a:b], rtype) or (lead is not None and topic_cue(
                 text[lead[0]:lead[1]] + " " + text[a:b], rtype))]  # fmt: skip
    if not cued and not learned:  # only the clause model's label says what the clause is
        about = [p for p in props if _governed_key(text, p, rtype, mentions)]
        if not about:
            return []
    elif cued:
        about += [p for p in props if p not in about and _continues(text, p, rtype, mentions)]
    props = sorted(about) or [(0, len(text))]
    # the verb of a list's lead-in governs every item ("may update it to (a) ...; (b) ..."),
    # and a proviso after the last item scopes every item
    lead_key = _key(text, lead[0], lead[1], rtype, mentions) if lead is not None else None
    tail = _tail(text) if lead is not None else ""
    # "may suspend only: (a) ...; (b) ...": every item is a limited case of the right
    only = lead is not None and rtype.action == RIGHT and _ONLY_LEAD.search(text, lead[0], lead[1])
    out: list[Reading] = []
    for start, end in props:
        key = _key(text, start, end, rtype, mentions) or _DO_SO.search(text, start, end)
        lead_in = lead is not None and (start, end) != lead
        if lead_in and lead_key is not None:
            key = lead_key
        if key is None:
            continue
        rd = _reading(text, start, end, key, rtype, parties, mentions, segment,
                      lead if lead_in else None, tail)  # fmt: skip
        if only and not rd.scope and not rd.negated:
            rd = replace(rd, scope="narrow")
        named = [r for r in out if any(s.part == "party" for s in r.spans)]
        if named and not any(s.part == "party" for s in rd.spans):
            # "..., and the varied Fees shall apply": no party of its own, the holder before it
            rd = replace(rd, party=named[-1].party, holder=named[-1].holder)
        out.append(rd)
    out = _mutual(out, rtype)
    if rtype.exit_answers:
        out = _answered_by_exit(text, out, parties, segment)
    return out


_ONLY_LEAD = re.compile(
    r"\bonly\s*(?:in\s+the\s+following\s+(?:cases|circumstances)\s*)?[:,]?\s*"
    r"(?:$|\(\s*(?:a|i|1)\s*\))",
    re.I,
)
_SCOPE_RANK = {"narrow": 0, "": 1, "wide": 2, "exit": 0}
_TERMINATION = BY_ID["termination_for_convenience"]


def _exit_span(text: str, answer: Reading, segment: str) -> tuple[EffectSpan, ...]:
    """The words of the other party's right to end the contract: "the Client may end"."""
    action = next((s for s in answer.spans if s.part == "action"), None)
    party = next((s for s in answer.spans if s.part == "party"), None)
    if action is None:
        return ()
    start = party.start if party is not None and 0 <= party.start < action.start else action.start
    return (EffectSpan("scope", segment, start, action.end, text[start : action.end]),)


def _mutual(out: list[Reading], rtype: RiskType) -> list[Reading]:
    """The same duty owed by each party in a proposition of its own ("the Supplier shall
    indemnify ..., and the Customer shall indemnify ...") is a mutual one, unless our client's
    is the wider."""
    if rtype.action not in (OBLIGATION, RESTRICTION):
        return out
    ours = next((r for r in out if r.party == US and not r.negated), None)
    theirs = next((r for r in out if r.party == THEM and not r.negated), None)
    if ours is None or theirs is None or _SCOPE_RANK[ours.scope] > _SCOPE_RANK[theirs.scope]:
        return out
    both = replace(ours, party=BOTH, holder="Either party", spans=ours.spans + tuple(
        s for s in theirs.spans if s.part == "party"))  # fmt: skip
    return [both if r is ours else r for r in out if r is not theirs]


def _answered_by_exit(
    text: str, out: list[Reading], parties: PartyIndex, segment: str
) -> list[Reading]:
    """A right of one party (to change the terms, raise the fees, transfer the contract) that
    the clause lets the other party answer by ending the contract is a limited one: its scope is
    ``exit``, the span the other party's right to terminate."""
    holders = {r.party for r in out if r.party in (US, THEM) and not r.negated}
    if not holders:
        return out
    exits = [
        r for r in read(text, _TERMINATION, parties, segment)
        if r.party in (US, THEM) and not r.negated
    ]  # fmt: skip
    if not exits:
        return out
    result = []
    for r in out:
        answer = next((x for x in exits if x.party == parties.other(r.party)), None)
        if answer is not None and r.party in holders and not r.negated:
            r = replace(r, scope="exit", spans=r.spans + _exit_span(text, answer, segment))
        result.append(r)
    return result


_PROVISO = re.compile(
    r",?\s+(?:provided\s+(?:always\s+|however\s+|,\s*however\s*,\s*)?that|save\s+that|except\s+that"
    r"|whether\s+or\s+not|in\s+each\s+case)\b[^;]*$",
    re.I,
)


# a flip cue that is itself a negation ("no warranty"), not a verb that turns the sense
_NEGATIVE_START = re.compile(r"(?:no|not|none|without|never)\b", re.I)


def _tail(text: str) -> str:
    """The proviso that ends a clause after its last item, if any."""
    m = _PROVISO.search(text.rstrip(" ."))
    return m.group(0) if m is not None else ""


# "... but the Customer may do so on notice": the right of the proposition before, held by
# another party
_DO_SO = re.compile(r"\b(?:do|does)\s+so\b|\bdo\s+the\s+same\b", re.I)
_MAY = re.compile(
    r"\s*,?\s*(?:may|can|(?:is|are|shall\s+be|will\s+be)\s+(?:entitled|free|permitted)|"
    r"(?:has|have|shall\s+have|will\s+have)\s+the\s+right)\b",
    re.I,
)


# a party, its modal and the key verb: "the Licensor shall be entitled to audit"
_GOVERNS = re.compile(
    r"['\u2019]?s?\s*,?\s*(?:\([^)]{0,40}\)\s*)?(?:shall|will|may|must|can|cannot|agrees?\s+to|"
    r"undertakes?\s+to)\s+(?:not\s+)?(?:(?:be|is)\s+(?:entitled|free|permitted)\s+to\s+|have\s+the\s+"
    r"right\s+to\s+)?(?:[\w,]+\s+){0,2}$",
    re.I,
)


def _governed_key(text: str, prop: tuple[int, int], rtype: RiskType,
                  mentions: list[Mention]) -> bool:  # fmt: skip
    """Whether a party is the subject of a modal whose verb is the type's key word: what a
    clause the model labelled but the type's cues do not word must show to be read."""
    start, end = prop
    key = _key(text, start, end, rtype, mentions)
    if key is None:
        return False
    return any(
        start <= m.start and m.end <= key.start() and _GOVERNS.match(text[m.end : key.start()])
        for m in mentions
    )


def _continues(text: str, prop: tuple[int, int], rtype: RiskType, mentions: list[Mention]) -> bool:
    """A proposition without the type's topic words that still gives or denies the clause's
    right to a party of its own: "..., but the Supplier may assign it freely", "provided that
    the Customer may do so"."""
    start, end = prop
    if not any(start <= m.start < end and _MAY.match(text, m.end) for m in mentions):
        return False  # a duty of the other party ("and the Supplier shall perform") is no right
    if _DO_SO.search(text, start, end):
        return True
    return rtype.action == RIGHT and _key(text, start, end, rtype, mentions) is not None


def _key(text: str, start: int, end: int, rtype: RiskType,
         mentions: list[Mention]) -> re.Match[str] | None:  # fmt: skip
    """The first key word of the type in [start, end) that is not part of a party's name
    ("Distributor" is not "distribute")."""
    heading = run_in_heading_end(text)
    for m in rtype.key.finditer(text, start, end):
        if any(x.start <= m.start() < x.end for x in mentions):
            continue
        if m.start() < heading or survived_event(text, m.start(), m.group(0)):
            continue  # "Assignment.  The Supplier may not ...", "survive termination"
        if (
            noun_not_action(text, m)
            or advance_without_payment(text, m)
            or (rtype.id in SUSPENSION_TYPES and suspends_legal_act(text, m.end()))
            or (rtype.id in ASSIGNMENT_TYPES and transfers_no_contract(text, m))
        ):
            continue  # "told in advance", "suspending the effects of the order"
        if m.group(0).lower().endswith("ing") and _TIME_PREP.search(text, 0, m.start()):
            continue  # "will try to inform Customer before suspending": when, not what, is said
        return m
    return None


# a gerund after one of these says when something else happens, not what the party may do
_TIME_PREP = re.compile(r"\b(?:before|after|prior\s+to|when|while|upon)\s+$", re.I)


def learned_type(text: str, rtype: RiskType) -> bool:
    """Whether the learned detector finds ``text`` to be about ``rtype``."""
    return detects(text, rtype.id)


def _reading(
    text: str, start: int, end: int, key: re.Match[str], rtype: RiskType, parties: PartyIndex,
    mentions: list[Mention], segment: str, lead: tuple[int, int] | None, tail: str = "",
) -> Reading:  # fmt: skip
    def span(part: str, a: int, b: int) -> EffectSpan:
        return EffectSpan(part, segment, a, b, text[a:b])

    lo = lead[0] if lead is not None else start
    region = text[lo:end] if lead is None else text[lead[0] : lead[1]] + " " + text[start:end]
    spans = [span("action", key.start(), key.end())]
    ranges = [lead, (start, end)] if lead is not None else [(start, end)]
    own = [m for m in mentions if any(a <= m.start < b for a, b in ranges)]
    actor, inverse = _actor(text, lo, end, key, rtype, parties, own, (start, end))
    own_side = False  # an audit of the auditor itself or its sub-contractors
    beneficiary = _named_beneficiary(text, lo, end, rtype, parties)
    if rtype.id in AUDIT_TYPES and not inverse:
        actor, own_side = audit_direction(text, start, end, key, actor=actor, mentions=own)
    if rtype.id in WARRANTY_TYPES and passive_as_is(text, lo, key.start()):
        # "the beta feature is provided AS IS": the disclaimer of the party that provides it
        actor, inverse = as_is_giver(text, lo, key.start(), own), False
    if rtype.role_only and (actor is None or actor.relation != BOTH):
        actor, inverse = None, False  # the payer, the recipient: whoever the sentence names
    party, holder = UNKNOWN, "A party"
    both = next(
        (m for t in rtype.mutual if (m := _compiled(t, parties.party_alt).search(region))), None
    )
    if both is None and rtype.role_only and actor is None:
        both = mutual_subject(text, lo, end, parties)  # "neither of us", "Recipient will not"
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
    strong = STRONG_NEGATION.search(region) if rtype.id != "liability_cap" else None
    if strong is None and rtype.id not in _OWN_NEGATION:
        strong = _NO_PROMISE.search(region)
    # "nothing prevents the Supplier from terminating": for a right, a freedom, not a denial
    frees = strong is not None and rtype.action == RIGHT and _FREES.match(strong.group(0))
    if frees:
        strong = None
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
        if neg is not None and _in_condition(text, lo, w_from + neg.start(), key.start()):
            neg = None  # "if the Client does not object, ... is deemed accepted": the condition's
        if neg is None:  # a fronted negation's offsets are the text's, not the window's
            neg = _FRONTED_NOT.search(text, lo, key.start())
            w_from = 0 if neg is not None else w_from
        if neg or neither or (_PROP_NO.match(text[start:end]) and not frees):
            negated = True
            if neg:
                spans.append(span("negation", w_from + neg.start(), w_from + neg.end()))
    if rtype.action == RESTRICTION and not negated:
        # "X shall not compete" restricts; "X may / is entitled to compete" frees
        w_from = actor.end if actor is not None and actor.end <= key.start() else lo
        window = text[w_from : key.start()]
        if _PERMITS.search(window) and not re.search(
            r"\b(?:not|never|no)\b|n['\u2019]t\b", window, re.I
        ):  # "can't run" restricts as "cannot run" does
            negated = True
    flip = next((m for c in rtype.flip if (m := c.pattern.search(region))), None)
    if strong:
        negated = True
        spans.append(EffectSpan("negation", segment, -1, -1, strong.group(0)))
    if (flip and strong and flip.start() < strong.end() and strong.start() < flip.end()
            and _NEGATIVE_START.match(flip.group(0))):  # fmt: skip
        flip = None  # "No warranty is given": one negation, read once
    if flip:
        negated = not negated
        spans.append(EffectSpan("negation", segment, -1, -1, flip.group(0)))
    consent = _WITH_CONSENT.search(region) if rtype.consent_denies and not negated else None
    if consent is not None:  # "may assign with the Licensor's consent": not without it
        negated = True
        spans.append(EffectSpan("negation", segment, -1, -1, consent.group(0)))
    trigger = ""
    if rtype.triggers:
        trigger, tm = _trigger(region)
        if tm is not None:
            spans.append(EffectSpan("trigger", segment, -1, -1, tm))
        if trigger == "mutual_agreement":
            party, holder = BOTH, "The parties together"
    scoped = f"{region} {tail}" if tail and tail not in region else region
    wide = next((m for c in rtype.wide if (m := c.pattern.search(scoped))), None)
    narrow = next((m for c in rtype.narrow if (m := c.pattern.search(scoped))), None)
    if narrow is not None and rtype.negated_scope and _PROHIBITS.search(scoped, 0, narrow.start()):
        narrow = None  # "shall not use it ... for any purpose other than": still the duty
    scope = "narrow" if narrow else "wide" if wide else ""
    if narrow or wide:
        m = narrow or wide
        assert m is not None
        spans.append(EffectSpan("scope", segment, -1, -1, m.group(0)))
    if narrow is not None and rtype.negated_scope and prohibited_before(text, key.start()):
        scope = "wide" if wide else ""  # "Neither of us will ... nor disclose it to anyone"
        spans = [s for s in spans if not (s.part == "scope" and s.text == narrow.group(0))]
    if own_side or negated_frame(text, lo, key.start()) or void_if_attempted(region):
        negated = True  # "does not mean that the Customer waives ..."
    if beneficiary is not None:  # "name the Customer as a third-party beneficiary": it enforces
        named = next((m for m in own if m.start <= beneficiary.start("p") < m.end), None)
        if named is not None:
            party, holder, negated = named.relation, parties.display(named.relation), True
    if rtype.modal_negation and neither_nor(text, lo, key.start()):
        negated = True  # "Neither this Agreement nor any right may be assigned by ..."
    if rtype.modal_negation and (denial := denied_by_lead_in(text, key.start())) is not None:
        negated = True  # "... do not and will not: (i) ...; (ii) result in the suspension of"
        spans.append(span("negation", denial.start(), denial.end()))
    if rtype.action == RIGHT and keeps_unused_right(text, key.start()):
        negated = True  # "chooses not to terminate when entitled to, retains the right to"
    if rtype.id in ASSIGNMENT_TYPES and (aff := to_affiliates(text, start, key, end)) is not None:
        scope = "narrow"  # "...; provided that it may be assigned to any entity it controls"
        spans.append(span("scope", aff.start(), aff.end()))
    if rtype.id in OWNERSHIP_TYPES and party == THEM and keeps_its_own(text, start, end):
        negated = True  # "the Supplier retains all rights in its Platform": nothing passes
    if (rtype.id in OWNERSHIP_TYPES and party == THEM and actor is not None
            and keeps_what_it_brings(text, start, end, text[actor.start : actor.end])):  # fmt: skip
        negated = True  # "Customer retains all right ... in the Customer Content": its own
    if rtype.id in INDEMNITY_TYPES and (cut := carve_out(text[key.end() : end])) is not None:
        scope = "narrow"  # "... obligations to indemnify will not apply to claims that ..."
        spans.append(span("scope", key.end() + cut.start(), key.end() + cut.end()))
    joint = joint_action(text, start, end, key, mentions)
    if joint is not None:  # the parties together: needs our client's agreement too
        spans = [s for s in spans if s.part not in ("party", "trigger")]
        party, holder, spans = BOTH, "The parties together", [*spans, span("party", *joint)]
        trigger, scope = ("mutual_agreement", scope) if rtype.triggers else (trigger, "narrow")
        if rtype.triggers:
            spans.append(span("trigger", *joint))
    return Reading(party, negated, trigger, scope, tuple(_located(text, spans)), holder)


def _named_beneficiary(
    text: str, lo: int, end: int, rtype: RiskType, parties: PartyIndex
) -> re.Match[str] | None:
    """Where a third-party-rights clause names a party as the beneficiary ("include the
    Customer as a third party"), the match (group ``p`` is that party)."""
    if rtype.id not in BENEFICIARY_TYPES:
        return None
    for t in named_beneficiary_templates():
        m = _compiled(t, parties.party_alt).search(text, lo, end)
        if m is not None:
            return m
    return None


# a subordinate clause of condition or time that a comma closes before the key word
_CONDITION_OPEN = re.compile(
    r"\b(?:if|unless|where|when|whenever|should|in\s+the\s+event\s+that)\b", re.I
)


def _in_condition(text: str, lo: int, at: int, key: int) -> bool:
    """Whether position ``at`` lies in a condition ("If X does not object within 5 days, ...")
    that ends with a comma before the key word at ``key``: its words say when, not whether."""
    opens = list(_CONDITION_OPEN.finditer(text, lo, at))
    if not opens or "," in text[opens[-1].end() : at]:
        return False
    return "," in text[at:key] or _MAIN_CLAUSE.search(text, at, key) is not None


# the main clause after a condition that no comma closes: "if it objects it may terminate"
_MAIN_CLAUSE = re.compile(r"\s(?:it|they|he|she|we|you)\s+(?:may|shall|will|can|must)\b", re.I)


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
    mentions: list[Mention], item: tuple[int, int],
) -> tuple[Mention | None, bool]:  # fmt: skip
    """The party the proposition acts on, and whether the pattern names the other party.
    ``item`` is the proposition itself where [lo, end) also holds the lead-in of its list."""
    alt = parties.party_alt
    inside = [m for m in mentions if lo <= m.start < end]
    generic = _HOLDS if rtype.action == RIGHT else ()
    for templates, inverse in ((rtype.actor, False), (rtype.inverse, True), (generic, False)):
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
    by = None
    if passive:
        agent = _compiled(r"(?:[\s,]+[\w()'-]+){0,6}?\s+by\s+{party}", alt)
        by = agent.match(text, key.end(), end)
        if key.start() < item[0]:  # the verb in the lead-in, its agent in the item
            by = (
                _compiled(r"\W*(?:\(\w{1,4}\)\s*)?by\s+{party}", alt).match(text, item[0], item[1])
                or by
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

    if before and _condition_subject(text, lo, before[-1], key.start()):
        return before[-1], False  # "if the Customer objects, it may terminate"
    if before and rtype.action == RIGHT and _GIVES.search(text, lo, before[-1].start):
        return before[-1], False  # "shall give the Licensor access to its records for audit"
    subjects = [
        m
        for m in before
        if _SUBJECT_NEXT.match(text, m.end)
        and not (_CAUSATIVE.match(text, m.end) and m is not before[-1])
    ]
    if subjects or before:
        return (subjects or before)[-1], False
    after = [
        m
        for m in inside
        if m.start >= key.end()
        and not _OBJECT_OF.search(text[lo : m.start])
        and not sentence_between(text, key.end(), m.start)  # "... . During it, the parties"
    ]
    if after:
        return after[0], False
    return None, False


# who holds a right, named as its object: "reserved to the Supplier", "at the option of the
# Customer", "at the Customer's discretion", "the Customer's right to terminate"
_HOLDS = (
    r"\b(?:reserved|granted|given|available|conferred|exercisable)\s+(?:\w+\s+){0,2}?"
    r"(?:to|on|upon|by)\s+{party}",
    r"\bat\s+the\s+(?:sole\s+|absolute\s+)?(?:option|election|discretion|request)\s+of\s+{party}",
    r"\bat\s+{party}['\u2019]s?\s+(?:sole\s+|absolute\s+|own\s+)?(?:option|election|discretion)",
    r"\b(?:right|option|power|entitlement)\s+of\s+{party}\s+to\b",
    r"{party}['\u2019]s?\s+(?:\w+\s+)?(?:right|option|power|entitlement)\s+to\b",
    r"\b(?:lawful|open|permissible)\s+for\s+{party}\s+(?:[\w,]+\s+){0,5}?to\b",
)
# "... it may terminate": a pronoun subject just before the key word
_COND_PRONOUN = re.compile(r"\b(?:it|they)\s+(?:may|shall|will|can)\s+(?:\w+\s+){0,2}$", re.I)


def _condition_subject(text: str, lo: int, party: Mention, key: int) -> bool:
    """Whether ``party`` is the subject of a condition ("if the Customer objects") that a
    pronoun just before the key word takes up ("it may terminate")."""
    return bool(
        _COND_PRONOUN.search(text, party.end, key)
        and _CONDITION_OPEN.search(text, max(lo, party.start - 30), party.start)
    )


# "give / grant / allow the Licensor (access) ...": the party after the verb holds the right
_GIVES = re.compile(
    r"\b(?:permit|allow|let|enable|authori[sz]e|give|grant|provide|afford|entitle)s?\s+"
    r"(?:\w+\s+){0,1}$",
    re.I,
)

# a condition on the right: not "upon notice", "upon expiry" (when, not why)
_CONDITION = re.compile(
    r"\b(?:if|where|in\s+the\s+event|on\s+the\s+occurrence)\b|:\s*$"
    r"|\bupon\b(?!\s+(?:[\w'\u2019()-]+\s+){0,5}?(?:notice|request|demand)\b|\s+(?:the\s+)?expiry\b)",
    re.I,
)
# a cause named only to deny it ("shall not constitute a breach", "without liability for
# breach", "whether or not in breach") is no cause of the right
_NOT_A_CAUSE = re.compile(
    r"(?:\bnot\s+(?:constitute|be|amount\s+to|be\s+deemed)|\bwithout\s+(?:any\s+)?(?:liability|"
    r"prejudice)|\bwhether\s+or\s+not|\bregardless\s+of|\birrespective\s+of|\bno\s+need\s+for"
    r"|\bnot\b[^.;]{0,60}\b(?:except|other\s+than|save|unless)\s+(?:for|in\s+the\s+case\s+of|where)?)"
    r"\b[^.;]{0,40}$",
    re.I,
)


def _trigger(region: str) -> tuple[str, str | None]:
    legal = compliance_purpose(region)
    for c in CONVENIENCE:
        m = c.pattern.search(region)
        if m:
            if legal is not None and c.name in JUDGEMENT_CUES:
                break  # "in its sole discretion" judges whether the law requires it
            return "convenience", m.group(0)
    if legal is not None:
        return LEGAL_COMPLIANCE, legal.group(0)
    for c in CAUSE:
        for m in c.pattern.finditer(region):
            if not _NOT_A_CAUSE.search(region, 0, m.start()):
                return c.name, m.group(0)
    m = _CONDITION.search(region)
    if m:  # a right on a condition the clause names elsewhere ("... if the other Party:")
        return "event", m.group(0)
    return "", None
