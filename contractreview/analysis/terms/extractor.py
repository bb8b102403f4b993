"""Key terms of a contract, each cited to the exact words it came from.

A term is found by rules (regular expressions from :mod:`contractreview.text.normalize` for dates,
periods and money; a spaCy blank-English ``EntityRuler`` for jurisdictions) on the segments the
model reads. Where the clause model ran, its metadata labels ("Parties", "Agreement Date",
"Governing Law", "Renewal Term", ...) raise the confidence of candidates in the segments it
points at, so the best-supported candidate wins.

Grounding: ``Term.value`` is always exactly ``segment.text[start:end]``, and ``normalized`` is
what that text means (an ISO date, ``{"days": N}``, a jurisdiction name, a list of parties). The
only derived value is an expiration date computed from a stated term; its span is the stated
term and its confidence says it was computed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from contractreview.analysis.results import Citation, Term
from contractreview.analysis.segmenter import Segment
from contractreview.analysis.spacy_runtime import tokenizable
from contractreview.text import normalize as nz

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language

TERM_NAMES = (
    "document_name",
    "parties",
    "agreement_date",
    "effective_date",
    "expiration_date",
    "term",
    "renewal_term",
    "notice_period",
    "termination_notice",
    "governing_law",
    "venue",
    "liability_cap",
    "payment_terms",
)
# What a reader calls each term (the review memo, the terminal and the GUI).
TERM_TITLES = {
    "document_name": "Document name",
    "parties": "Parties",
    "agreement_date": "Agreement date",
    "effective_date": "Effective date",
    "expiration_date": "Expiration date",
    "term": "Term",
    "renewal_term": "Renewal term",
    "notice_period": "Notice period",
    "termination_notice": "Termination for convenience",
    "governing_law": "Governing law",
    "venue": "Venue",
    "liability_cap": "Liability cap",
    "payment_terms": "Payment terms",
}


def term_title(name: str) -> str:
    return TERM_TITLES.get(name, name.replace("_", " ").strip().capitalize())


# The model's metadata label that points at each term's clause.
TERM_LABELS = {
    "document_name": "Document Name",
    "parties": "Parties",
    "agreement_date": "Agreement Date",
    "effective_date": "Effective Date",
    "expiration_date": "Expiration Date",
    "term": "Expiration Date",
    "renewal_term": "Renewal Term",
    "notice_period": "Notice Period to Terminate Renewal",
    "termination_notice": "Termination for Convenience",
    "governing_law": "Governing Law",
    "venue": "Governing Law",
    "liability_cap": "Cap on Liability",
}
# How much the model's score of a candidate's segment counts against the rule's own confidence.
MODEL_WEIGHT = 0.1  # CUAD dev: 0.1 helps governing law; 0.25 costs agreement dates
PREAMBLE_SEGMENTS = 60  # parties and the agreement date are stated near the top


@dataclass(frozen=True)
class _Candidate:
    base: float  # how sure the rule is, 0..1
    seg: int
    start: int
    end: int
    normalized: Any
    more: tuple[tuple[int, int, int], ...] = ()  # further citations: (segment index, start, end)


class _Context:
    """Segments plus the model's score of each metadata label per segment (0 without model)."""

    def __init__(
        self,
        segments: Sequence[Segment],
        scores: np.ndarray | None,
        label_ids: Sequence[str] | None,
    ) -> None:
        self.segments = segments
        self._scores = scores
        self._col = {lab: i for i, lab in enumerate(label_ids or ())}

    def model_score(self, term: str, seg: int) -> float:
        label = TERM_LABELS.get(term)
        if self._scores is None or label is None or label not in self._col:
            return 0.0
        return float(self._scores[seg, self._col[label]])

    def best(self, term: str, cands: list[_Candidate]) -> Term | None:
        """The candidate with the best rule confidence, model score breaking near-ties."""
        if not cands:
            return None
        have_model = self._scores is not None and TERM_LABELS.get(term) in self._col

        def conf(c: _Candidate) -> float:
            if not have_model:
                return c.base
            return (1 - MODEL_WEIGHT) * c.base + MODEL_WEIGHT * self.model_score(term, c.seg)

        top = max(cands, key=lambda c: (round(conf(c), 2), -c.seg, -c.start))
        seg = self.segments[top.seg]
        return Term(
            name=term,
            value=seg.text[top.start : top.end],
            normalized=top.normalized,
            confidence=round(min(1.0, max(0.05, conf(top))), 3),
            segment=seg.id,
            start=top.start,
            end=top.end,
            more=tuple(Citation(self.segments[k].id, s, e) for k, s, e in top.more),
        )


# -- dates -------------------------------------------------------------------------------------

_AGREEMENT_CUE = re.compile(
    r"\b(?:dated|made|entered\s+into|executed|as\s+of|day\s+of|effective|this)\b[^.;]{0,60}$", re.I
)
_EFFECTIVE_BEFORE = re.compile(
    r"\b(?:effective\s+(?:as\s+of|on|from|date)|effective\s*:?|commenc\w*\s+(?:on|as\s+of)|"
    # "This Agreement shall begin on January 1, 2003", "Start Date: February 1, 2021"
    r"(?:agreement|term)\b[^.;]{0,40}?\b(?:begin|start)s?\s+(?:on|as\s+of)|"
    r"(?:start|commencement)\s+date\s*[:：]|"
    r"commencement\s+date\s+(?:for\s+(?:this|the)\s+\w+\s+)?(?:(?:will|shall)\s+be|is))"
    r"[^.;]{0,40}$",
    re.I,
)
_EFFECTIVE_AFTER = re.compile(r"^[^.;]{0,25}[(\[]\s*(?:the|this)?\s*[\"“]?Effective\s*Date", re.I)
_EXPIRY_BEFORE = re.compile(
    r"\b(?:expir\w*|terminat\w*|end(?:s|ing)?|until|through|thru|conclud\w*|up\s+to\s+and\s+"
    r"including|extended\s+to)\b"
    r"(?:\s+\w+){0,3}(?:\s+(?:earlier|later)\s+of\s*(?:\(\w+\)|\w\))?)?\s*$|"
    # "from the Effective Date to 31 July 2013", "two years from May 1, 2013 to April 30, 2015"
    r"\bfrom\s+[^.;]{1,40}?\s(?:to|-|–)\s*$|"
    # "shall terminate five years after launch, but in no event later than February 28, 2013"
    r"\bin\s+no\s+event\s+later\s+than\s*$",
    re.I,
)
# "Expiration Date: August 31, 2006": a field of a cover page or an order form
_EXPIRY_FIELD = re.compile(r"\b(?:expiration|expiry|end|termination)\s+date\s*[:：]\s*$", re.I)
# '"Calendar Quarter" means ...': the definition of something other than the term
_OTHER_DEFINITION = re.compile(
    r"^\W*(?:(?:\d+(?:\.\d+)*\.?|\(?[a-z]{1,3}\))\s+)?[\"“]?(?!(?i:(?:initial\s+|contract\s+|agreement\s+)?(?:term|period))\b)"
    r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}[\"”]\s+(?:shall\s+)?means?\b"
)
_TERM_SEGMENT = re.compile(
    r"\b(?:term|period|expir\w*|duration|in\s+(?:full\s+)?(?:force|effect)|this\s+agreement)\b",
    re.I,
)


# "Source: ACME INC., 10-K, 3/12/2020": the SEC filing's date, printed on every page.
_FILING_DATE_BEFORE = re.compile(
    r"\bSource:\s[^:]{0,100}$|\b(?:10-?K|10-?Q|8-?K|S-\d|F-\d|20-F|SB-2|N-\d|10-12G|DRS|POS)"
    r"[\w()./ -]{0,12}\s*,\s*$",
    re.I,
)


# Dates the signatories wrote beside their signatures ("Date: 7/7/98", "4/24/2018 Date"):
# with no date in the preamble, the contract's date is the last of them.
# ("Termination Date: December 31, 2023" is no signature)
_SIGNED_BEFORE = re.compile(
    r"(?<!termination )(?<!expiration )(?<!effective )(?<!delivery )(?<!commencement )"
    r"\b(?:dated?|signed(?:\s+on)?)\s*:?\s*$",
    re.I,
)
_SIGNED_AFTER = re.compile(r"^\s*(?:\(?\s*date\b|\d{1,2}[/.-])", re.I)
_SIGNATURE_SEGMENT = re.compile(r"/s/|\bBy\s*:|\bName\s*:|\bTitle\s*:|\bSignature\b", re.I)
_WITNESS = re.compile(
    r"\b(?:(?:in\s+witness|in\s+evidence)\s+whereof|signed\s+and\s+effective|thus\s+done\s+and\s+"
    r"signed)\b",
    re.I,
)
# "the Supply Agreement dated April 1, 2017": another agreement's date, not this one's.
_OTHER_AGREEMENT = re.compile(
    r"\b(?:agreement|contract)\b\s*(?:\([^()]{0,60}\)\s*)?(?:(?:between|by|among|with)\b[^.;]{0,80}?)?"
    r",?\s*(?:dated|of)\s+(?:as\s+of\s+)?(?:the\s+)?$",
    re.I,
)

_THIS_AGREEMENT = re.compile(
    r"\b(?i:this)\s+(?:[A-Z][\w-]*\s+){0,6}[\"“(]*(?i:agreement|contract)\b[\"”]?\s*"
    r"(?:\([^()]{0,60}\)\s*)?(?:(?i:between|by|among|with)\b[^.;]{0,80}?)?,?\s*(?i:dated|of)\s+"
    r"(?i:as\s+of\s+)?(?i:the\s+)?$"
)


def _date_candidates(ctx: _Context) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = {
        "agreement_date": [],
        "effective_date": [],
        "expiration_date": [],
    }
    signed: list[tuple[str, _Candidate]] = []
    witnessed: list[_Candidate] = []
    cued = False
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        for d in nz.find_dates(text):
            iso = d.value.isoformat()
            before = text[max(0, d.start - 80) : d.start]
            after = text[d.end : d.end + 40]
            if _FILING_DATE_BEFORE.search(before):
                continue
            other = _OTHER_AGREEMENT.search(before)
            referenced = bool(other) and not _THIS_AGREEMENT.search(before)
            if i < PREAMBLE_SEGMENTS:
                cue = bool(_AGREEMENT_CUE.search(before)) and not referenced
                cued = cued or cue
                base = 0.9 if cue else 0.6
                base -= 0.01 * i  # the first date near the top is the contract's date
                out["agreement_date"].append(_Candidate(base, i, d.start, d.end, iso))
            if _WITNESS.search(text[: d.start]) and _AGREEMENT_CUE.search(before):
                witnessed.append(_Candidate(0.75, i, d.start, d.end, iso))
            elif (_SIGNED_BEFORE.search(before[-20:]) or _SIGNED_AFTER.match(after)) and (
                _SIGNATURE_SEGMENT.search(text) or _SIGNED_BEFORE.search(before[-20:])
            ):
                signed.append((iso, _Candidate(0.7, i, d.start, d.end, iso)))
            if (
                not referenced
                and (_EFFECTIVE_BEFORE.search(before) or _EFFECTIVE_AFTER.search(after))
                # an end date: "from ... to", "shall begin on the date hereof and expire"
                and not re.search(
                    r"\s(?:to|through|until|expir\w*|end(?:s|ing)?|terminat\w*)\s+(?:on\s+)?"
                    r"(?:the\s+)?$|\s(?:to|through|until)\s*$",
                    before,
                    re.I,
                )
            ):
                out["effective_date"].append(_Candidate(0.9 - 0.002 * i, i, d.start, d.end, iso))
            # "TERM: November 1, 2014 to October 31, 2017"
            ranged = re.match(r"\W*(?:\d+(?:\.\d+)*\.?\s*)?term\b", text, re.I) and re.search(
                r"\d\s+(?:to|-|–)\s*$", before
            )
            field = _EXPIRY_FIELD.search(before)
            # a "Termination Date:" field needs no other word of the term beside it
            if field or ((_EXPIRY_BEFORE.search(before) or ranged) and _TERM_SEGMENT.search(text)):
                # "the term ... shall terminate on December 31, 2034" states it; a date "until"
                # which something else happens elsewhere is a weaker sign
                stated = _TERM_STATEMENT.search(text) and not _OTHER_DEFINITION.match(text)
                base = 0.85 if stated or field else 0.55
                out["expiration_date"].append(_Candidate(base, i, d.start, d.end, iso))
        if (
            _TERM_SEGMENT.search(text)
            and _TERM_STATEMENT.search(text)
            and not _OTHER_DEFINITION.match(text)
        ):
            for d in nz.find_year_ends(text):  # "shall be in effect until the end of 2006"
                if re.search(r"\b(?:until|through|to|at)\s+(?:the\s+)?$", text[: d.start], re.I):
                    iso = d.value.isoformat()
                    out["expiration_date"].append(_Candidate(0.85, i, d.start, d.end, iso))
    if cued:  # the preamble dates the contract; signatures may come later
        return out
    out["agreement_date"].extend(witnessed)
    if signed:
        out["agreement_date"].append(max(signed, key=lambda s: (s[0], s[1].seg))[1])
    return out


# -- durations: term, renewal, notice ----------------------------------------------------------

_NOTICE_AFTER = re.compile(
    # "thirty (30) days' prior written notice": the apostrophe of the possessive
    r"^['’]?\s*(?:\(\d+\)\s*)?(?:of\s+)?(?:(?:prior|advance|advanced|written|express|prior\s+written)\s+)*"
    r"(?:notice|notification|before|prior\s+to|in\s+advance|preceding)",
    re.I,
)
_BEFORE_TERM_ENDS = re.compile(
    r"\s*(?:\(\d+\)\s*)?(?:[\w'’-]+\s+){0,4}?(?:prior\s+to|before|preceding|in\s+advance\s+of)\s+"
    r"(?:the\s+)?(?:expiration|end|expiry|conclusion|renewal|anniversary|termination\s+date)",
    re.I,
)
_NOT_RENEW = re.compile(r"\bnot\s+(?:to\s+)?(?:renew|extend)|\bnon-?\s?renew", re.I)
_INSURANCE = re.compile(r"\b(?:insurance|insurer|coverage|(?:insurance\s+)?polic(?:y|ies))\b", re.I)
_NOTICE_BEFORE = re.compile(
    r"(?:at\s+least|not\s+less\s+than|no\s+less\s+than|no\s+later\s+than|not\s+later\s+than|"
    r"minimum\s+of|giving|gives|give|upon|with)\s*$",
    re.I,
)
_RENEWAL_BEFORE = re.compile(
    r"\b(?:renew\w*|successive|additional|extend\w*|extension|further)\b[^.;]{0,50}$", re.I
)
_RENEWAL_NEAR = re.compile(
    r"\b(?:renew\w*|successive|additional|extension|further)\b"
    r"(?:\s+(?:for|by|of|an?|one|the|up\s+to|(?:a|one)\s+period\s+of|periods?\s+of|terms?\s+of)){0,3}"
    r"\s*$",
    re.I,
)
_RENEWAL_AFTER = re.compile(
    r"^\s*(?:(?:term|year|period)\s+)?(?:renewals?|extensions?|successive)", re.I
)
_TERM_BEFORE = re.compile(
    r"\b(?:term|period|continue\w*|remain\w*|in\s+effect|in\s+force|expir\w*|commenc\w*|"
    r"duration|end|terminate)\b(?:[^.;]|i\.e\.|e\.g\.){0,60}$",
    re.I,
)
# "Notwithstanding the expiration of this Agreement, ... shall survive / continue to subsist"
_SURVIVAL = re.compile(
    r"\bsurviv\w*|\bnotwithstanding\s+(?:the\s+)?(?:completion|expiration|termination)", re.I
)
_TERM_NEAR = re.compile(
    r"\b(?:term\s+of|(?-i:^|\n)\W*(?:\w+\s+)?term\s*[:：]|(?:be|remain|continue|extend|run|valid)\w*\s+(?:\w+\s+){0,4}?(?:for|until)|"
    r"shall\s+be|(?:expir\w*|end\w*|terminat\w*)(?:\s+(?:on|at|upon))?(?:\s+the\s+date)?|until|"
    r"through|duration\s+of)\s*"
    r"(?:(?:a|an|the)\s+)?(?:(?:initial|fixed|further|additional|minimum)\s+)?"
    r"(?:(?:period|term)\s+of\s+)?(?:(?:the|a)\s+)?$",
    re.I,
)
_RENEW_SEGMENT = re.compile(
    r"\b(?:renew\w*|extend\w*|extensions?|successive|additional\s+(?:terms?|periods?)\s+of)\b", re.I
)
# "shall automatically renew for successive terms of the same duration": the renewal is as long
# as the initial term, which is cited beside the phrase
_SAME_DURATION = re.compile(
    r"(?:the\s+)?same\s+(?:duration|length|term|period)(?:\s+of\s+time)?(?:\s+as\s+the\s+"
    r"initial\s+term)?|(?:a\s+)?(?:term|period)\s+equal\s+(?:in\s+(?:length|duration)\s+)?to\s+"
    r"the\s+initial\s+term",
    re.I,
)
_SAME_RENEWAL = re.compile(
    r"\b(?:renew\w*|extend\w*|successive)\b[^.;]{0,60}?(?:of|for|by)\s+(?P<same>"
    + _SAME_DURATION.pattern
    + r")",
    re.I,
)
_AGREEMENT_RENEWS = re.compile(r"\b(?:renew\w*|term|this\s+agreement)\b", re.I)
# "shall continue thereafter until terminated", "and indefinitely after that": renewed for ever
_THEREAFTER_PERPETUAL = re.compile(
    r"\b(?:thereafter|after\s+that|after\s+(?:the|such)\s+(?:initial\s+)?(?:term|period))\b"
    r"[^.;]{0,60}?$",
    re.I,
)
_CONDITIONAL = re.compile(r"\b(?:provided\W+(?:however|that)|if)\b[^;]*$", re.I)
# "for a period of two (2) years after expiration or termination": after the term, not the term
_AFTER_TERM = re.compile(
    r"\s*(?:\w+\s+)?(?:after|following|from|beyond)\s+(?:the\s+)?(?:expiration|termination|expiry|"
    r"end\s+of)",
    re.I,
)
# "During the Term of this Agreement and for a period of two (2) years thereafter": after it
_DURING_TERM_AND = re.compile(
    r"\bduring\s+the\s+(?:\w+\s+)?term\b[^.;]{0,40}?\band\s+(?:for\s+)?(?:a\s+(?:period\s+)?of\s+|"
    r"the\s+)?$",
    re.I,
)
_TERM_HEADING = re.compile(
    r"\W*(?:(?:section|article|clause)\s+)?(?:\d+(?:\.\d+)*\.?\s*|\(?[a-z]\)\s*)?"
    r"(?:initial\s+)?term(?:\s+(?:and|&)\s+termination)?\s*[.:\-–]",
    re.I,
)
_TERMINATE_SEGMENT = re.compile(r"\bterminat\w*|non-?renew\w*|cancel\w*", re.I)
_YEAR_TO_YEAR = re.compile(
    r"\b(?:year[\s-]to[\s-]year|yearly|annual(?:ly)?|month[\s-]to[\s-]month|each\s+year|"
    r"every\s+year|monthly\s+(?:periods?|terms?|basis))\b",
    re.I,
)
_TERM_STATEMENT = re.compile(
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
)


# "may terminate this Agreement for convenience", "without cause", "for any or no reason",
# "at any time": a party may end the contract without a breach
_CONVENIENCE = re.compile(
    r"(?P<plain>for\s+(?:its|their|any|either\s+party's)?\s*convenience|without\s+(?:cause|"
    r"reason)|with\s+or\s+without\s+cause|for\s+any\s+(?:reason|or\s+no\s+reason)|at\s+will)|"
    r"\bat\s+any\s+time\b",
    re.I,
)
# "may terminate at any time if the other party breaches", "... after a Force Majeure Event":
# for cause, not for convenience
_FOR_CAUSE = re.compile(
    r"\b(?:breach\w*|default\w*|insolven\w*|bankrupt\w*|fails?\b|failure|cure[ds]?\b|"
    r"force\s+majeure|acts?\s+of\s+god|prevented)",
    re.I,
)


def _convenience_cue(
    text: str, cues: list[re.Match[str]], start: int, end: int
) -> re.Match[str] | None:
    """The convenience cue in the sentence of the notice period ``text[start:end]``, when that
    sentence is about terminating and not about a breach."""
    left = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
    stops = [k for k in (text.find(".", end), text.find(";", end)) if k >= 0]
    right = min(stops) if stops else len(text)
    sentence = text[left:right]
    if not re.search(r"\bterminat", sentence, re.I) or _FOR_CAUSE.search(sentence):
        return None
    return next((c for c in cues if left <= c.start() and c.end() <= right), None)


def _duration_candidates(ctx: _Context) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = {
        "term": [], "renewal_term": [], "notice_period": [], "termination_notice": []
    }  # fmt: skip
    same: list[tuple[int, int, int]] = []  # renewals "of the same duration" as the term
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        renew_seg = bool(_RENEW_SEGMENT.search(text))
        term_seg = bool(_TERM_STATEMENT.search(text)) and not _OTHER_DEFINITION.match(text)
        # "11.1 Term. This Agreement ...": the term clause itself, wherever it is
        headed = 0.02 if _TERM_HEADING.match(text) else 0.0
        pos = 0.001 * min(i, 100)
        terminate_seg = bool(_TERMINATE_SEGMENT.search(text))
        if not (renew_seg or term_seg or terminate_seg):
            continue
        convenience = list(_CONVENIENCE.finditer(text)) if terminate_seg else []
        for d in nz.find_durations(text):
            before = text[max(0, d.start - 90) : d.start]
            after = text[d.end : d.end + 50]
            norm = {"days": d.days}
            # "; provided, however, that if ..., this Agreement shall terminate 36 months after"
            cond = 0.1 if _CONDITIONAL.search(text[max(0, d.start - 250) : d.start]) else 0.0
            cond += 0.2 if _AFTER_TERM.match(after) or _DURING_TERM_AND.search(before) else 0.0
            if _NOTICE_AFTER.search(after) or _NOTICE_BEFORE.search(before):
                base = 0.9 if renew_seg else (0.6 if terminate_seg else 0.3)
                if _BEFORE_TERM_ENDS.match(after) and (renew_seg or terminate_seg):
                    base += 0.05  # "six (6) months prior to the expiration of the term"
                if _NOT_RENEW.search(text):
                    base += 0.02  # "notice of our election not to renew", not of a wish to renew
                if _INSURANCE.search(text):
                    base -= 0.1  # "no cancellation or non-renewal of such coverage without ..."
                if re.search(r"\b(?:not|no)\s+more\s+than\s*$", before, re.I):
                    base -= 0.1  # "at least six months but not more than twelve months prior"
                # CUAD reads a notice to end the contract at will as its notice period too
                out["notice_period"].append(_Candidate(base, i, d.start, d.end, norm))
                if cue := _convenience_cue(text, convenience, d.start, d.end):
                    sure = 0.85 if cue.group("plain") else 0.75  # "at any time" says less
                    out["termination_notice"].append(_Candidate(sure, i, d.start, d.end, norm))
            elif renew_seg and (_RENEWAL_NEAR.search(before) or _RENEWAL_AFTER.match(after)):
                # "renew for successive one (1) year terms", "automatic 2 year term extensions"
                base = 0.9 if _AGREEMENT_RENEWS.search(text) else 0.6  # not a warranty's
                base -= 0.3 if d.days < 28 else 0.0  # "extends for two (2) working days"
                out["renewal_term"].append(_Candidate(base, i, d.start, d.end, norm))
            elif (
                term_seg
                and _TERM_NEAR.search(before)
                and not re.search(r"\b(?:extended|renew\w*)\b[^.;]{0,50}$", before, re.I)
                and not re.search(r"additional|further", text[d.start : d.end], re.I)
                and not re.search(r"\b(?:may|option\s+to)\s+(?:\w+\s+)?extend", before, re.I)
            ):
                # "shall commence ... and extend for three (3) years thereafter": the initial term
                out["term"].append(_Candidate(0.88 + headed - pos - cond, i, d.start, d.end, norm))
            elif renew_seg and _RENEWAL_BEFORE.search(before):
                # "shall be extended for a 1 year period", "extended by one further year"
                base = 0.8 - (0.3 if d.days < 28 else 0.0)
                out["renewal_term"].append(_Candidate(base, i, d.start, d.end, norm))
            elif term_seg and _TERM_BEFORE.search(before):
                # "shall continue for a period of five (5) years": the term's own words
                base = 0.88 if _TERM_NEAR.search(before) else 0.75
                out["term"].append(_Candidate(base + headed - pos - cond, i, d.start, d.end, norm))
        if renew_seg:
            same.extend((i, m.start("same"), m.end("same")) for m in _SAME_RENEWAL.finditer(text))
        for m in _YEAR_TO_YEAR.finditer(text):
            # "renew from year to year", "with automatic annual renewals", "for one year and
            # from year to year thereafter", "shall be effective month to month, until terminated"
            near = re.search(r"renew\w*[^.;]{0,40}$", text[: m.start()], re.I) or re.match(
                r"\s+(?:renewal|extension)s?\b|\s+thereafter\b", text[m.end() :], re.I
            )
            ongoing = re.match(r"\s*,?\s*until\s+terminated", text[m.end() :], re.I)
            if not (renew_seg or (term_seg and (near or ongoing))):
                continue
            days = 30 if m.group(0).lower().startswith("month") else 365
            base = 0.85 if near or ongoing else 0.75
            out["renewal_term"].append(_Candidate(base, i, m.start(), m.end(), {"days": days}))
        for m in re.finditer(nz.PERPETUAL_PATTERN, text, re.I):
            if (term_seg or renew_seg) and _THEREAFTER_PERPETUAL.search(text[: m.start()]):
                end = _phrase_end(text, m.start(), m.end())
                out["renewal_term"].append(_Candidate(0.8, i, m.start(), end, nz.PERPETUAL))
        if term_seg and not _SURVIVAL.search(text):
            span = nz.find_perpetual(text)
            if span:
                span = (span[0], _phrase_end(text, *span))
                # "shall continue until terminated": no fixed end, unless a period is stated
                # in the same sentence ("for five years and thereafter until terminated").
                fixed = any(c.seg == i for c in out["term"])
                weak = re.search(r"long\s+as", text[span[0] : span[1]], re.I)  # "for so long as"
                base = 0.7 if fixed else (0.8 if weak else 0.88) + headed - pos
                out["term"].append(_Candidate(base, i, span[0], span[1], nz.PERPETUAL))
    stated = [c for c in out["term"] if c.normalized != nz.PERPETUAL]
    if same and stated:
        term = max(stated, key=lambda c: (c.base, -c.seg))
        for k, s, e in same:
            more = ((term.seg, term.start, term.end),)
            out["renewal_term"].append(_Candidate(0.85, k, s, e, term.normalized, more))
    return out


# "until the expiration of", "for so long as", "until the earlier to occur": a phrase that
# needs the rest of its clause to say anything
_OPEN_PHRASE = re.compile(
    r"\b(?:of|occur|either|as|any|one|gives|informs|serves|provides|terminates)$", re.I
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


# -- jurisdictions -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _jurisdiction_nlp() -> Language:
    from contractreview.analysis.spacy_runtime import import_spacy

    nlp: Language = import_spacy().blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": "JURISDICTION", "pattern": p} for p in nz.jurisdiction_phrases()]
    )
    return nlp


def _jurisdictions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of each jurisdiction named in ``text``."""
    # PDF-converted text spaces words unevenly ("Province  of  British  Columbia"); the
    # matcher reads it with single spaces and the spans are mapped back to ``text``.
    found = list(re.finditer(r"\S+", text))
    squashed = " ".join(m.group(0) for m in found)
    back: list[int] = []  # offset in ``text`` of each character of ``squashed``
    for k, m in enumerate(found):
        back.extend(range(m.start(), m.end()))
        if k < len(found) - 1:
            back.append(m.end())
    doc = _jurisdiction_nlp()(tokenizable(squashed))  # linear time; offsets unchanged
    out = []
    for ent in doc.ents:
        name = nz.jurisdiction_name(ent.text)
        if name:
            out.append((back[ent.start_char], back[ent.end_char - 1] + 1, name))
    return out


_GOVERNING_SEGMENT = re.compile(r"\b(?:govern\w*|constru\w*|interpret\w*|laws?\s+of)\b", re.I)
_LAWS_OF = re.compile(
    r"\b(?:laws?\s+(?:of|in\s+force\s+in|applicable\s+in)|governed\s+by|construed\s+"
    r"(?:in\s+accordance\s+with|under)|law\s*:)",
    re.I,
)
_VENUE_SEGMENT = re.compile(r"\b(?:courts?|venue|jurisdiction|arbitration|tribunal)\b", re.I)
_VENUE_CUE = re.compile(
    r"\b(?:courts?|venue|tribunals?|arbitration|seated?|jurisdiction)\b[^.;]{0,120}$", re.I
)


def _law_candidates(ctx: _Context) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = {"governing_law": [], "venue": []}
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        gov = bool(_GOVERNING_SEGMENT.search(text)) and bool(_LAWS_OF.search(text))
        venue = bool(_VENUE_SEGMENT.search(text))
        if not (gov or venue):
            continue
        found = _jurisdictions(text)
        if not found:
            continue
        law_cues = [m.end() for m in _LAWS_OF.finditer(text)]
        for start, end, name in found:
            before = text[max(0, start - 160) : start]
            after_law = [c for c in law_cues if c <= start and start - c < 120]
            law_after = re.match(r"\s+laws?\b", text[end:], re.I)  # "governed by PRC Laws"
            if (
                gov
                and (after_law or law_after)
                and not re.search(r"courts?\b[^.;]*$", before, re.I)
            ):
                base = 0.95 if re.search(r"govern", text, re.I) else 0.75
                base -= 0.02 * sum(1 for s, _, _ in found if s < start)  # first named wins
                if name in ("United States", "United Kingdom"):
                    base -= 0.1  # "the laws of the State of Texas, United States of America"
                out["governing_law"].append(_Candidate(base, i, start, end, name))
            if venue and _VENUE_CUE.search(before):
                base = 0.85 if re.search(r"exclusive|submit|venue", text, re.I) else 0.6
                out["venue"].append(_Candidate(base, i, start, end, name))
    return out


# -- parties -----------------------------------------------------------------------------------
# A preamble names the parties after "between" / "among", each with a description and usually a
# defined alias: 'Acme Corp., a Delaware corporation ("Supplier"), and Beta LLC ("Customer")'.
# The region after the cue is cut into one chunk per party, and each chunk gives a name (its
# leading words, before any description) and its alias.

_BETWEEN = re.compile(
    r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|entered\s+into\s+by|made\s+by|"
    # "is entered into on this 12th day of December, 2019 by Acme, Inc. ... and Beta LLC"
    r"(?:entered\s+into|made)\s(?:(?!between|among|\bby\b)[^;:()\"“”\n]){1,60}?\bby\s+"
    r"(?!and\b)(?=(?-i:[A-Z]))|"
    r"(?-i:B\s?E\s?T\s?W\s?E\s?E\s?N)|"
    r"(?-i:PARTIES|Parties)(?=\s*:?\s*\(?1[.)]))\b\s*:?\s*",  # "PARTIES (1) Acme Ltd ...; (2) ..."
    re.I,
)
# '("Supplier")', '(the "Company" or "Acme")', "('Reseller')": an alias in single quotes ends
# at the next one ("('Alpha' or 'Reseller')"), one in double quotes may hold one ("Macy's")
_ALIAS_PAREN = re.compile(
    r"\(([^()]{0,120}?(?:(?P<sq>['‘])|[\"“”])((?(sq)[^\"“”'‘’]|[^\"“”]){1,60})"
    r"(?(sq)['’]|[\"“”'])[^()]{0,80})\)"
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{1,60})[\"“”]|['‘]([^\"“”'‘’]{1,60})['’]")
_ALIAS_SAID = re.compile(
    r"\bhereinafter\s+(?:referred\s+to\s+as|called)\s*:?\s*(?:the\s+)?[\"“']([^\"“”]{1,60})[\"”']",
    re.I,
)
_NOT_ALIASES = re.compile(
    r"^(?:agreement|this\s+agreement|effective\s+date|parties|party|amendment|contract|"
    r"execution\s+date|commencement\s+date|products?|services?|territory|exhibit|schedule|"
    r".+\s(?:agreement|contract|amendment|date|period|term))$",  # "the Transport Agreement",
    # "the Agreement Date", "the Interim Period": not a party
    re.I,
)
_COLLECTIVE = re.compile(
    r"\b(?:each|collectively|individually|together|jointly|hereinafter\s+collectively)\b[^()]*"
    r"part(?:y|ies)",
    re.I,
)


def _paren_alias(m: re.Match[str]) -> str | None:
    """The alias an ``_ALIAS_PAREN`` match defines: its first quoted words ('("i9 CW" or
    "Reseller")' is "i9 CW"), before any words on the parties together ('("ZNTX"; Alpha and ZNTX
    each a "Party")'); None where it defines no party's alias."""
    inner = m.group(1)
    alias = m.group(3)
    if together := _COLLECTIVE.search(inner):
        first = _QUOTED.search(inner, 0, together.start())
        if first is None:
            return None  # '(each a "Party")'
        alias = first.group(1) or first.group(2)
    alias = _squash(alias).rstrip(",;").strip()  # '("Alpha," "we," or "us")'
    if not alias or _NOT_ALIASES.match(alias):
        return None
    return alias


_SUFFIX = (
    r"(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|LLC|L\.L\.C|LLP|L\.P|LP|PLC|"
    r"plc|N\.A|S\.A|S\.A\.S|S/A|B\.V|N\.V|GmbH|AG|SE|S\.p\.A|S\.r\.l|S\.[AÀ]\.?\s?R\.L|Pty|S\.L|"
    r"AB|A/S|(?-i:a\.s)|G\.I\.E|Oy|KK)\b\.?"
)
# the rest of a firm's name of surnames: "Keefe, Bruyette & Woods, Inc.", "Smith, Roe & Co."
_FIRM_NAME = (
    r"(?:\s*(?-i:[A-Z])[\w'’-]+,)*\s*(?-i:[A-Z])[\w'’-]+\s*&\s*(?-i:[A-Z])[\w'’-]+,?\s*"
    rf"{_SUFFIX}"
)
# a street: "Elm Road", "LANDDROSTLAAN", "Hauptstrasse", "P.O. Box"
_STREET_WORD = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Place|Pl|Square|Sq|"
    r"Highway|Hwy|Parkway|Pkwy|Court|Ct|Terrace|Crescent|Circle|Plaza|Strasse|Straße|Straat|"
    r"Laan|Weg|Gasse|Gracht|Plein|Kade|Platz|Allee|Ring|Vej|Gade|Gatan|Vägen|Calle|Avenida|Rua|"
    r"Rue|Via|Viale|Corso|Piazza)\.?"
)
_STREET = (
    rf"(?:(?:(?-i:[A-Z])[\w'’.-]*\s+)?{_STREET_WORD}|"
    r"[\w'’-]*(?:laan|stra(?:ss|ß)e|straat|weg|gasse|gracht|plein|kade|platz|allee|vej|gade|gatan|"
    r"v[äa]gen)|P\.?\s?O\.?\s+Box)\b"
)
# a person's post-nominal letters belong to the name: "Michael T. Murray, N.D.", "Jr."
_POST_NOMINAL = (
    r"(?:Jr|Sr|II|III|IV|M\.?D|N\.?D|Ph\.?D|Esq|D\.?O|C\.?P\.?A)\b\.?(?=\s*[,(\"“]|\s*$)"
)
_NAME_CUT = re.compile(
    # not the comma of "Acme, Inc." or "Columbia Laboratories, (Bermuda) Ltd."
    rf",(?!\s*{_SUFFIX}|\s*\([^()]{{1,40}}\)\s*{_SUFFIX}|{_FIRM_NAME}|\s*{_POST_NOMINAL})|"
    r"(?-i:\s+(?:a|an|is|with|having|whose|located|organized|organised|"
    r"incorporated|existing|residing|represented|doing\s+business|acting|on\s+behalf|its|which|"
    r"who|together|including|c/o|at|of\s+\d|suite|hereinafter|herein|referred))[\s,]|\s+of\s+\[|"
    # not a bracket inside a name, before its company form: "Beike Internet (Beijing) Security
    # Technology Co., Ltd.", "SYSTEMS APPLICATIONS PRODUCTS (AFRICA) (PTY) LIMITED"
    rf"\s*\((?![^()\"“”]{{1,40}}\)(?:\s*\([^()\"“”]{{1,40}}\)|\s+(?-i:[A-Z])[\w&'-]+){{0,4}}"
    rf"\s*,?\s*{_SUFFIX})|"
    rf"\s+\d{{2,}}(?!\d|\s+{_SUFFIX})|"  # not "WPP 2005 LIMITED"
    r"\s+(?:Suite|Attn|Address|P\.?\s?O\.?\s+Box)\b|"
    # an address right after the name: "ACME MEDIA LANDDROSTLAAN 23, ...", "Acme Ltd 5 Elm Road"
    rf"(?:\s+(?:of|at))?\s+(?:"
    rf"(?={_STREET}\s+\d{{1,5}}[A-Za-z]?\b(?!\s*,?\s*{_SUFFIX}))|"
    rf"(?=\d{{1,5}}[A-Za-z]?,?(?:\s+(?-i:[A-Z])[\w.'’-]*){{1,3}}?\s+{_STREET_WORD}\b)|"
    rf"(?=(?-i:[A-Z])[\w'’.-]+\s+\d{{1,5}}[A-Za-z]?\s*,\s*(?!{_SUFFIX})(?-i:[A-Z0-9])))|"
    r"\s+of\s+(?=\d+[A-Za-z]?\s+(?-i:[A-Z]))|"  # "Lambda Mining Limited of 20 Hay Street"
    r"\s+(?:Room|Floor|Flat|Rm\.?)\s+\d|"  # "Dolphin Industries Limited Room 1302 ..."
    # the next field of a form: "Legal representative:", "Telephone:"
    r"\s+(?:legal\s+representative|address|contact|tel(?:ephone)?|fax|e-?mail|attention|"
    r"registered\s+(?:address|office)|authori[sz]ed\s+(?:signatory|representative))\s*[:：]",
    re.I,
)
_END_PREAMBLE = re.compile(
    r"\b(?:WHEREAS|RECITALS|NOW,?\s+THEREFORE|W\s*I\s*T\s*N\s*E\s*S\s*S(?:\s*E\s*T\s*H)?|hereby\s+agree|"
    r"agree\s+as\s+follows)\b",
    re.I,
)
# Where one party's chunk may end: ";", "and" (only once the name has ended), "- and -", or
# a comma right after an alias ('("A"), Beta LLC ("B")').
_PARTY_SEP = re.compile(
    r"\s*;\s*(?:-\s*)?(?:and\s*(?:-\s*)?:?\s+)?|,?\s+and\s*:?\s+|\s+-\s*and\s*-\s+|"
    r"(?<=\))\s*,\s+(?=(?:the\s+)?(?-i:[A-Z0-9]))|"
    # an alias, then the next name without a comma: '("Heritage") Premier Nutrition Corporation'
    r"(?<=[\"”]\))[^\S\n]+(?=(?-i:[A-Z][\w'’.-]*\s+[A-Z]))|"
    # a letter's addressee or agent: '... (the "Bank") hereby confirm their agreement with
    # Acme Securities, Inc. (the "Agent")', '... agrees that it may sell through Acme, LLC'
    r",?\s+(?:hereby\s+)?confirms?,?\s+(?:jointly\s+and\s+severally,?\s+)?(?:their|its|our)\s+"
    r"(?:agreement|understanding)\s+with\s+|\s+(?:issue\s+and\s+)?sell\s+through\s+(?=(?-i:[A-Z]))|"
    # a party joined to the one before: '... (the "Company"), together with Acme Holdings, L.P.'
    # or one a party acts for: '... (the "Trust"), on behalf of the Trust's Income Fund ("Fund")'
    r"(?<=\)),?\s+together\s+with\s+(?=(?-i:[A-Z]))|"
    r"(?<=\)),?\s+(?:an?\s+[^,()]{1,60},\s+)?on\s+behalf\s+of\s+"
    r"(?=(?:the\s+)?(?-i:[A-Z])[^()]{0,80}\((?:the\s+)?[\"“])|"
    # the next item of a numbered list: "... Hong Kong   (2) WASTE2ENERGY GROUP HOLDINGS PLC"
    r"\s+(?=\(\d{1,2}\)\s+(?-i:[A-Z]))|"
    # a person whose services a company lends: '("Lender"), for services of Jane Doe ("Endorser")'
    # (after the company's alias: 'Acme, Inc. f/s/o Jane Doe ("Acme")' names only the company)
    r"(?<=\)),?\s+(?:(?:for|furnishing)\s+(?:the\s+)?(?:personal\s+)?services\s+of|f/s/o)\s+|"
    # a list of companies: "Alpha Partners L.P., Beta Fund, L.P., Gamma Research, LLC and ..."
    rf"(?P<list>,\s+)(?=(?!{_SUFFIX})(?-i:[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|of)){{0,6}}?),?"
    rf"\s+{_SUFFIX}(?:\s*[,;(]|\s+(?:an?|and)\s|$))",
    re.I,
)
_NOT_NAMES = re.compile(
    r"(?:this|exhibit|schedule|agreement|amendment|whereas|company\s+telephone|dated|know\s+all)\b|"
    r".*\b(?:agreement|amendment)\b",
    re.I,
)
_ENUM = re.compile(r"\s*(?:\(?\d{1,2}[.)]|\([a-z]\)|[a-z]\))\s+")
_NAME_WORDS_OK = re.compile(r"(?:of|and|the|de|du|la|for|&|d/b/a|dba|f/k/a|y|und|von|van|der)$")

# "Delaware corporation", "New York limited liability company": a description, not a name
_ENTITY_FORM = re.compile(
    r"\s+(?:corporation|company|limited\s+liability\s+company|limited\s+partnership|"
    r"partnership|general\s+partnership|banking\s+corporation|corp\.?)$",
    re.I,
)
# ... or a gap of a cover page's layout: "AVIONS DE TRANSPORT REGIONAL, G.I.E.   AZUL-ATR"
_AFTER_NAME = re.compile(r"\s+(?:[a-z]|(?:With|Dated|Having|Whose|Located)\b)|\s{3,}\S")
_NAME_GOES_ON = re.compile(r"\s+(?:f/k/a|d/b/a|dba|formerly|and\b|&|of\b|de\b|y\b)", re.I)


_SALUTATION = re.compile(
    r"\s*(?:Dear\s+)?(?:(?:Ladies|Sirs?|Madams?)\s+(?:and|&)\s+)?(?:Gentlemen|Sirs|Mesdames)\s*[:,]\s*|"
    r"\s*Dear\s+(?:Sir|Madam|Mr\.?|Mrs\.?|Ms\.?)[^:,\n]{0,40}[:,]\s*"
)
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Messrs)\.?\s+(?=[A-Z])")
# ... but not "its Affiliates", "each Party": words that refer to a party, not a name
_LOWER_NAME = re.compile(
    r"(?!(?:its|their|his|her|our|each|all|any|such|said|certain|other|an?|the)\b)"
    r"[a-z][\w.-]*(?:\s+[\w.-]+){0,3}"
)
# a group named by its members: "a contractual joint venture comprised of Acme, Inc. and ..."
_VENTURE_OF = re.compile(
    r"\s*an?\s+(?:contractual\s+)?joint\s+venture\s+(?:comprised|composed|consisting)\s+of\s+",
    re.I,
)
_DESCRIBED_AS = re.compile(
    r"\s*,\s*an?\s+(?:(?-i:[A-Z])[\w.-]*\s+){1,3}(?:corporation|company|limited\s+liability\s+"
    r"company|(?:limited\s+|general\s+)?partnership)\b",
    re.I,
)


# a role, not a name: "the Company", "AGENTS", "Investors", or a word of a sentence ("OR"). (A
# form's party may be named by its role alone: "between Acme Bank and Customer", "and You".)
_NOT_A_NAME = re.compile(
    r"(?:the\s+)?(?:company|party|agreement|investor|"
    r"(?:compan|part|counterpart)ies|(?:investor|agent|affiliate|customer|client|supplier|vendor|"
    r"buyer|seller|purchaser|licensor|licensee|franchisor|franchisee|distributor|reseller|sponsor|"
    r"contractor|consultant|lender|borrower|member|owner|provider|holder|shareholder|"
    r"stockholder)s|"
    r"or|and|nor|the|by|to|of|in|for|with|from|between|among|terms|conditions)[.,;:]?$",
    re.I,
)
# words of a sentence in a clause written in capitals ("INVESTOR BY THE COMPANY", "COMPANY WILL
# HOLD INVESTOR"), which no name without a company form holds
_SENTENCE_WORDS = re.compile(
    r"(?-i:\b(?:WILL|SHALL|MAY|MUST|CAN|SHOULD|WOULD|HOLDS?|IS|ARE|WAS|WERE|BE|BEEN|HAS|HAVE|HAD|"
    r"HEREBY|HEREIN|HEREUNDER|AGREES?|AGREED|NOT|SUCH|THAT|WHICH|IF|OR|BY\s+THE|TO\s+THE|"
    r"FROM\s+THE)\b)"
)


def _clean_name(chunk: str) -> tuple[int, int] | None:
    """The [start, end) of the party's name at the start of ``chunk``, without description."""
    s = 0
    while True:
        m = re.match(r"\s*(?:,|;|and\b|between\b|among\b|the\s+(?=[a-z]))\s*", chunk[s:], re.I)
        if not m or not m.group(0):
            break
        s += m.end()
    if greeting := _SALUTATION.match(chunk, s):
        s = greeting.end()  # a letter's "Ladies and Gentlemen:" before the first party
    if enum := _ENUM.match(chunk, s):
        s = enum.end()
    if venture := _VENTURE_OF.match(chunk, s):
        s = venture.end()  # "(a) a joint venture comprised of Acme, Inc.": Acme is the party
    # "between professional golfer, TOM WATSON, ...": a description before the name
    if described := re.match(r"(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*\s*,\s*(?=[A-Z])", chunk[s:]):
        s += described.end()
    if label := re.match(r"\s*(?:Client|Customer|Company|Party)?\s*Name\s*:\s*", chunk[s:]):
        s += label.end()  # a form: "Client Name: MEDICAL MANAGER MIDWEST, INC."
    while s < len(chunk) and chunk[s] in "-_*= \n\t":
        s += 1
    if title := _HONORIFIC.match(chunk, s):
        s = title.end()  # "Mr. John Roe": the party is John Roe
    # a name in quotes: 'between "Acme Holding AG", a company ...'
    if quoted := re.match(r"[\"“]([^\"“”\n]{2,100})[\"”]\s*,", chunk[s:]):
        s, e = s + 1, s + 1 + len(quoted.group(1))
        return (s, e) if _clean_name(chunk[s:e]) == (0, e - s) else None
    rest = chunk[s:]
    cut = _NAME_CUT.search(rest)
    e = s + (cut.start() if cut else len(rest))
    while e > s and chunk[e - 1] in " ,;:-":
        e -= 1
    # "Cargill, Incorporated through its ...", "KALLO Inc. With principal offices": the name
    # ends at its company form when words that belong to no name follow it
    for m in re.finditer(rf"\b{_SUFFIX}", chunk[s:e], re.I):
        tail = chunk[s + m.end() : e]
        # an abbreviated form ends the name before " of" + an address ("Ltd. of Beijing"),
        # a spelt-out one may not ("Aluminum Company of America")
        place = re.match(r"\s+of\s", tail) and not re.match(
            r"compan|corporation|incorporated|limited", m.group(0), re.I
        )
        if _AFTER_NAME.match(tail) and (place or not _NAME_GOES_ON.match(tail)):
            e = s + m.end()
            break
    if chunk[s:e].endswith(".."):  # "Torvec Inc.."
        e -= 1
    name = chunk[s:e]
    # "ebix.com, Inc.", "mPhase Technologies Inc.", "iBio Inc." start lower-case
    lower_start = name[:1].islower() and not re.match(r"\S*\.\S|[a-z]{1,2}[A-Z]|[a-z]\d", name)
    # "i-on interactive, a Florida corporation": a lower-case name its description vouches for
    vouched = (
        name[:1].islower()
        and bool(_LOWER_NAME.fullmatch(name))
        and bool(_DESCRIBED_AS.match(chunk, e))
    )
    lower_start = lower_start and not vouched
    if len(name) < 2 or lower_start or not name[0].isalnum() or len(name) > 100:
        return None
    if not re.search(r"[A-Za-z]{2}", name) or re.search(r"\bmeans\b|\bshall\b", name):
        return None
    if _NOT_A_NAME.match(name):
        return None  # "the Company", "AGENTS", "OR": a role or a word of a sentence
    if _SENTENCE_WORDS.search(name) and not re.search(rf"\b{_SUFFIX}", name, re.I):
        return None  # capitals of a clause: "COMPANY WILL HOLD INVESTOR", "INVESTOR BY THE"
    if _NOT_NAMES.match(name) or (name[0].isdigit() and not re.search(rf"\b{_SUFFIX}", name, re.I)):
        return None
    lower = [w for w in name.split() if w[:1].islower() and not _NAME_WORDS_OK.match(w)]
    if lower and not vouched and not re.search(rf"\b{_SUFFIX}", name, re.I):
        return None  # a sentence, not a name: "EIT is in charge of the remote Network"
    return s, e


def _name_ended(chunk: str) -> bool:
    """Whether a chunk already holds a whole name and more (so a following "and" starts the
    next party) rather than a name still being written ("Louisville Gas and Electric")."""
    if not chunk.strip():
        return False
    cut = _clean_name(chunk)
    return (
        cut is None
        or cut[1] < len(chunk.rstrip(" ,"))
        or bool(re.search(rf"\b{_SUFFIX}\s*,?\s*$", chunk, re.I))
    )


def _joins_a_jurisdiction(before: str, sep: str, after: str) -> bool:
    """Whether an "and" separator is inside a jurisdiction's name ("a company incorporated in
    England and Wales under number ...") rather than between two parties."""
    left, right = re.search(r"(\w+)\W*$", before), re.match(r"\W*(\w+)", after)
    if ";" in sep or not re.search(r"\band\b", sep, re.I) or not (left and right):
        return False
    name = nz.jurisdiction_name(f"{left.group(1)} and {right.group(1)}")
    return name is not None and " and " in name


def _inside_brackets(before: str, after: str) -> bool:
    """Whether a separator is inside a bracket that opened before it and closes after it."""
    depth = before.count("(") - before.count(")")
    return depth > 0 and ")" in after


# "with its registered offices located at Berlin and Munich", "to be formed by Jane Roe and
# John Doe": an "and" joining the words of a description, not two parties
_DESCRIPTION_TAIL = re.compile(
    r"(?-i:\s(?:at|in|by))\s+(?:(?-i:[A-Z])[\w.'’-]*\s+){0,6}(?-i:[A-Z])[\w'’-]*\.?\s*$"
)
# a company's representatives: "represented by its Chief Executive Officer Jane Roe and its
# Chief Operations Officer John Doe", "through Ms. Jane Roe, a duly authorized person and ..."
_REPRESENTED = re.compile(
    r"\b(?:represented\s+by|through|acting\s+(?:by|through)|in\s+(?:the\s+)?person\s+of)\s"
    r"[^()\"“”]*$",
    re.I,
)


_ONE_SIDE = re.compile(r"\bon\s+the\s+one\s+(?:side|hand|part)\s*,?\s*$", re.I)


def _and_in_description(before: str, sep: str, after: str) -> bool:
    """Whether a plain "and" separator joins words of the party's description (places, the
    people who form or represent it) rather than two parties: the words after it name no
    company."""
    if not re.fullmatch(r"\s+and\s+", sep) or _ONE_SIDE.search(before):
        return False
    named = _clean_name(before)
    tail = before[named[1] :] if named else before
    if not (_DESCRIPTION_TAIL.search(tail) or _REPRESENTED.search(tail)):
        return False
    nxt = _clean_name(after)
    return nxt is None or not re.search(rf"\b{_SUFFIX}", after[nxt[0] : nxt[1]], re.I)


def _named_before(party: dict[str, Any], earlier: list[dict[str, Any]]) -> bool:
    """Whether ``party`` is one named before, by name or alias; two blanks of a form are two
    parties when their aliases differ."""
    if not re.search(r"[^\W_]", party["name"]):
        return any(party["alias"] == p["alias"] for p in earlier)
    return any(party["name"] in (p["name"], p["alias"]) for p in earlier)


def _blank_goes_on(before: str, sep: str, after: str) -> bool:
    """Whether a plain "and" is inside the description of a party left blank, before its
    alias: "and" then a lower-case word ("organized and existing") starts no party."""
    return (
        bool(re.fullmatch(r"\s+and\s+", sep, re.I))
        and bool(re.match(r"(?-i:[a-z])", after))
        and _BLANK.match(before) is not None
        and not _ALIAS_PAREN.search(before)
    )


def _party_chunks(region: str) -> list[tuple[int, int]]:
    """[start, end) of each party's stretch of ``region``."""
    chunks = []
    cs = 0
    for m in _PARTY_SEP.finditer(region):
        if m.start() <= cs:
            continue
        if _joins_a_jurisdiction(region[cs : m.start()], m.group(0), region[m.end() :]):
            continue
        if m.group("list") and not (
            re.search(rf"\b{_SUFFIX}\s*$|(?-i:\s[a-z]+)$", region[cs : m.start()], re.I)
            or _ALIAS_PAREN.search(region, cs, m.start())  # '("AFSL"), ..., Tokyo, Japan, Beta Ltd'
        ):
            continue  # a list goes on after a company form or a description, not "Jane Roe, PhD"
        if _inside_brackets(region[cs : m.start()], region[m.end() : m.end() + 150]):
            continue  # '("Roche US"; Roche Basel and Roche US together referred to as "Roche")'
        if _and_in_description(region[cs : m.start()], m.group(0), region[m.end() :]):
            continue
        if _blank_goes_on(region[cs : m.start()], m.group(0), region[m.end() :]):
            continue  # "____, a corporation organized and existing under ... ("Distributor")"
        if ";" in m.group(0) or _name_ended(region[cs : m.start()]):
            chunks.append((cs, m.start()))
            cs = m.end()
    chunks.append((cs, len(region)))
    return chunks


# what follows a label or an address, not a name: "VAT NUMBER: 016...", "Nashville, TN 37205"
_FIELD_LABEL = re.compile(r"\s*[:：]\s*\d")
_ADDRESS_WORD = re.compile(r"(?:Suite|Ste\.|Floor|Room|Unit|Building|P\.?\s?O\.?\s+Box)\b", re.I)
_ADDRESS_AFTER = re.compile(r"\s*,\s*(?:\d+[A-Za-z]?\s+(?-i:[A-Z])\w*|(?-i:[A-Z]{2})\s+\d{5}\b)")


# a form's blank where a party's name goes: "____________", "[*]", "[ * * * ]", "[●]", "[ ]"
_BLANK = re.compile(
    r"(?:\s*(?:,|;|and\b|between\b|among\b)\s*)*\s*"
    r"(?P<blank>_{3,}|\[[\s*●•.…_]*\](?!\s*[\w&])|\*{3,})",
    re.I,
)


def _blank_party(region: str, cs: int, ce: int) -> _Found | None:
    """A form's party left blank but named by its alias ('and [*] ("Distributor")', '____, a
    ____ corporation ("Licensee")'): the blank is its name; without an alias it is none."""
    blank = _BLANK.match(region, cs, ce)
    if not blank:
        return None
    ns, ne = blank.span("blank")
    for m in _ALIAS_PAREN.finditer(region, ne, ce):
        alias = _paren_alias(m)
        if alias is None:
            continue
        if not re.search(r"[A-Za-z]{2}", alias):
            return None
        return {"name": _squash(region[ns:ne]), "alias": alias}, ns, ns, ne, m.end()
    return None


def _chunk_party(region: str, cs: int, ce: int) -> _Found | None:
    """The party a chunk names: ``({"name", "alias"}, name start, name end, end)`` in
    ``region``, where ``end`` is past the alias (the name's end without one)."""
    got = _clean_name(region[cs:ce])
    if not got or _BLANK.match(region, cs, ce):
        return _blank_party(region, cs, ce)
    ns, ne = cs + got[0], cs + got[1]
    if _FIELD_LABEL.match(region, ne) or _ADDRESS_WORD.match(region, ns):
        return None  # "VAT NUMBER: 01655870705", "Suite 200"
    # "Nashville, TN 37205", "Convention Plaza, 1 Harbour Rd": an address line
    if (
        _ADDRESS_AFTER.match(region, ne)
        and not re.search(rf"\b{_SUFFIX}", region[ns:ne], re.I)
        and not _ALIAS_PAREN.search(region, ne, ce)
    ):
        return None
    alias, end = None, ne
    for m in _ALIAS_PAREN.finditer(region, ne, ce):
        candidate = _paren_alias(m)
        if candidate is None:
            continue
        alias, end = candidate, m.end()
        break
    else:  # 'INVASIX LTD., ... Israel. Hereinafter referred to as "Customer"'
        said = _ALIAS_SAID.search(region, ne, ce)
        if said and not _NOT_ALIASES.match(_squash(said.group(1))):
            alias, end = _squash(said.group(1)), said.end()
    return {"name": _squash(region[ns:ne]), "alias": alias}, ns, ns, ne, end


# A party found in a text: ``(party, start, name start, name end, end)``: its citation is
# ``[start, end)``, which holds the name and, when it has one, the alias.
_Found = tuple[dict[str, Any], int, int, int, int]


MAX_PARTIES = 24  # a preamble "by and among" a company and its many investors
PREAMBLE_CHARS = 3000  # ... each with an address and a description

_WHEREAS_LEAD = re.compile(r"\s*WHEREAS\b\s*[,:]?\s*", re.I)
_PRIOR_AGREEMENT = re.compile(
    r",?\s+(?:and\s+)?(?:as\s+an?\s+amendment\s+to\s+)?that\s+certain\b", re.I
)


_LIST_LEAD = re.compile(
    r"\s*(?:each\s+of\s+)?the\s+(?:following|parties\s+(?:listed|named|set\s+forth)\s+below)"
    r"(?:\s+part(?:y|ies))?\s*:\s*",
    re.I,
)


def _parse_parties(text: str, start: int) -> list[_Found]:
    """Parties named in ``text`` after ``start`` ("between ... and ..."), with their aliases;
    offsets are in ``text``."""
    if lead := _WHEREAS_LEAD.match(text, start):
        start = lead.end()  # "WHEREAS, Acme Inc. (the "Company") and ... entered into ..."
    if lead := _LIST_LEAD.match(text, start):
        start = lead.end()  # "by and among the following parties: (a) Acme Inc. ...; (b) ..."
    stop = _END_PREAMBLE.search(text, start)
    end = min(stop.start() if stop else len(text), start + PREAMBLE_CHARS)
    if earlier := _PRIOR_AGREEMENT.search(text, start, end):
        end = earlier.start()  # "... as an amendment to that certain Agreement ... among ..."
    region = text[start:end]
    found: list[_Found] = []
    for cs, ce in _party_chunks(region):
        got = _chunk_party(region, cs, ce)
        if got is None:
            continue
        party, _, ns, ne, pe = got
        if nz.jurisdiction_name(_ENTITY_FORM.sub("", party["name"])):
            # "... a company registered in England and Wales ("Customer")": still the
            # description of the party before, whose alias this is.
            if found and found[-1][0]["alias"] is None and party["alias"]:
                found[-1][0]["alias"] = party["alias"]
                found[-1] = (*found[-1][:4], start + pe)
            continue
        if _named_before(party, [p for p, *_ in found]):
            continue  # a party named again by its alias ("Loop and Joint Venture Company")
        found.append((party, start + ns, start + ns, start + ne, start + pe))
        if len(found) == MAX_PARTIES:
            break
    if len(found) == 1 and found[0][0]["alias"] is None:
        return _split_pair(text, found[0])
    return found


# what may follow a party's name before its alias: a description, an address, nothing
_BEFORE_ALIAS = re.compile(
    r"\s*,?\s*(?:(?:an?|the|its|which|who|whose|with|having|located|residing|organi[sz]ed|"
    r"incorporated|existing|doing|acting|through|hereinafter|herein|formerly|of|on\s+behalf)\b|"
    r"f/k/a|d/b/a|\d|$)",
    re.I,
)


_ARTICLE_BEFORE = re.compile(r"(?<![\w.])(?-i:an?)\s+$")
_PLACE_BEFORE = re.compile(r"(?:\b(?-i:at|in|on|from|near)|\d,?)\s+$")
# "MediaNet Group Technologies, Inc., a Nevada corporation having an address at 5100 W. Copans
# Road Suite 710 Margate, FL 33063 USA ("MEDIANET")": a description with an address may be long
_ADDRESS_CUE = re.compile(
    r"\b(?:(?:having|with)\s+(?:an?|its)\s+(?:(?:principal|registered)\s+)?(?:address|office|"
    r"place\s+of\s+business)|(?:located|residing|domiciled)\s+at)\b",
    re.I,
)
_DESCRIBED_GAP = 250
_SENTENCE_BREAK = re.compile(r"[.;!?]\s+(?-i:The|This|It|We|You|In|If|Each|All|Such)\b|[;!?]")


def _aliased_parties(text: str) -> list[_Found]:
    """Parties named before the aliases a sentence defines, without "between": 'Kiromic, Inc, a
    Delaware corporation (the "Company"), is pleased ... to retain Jane Roe ("Consultant")'.
    Each name starts after a word in lower case (or at the text's start) and runs, with its
    description, up to its alias."""
    found: list[_Found] = []
    prev = 0
    for m in _ALIAS_PAREN.finditer(text):
        window, ws = text[prev : m.start()], prev
        prev = m.end()
        alias = _paren_alias(m)
        if alias is None:
            continue
        for c in re.finditer(r"(?:^|(?<=\s))(?=[A-Z0-9])", window):
            if c.start() and re.search(r"(?-i:[A-Z])[\w.,&'’-]*\s{1,2}$", window[: c.start()]):
                continue  # inside a name, not its start (a wider gap ends a title before it)
            if _ARTICLE_BEFORE.search(window, 0, c.start()):
                continue  # "a Nevada corporation": a description, not a name
            if _PLACE_BEFORE.search(window, 0, c.start()):
                continue  # "headquarters at One Penn Center", "P.O. Box 10485, Riyadh"
            got = _clean_name(window[c.start() :])
            if got is None or got[0] != 0:
                continue
            if _AGREEMENT_WORD.search(window, c.start(), c.start() + got[1]) or re.search(
                r"\s{3,}", window[c.start() : c.start() + got[1]]
            ):
                continue  # the title before the first name: "IP RIGHTS AGREEMENT   Synchron"
            ns, ne = ws + c.start(), ws + c.start() + got[1]
            gap = m.start() - ne
            if (
                gap > (_DESCRIBED_GAP if _ADDRESS_CUE.search(text, ne, m.start()) else 80)
                or not _BEFORE_ALIAS.match(text, ne, m.start())
                or _SENTENCE_BREAK.search(text, ne, m.start())
            ):
                continue  # a sentence between the name and the alias
            if nz.MONTHS.get(text[ns:ne].split()[0].lower().rstrip(".")):
                continue  # a date, not a name
            party = {"name": _squash(text[ns:ne]), "alias": alias}
            if not _named_before(party, [p for p, *_ in found]):
                found.append((party, ns, ns, ne, m.end()))
            break
    return found if len(found) >= 2 else []


def _split_pair(text: str, only: _Found) -> list[_Found]:
    """ "between Galacticomm and Horst Entertainment Inc.": a lone name without alias after
    "between" that joins two names with "and" is the two parties; otherwise none."""
    _, _, ns, ne, _ = only
    joins = list(re.finditer(r"\s+and\s+", text[ns:ne], re.I))
    # a company form or a cover page's capitals ("INGRAM MICRO AND NETGEAR"), not two
    # defined terms ("between Customer and Supplier")
    formal = re.search(rf"\b{_SUFFIX}", text[ns:ne], re.I) or text[ns:ne].isupper()
    if len(joins) != 1 or not formal:
        return [only]
    out: list[_Found] = []
    for s, e in ((ns, ns + joins[0].start()), (ns + joins[0].end(), ne)):
        got = _clean_name(text[s:e])
        if got is None or got != (0, e - s) or not text[s].isupper():
            return [only]
        out.append(({"name": _squash(text[s:e]), "alias": None}, s, s, e, e))
    return out


def _parties_base(parties: list[dict[str, Any]]) -> float | None:
    """How sure a list of parties is, None if it is not one (a single party without alias)."""
    if not parties or (len(parties) < 2 and not parties[0]["alias"]):
        return None
    with_alias = sum(1 for p in parties if p["alias"]) / len(parties)
    return 0.5 + (0.25 if len(parties) >= 2 else -0.1) + 0.15 * with_alias


# -- a preamble over several segments ------------------------------------------------------------
# "BETWEEN:" / party 1 / "AND:" / party 2, "(1) ... (2) ...", or a preamble sentence the
# segmenter cut: the segments after the one with the cue are read as one text, and each party
# is cited from the segment that names it.

PREAMBLE_RUN = 6  # segments one preamble may span
_CONNECTIVE = re.compile(
    r"\s*(?:and|&|-\s*and\s*-|between|among|by\s+and\s+between)?\s*:?\s*", re.I
)
_RUN_STOP = re.compile(
    r"\s*(?:\d+(?:\.\d+)*\.?\s|(?:article|section|clause)\s|[A-Z]\.\s|"
    r"(?:table\s+of\s+)?contents\b|in\s+consideration\b)",
    re.I,
)
_NEW_SENTENCE = re.compile(
    r"\s*(?:this|the|each|all|both|either|neither)\b[^.;]{0,60}\b(?:agreement|amendment|contract|"
    r"part(?:y|ies))\b",
    re.I,
)
_RUN_SEP = "\n"
_CLAUSE_WORDS = re.compile(r"\b(?:shall|means|will)\b", re.I)
_CLOSED = re.compile(r"[.!?;][\"”’')\]]*\s*$")  # a sentence or list item that ended
_OPEN_TAIL = re.compile(r"\b(?:and|between|among|or)\s*:?\s*(?:\(?\w{1,2}[.)])?\s*$", re.I)
# ... "and", a bracket, a lower-case word, or an address cut at "P.O.B." ("325, Yehud 56217")
_GOES_ON = re.compile(r"\s*(?:and\b|&|or\b|\(|-\s*and\b|(?-i:[a-z]{3,}\b)|\d+,\s)", re.I)
_FIELD = re.compile(r"\s*[A-Z][A-Za-z ]{0,25}(?:\([^()]{0,30}\)\s*)?[:：]")  # "Address:"
MAX_GAP = 1  # segments without a party between two that name one (an address line)


class _Run:
    """Consecutive segments read as one text, with each one's offset in it."""

    def __init__(self, segments: Sequence[Segment], first: int, roles: bool = False) -> None:
        self.index = [first]
        # a clause or a definition that names the parties is not a preamble: it stays alone
        alone = bool(_CLAUSE_WORDS.search(segments[first].text))
        # "Party A: ..." or a cover page's "Licensor: ..." fields
        labelled = roles or bool(_PARTY_LABEL.search(segments[first].text))
        # labelled fields take a line each: "Party B:", name, "Address:", address, "Contact:"
        span = 2 * PREAMBLE_RUN if labelled else PREAMBLE_RUN
        last = first + 1 if alone else min(len(segments), first + span)
        for j in range(first + 1, last):
            seg = segments[j]
            before = segments[self.index[-1]].text
            fields = labelled and (_FIELD.match(seg.text) or _FIELD.match(before))
            if (
                not fields
                and _CLOSED.search(before)
                and not (_OPEN_TAIL.search(before) or _GOES_ON.match(seg.text))
            ):
                break  # the sentence before ended, and this one does not carry on the list
            if seg.is_heading and not fields and not _CONNECTIVE.fullmatch(seg.text):
                break  # "1. DEFINITIONS", "WITNESSETH", a signature page's heading
            if _RUN_STOP.match(seg.text) or _END_PREAMBLE.match(seg.text.lstrip()):
                break  # the first clause or the recitals
            if _BETWEEN.search(seg.text) or _NEW_SENTENCE.match(seg.text):
                break  # another preamble, or a sentence about the agreement
            self.index.append(j)
        texts = [segments[j].text for j in self.index]
        self.text = _RUN_SEP.join(texts)
        self.offsets = []
        off = 0
        for t in texts:
            self.offsets.append(off)
            off += len(t) + len(_RUN_SEP)
        self._lengths = [len(t) for t in texts]

    def locate(self, pos: int) -> int:
        """Which of the run's segments (position in the run) holds ``pos``."""
        return max(0, bisect.bisect_right(self.offsets, pos) - 1)

    def cite(
        self, found: list[_Found], base_cue: float, penalty: float, labelled: bool = False
    ) -> _Candidate | None:
        """The candidate of ``found``: each party cited from the segment that names it, and
        consecutive parties of one segment cited together."""
        parties: list[dict[str, Any]] = []
        cites: list[list[int]] = []  # [run position, start, end] in the segment
        max_gap = 6 if labelled else MAX_GAP  # "Party B:", name, "Address:", address, ...
        for party, cs, ns, ne, end in found:
            k = self.locate(ns)
            off, seg_end = self.offsets[k], self.offsets[k] + self._lengths[k]
            if cs < off:  # "Party B:" / the name on the next line: the name alone is cited
                party, cs = {"name": party["name"], "alias": None}, ns
            if ne > seg_end:  # a name cut by the segment's end: what this segment says of it
                ne = seg_end
                while ne > ns and self.text[ne - 1] in " ,;:-":
                    ne -= 1
                name = _squash(self.text[ns:ne])
                if len(name) < 2:
                    continue
                party = {"name": name, "alias": None}
                end = ne
            if end > seg_end:  # its alias is in the next segment: the name alone is cited
                party = {"name": party["name"], "alias": None}
                end = ne
            if _named_before(party, parties):
                continue
            if cites and k - cites[-1][0] > max_gap + 1:
                break  # a name further on, after segments that name no party
            parties.append(party)
            if cites and cites[-1][0] == k:
                cites[-1][2] = end - off
            else:
                cites.append([k, cs - off, end - off])
        base = _parties_base(parties)
        if labelled:
            base = 0.85 if len(parties) >= 2 else None
        if base is None:
            return None
        (k0, s0, e0), *rest = cites
        more = tuple((self.index[k], s, e) for k, s, e in rest)
        seg0 = self.index[k0]
        return _Candidate(base + base_cue - penalty, seg0, s0, e0, parties, more)


def _squash(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


_AGREEMENT_WORD = re.compile(r"\bagreement\b|\bcontract\b", re.I)
_PREAMBLE_CUE = re.compile(r"\b(?:agreement|contract|made|entered|dated|executed|by\s+and)\b", re.I)
PARTY_SEARCH_SEGMENTS = 400  # a preamble may follow a long table of contents


def _alias_key(name: str) -> str:
    """A name or alias compared loosely: "the Merchant and" is "merchant"."""
    key = re.sub(r"^(?:the\s+)|\s+(?:and|&)$", "", _squash(name).lower())
    return key.strip(" ,;:.")


def _defined_earlier(parties: list[dict[str, Any]], aliases: set[str]) -> bool:
    """Whether a party without alias of its own is named only by an alias the contract
    defined before ("between Merchant and ...", "the Investor and the Lenders"): after a
    preamble, such a list refers to the parties it named rather than naming them."""
    return any(p["alias"] is None and _alias_key(p["name"]) in aliases for p in parties)


# a sentence whose subjects are the parties: "Acme Corp. and Beta GmbH hereby agree ..."
_PARTIES_AGREE = re.compile(  # a bracket may define an alias: "America (MICOA) and ..."
    r"\s*(?-i:[A-Z])(?:[^;:()]|\([^;:()]{1,80}\)){2,200}?\s(?:and|&)\s"
    r"(?:[^;:()]|\([^;:()]{1,80}\)){2,200}?\s(?:hereby\s+)?"
    r"(?:agree|covenant|have\s+(?:agreed|entered))\b",
    re.I,
)
_PARTIES_HEADING = re.compile(r"\s*(?:the\s+)?(?:contracting\s+)?part(?:ies|y)\s*[:：]?\s*", re.I)


def _party_candidates(ctx: _Context) -> list[_Candidate]:
    out: list[_Candidate] = []
    aliases: set[str] = set()  # aliases defined in the segments before this one
    aliased: list[tuple[int, float]] = []  # preamble sentences that define aliases
    for i, seg in enumerate(ctx.segments[:PARTY_SEARCH_SEGMENTS]):
        text = seg.text
        if i:
            prev = ctx.segments[i - 1].text
            found = [a for m in _ALIAS_PAREN.finditer(prev) if (a := _paren_alias(m))]
            aliases.update(_alias_key(a) for a in found + _ALIAS_SAID.findall(prev))
        cue_alone = bool(_BETWEEN.fullmatch(text.strip()))  # "B E T W E E N:" on its own line
        # "PARTIES" over a numbered list of them: "(1) Acme Limited ...", "(2) Beta plc ..."
        listed = bool(
            _PARTIES_HEADING.fullmatch(text)
            and i + 1 < len(ctx.segments)
            and _ENUM.match(ctx.segments[i + 1].text)
        )
        cue_alone = cue_alone or listed
        roles = i < ROLE_LABEL_SEGMENTS and bool(_ROLE_LABEL.match(text))
        if seg.is_heading and not (
            cue_alone or roles or re.match(r"(?:.*\s)?between\s", text, re.I)
        ):
            continue  # a cover page's "DISTRIBUTOR AGREEMENT BETWEEN INGRAM MICRO AND NETGEAR"
        cue = 0.05 if _PREAMBLE_CUE.search(text[:400]) else -0.1
        cue -= 0.15 if seg.is_heading and not cue_alone else 0.0
        starts = [(m.end(), 0.0) for m in _BETWEEN.finditer(text)]
        if listed:
            starts = [(len(text), 0.0)]
        if len(_ALIAS_PAREN.findall(text)) >= 2 and _PREAMBLE_CUE.search(text):
            starts.append((0, 0.3))  # "Acme Inc. ("Acme") and Beta LLC ("Beta") agree ..."
        elif len(_ALIAS_SAID.findall(text)) >= 2 and _PREAMBLE_CUE.search(text):
            # 'JSC Alpha, hereinafter referred to as the "Company", ... and JSC Beta, hereinafter
            # referred to as the "Principal", have entered into this Contract': each name said so
            starts.append((0, 0.1))
        agreeing = (
            not starts
            and i < PREAMBLE_SEGMENTS
            and _PARTIES_AGREE.match(text)
            and not seg.is_heading
        )
        if not starts and not agreeing and not (roles or _PARTY_LABEL.search(text)):
            continue
        run = _Run(ctx.segments, i, roles)
        if agreeing:  # "Acme Corp. and Beta GmbH hereby agree as follows": companies only
            subjects = _parse_parties(run.text, 0)
            if all(re.search(rf"\b{_SUFFIX}", p["name"], re.I) for p, *_ in subjects):
                cand = run.cite(subjects, cue, 0.2)
                if cand and len(cand.normalized) >= 2:
                    out.append(_shifted(cand, -0.001 * min(i, 200)))
        for start, penalty in starts:
            cand = run.cite(_parse_parties(run.text, start), cue, penalty)
            if cand and not (out and _defined_earlier(cand.normalized, aliases)):
                out.append(_shifted(cand, -0.001 * min(i, 200)))
        if i < PREAMBLE_SEGMENTS and any(p == 0.3 for _, p in starts):
            aliased.append((i, cue))
        # "Party A: ... Party B: ..." fields are a cue of their own
        fields = _labelled_parties(run.text, roles)
        labelled = run.cite(fields, max(cue, 0.0), 0.0, labelled=True)
        if labelled:
            out.append(_shifted(labelled, -0.001 * min(i, 200)))
    if not any(len(c.normalized) >= 2 for c in out if c.seg < PREAMBLE_SEGMENTS):
        # no list of parties in the preamble: the names before the aliases it defines
        for i, cue in aliased:
            named = _aliased_parties(ctx.segments[i].text)
            cand = _Run(ctx.segments, i).cite(named, cue, 0.2)
            if cand:
                out.append(_shifted(cand, -0.001 * min(i, 200)))
                break
    return out


def _shifted(cand: _Candidate, by: float) -> _Candidate:
    return _Candidate(cand.base + by, cand.seg, cand.start, cand.end, cand.normalized, cand.more)


# "Party A (Shipper): ZTO Express Co., Ltd. Address: ... Party B (Carrier): Tonglu ..."
_PARTY_LABEL = re.compile(r"\bParty\s+(?P<id>[A-D1-4])\b\s*(?:\([^()]{0,30}\)\s*)?[:：]\s*")
# A cover page's fields, one role a line: "Licensor: Acme Inc." / "Licensee: Beta LLC"; the
# role is the party's alias. (Near the top only: "If to Licensor:" of a notice clause is none.)
_ROLE_LABEL = re.compile(
    r"(?m:^)[^\S\n]*(?P<id>(?-i:[A-Z])(?:icensor|icensee|upplier|ustomer|lient|endor|urchaser|"
    r"uyer|eller|istributor|eseller|ranchisor|ranchisee|onsultant|ontractor|rovider|"
    r"ervice\s+Provider|anufacturer|ponsor|essor|essee|andlord|enant|mployer|mployee|eveloper|"
    r"ublisher|gent|wner|ompany|artner|nvestor|ender|orrower|hipper|arrier|perator|roducer|"
    r"ndorser|ffiliate|xecutive|ssignor|ssignee|rantor|rantee))"
    r"(?:['’]s)?(?:\s+(?:Name|Legal\s+Name|Entity))?[^\S\n]*(?:\([^()\n]{0,30}\)[^\S\n]*)?[:：]\s*",
    re.I,
)
ROLE_LABEL_SEGMENTS = 40  # a cover page is at the top
_FORM_WORDS = re.compile(r"(?:By|Name|Title|Date|Signature|Address|Print|N/?A)\b", re.I)


def _field_labels(text: str, roles: bool) -> list[re.Match[str]]:
    """The "Party A:" labels of ``text``, else (where ``roles``) its "Licensor:" role labels
    when at least two differ."""
    labels = list(_PARTY_LABEL.finditer(text))
    if len(labels) >= 2 or not roles:
        return labels
    labels = list(_ROLE_LABEL.finditer(text))
    if len({_squash(m.group("id")).lower() for m in labels}) < 2:
        return []
    return labels


def _labelled_parties(text: str, roles: bool = False) -> list[_Found]:
    """Parties written as labelled fields ("Party A: ...", "Party B: ..." or, where ``roles``,
    "Licensor: ...", "Licensee: ..."); the label is the alias, and the party's citation starts
    at it."""
    labels = _field_labels(text, roles)
    if len(labels) < 2:
        return []
    found: list[_Found] = []
    for k, m in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        got = _clean_name(text[m.end() : stop])
        if got is None:
            continue
        name = _squash(text[m.end() + got[0] : m.end() + got[1]])
        if any(p["name"] == name for p, *_ in found):
            continue
        if _FORM_WORDS.match(name):
            continue  # a blank field of a signature block: "Company: ______ By: ____"
        role = _squash(m.group("id"))
        party = {"name": name, "alias": f"Party {role}" if m.re is _PARTY_LABEL else role}
        ns, ne = m.end() + got[0], m.end() + got[1]
        while ne > ns and text[ne - 1].isspace():
            ne -= 1  # the name, not the line's end
        found.append((party, m.start(), ns, ne, ne))
    return found if len(found) >= 2 else []


# -- a letter agreement -------------------------------------------------------------------------
# A letter names no parties in a preamble: it is addressed to one ("Beta Corp. / 45 River Road /
# Dear Mr. Smith:") and signed by the other ("Very truly yours, ACME PHARMA, INC. By: ...").

_DEAR = re.compile(
    r"\s*(?:Dear\s+[^:,\n]{1,60}|(?:Ladies|Sirs?|Madams?)\s+(?:and|&)\s+Gentlemen|Gentlemen|"
    r"Dear\s+Sirs?)\s*[:,]",
    re.I,
)
_CLOSING = re.compile(
    r"\b(?:(?:very\s+)?(?:truly|sincerely|faithfully|cordially)\s+yours|yours\s+(?:very\s+)?"
    r"(?:truly|sincerely|faithfully)|sincerely|regards)\s*,?\s*",
    re.I,
)
ADDRESS_LINES = 8  # lines of an address block over the salutation


def _whole_name(text: str, start: int = 0) -> tuple[int, int] | None:
    """[start, end) of a company's name that is all of ``text[start:]`` (a line of an address
    block or a signature block), None if the line says more or names no company."""
    got = _clean_name(text[start:])
    if got is None or text[start + got[1] :].strip(" ,.;:"):
        return None
    s, e = start + got[0], start + got[1]
    return (s, e) if re.search(rf"\b{_SUFFIX}", text[s:e], re.I) else None


def _letter_candidates(ctx: _Context) -> list[_Candidate]:
    segs = ctx.segments
    dear = next(
        (j for j in range(min(len(segs), PREAMBLE_SEGMENTS)) if _DEAR.match(segs[j].text)), None
    )
    if dear is None:
        return []
    to = None  # the addressee: the company line of the address block
    for j in range(dear - 1, max(-1, dear - 1 - ADDRESS_LINES), -1):
        if nz.find_dates(segs[j].text):
            break  # the letter's date is above the address
        got = _whole_name(segs[j].text)
        if got:
            to = (j, *got)
            break
    if to is None:
        return []
    sender = None  # the company that signs under the closing
    for j in range(dear + 1, len(segs)):
        closing = _CLOSING.search(segs[j].text)
        if not closing:
            continue
        for k in range(j, min(len(segs), j + 3)):
            got = _whole_name(segs[k].text, closing.end() if k == j else 0)
            if got:
                sender = (k, *got)
                break
        break
    order = [to, sender] if sender else []
    if sender is None:  # no company signs under a closing: the letterhead's
        heads = [(j, got) for j in range(min(to[0], 4)) if (got := _whole_name(segs[j].text))]
        if not heads:
            return []
        head, (hs, he) = heads[0]
        order = [(head, hs, he), to]
    names = [_squash(segs[k].text[s:e]) for k, s, e in order]
    if _party_key(names[0]) == _party_key(names[1]):
        return []
    parties = [{"name": n, "alias": None} for n in names]
    (k0, s0, e0), more = order
    return [_Candidate(0.7, k0, s0, e0, parties, (more,))]


def _party_key(name: str) -> str:
    return re.sub(rf"\W+|\b{_SUFFIX}", "", name.lower(), flags=re.I)


# -- signatories of a joint filing agreement ---------------------------------------------------
# A joint filing agreement (SEC Schedule 13D/13G) has no preamble: "the undersigned" agree, and
# the parties are the names over the signature blocks, in capitals: "HPS MEZZANINE PARTNERS II,
# LLC By: HPS Investment Partners, LLC, its sole member /s/ John Madden Name: ...".

_JOINT_FILING = re.compile(r"\bjoint\s+filing\s+agreement\b", re.I)
_SIGN_MARK = re.compile(r"\s*(?:/s/|By\s*:|\(Signature\))", re.I)
_SIGNED_BY = re.compile(r"\bBy\s*:\s*$", re.I)
_TITLE_SEGMENTS = 3  # where a joint filing agreement says what it is
_SIGNATURE_WORDS = re.compile(
    r"\b(?:witness|whereof|agreement|signature|page|dated?|exhibit|schedule|title|name)\b", re.I
)


def _capitals(token: str) -> bool:
    """A word of a name written in capitals ("PARTNERS", "II,", "(CAYMAN)", "S.À", "&")."""
    return token in ("&", "-", "–") or (
        any(ch.isalpha() for ch in token) and not any(ch.islower() for ch in token)
    )


def _capital_names(text: str) -> list[tuple[int, int, bool]]:
    """Runs of capitalised words in ``text``, one per name: ``(start, end, ends_run)``; a run
    holding two names is cut after a company form ("UBS FUND L.P. MPM MANAGEMENT L.P.")."""
    out = []
    run: list[re.Match[str]] = []
    for tok in [*re.finditer(r"\S+", text), None]:
        if tok is not None and _capitals(tok.group(0)):
            run.append(tok)
            continue
        first = 0
        for k, t in enumerate(run):
            form = re.fullmatch(rf"{_SUFFIX},?", t.group(0), re.I)
            if form and len(run) - k > 2 and k > first:  # another name of 2+ words follows
                out.append((run[first].start(), t.end(), False))
                first = k + 1
        if run:
            out.append((run[first].start(), run[-1].end(), True))
        run = []
    return out


def _signatory_candidates(ctx: _Context) -> list[_Candidate]:
    segs = ctx.segments
    if not any(_JOINT_FILING.search(s.text) for s in segs[:_TITLE_SEGMENTS]):
        return []
    names: list[tuple[int, int, int, str]] = []  # (segment, start, end, name)
    for i, seg in enumerate(segs):
        text = seg.text
        spans = _capital_names(text)
        for k, (s, e, _) in enumerate(spans):
            run_end = next(e2 for _, e2, last in spans[k:] if last)
            after = text[run_end:]
            if not after.strip() and i + 1 < len(segs):
                after = segs[i + 1].text  # the name is the heading over the signature
            mark = _SIGN_MARK.match(after)
            if not mark or _SIGNED_BY.search(text[:s]):
                continue  # "By: HPS Investment Partners, LLC, its sole member"
            while e > s and text[e - 1] in ",;:":
                e -= 1
            got = _clean_name(text[s:e])
            if got is None or got[1] != e - s:
                continue
            s += got[0]  # "THE VÄRDE FUND VI-A, L.P.": the name without its article
            name = text[s:e]
            # a word of its own, not just the tail of a name in lower case ("Global II, LLC")
            own = [w for w in name.split() if len(re.sub(r"\W", "", w)) >= 3]
            if not any(not re.fullmatch(rf"{_SUFFIX},?", w, re.I) for w in own):
                continue
            if _SIGNATURE_WORDS.search(name) or len(name.split()) < 2:
                continue
            # a person or a trust signs with "/s/"; an entity through an officer ("By:")
            if not re.search(rf"\b{_SUFFIX}", name, re.I) and "/s/" not in mark.group(0):
                continue
            if all(_squash(name) != n for *_, n in names):
                names.append((i, s, e, _squash(name)))
    if len(names) < 2:
        return []
    cites: list[list[int]] = []
    for i, s, e, _ in names:
        if cites and cites[-1][0] == i:
            cites[-1][2] = e
        else:
            cites.append([i, s, e])
    (k0, s0, e0), *rest = cites
    parties = [{"name": n, "alias": None} for *_, n in names]
    return [_Candidate(0.95, k0, s0, e0, parties, tuple((k, s, e) for k, s, e in rest))]


# -- money: liability cap, payment terms -------------------------------------------------------

_LIABILITY_SEGMENT = re.compile(r"\bliabilit(?:y|ies)\b", re.I)
_CAP_CUE = re.compile(
    r"\b(?:exceed|limited\s+to|cap|maximum|aggregate|in\s+no\s+event|not\s+be\s+liable\s+for\s+more)",
    re.I,
)
_FEES_FORMULA = re.compile(
    r"\b(?:the\s+)?(?:total\s+|aggregate\s+)?(?:fees|amounts?|sums?|compensation|charges|price)\s+"
    r"(?:actually\s+)?(?P<verb>paid|payable|received|due)\b[^.;]{0,140}",
    re.I,
)
_PAYMENT_SEGMENT = re.compile(r"\b(?:invoice\w*|payment|payable|pay|net\s+\d+)\b", re.I)
_NET = re.compile(r"\bnet\s+(\d{1,3})\b(?:\s+days)?", re.I)


def _money_candidates(ctx: _Context) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = {"liability_cap": [], "payment_terms": []}
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        if _LIABILITY_SEGMENT.search(text) and _CAP_CUE.search(text):
            for mm in nz.find_money(text):
                norm = {"amount": mm.amount, "currency": mm.currency}
                out["liability_cap"].append(_Candidate(0.8, i, mm.start, mm.end, norm))
            for fm in _FEES_FORMULA.finditer(text):
                months = [
                    d for d in nz.find_durations(fm.group(0))
                    if re.search(r"month|year", fm.group(0)[d.start : d.end], re.I)
                ]  # fmt: skip
                if months:
                    d = months[0]
                    n = round(d.days * 12 / 365)
                    end = fm.start() + d.end
                    out["liability_cap"].append(
                        _Candidate(0.85, i, fm.start(), end, {"months_of_fees": n})
                    )
                else:
                    end = fm.end("verb")  # "the fees paid": the formula, cited whole
                    out["liability_cap"].append(
                        _Candidate(0.6, i, fm.start(), end, {"formula": "fees paid"})
                    )
        if _PAYMENT_SEGMENT.search(text):
            for d in nz.find_durations(text):
                around = text[max(0, d.start - 60) : d.end + 60]
                if re.search(r"invoice|receipt|billing", around, re.I) and re.search(
                    r"pay|due|remit", around, re.I
                ):
                    out["payment_terms"].append(
                        _Candidate(0.8, i, d.start, d.end, {"days": d.days})
                    )
            for m in _NET.finditer(text):
                out["payment_terms"].append(
                    _Candidate(0.75, i, m.start(), m.end(), {"days": int(m.group(1))})
                )
    return out


# -- document name ------------------------------------------------------------------------------

_TITLE_WORDS = re.compile(
    r"\b(?:agreement|contract|addendum|amendment|license|licence|terms|lease|memorandum|"
    r"letter|order\s+form|statement\s+of\s+work|deed|note|safe|policy|clauses|charter)\b",
    re.I,
)


def _title_candidates(ctx: _Context) -> list[_Candidate]:
    out = []
    for i, seg in enumerate(ctx.segments[:PREAMBLE_SEGMENTS]):
        text = seg.text
        if seg.is_heading and not seg.label and _TITLE_WORDS.search(text) and len(text) <= 120:
            out.append(_Candidate(0.85 - 0.005 * i, i, 0, len(text), _squash(text)))
    return out


# -- extraction ---------------------------------------------------------------------------------

_FINDERS: tuple[Callable[[_Context], dict[str, list[_Candidate]]], ...] = (
    _date_candidates,
    _duration_candidates,
    _law_candidates,
    _money_candidates,
)


def extract_terms(
    segments: Sequence[Segment],
    scores: np.ndarray | None = None,
    label_ids: Sequence[str] | None = None,
) -> list[Term]:
    """The key terms of a contract, in ``TERM_NAMES`` order; a term not found is left out.

    ``scores`` is the model's (segments x labels) score matrix with columns ``label_ids``;
    without it the rules decide alone.
    """
    ctx = _Context(segments, scores, label_ids)
    cands: dict[str, list[_Candidate]] = {name: [] for name in TERM_NAMES}
    for finder in _FINDERS:
        for name, found in finder(ctx).items():
            cands[name].extend(found)
    cands["parties"] = _party_candidates(ctx) + _signatory_candidates(ctx)
    if not any(len(c.normalized) >= 2 for c in cands["parties"]):
        cands["parties"] += _letter_candidates(ctx)
    cands["document_name"] = _title_candidates(ctx)
    terms: dict[str, Term] = {}
    for name in TERM_NAMES:
        best = ctx.best(name, cands[name])
        if best is not None:
            terms[name] = best
    _fill_effective_date(terms)
    _fill_expiration_date(ctx, terms)
    return [terms[n] for n in TERM_NAMES if n in terms]


def _fill_effective_date(terms: dict[str, Term]) -> None:
    """No stated effective date: a contract takes effect on its date."""
    agreed = terms.get("agreement_date")
    if "effective_date" not in terms and agreed is not None:
        terms["effective_date"] = Term(
            "effective_date", agreed.value, agreed.normalized, round(agreed.confidence * 0.6, 3),
            agreed.segment, agreed.start, agreed.end,
        )  # fmt: skip


_TERM_START_BEFORE = re.compile(
    r"\b(?:commenc\w*|begin\w*|began|start\w*|effective|from)\b[^.;]{0,30}$", re.I
)
_OF_THIS_DATE = re.compile(
    r"\s*(?:of|from|after)\s+(?:the\s+date\s+(?:of\s+this\s+agreement|hereof)|the\s+date\s+first\s+"
    r"(?:above\s+)?written|this\s+agreement)",
    re.I,
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
_EVENT_END = re.compile(
    # "the indemnity in this Agreement and will continue until ...": another subject's verb
    r"\bagreement\b(?!\s+(?:and|or)\s+(?:shall|will)\b)[^.;:]{0,80}?\b(?:shall|will)\s+"
    r"(?:[^.;:]{0,120}?\b(?:shall|will|and)\s+)?(?P<end>" + _EVENT_CLAUSE + ")",
    re.I,
)
_EVENT_CLAUSE_RE = re.compile(r"(?:(?:shall|will)\s+)?(?:" + _EVENT_CLAUSE + ")", re.I)
_MODAL_BEFORE = re.compile(r"\b(?:shall|will)\s+$", re.I)
_CURE_BEFORE_PERIOD = re.compile(r"\b(?:cure[ds]?|within)\s*$", re.I)


# "The indemnity ... in this Agreement and will continue until ...": the sentence is about an
# obligation that outlives the contract, not about the contract's own end
_OTHER_SUBJECT = re.compile(
    r"(?:\(?\w{1,3}[.)]\s+)?(?:the|each|all|any|such|its|their)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:indemnit\w*|obligations?|covenants?|representations?|warrant(?:y|ies)|"
    r"rights?|licen[cs]es?|confidentiality|restrictions?|duties|liabilit(?:y|ies))\b",
    re.I,
)
_SENTENCE_START = re.compile(r"(?:^|[.;]\s+|\n)(?=[^.;\n]*$)")


# "The provisions of this Agreement, including the license rights, shall not be terminable"
_NEVER_ENDS = re.compile(_NOT_TERMINABLE, re.I)


def _about_other_subject(text: str, at: int) -> bool:
    """Whether the sentence holding ``text[at]`` begins with an obligation as its subject."""
    begin = _SENTENCE_START.search(text, 0, at)
    return bool(begin and _OTHER_SUBJECT.match(text, begin.end(), at))


def _ends_on_event(value: str) -> bool:
    """``value`` is the whole of an event-based ending (as ``_event_end`` cites it)."""
    return _EVENT_CLAUSE_RE.fullmatch(value) is not None


def _fixed_period(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` states a period the contract runs for ("terminate one year
    after the closing"), not a notice or cure period ("upon 90 days' notice", "cured within
    thirty days"), read as the notice-period finder reads one."""
    return any(
        not _NOTICE_AFTER.search(text[start + d.end : start + d.end + 50])
        and not _CURE_BEFORE_PERIOD.search(text[max(0, start + d.start - 20) : start + d.start])
        for d in nz.find_durations(text[start:end])
    )


def _event_end(ctx: _Context) -> Term | None:
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
                "expiration_date", value, nz.PERPETUAL, 0.3, seg.id, start, start + len(value)
            )
    return None


def _fill_expiration_date(ctx: _Context, terms: dict[str, Term]) -> None:
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
        and (stated.segment == term.segment or stated.confidence >= term.confidence - 0.05)
    ):
        return  # the date stated where the term is ("for three years, ending June 30, 2020")
    if term.normalized == nz.PERPETUAL:
        terms["expiration_date"] = Term(
            "expiration_date", term.value, nz.PERPETUAL, round(term.confidence * 0.8, 3),
            term.segment, term.start, term.end,
        )  # fmt: skip
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
    sure = 0.5
    named = None if starts else _NAMED_START.search(text)
    if named:  # "The Term will start from the Launch Date": the date that name is given, if any
        found = _named_date(ctx, named.group("name"), terms.get("agreement_date"))
        if found is not None:
            starts, more = [found[0]], (found[1],)
        else:  # an event the contract does not date: as if it happened on the effective date
            sure = 0.3
    first = starts[-1] if starts else (date.fromisoformat(begin.normalized) if begin else None)
    if first is None or days is None:
        return
    end = nz.add_days(first, days)
    terms["expiration_date"] = Term(
        "expiration_date", term.value, end.isoformat(), round(term.confidence * sure, 3),
        term.segment, term.start, term.end, more,
    )  # fmt: skip


# "begins on the Commencement Date", "from the Launch Date": the term starts on a named date
_NAMED_START = re.compile(
    r"\b(?:commenc\w*|begin\w*|start\w*|effective|from|on)\s+(?:the\s+)?[\"“]?"
    r"(?P<name>(?!Effective\b)(?-i:[A-Z][\w-]*\s+){1,3}(?-i:Date))\b",
    re.I,
)
_DATE_OF_THIS_AGREEMENT = re.compile(
    r"\s*(?:shall\s+)?means?\s+the\s+date\s+(?:of\s+this\s+agreement|hereof|on\s+which\s+this\s+"
    r"agreement\s+is\s+(?:signed|executed|dated))\b",
    re.I,
)


def _named_date(ctx: _Context, name: str, agreed: Term | None) -> tuple[date, Citation] | None:
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


_PERIOD_TERMS = ("term", "renewal_term", "notice_period", "termination_notice", "payment_terms")


def term_is_grounded(term: Term, texts: str | Mapping[str, str]) -> bool:
    """Whether ``term.value`` is the cited text and ``term.normalized`` follows from it (or,
    for a computed expiration date, from the stated term it cites).

    ``texts`` is the text of the term's segment, or segment texts by id: a term citing several
    places (``term.more``) is grounded only when every citation is, so it needs the mapping.
    For parties, each citation must name the parties it is cited for (consecutive parties, in
    order) and every citation must name at least one.
    """
    by_id = texts if isinstance(texts, Mapping) else {term.segment: texts}
    cited = []
    for c in term.citations:
        text = by_id.get(c.segment)
        if text is None or not 0 <= c.start < c.end <= len(text):
            return False
        cited.append(text[c.start : c.end])
    if cited[0] != term.value or not term.value.strip():
        return False
    if term.name == "parties":
        return isinstance(term.normalized, list) and _parties_cited(term.normalized, cited)
    v, n = term.value, term.normalized
    if term.more and term.name == "expiration_date":
        # the stated term and the date it starts on ("two years" from the Launch Date)
        days, start = nz.duration_days(nz.parse_duration(v)), nz.parse_date(cited[-1])
        return (
            len(cited) == 2
            and days is not None
            and start is not None
            and nz.add_days(start, days).isoformat() == n
        )
    if term.more:  # otherwise only parties and a renewal "of the same duration" cite more
        same = term.name == "renewal_term" and len(cited) == 2
        return same and bool(_SAME_DURATION.fullmatch(v)) and nz.parse_duration(cited[1]) == n
    if term.name in ("agreement_date", "effective_date"):
        return nz.parse_date(v) is not None and nz.parse_date(v).isoformat() == n  # type: ignore[union-attr]
    if term.name == "expiration_date":
        if n == nz.PERPETUAL:  # the value opens with words that set no end ("until either
            # party gives thirty (30) days' notice"), or is a clause ending it on an event
            opening = nz.find_perpetual(v)
            return (opening is not None and opening[0] == 0) or _ends_on_event(v)
        ends = nz.find_year_ends(v)
        d = ends[0].value if ends and ends[0].start == 0 else nz.parse_date(v)
        return (d is not None and d.isoformat() == n) or nz.parse_duration(v) is not None
    if term.name in _PERIOD_TERMS:
        if isinstance(n, dict) and "days" in n:
            parsed = nz.parse_duration(v)
            if parsed == n:
                return True
            net = _NET.fullmatch(v)
            ytoy = _YEAR_TO_YEAR.fullmatch(v)
            return bool(net and int(net.group(1)) == n["days"]) or bool(ytoy)
        return bool(n == nz.PERPETUAL) and nz.find_perpetual(v) is not None
    if term.name in ("governing_law", "venue"):
        return bool(nz.jurisdiction_name(v) == n)
    if term.name == "liability_cap":
        if "amount" in n:
            return bool(nz.parse_money(v) == n)
        if "months_of_fees" in n:
            days = nz.duration_days(nz.parse_duration(v)) or 0
            return bool(round(days * 12 / 365) == n["months_of_fees"])
        return bool(_FEES_FORMULA.match(v + " x"))
    if term.name == "document_name":
        return bool(_squash(v) == n)
    return False


def _parties_cited(parties: list[dict[str, Any]], cited: list[str]) -> bool:
    """Whether ``parties`` split, in order, into one non-empty run per cited text, each party
    named (name and alias) in its own citation's text."""
    flat = [_squash(t) for t in cited]

    def named(k: int, p: dict[str, Any]) -> bool:
        return (
            bool(p["name"]) and p["name"] in flat[k] and (not p["alias"] or p["alias"] in flat[k])
        )

    reach = {0}  # how many parties the citations so far can account for
    for k in range(len(flat)):
        nxt = set()
        for i in reach:
            j = i
            while j < len(parties) and named(k, parties[j]):
                j += 1
                nxt.add(j)
        reach = nxt
    return len(parties) in reach
