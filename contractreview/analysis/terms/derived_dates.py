"""Dates a contract implies rather than states: the effective date from the agreement date, and
the expiration date from the term (a perpetual term, the start date plus a fixed term) or from
a clause that ends the contract on an event.
"""

from __future__ import annotations

import re
from datetime import date

from contractreview.analysis.results import Citation, Term
from contractreview.analysis.terms.candidates import Context
from contractreview.analysis.terms.confidence import (
    EFFECTIVE_FROM_AGREEMENT_DATE_FACTOR,
    EXPIRATION_FROM_PERPETUAL_TERM_FACTOR,
    EXPIRATION_FROM_TERM_FACTOR,
    EXPIRATION_FROM_UNDATED_START_FACTOR,
    EXPIRATION_ON_EVENT,
    EXPIRATION_STATED_MARGIN,
)
from contractreview.analysis.terms.periods import NOTICE_AFTER, SUCH_PERIOD
from contractreview.text import normalize as nz
from contractreview.text.cues import Cue


def fill_effective_date(terms: dict[str, Term]) -> None:
    """No stated effective date: a contract takes effect on its date."""
    agreed = terms.get("agreement_date")
    if "effective_date" not in terms and agreed is not None:
        sure = round(agreed.confidence * EFFECTIVE_FROM_AGREEMENT_DATE_FACTOR, 3)
        terms["effective_date"] = Term(
            "effective_date", agreed.value, agreed.normalized, sure,
            agreed.segment, agreed.start, agreed.end,
        )  # fmt: skip


_TERM_START_BEFORE = Cue(
    "derived.term_start_before",
    re.compile(r"\b(?:commenc\w*|begin\w*|began|start\w*|effective|from)\b[^.;]{0,30}$", re.I),
    why="The words before the date a term starts on.",
    examples=("shall commence on ", "effective from "),
    counter_examples=("shall terminate on ",),
)
_OF_THIS_DATE = Cue(
    "derived.of_this_date",
    re.compile(
        r"\s*(?:of|from|after)\s+(?:the\s+date\s+(?:of\s+this\s+agreement|hereof)|the\s+date\s+first\s+"
        r"(?:above\s+)?written|this\s+agreement)",
        re.I,
    ),
    why="A term counted from the date of the contract.",
    examples=(" of the date of this Agreement", " from the date first above written"),
    counter_examples=(" from the Launch Date",),
    how="match",
)


# "This Agreement shall terminate upon the Trust's payment of ...", "shall expire if the Adviser
# ceases to serve", "shall terminate: a. Automatically if ...", "shall continue until the
# expiration of the last patent", "shall not be terminable for any reason": the contract ends on
# an event, not on a date or after a period. CUAD records such a contract's expiration as
# perpetual (no fixed date). The cited text runs from the verb to the end of its clause.
_CLAUSE_CHAR = (
    r"(?:[^.;]|\.(?!\s+(?-i:[A-Z(])|\s*$))"  # "Inc. ceases": a full stop before a capital ends it
)
_CLAUSE_STOP = r"(?=[.;](?:\s+(?-i:[A-Z(])|\s*$)|;|\s*$)"
# the event a contract ends on; not the end of its own term or a date it defines elsewhere
_ENDS_WHEN = (
    r"\s(?:upon|if|when|until\s+(?:the|such|all|each|either|one|no)\b|at\s+such\s+time|"
    r"thereafter,?\s+unless\s+(?:sooner\s+|earlier\s+|otherwise\s+)?terminated|"
    r"in\s+the\s+event|(?:for\s+)?(?:so|as)\s+long\s+as|on\s+the\s+(?:earlie(?:r|st)|first|"
    r"occurrence|(?-i:expiration|termination|expiry|completion)|(?:date|day)\s+(?:on\s+which|"
    r"that|when)|\w+\s+day\s+(?:following|after)\s+(?:a|the)\s+(?:written\s+)?notice))"
    r"(?!\s+(?:the\s+)?(?:(?:expiration|expiry|end|termination)\s+of\s+(?:the\s+|this\s+)?"
    r"(?:(?:Initial|then[- ]current|Renewal|Original|Intended)\s+)?(?:Term|Year|\d{4})\b|"
    r"(?-i:(?:Intended\s+)?End\s+of\s+Term|(?:Expiration|Expiry|End|Termination)\s+Date)))"
)
_NOT_TERMINABLE = r"not\s+be\s+terminable\b"
_EVENT_CLAUSE = (
    r"(?:(?:automatically|immediately|only)\s+(?:(?:and|or)\s+(?:automatically|immediately)\s+)?)?"
    r"(?:terminate|expire|end|ending|terminating|expiring|continue|remain|extend|govern|"
    r"be\s+in\s+effect)\b"
    r"(?:\s+in\s+(?:full\s+)?(?:force|effect)(?:\s+and\s+effect)?\b)?"
    r"(?:\s+and\s+be\s+of\s+no\s+further\s+force\s+or\s+effect)?"
    # "shall terminate: (a) ...", or the event ("upon", "until the", "if", ...)
    r"(?:\s*[:,]?\s*\(?(?:[a-h]|\d|i{1,3}|iv)[.)]\s+|[^.;:]{0,80}?" + _ENDS_WHEN + ")"
    f"{_CLAUSE_CHAR}{{3,300}}?{_CLAUSE_STOP}|{_NOT_TERMINABLE}{_CLAUSE_CHAR}{{0,80}}?{_CLAUSE_STOP}"
)
_EVENT_END = Cue(
    "derived.event_end",
    re.compile(
        # "the indemnity in this Agreement and will continue until ...": another subject's verb
        r"\bagreement\b(?!\s+(?:and|or)\s+(?:shall|will)\b)[^.;:]{0,80}?\b(?:shall|will)\s+"
        r"(?:[^.;:]{0,120}?\b(?:shall|will|and)\s+)?(?P<end>" + _EVENT_CLAUSE + ")",
        re.I,
    ),
    why="The contract ends on an event, not on a date or after a period.",
    examples=(
        "This Agreement shall terminate upon the Trust's payment of all amounts due.",
        "This Agreement shall continue until the expiration of the last Licensed Patent.",
        "This Agreement shall expire if the Adviser ceases to serve.",
        "The provisions of this Agreement, including the license rights, shall not be "
        "terminable for any reason.",
    ),
    counter_examples=(
        "This Agreement shall terminate upon the expiration of the Initial Term.",
        "This Agreement shall terminate on June 30, 2020.",
    ),
)
_EVENT_CLAUSE_RE = re.compile(r"(?:(?:shall|will)\s+)?(?:" + _EVENT_CLAUSE + ")", re.I)
_MODAL_BEFORE = Cue(
    "derived.modal_before",
    re.compile(r"\b(?:shall|will)\s+$", re.I),
    why="The modal verb the event clause is cited from.",
    examples=("shall ",),
    counter_examples=("may ",),
)
_CURE_BEFORE_PERIOD = Cue(
    "derived.cure_before",
    re.compile(r"\b(?:cure[ds]?|within)\s*$", re.I),
    why="A cure period, not the term.",
    examples=("cured within ",),
    counter_examples=("terminate ",),
)


# "The indemnity ... in this Agreement and will continue until ...": the sentence is about an
# obligation that outlives the contract, not about the contract's own end
_OTHER_SUBJECT = Cue(
    "derived.other_subject",
    re.compile(
        r"(?:\(?\w{1,3}[.)]\s+)?(?:the|each|all|any|such|its|their)\s+(?:[\w'’-]+\s+){0,3}?"
        r"(?:indemnit\w*|obligations?|covenants?|representations?|warrant(?:y|ies)|"
        r"rights?|licen[cs]es?|confidentiality|restrictions?|duties|liabilit(?:y|ies))\b",
        re.I,
    ),
    why="A sentence about an obligation that outlives the contract.",
    examples=("The indemnity obligations in this Agreement", "(a) the confidentiality obligations"),
    counter_examples=("This Agreement shall",),
    how="match",
)
_SENTENCE_START = re.compile(r"(?:^|[.;]\s+|\n)(?=[^.;\n]*$)")


# "The provisions of this Agreement, including the license rights, shall not be terminable"
_NEVER_ENDS = Cue(
    "derived.never_ends",
    re.compile(_NOT_TERMINABLE, re.I),
    why="A contract that cannot be terminated.",
    examples=("not be terminable for any reason",),
    counter_examples=("shall be terminable",),
    how="match",
)


# the event before the verb: "upon the expiration of the Support Period in accordance with
# Section 4, this Agreement shall immediately and automatically terminate" (not the end of the
# contract's own term: "Upon expiration of the Initial Term, this Agreement shall terminate")
_EVENT_FIRST = Cue(
    "derived.event_first",
    re.compile(
        r"\b(?:upon|on|at)\s+the\s+(?:expiration|expiry|end|completion|termination)\s+of\s+"
        r"(?!(?:the\s+|this\s+)?(?:(?:initial|then[- ]current|renewal|original)\s+)?"
        r"(?:term|agreement)\b)[^.;:]{3,120}?,\s*this\s+agreement\s+(?:shall|will)\s+"
        r"(?:(?:immediately|automatically|and)\s+){0,3}(?:terminate|expire)\b",
        re.I,
    ),
    why="The contract ends on an event named before the verb.",
    examples=(
        "upon the expiration of the Support Period in accordance with Section 4, this Agreement "
        "shall immediately and automatically terminate",
    ),
    counter_examples=(
        "Upon the expiration of the Initial Term, this Agreement shall terminate",
        "upon the expiration of the Term, this Agreement shall expire",
    ),
)


def _about_other_subject(text: str, at: int) -> bool:
    """Whether the sentence holding ``text[at]`` begins with an obligation as its subject."""
    begin = _SENTENCE_START.search(text, 0, at)
    return bool(begin and _OTHER_SUBJECT.match(text, begin.end(), at))


def ends_on_event(value: str) -> bool:
    """``value`` is the whole of an event-based ending (as ``_event_end`` cites it)."""
    return (
        _EVENT_CLAUSE_RE.fullmatch(value) is not None or _EVENT_FIRST.fullmatch(value) is not None
    )


def _fixed_period(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` states a period the contract runs for ("terminate one year
    after the closing"), not a notice or cure period ("upon 90 days' notice", "cured within
    thirty days") read as the notice-period finder reads one, nor one named before ("at the end
    of such 60-day period")."""
    return any(
        not NOTICE_AFTER.search(text[start + d.end : start + d.end + 50])
        and not _CURE_BEFORE_PERIOD.search(text[max(0, start + d.start - 20) : start + d.start])
        and not SUCH_PERIOD.search(text[max(0, start + d.start - 20) : start + d.start])
        for d in nz.find_durations(text[start:end])
    )


def _event_end(ctx: Context) -> Term | None:
    """The first clause that ends the contract on an event (no date or fixed period in the same
    sentence), as a perpetual expiration with low confidence; the model's Expiration Date
    segments are read first."""
    order = sorted(range(len(ctx.segments)), key=lambda i: -ctx.model_score("expiration_date", i))
    for i in order:
        seg = ctx.segments[i]
        for m in _EVENT_END.finditer(seg.text):
            start, end = m.start("end"), m.end("end")
            if (
                nz.find_dates(seg.text[max(0, start - 120) : end])
                or _fixed_period(seg.text, start, end)
                or (
                    not _NEVER_ENDS.match(seg.text, start)
                    and _about_other_subject(seg.text, m.start())
                )
            ):
                continue  # "shall terminate on June 30, 2020", "one year after the closing"
            modal = _MODAL_BEFORE.search(seg.text, max(0, start - 10), start)
            start = modal.start() if modal else start  # "shall expire if ..."
            value = seg.text[start:end].rstrip(" ,")
            return Term(
                "expiration_date",
                value,
                nz.PERPETUAL,
                EXPIRATION_ON_EVENT,
                seg.id,
                start,
                start + len(value),
            )
        for m in _EVENT_FIRST.finditer(seg.text):
            if not nz.find_dates(m.group(0)) and not _fixed_period(seg.text, m.start(), m.end()):
                return Term(
                    "expiration_date",
                    m.group(0),
                    nz.PERPETUAL,
                    EXPIRATION_ON_EVENT,
                    seg.id,
                    m.start(),
                    m.end(),
                )
    return None


def fill_expiration_date(ctx: Context, terms: dict[str, Term]) -> None:
    """Where no expiry date is stated in the term clause: a perpetual term, or the start date
    plus the stated fixed term (the start the term clause names, else the effective date).
    With neither a term nor a date: a clause that ends the contract on an event."""
    term = terms.get("term")
    stated = terms.get("expiration_date")
    if term is None and stated is None:
        event = _event_end(ctx)
        if event is not None:
            terms["expiration_date"] = event
        return
    if term is None or (
        stated is not None
        and (
            stated.segment == term.segment
            or stated.confidence >= term.confidence - EXPIRATION_STATED_MARGIN
        )
    ):
        return  # the date stated where the term is ("for three years, ending June 30, 2020")
    if term.normalized == nz.PERPETUAL:
        confidence = round(term.confidence * EXPIRATION_FROM_PERPETUAL_TERM_FACTOR, 3)
        terms["expiration_date"] = Term(
            "expiration_date",
            term.value,
            nz.PERPETUAL,
            confidence,
            term.segment,
            term.start,
            term.end,
        )
        return
    days = nz.duration_days(term.normalized)
    text = next((s.text for s in ctx.segments if s.id == term.segment), "")
    starts = [
        d.value
        for d in nz.find_dates(text)
        if _TERM_START_BEFORE.search(text[max(0, d.start - 40) : d.start])
        and (d.end <= term.start or 0 <= d.start - term.end <= 60)
    ]
    begin = terms.get("effective_date") or terms.get("agreement_date")
    if _OF_THIS_DATE.match(text[term.end :]):  # "the first anniversary of the date hereof"
        begin, starts = terms.get("agreement_date") or begin, []
    more: tuple[Citation, ...] = ()
    sure = EXPIRATION_FROM_TERM_FACTOR
    named = None if starts else _NAMED_START.search(text)
    if named:  # "The Term will start from the Launch Date": the date that name is given, if any
        found = _named_date(ctx, named.group("name"), terms.get("agreement_date"))
        if found is not None:
            starts, more = [found[0]], (found[1],)
        else:  # an event the contract does not date: as if it happened on the effective date
            sure = EXPIRATION_FROM_UNDATED_START_FACTOR
    first = starts[-1] if starts else (date.fromisoformat(begin.normalized) if begin else None)
    if first is None or days is None:
        return
    end = nz.add_days(first, days)
    terms["expiration_date"] = Term(
        "expiration_date", term.value, end.isoformat(), round(term.confidence * sure, 3),
        term.segment, term.start, term.end, more,
    )  # fmt: skip


# "begins on the Commencement Date", "from the Launch Date": the term starts on a named date
_NAMED_START = Cue(
    "derived.named_start",
    re.compile(
        r"\b(?:commenc\w*|begin\w*|start\w*|effective|from|on)\s+(?:the\s+)?[\"“]?"
        r"(?P<name>(?!Effective\b)(?-i:[A-Z][\w-]*\s+){1,3}(?-i:Date))\b",
        re.I,
    ),
    why="A term that starts on a named date.",
    examples=("The Term will start from the Launch Date", "begins on the Commencement Date"),
    counter_examples=("commences on the Effective Date",),
)
_DATE_OF_THIS_AGREEMENT = Cue(
    "derived.date_of_this_agreement",
    re.compile(
        r"\s*(?:shall\s+)?means?\s+the\s+date\s+(?:of\s+this\s+agreement|hereof|on\s+which\s+this\s+"
        r"agreement\s+is\s+(?:signed|executed|dated))\b",
        re.I,
    ),
    why="A named date defined as the contract's own.",
    examples=(
        " means the date of this Agreement",
        " shall mean the date on which this Agreement is signed",
    ),
    counter_examples=(" means June 1, 1999",),
    how="match",
)


def _named_date(ctx: Context, name: str, agreed: Term | None) -> tuple[date, Citation] | None:
    """The date a contract gives a named day (``Launch Date``), with where it says so:
    '"Launch Date" means June 1, 1999', 'the launch date ... shall be September 1st, 1999',
    'June 1, 1999 (the "Launch Date")', or 'Commencement Date: means the date of this
    agreement' (the agreement date)."""
    words = r"\s+".join(re.escape(w) for w in name.split())
    defined = re.compile(
        rf"\b{words}\b[\"”]?\s*(?::\s*)?(?:(?:shall\s+)?means?|(?:shall|will)\s+be|is)\s+"
        rf"(?:on\s+)?$|\b{words}\b[^.;\"“]{{0,60}}?\b(?:shall|will)\s+be\s+(?:on\s+)?$",
        re.I,
    )
    named_after = re.compile(rf"\s*,?\s*\(\s*(?:the\s+)?[\"“]{words}[\"”]", re.I)
    for seg in ctx.segments:
        text = seg.text
        if not re.search(words, text, re.I):
            continue
        for d in nz.find_dates(text):
            if defined.search(text[max(0, d.start - 120) : d.start]) or named_after.match(
                text[d.end :]
            ):
                return d.value, Citation(seg.id, d.start, d.end)
        m = re.search(rf"\b{words}\b[\"”]?\s*[:：]?", text, re.I)
        if agreed is not None and m and _DATE_OF_THIS_AGREEMENT.match(text[m.end() :]):
            return date.fromisoformat(agreed.normalized), agreed.citations[0]
    return None
