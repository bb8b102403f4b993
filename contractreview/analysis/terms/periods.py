"""The periods finder: the term, the renewal term, the notice period (to end or not renew the
contract) and the notice to terminate for convenience, from the durations a clause states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contractreview.analysis.terms.candidates import Candidate, Context
from contractreview.analysis.terms.confidence import (
    CONVENIENCE_AT_ANY_TIME,
    CONVENIENCE_SAID,
    NOTICE_BEFORE_TERM_ENDS_PLUS,
    NOTICE_ELSEWHERE,
    NOTICE_IN_RENEWAL_CLAUSE,
    NOTICE_IN_TERMINATION_CLAUSE,
    NOTICE_INSURANCE_MINUS,
    NOTICE_NOT_TO_RENEW_PLUS,
    NOTICE_UPPER_BOUND_MINUS,
    RENEWAL_EXTENDED,
    RENEWAL_OF_AGREEMENT,
    RENEWAL_OF_OTHER,
    RENEWAL_PERPETUAL,
    RENEWAL_SAME_DURATION,
    RENEWAL_SHORT_MINUS,
    RENEWAL_YEAR_TO_YEAR,
    RENEWAL_YEAR_TO_YEAR_NEAR,
    TERM_AFTER_TERM_MINUS,
    TERM_CONDITIONAL_MINUS,
    TERM_FOR_SO_LONG_AS,
    TERM_HEADING_PLUS,
    TERM_PER_SEGMENT,
    TERM_PERPETUAL,
    TERM_PERPETUAL_AFTER_FIXED,
    TERM_STATED,
    TERM_WORDS_BEFORE,
)
from contractreview.analysis.terms.convenience import CONVENIENCE, convenience_cue
from contractreview.text import normalize as nz
from contractreview.text.cues import Cue

# '"Calendar Quarter" means ...': the definition of something other than the term
OTHER_DEFINITION = Cue(
    "periods.other_definition",
    re.compile(
        r"^\W*(?:(?:\d+(?:\.\d+)*\.?|\(?[a-z]{1,3}\))\s+)?[\"“]?(?!(?i:(?:initial\s+|contract\s+|agreement\s+)?(?:term|period))\b)"
        r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}[\"”]\s+(?:shall\s+)?means?\b"
    ),
    why="The definition of something other than the term.",
    examples=('"Calendar Quarter" means', '1.2 "Confidential Information" shall mean'),
    counter_examples=('"Term" means', '"Initial Term" means'),
    how="match",
)
NOTICE_AFTER = Cue(
    "periods.notice_after",
    re.compile(
        # "thirty (30) days' prior written notice": the apostrophe of the possessive
        r"^['’]?\s*(?:\(\d+\)\s*)?(?:of\s+)?(?:(?:prior|advance|advanced|written|express|prior\s+written)\s+)*"
        r"(?:notice|notification|before|prior\s+to|in\s+advance|preceding)",
        re.I,
    ),
    why="A period of notice: the words after the duration.",
    examples=("' prior written notice", " written notice", " before the end of the term"),
    counter_examples=(" after the invoice date", " of the date of receipt"),
)
_BEFORE_TERM_ENDS = Cue(
    "periods.before_term_ends",
    re.compile(
        r"\s*(?:\(\d+\)\s*)?(?:[\w'’-]+\s+){0,4}?(?:prior\s+to|before|preceding|in\s+advance\s+of)\s+"
        r"(?:the\s+)?(?:expiration|end|expiry|conclusion|renewal|anniversary|termination\s+date)",
        re.I,
    ),
    why="Notice due before the term ends.",
    examples=(
        " prior to the expiration of the term",
        "' written notice prior to the end of the then-current term",
    ),
    counter_examples=(" after the expiration of the term", " prior written notice"),
    how="match",
)
_NOT_RENEW = Cue(
    "periods.not_renew",
    re.compile(r"\bnot\s+(?:to\s+)?(?:renew|extend)|\bnon-?\s?renew", re.I),
    why="A notice of not renewing, not of a wish to renew.",
    examples=("notice of its election not to renew", "notice of non-renewal"),
    counter_examples=("shall renew automatically",),
)
_INSURANCE = Cue(
    "periods.insurance",
    re.compile(r"\b(?:insurance|insurer|coverage|(?:insurance\s+)?polic(?:y|ies))\b", re.I),
    why="An insurance policy's notice, not the contract's.",
    examples=("no cancellation of such insurance coverage", "the policies"),
    counter_examples=("the Services",),
)
_NOTICE_BEFORE = Cue(
    "periods.notice_before",
    re.compile(
        r"(?:at\s+least|not\s+less\s+than|no\s+less\s+than|no\s+later\s+than|not\s+later\s+than|"
        r"minimum\s+of|giving|gives|give|upon|with)\s*$",
        re.I,
    ),
    why="A period of notice: the words before the duration.",
    examples=("upon at least ", "by giving not less than "),
    counter_examples=("for a period of ",),
)
_RENEWAL_BEFORE = Cue(
    "periods.renewal_before",
    re.compile(
        r"\b(?:renew\w*|successive|additional|extend\w*|extension|further)\b[^.;]{0,50}$", re.I
    ),
    why="A renewal said before its length.",
    examples=("shall be extended for a ", "renewed for an additional "),
    counter_examples=("shall continue for ",),
)
_RENEWAL_NEAR = Cue(
    "periods.renewal_near",
    re.compile(
        r"\b(?:renew\w*|successive|additional|extension|further)\b"
        r"(?:\s+(?:for|by|of|an?|one|the|up\s+to|(?:a|one)\s+period\s+of|periods?\s+of|terms?\s+of)){0,3}"
        r"\s*$",
        re.I,
    ),
    why="A renewal said right before its length.",
    examples=("automatically renew for successive ", "renewal term of "),
    counter_examples=("renew this Agreement, provided that the Customer has paid within ",),
)
_RENEWAL_AFTER = Cue(
    "periods.renewal_after",
    re.compile(r"^\s*(?:(?:term|year|period)\s+)?(?:renewals?|extensions?|successive)", re.I),
    why='A length followed by "renewals": "2 year term extensions".',
    examples=(" renewal periods", " year renewals", " term extensions"),
    counter_examples=(" after the Effective Date",),
    how="match",
)
_TERM_BEFORE = Cue(
    "periods.term_before",
    re.compile(
        r"\b(?:term|period|continue\w*|remain\w*|in\s+effect|in\s+force|expir\w*|commenc\w*|"
        r"duration|end|terminate)\b(?:[^.;]|i\.e\.|e\.g\.){0,60}$",
        re.I,
    ),
    why="The term's own words before its length.",
    examples=("shall continue for a period of ", "the term of this Agreement shall be "),
    counter_examples=("Customer shall pay within ",),
)
# "Notwithstanding the expiration of this Agreement, ... shall survive / continue to subsist"
_SURVIVAL = Cue(
    "periods.survival",
    re.compile(
        r"\bsurviv\w*|\bnotwithstanding\s+(?:the\s+)?(?:completion|expiration|termination)", re.I
    ),
    why="What outlives the contract, not its term.",
    examples=("shall survive the termination", "Notwithstanding the expiration of this Agreement"),
    counter_examples=("This Agreement shall continue until terminated.",),
)
_TERM_NEAR = Cue(
    "periods.term_near",
    re.compile(
        r"\b(?:term\s+of|(?-i:^|\n)\W*(?:\w+\s+)?term\s*[:：]|(?:be|remain|continue|extend|run|valid)\w*\s+(?:\w+\s+){0,4}?(?:for|until)|"
        r"shall\s+be|(?:expir\w*|end\w*|terminat\w*)(?:\s+(?:on|at|upon))?(?:\s+the\s+date)?|until|"
        r"through|duration\s+of)\s*"
        r"(?:(?:a|an|the)\s+)?(?:(?:initial|fixed|further|additional|minimum)\s+)?"
        r"(?:(?:period|term)\s+of\s+)?(?:(?:the|a)\s+)?$",
        re.I,
    ),
    why="The term's words right before its length.",
    examples=(
        "shall continue for a period of ",
        "Term: ",
        "for an initial term of ",
        "shall remain in effect for ",
    ),
    counter_examples=("upon at least ", "within "),
)
_RENEW_SEGMENT = Cue(
    "periods.renew_segment",
    re.compile(
        r"\b(?:renew\w*|extend\w*|extensions?|successive|additional\s+(?:terms?|periods?)\s+of)\b",
        re.I,
    ),
    why="A clause about renewing the contract.",
    examples=("shall automatically renew", "for additional terms of one year"),
    counter_examples=("This Agreement shall terminate on June 30, 2020.",),
)
# "shall automatically renew for successive terms of the same duration": the renewal is as long
# as the initial term, which is cited beside the phrase
SAME_DURATION = Cue(
    "periods.same_duration",
    re.compile(
        r"(?:the\s+)?same\s+(?:duration|length|term|period)(?:\s+of\s+time)?(?:\s+as\s+the\s+"
        r"initial\s+term)?|(?:a\s+)?(?:term|period)\s+equal\s+(?:in\s+(?:length|duration)\s+)?to\s+"
        r"the\s+initial\s+term",
        re.I,
    ),
    why="A renewal as long as the initial term.",
    examples=(
        "the same duration",
        "a term equal in length to the initial term",
        "same period as the initial term",
    ),
    counter_examples=("the same terms and conditions",),
    how="fullmatch",
)
_SAME_RENEWAL = re.compile(
    r"\b(?:renew\w*|extend\w*|successive)\b[^.;]{0,60}?(?:of|for|by)\s+(?P<same>"
    + SAME_DURATION.pattern.pattern
    + r")",
    re.I,
)
_AGREEMENT_RENEWS = Cue(
    "periods.agreement_renews",
    re.compile(r"\b(?:renew\w*|term|this\s+agreement)\b", re.I),
    why="The contract renews, not a warranty.",
    examples=("this Agreement shall renew", "the Term"),
    counter_examples=("the warranty extends",),
)
# "shall continue thereafter until terminated", "and indefinitely after that": renewed for ever
_THEREAFTER_PERPETUAL = Cue(
    "periods.thereafter_perpetual",
    re.compile(
        r"\b(?:thereafter|after\s+that|after\s+(?:the|such)\s+(?:initial\s+)?(?:term|period))\b"
        r"[^.;]{0,60}?$",
        re.I,
    ),
    why="Renewed for ever after a first term.",
    examples=("for five years and thereafter ", "and after the initial term, "),
    counter_examples=("for five years, ",),
)
_CONDITIONAL = Cue(
    "periods.conditional",
    re.compile(r"\b(?:provided\W+(?:however|that)|if)\b[^;]*$", re.I),
    why="A period that applies only if something happens.",
    examples=(
        "; provided, however, that if the Closing does not occur, this Agreement shall terminate ",
    ),
    counter_examples=("This Agreement shall terminate ",),
)
# "for a period of two (2) years after expiration or termination": after the term, not the term
_AFTER_TERM = Cue(
    "periods.after_term",
    re.compile(
        r"\s*(?:\w+\s+)?(?:after|following|from|beyond)\s+(?:the\s+)?(?:expiration|termination|expiry|"
        r"end\s+of)",
        re.I,
    ),
    why="A period after the term, not the term.",
    examples=(" after expiration or termination", " following the termination of this Agreement"),
    counter_examples=(" from the Effective Date",),
    how="match",
)
# "During the Term of this Agreement and for a period of two (2) years thereafter": after it
_DURING_TERM_AND = Cue(
    "periods.during_term_and",
    re.compile(
        r"\bduring\s+the\s+(?:\w+\s+)?term\b[^.;]{0,40}?\band\s+(?:for\s+)?(?:a\s+(?:period\s+)?of\s+|"
        r"the\s+)?$",
        re.I,
    ),
    why='A period after the term: "during the Term and for two years".',
    examples=("During the Term of this Agreement and for a period of ",),
    counter_examples=("During the Term, Supplier shall provide support within ",),
)
_TERM_HEADING = Cue(
    "periods.term_heading",
    re.compile(
        r"\W*(?:(?:section|article|clause)\s+)?(?:\d+(?:\.\d+)*\.?\s*|\(?[a-z]\)\s*)?"
        r"(?:initial\s+)?term(?:\s+(?:and|&)\s+termination)?\s*[.:\-–]",
        re.I,
    ),
    why="The term clause itself.",
    examples=("11.1 Term. This Agreement", "Term and Termination: ", "TERM: "),
    counter_examples=("Termination. Either party",),
    how="match",
)
_TERMINATE_SEGMENT = Cue(
    "periods.terminate_segment",
    re.compile(r"\bterminat\w*|non-?renew\w*|cancel\w*", re.I),
    why="A clause about ending the contract.",
    examples=("may terminate this Agreement", "notice of non-renewal"),
    counter_examples=("The Supplier shall deliver the Products.",),
)
YEAR_TO_YEAR = Cue(
    "periods.year_to_year",
    re.compile(
        r"\b(?:year[\s-]to[\s-]year|yearly|annual(?:ly)?|month[\s-]to[\s-]month|each\s+year|"
        r"every\s+year|monthly\s+(?:periods?|terms?|basis))\b",
        re.I,
    ),
    why="A renewal by the year or the month.",
    examples=("renew from year to year", "automatic annual renewals", "month-to-month"),
    counter_examples=("the monthly fee", "a one year term"),
)
TERM_STATEMENT = Cue(
    "periods.term_statement",
    re.compile(
        r"\b(?:(?:initial\s+)?term\s+of\s+this|agreement\s+(?:shall|will)\s+(?:\w+\s+){0,2}"
        r"(?:commence|continue|remain|be\s+(?:in\s+effect|effective|for)|expire|terminate|"
        r"take\s+effect|begin|come\s+into|run)|initial\s+term|term\s+of\s+the\s+"
        r"agreement|(?:shall|will)\s+remain\s+in\s+(?:full\s+)?(?:force|effect)|agreement\s+term|"
        r"term\s*(?:shall|will)\s+(?:be|commence|begin|continue)|(?:be\s+)?for\s+a\s+term\s+of|"
        r"agreement\s+(?:begins|commences|(?:shall|will)\s+become\s+effective)|"
        r"\(\s*the\s+[\"“]?(?:initial\s+)?term\b|"
        # a cover page's field: "Initial Term: 36 months", "Subscription Term: three years"
        r"^\W*(?:(?:initial|subscription|contract|agreement|license|licence|service|services)\s+)?"
        r"term\s*[:：][^\S\n]*\w[^.;:\n]{0,40}$|"
        # "the term of the validity of this Agreement shall be one year", "This Agreement and the
        # license granted herein shall remain effective until terminated", "employment shall ..."
        r"\bterm\b[^.;]{0,50}?\b(?:shall|will)\s+be\b|(?:agreement|employment)\b[^.;]{0,60}?\b"
        r"(?:shall|will|is)\s+(?:\w+\s+){0,2}(?:remain\s+(?:effective|valid)|be\s+valid|valid|"
        r"continue|endure|subsist)|shall\s+have\s+a\s+duration\s+of|"
        # "employment with the Company will commence on the Commencement Date and shall continue"
        r"\bcommence\w*\b[^.;]{0,60}?\band\s+(?:shall|will)\s+continue\b|"
        # "This Agreement is effective as of ... and shall terminate on July 31, 2009"
        r"\bagreement\b[^.;]{0,80}?\b(?:shall|will)\s+(?:automatically\s+)?(?:terminate|expire|end)\s+"
        r"(?:on|at)\b)|"
        # '"Contract Period" shall mean that period of time from ...', '1.20. Term shall mean the
        # Effective Date through June 15, 2001' (the quote or the segment's start before the name)
        r"(?:^\W*(?:\d+(?:\.\d+)*\.?\s*|\(?[a-z]\)\s*|[a-z]\.\s*)?[\"“]?|[\"“])\s*(?:initial\s+)?"
        r"(?:term|contract\s+(?:period|term)|agreement\s+term)[\"”]?\s+(?:shall\s+)?mean",
        re.I,
    ),
    why="A clause that states how long the contract runs.",
    examples=(
        "The initial term of this Agreement",
        "This Agreement shall commence on",
        "Initial Term: 36 months",
        "This Agreement and the license granted herein shall remain effective until terminated",
        '"Contract Period" shall mean that period of time from',
        "1.20. Term shall mean the Effective Date through June 15, 2001",
        "employment with the Company will commence on the Commencement Date and shall continue",
    ),
    counter_examples=(
        "Customer shall pay each invoice within thirty days.",
        "The Supplier warrants the Products.",
    ),
)


# the words of a term that is extended or renewed, or may be: not the initial term
_EXTENDED_BEFORE = Cue(
    "periods.extended_before",
    re.compile(r"\b(?:extended|renew\w*)\b[^.;]{0,50}$", re.I),
    why="A period of an extension or a renewal, not of the initial term.",
    examples=("shall be extended for ", "may renew this Agreement for "),
    counter_examples=("shall continue for ",),
)
_FURTHER_PERIOD = Cue(
    "periods.further_period",
    re.compile(r"additional|further", re.I),
    why="A duration that adds to the term: an extension, not the term.",
    examples=("one additional year", "a further two (2) years"),
    counter_examples=("three (3) years",),
)
# "at the end of such 60-day period": a period named before (here a notice's), not the term
SUCH_PERIOD = Cue(
    "periods.such_period",
    re.compile(r"\bsuch\s+$", re.I),
    why="A period the clause named before, referred to again.",
    examples=("to terminate this Agreement at the end of such ",),
    counter_examples=("shall continue for a period of ",),
)
_MAY_EXTEND = Cue(
    "periods.may_extend",
    re.compile(r"\b(?:may|option\s+to)\s+(?:\w+\s+)?extend", re.I),
    why="An option to extend, whose period is not the term.",
    examples=("Customer may extend the Term by ", "shall have the option to extend for "),
    counter_examples=("shall extend for ",),
)
_AT_MOST = Cue(
    "periods.at_most",
    re.compile(r"\b(?:not|no)\s+more\s+than\s*$", re.I),
    why="An upper bound of a notice, less likely the notice itself.",
    examples=("at least six months but not more than ",),
    counter_examples=("not less than ",),
)
_RENEW_BEFORE = Cue(
    "periods.renew_before",
    re.compile(r"renew\w*[^.;]{0,40}$", re.I),
    why='A yearly period said of a renewal: "renew from year to year".',
    examples=("shall automatically renew from ", "subject to renewal on an "),
    counter_examples=("shall continue from ",),
)
_RENEWAL_WORD_AFTER = Cue(
    "periods.renewal_word_after",
    re.compile(r"\s+(?:renewal|extension)s?\b|\s+thereafter\b", re.I),
    why='A yearly period said of a renewal: "annual renewals", "year to year thereafter".',
    examples=(" renewals", " thereafter"),
    counter_examples=(" fees",),
    how="match",
)
_UNTIL_TERMINATED = Cue(
    "periods.until_terminated",
    re.compile(r"\s*,?\s*until\s+terminated", re.I),
    why='A yearly period that goes on: "month to month, until terminated".',
    examples=(", until terminated", " until terminated"),
    counter_examples=(" until the end of the term",),
    how="match",
)
_FOR_SO_LONG_AS = Cue(
    "periods.for_so_long_as",
    re.compile(r"long\s+as", re.I),
    why='A perpetual term that depends on something: "for so long as".',
    examples=("for so long as Customer pays",),
    counter_examples=("until terminated",),
)

_Found = dict[str, list[Candidate]]


@dataclass(frozen=True)
class _Clause:
    """A segment as the periods finder reads it."""

    index: int
    text: str
    renews: bool  # "shall automatically renew", "additional terms of"
    states_term: bool  # "The initial term of this Agreement ..."
    terminates: bool  # "may terminate", "non-renewal"
    headed: float  # TERM_HEADING_PLUS for the term clause itself ("11.1 Term. ..."), else 0
    pos: float  # how far down, for the term


def _clause(index: int, text: str) -> _Clause | None:
    """``text`` as a clause that may state a period; None if it is about none."""
    renews = bool(_RENEW_SEGMENT.search(text))
    states_term = bool(TERM_STATEMENT.search(text)) and not OTHER_DEFINITION.match(text)
    # "11.1 Term. This Agreement ...": the term clause itself, wherever it is
    headed = TERM_HEADING_PLUS if _TERM_HEADING.match(text) else 0.0
    pos = TERM_PER_SEGMENT * min(index, 100)
    terminates = bool(_TERMINATE_SEGMENT.search(text))
    if not (renews or states_term or terminates):
        return None
    return _Clause(index, text, renews, states_term, terminates, headed, pos)


def period_candidates(ctx: Context) -> _Found:
    out: _Found = {"term": [], "renewal_term": [], "notice_period": [], "termination_notice": []}
    same: list[tuple[int, int, int]] = []  # renewals "of the same duration" as the term
    for i, seg in enumerate(ctx.segments):
        clause = _clause(i, seg.text)
        if clause is None:
            continue
        _stated_periods(clause, out)
        if clause.renews:
            same.extend(
                (i, m.start("same"), m.end("same")) for m in _SAME_RENEWAL.finditer(seg.text)
            )
        _yearly_renewals(clause, out)
        _perpetual_periods(clause, out)
    _same_duration_renewals(same, out)
    return out


def _stated_periods(c: _Clause, out: _Found) -> None:
    """The periods ``c`` states as durations ("thirty (30) days", "three (3) years")."""
    text, i = c.text, c.index
    convenience = list(CONVENIENCE.finditer(text)) if c.terminates else []
    for d in nz.find_durations(text):
        before = text[max(0, d.start - 90) : d.start]
        after = text[d.end : d.end + 50]
        norm = {"days": d.days}
        if NOTICE_AFTER.search(after) or _NOTICE_BEFORE.search(before):
            _notice(c, d, before, after, convenience, out)
        elif c.renews and (_RENEWAL_NEAR.search(before) or _RENEWAL_AFTER.match(after)):
            # "renew for successive one (1) year terms", "automatic 2 year term extensions"
            base = RENEWAL_OF_AGREEMENT if _AGREEMENT_RENEWS.search(text) else RENEWAL_OF_OTHER
            base -= RENEWAL_SHORT_MINUS if d.days < 28 else 0.0
            out["renewal_term"].append(Candidate(base, i, d.start, d.end, norm))
        elif (
            c.states_term
            and _TERM_NEAR.search(before)
            and not _EXTENDED_BEFORE.search(before)
            and not _FURTHER_PERIOD.search(text[d.start : d.end])
            and not _MAY_EXTEND.search(before)
        ):
            # "shall commence ... and extend for three (3) years thereafter": the initial term
            base = TERM_STATED + c.headed - c.pos - _term_doubt(text, d.start, before, after)
            out["term"].append(Candidate(base, i, d.start, d.end, norm))
        elif c.renews and _RENEWAL_BEFORE.search(before):
            # "shall be extended for a 1 year period", "extended by one further year"
            base = RENEWAL_EXTENDED - (RENEWAL_SHORT_MINUS if d.days < 28 else 0.0)
            out["renewal_term"].append(Candidate(base, i, d.start, d.end, norm))
        elif c.states_term and _TERM_BEFORE.search(before) and not SUCH_PERIOD.search(before):
            # "shall continue for a period of five (5) years": the term's own words
            base = TERM_STATED if _TERM_NEAR.search(before) else TERM_WORDS_BEFORE
            doubt = _term_doubt(text, d.start, before, after)
            out["term"].append(Candidate(base + c.headed - c.pos - doubt, i, d.start, d.end, norm))


def _term_doubt(text: str, start: int, before: str, after: str) -> float:
    """How much less a duration at ``start`` is the term: one that applies only if something
    happens ("; provided, however, that if ..., this Agreement shall terminate 36 months
    after"), or one that runs after the term ("for two (2) years after termination")."""
    doubt = (
        TERM_CONDITIONAL_MINUS if _CONDITIONAL.search(text[max(0, start - 250) : start]) else 0.0
    )
    doubt += (
        TERM_AFTER_TERM_MINUS
        if _AFTER_TERM.match(after) or _DURING_TERM_AND.search(before)
        else 0.0
    )
    return doubt


def _notice(
    c: _Clause,
    d: nz.DurationMatch,
    before: str,
    after: str,
    convenience: list[re.Match[str]],
    out: _Found,
) -> None:
    """A notice period (CUAD reads a notice to end the contract at will as its notice period
    too), and a notice to terminate for convenience where its sentence says so."""
    if c.renews:
        base = NOTICE_IN_RENEWAL_CLAUSE
    else:
        base = NOTICE_IN_TERMINATION_CLAUSE if c.terminates else NOTICE_ELSEWHERE
    if _BEFORE_TERM_ENDS.match(after) and (c.renews or c.terminates):
        base += NOTICE_BEFORE_TERM_ENDS_PLUS
    if _NOT_RENEW.search(c.text):
        base += NOTICE_NOT_TO_RENEW_PLUS
    if _INSURANCE.search(c.text):
        base -= NOTICE_INSURANCE_MINUS
    if _AT_MOST.search(before):
        base -= NOTICE_UPPER_BOUND_MINUS
    norm = {"days": d.days}
    out["notice_period"].append(Candidate(base, c.index, d.start, d.end, norm))
    if cue := convenience_cue(c.text, convenience, d.start, d.end):
        sure = CONVENIENCE_SAID if cue.group("plain") else CONVENIENCE_AT_ANY_TIME
        out["termination_notice"].append(Candidate(sure, c.index, d.start, d.end, norm))


def _yearly_renewals(c: _Clause, out: _Found) -> None:
    """ "renew from year to year", "with automatic annual renewals", "for one year and from year
    to year thereafter", "shall be effective month to month, until terminated"."""
    text = c.text
    for m in YEAR_TO_YEAR.finditer(text):
        near = _RENEW_BEFORE.search(text[: m.start()]) or _RENEWAL_WORD_AFTER.match(text[m.end() :])
        ongoing = _UNTIL_TERMINATED.match(text[m.end() :])
        if not (c.renews or (c.states_term and (near or ongoing))):
            continue
        days = 30 if m.group(0).lower().startswith("month") else 365
        base = RENEWAL_YEAR_TO_YEAR_NEAR if near or ongoing else RENEWAL_YEAR_TO_YEAR
        out["renewal_term"].append(Candidate(base, c.index, m.start(), m.end(), {"days": days}))


def _perpetual_periods(c: _Clause, out: _Found) -> None:
    """A renewal for ever ("and thereafter until terminated") and a term without a fixed end
    ("shall continue until terminated")."""
    text, i = c.text, c.index
    for m in re.finditer(nz.PERPETUAL_PATTERN, text, re.I):
        if (c.states_term or c.renews) and _THEREAFTER_PERPETUAL.search(text[: m.start()]):
            end = _phrase_end(text, m.start(), m.end())
            out["renewal_term"].append(
                Candidate(RENEWAL_PERPETUAL, i, m.start(), end, nz.PERPETUAL)
            )
    if not c.states_term or _SURVIVAL.search(text):
        return
    span = nz.find_perpetual(text)
    if not span:
        return
    span = (span[0], _phrase_end(text, *span))
    # "shall continue until terminated": no fixed end, unless a period is stated in the same
    # sentence ("for five years and thereafter until terminated").
    fixed = any(t.seg == i for t in out["term"])
    weak = _FOR_SO_LONG_AS.search(text[span[0] : span[1]])
    if fixed:
        base = TERM_PERPETUAL_AFTER_FIXED
    else:
        base = (TERM_FOR_SO_LONG_AS if weak else TERM_PERPETUAL) + c.headed - c.pos
    out["term"].append(Candidate(base, i, span[0], span[1], nz.PERPETUAL))


def _same_duration_renewals(same: list[tuple[int, int, int]], out: _Found) -> None:
    """A renewal "of the same duration" is as long as the stated term, cited beside it."""
    stated = [t for t in out["term"] if t.normalized != nz.PERPETUAL]
    if not (same and stated):
        return
    term = max(stated, key=lambda t: (t.base, -t.seg))
    for k, s, e in same:
        more = ((term.seg, term.start, term.end),)
        out["renewal_term"].append(Candidate(RENEWAL_SAME_DURATION, k, s, e, term.normalized, more))


# "until the expiration of", "for so long as", "until the earlier to occur": a phrase that
# needs the rest of its clause to say anything
_OPEN_PHRASE = Cue(
    "periods.open_phrase",
    re.compile(r"\b(?:of|occur|either|as|any|one|gives|informs|serves|provides|terminates)$", re.I),
    why="A perpetual phrase that needs the rest of its clause.",
    examples=("until the expiration of", "for so long as"),
    counter_examples=("until terminated",),
)
_CLAUSE_REST = re.compile(r"[^.;]{1,160}?(?=[.;](?:\s|$)|\s*$)|[^.;]{1,160}(?=\s)")


def _phrase_end(text: str, start: int, end: int) -> int:
    """Where a perpetual phrase's citation ends: the phrase itself, or, when it is open ("until
    the expiration of"), the rest of its clause ("... of the last Licensed Patent")."""
    if not _OPEN_PHRASE.search(text, start, end):
        return end
    rest = _CLAUSE_REST.match(text, end)
    stop = rest.end() if rest else end
    while stop > end and text[stop - 1] in " ,:(":
        stop -= 1
    return stop
