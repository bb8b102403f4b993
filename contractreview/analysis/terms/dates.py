"""The dates finder: the agreement date (the preamble's, else the signatures'), the effective
date and a stated expiration date.
"""

from __future__ import annotations

import re

from contractreview.analysis.terms.candidates import PREAMBLE_SEGMENTS, Candidate, Context
from contractreview.analysis.terms.confidence import (
    AGREEMENT_DATE_CUED,
    AGREEMENT_DATE_PER_SEGMENT,
    AGREEMENT_DATE_SIGNED,
    AGREEMENT_DATE_UNCUED,
    AGREEMENT_DATE_WITNESSED,
    EFFECTIVE_DATE_PER_SEGMENT,
    EFFECTIVE_DATE_STATED,
    EXPIRATION_DATE_NEAR_TERM,
    EXPIRATION_DATE_STATED,
    EXPIRATION_YEAR_END,
)
from contractreview.analysis.terms.periods import OTHER_DEFINITION, TERM_STATEMENT
from contractreview.text import normalize as nz
from contractreview.text.cues import Cue

_AGREEMENT_CUE = Cue(
    "dates.agreement_cue",
    re.compile(
        r"\b(?:dated|made|entered\s+into|executed|as\s+of|day\s+of|effective)\b[^.;]{0,60}$|"
        # "this" dates the contract only right before the date ("this 1st day of"), not in
        # "SDBF shall install this sign on or before"
        r"\bthis\s+$",
        re.I,
    ),
    why="Words that date the contract, just before a date near the top.",
    examples=("This Agreement is made and entered into as of ", "dated ", "made this 12th day of "),
    counter_examples=(
        "Customer shall pay by ",
        "the warranty lapses on ",
        "SDBF shall install this sign on or before ",
    ),
)
# a "Date:" field at the top of the contract (not "Termination Date:", "Closing Date:"); in a
# signature block it is a signatory's date instead
_DATE_FIELD = Cue(
    "dates.date_field",
    re.compile(
        r"(?<!termination )(?<!expiration )(?<!effective )(?<!delivery )(?<!commencement )"
        r"(?<!closing )(?<!payment )(?<!end )(?<!start )(?<!due )\bdate\s*[:：]?\s*$",
        re.I,
    ),
    why="A field dating the document near its top.",
    examples=("Date: ", "Date:                           "),
    counter_examples=("Termination Date: ", "Closing Date: ", "Effective Date: "),
)
_EFFECTIVE_BEFORE = Cue(
    "dates.effective_before",
    re.compile(
        r"\b(?:effective\s+(?:as\s+of|on|from|date)|effective\s*:?|commenc\w*\s+(?:on|as\s+of)|"
        # "This Agreement shall begin on January 1, 2003", "Start Date: February 1, 2021"
        r"(?:agreement|term)\b[^.;]{0,40}?\b(?:begin|start)s?\s+(?:on|as\s+of)|"
        r"(?:start|commencement)\s+date\b[^.;:]{0,50}[:：]|(?:contract|agreement|term)\s+start\s*[:：]|"
        r"commencement\s+date[\"”]?\s+(?:for\s+(?:this|the)\s+\w+\s+)?(?:(?:will|shall)\s+be|is|means))"
        r"[^.;]{0,40}$|"
        # the term starts on the date itself: "The term of the license hereby granted shall
        # commence August 1, 1995", "The Term ... commencing the 1st day of September 2004"
        r"\bterm\b[^.;]{0,100}?\bcommenc(?:e|es|ing)\s+(?:on\s+|upon\s+|as\s+of\s+|from\s+)?"
        r"(?:the\s+)?$",
        re.I,
    ),
    why="Words before the date a contract takes effect.",
    examples=(
        "effective as of ",
        "This Agreement shall begin on ",
        "Start Date: ",
        "COMMENCEMENT DATE FOR MAINTENANCE UNDER THIS ADDENDUM:  ",
        "2.1  Contract  start:  ",
        "shall commence on ",
        "The Commencement Date for this Agreement shall be ",
        "The term of the license hereby granted shall commence ",
        "The term of this Agreement shall commence upon ",
        '"Commencement Date" means ',
    ),
    counter_examples=("This Agreement is made as of ", "shall terminate on "),
)
_EFFECTIVE_AFTER = Cue(
    "dates.effective_after",
    re.compile(
        r"^[^.;]{0,25}[(\[]\s*(?:such\s+date,?\s+)?(?:the|this)?\s*[\"“]?Effective\s*Date", re.I
    ),
    why="A date named the Effective Date right after it.",
    examples=(
        ' (the "Effective Date")',
        ", 2021 (this “Effective Date”)",
        ' (such date, the "Effective Date")',
    ),
    counter_examples=(' (the "Closing Date")', ". The Effective Date is"),
)
_EXPIRY_BEFORE = Cue(
    "dates.expiry_before",
    re.compile(
        r"\b(?:expir\w*|terminat\w*|end(?:s|ing)?|until|through|thru|conclud\w*|up\s+to\s+and\s+"
        r"including|extended\s+to)\b"
        r"(?:\s+\w+){0,3}(?:\s+(?:earlier|later)\s+of\s*(?:\(\w+\)|\w\))?)?\s*$|"
        # "from the Effective Date to 31 July 2013", "two years from May 1, 2013 to April 30, 2015"
        r"\bfrom\s+[^.;]{1,40}?\s(?:to|-|–)\s*$|"
        # "shall terminate five years after launch, but in no event later than February 28, 2013"
        r"\bin\s+no\s+event\s+later\s+than\s*$",
        re.I,
    ),
    why="Words before the date a contract ends on.",
    examples=(
        "shall expire on ",
        "from the Effective Date to ",
        "two years from May 1, 2013 to ",
        "but in no event later than ",
        "until the earlier of (a) ",
    ),
    counter_examples=("shall commence on ", "effective as of "),
)
# "Expiration Date: August 31, 2006": a field of a cover page or an order form
_EXPIRY_FIELD = Cue(
    "dates.expiry_field",
    re.compile(
        r"\b(?:(?:expiration|expiry|end|termination)\s+date|(?:contract|agreement|term)\s+end)"
        r"\s*[:：]\s*$",
        re.I,
    ),
    why="A field of a cover page or an order form.",
    examples=("Expiration Date: ", "End Date: ", "2.2  Contract  end:  "),
    counter_examples=("Effective Date: ", "Start Date: "),
)
_TERM_SEGMENT = Cue(
    "dates.term_segment",
    re.compile(
        r"\b(?:term|period|expir\w*|duration|in\s+(?:full\s+)?(?:force|effect)|this\s+agreement)\b",
        re.I,
    ),
    why="A clause about how long the contract runs.",
    examples=("the term of this Agreement", "shall remain in full force and effect"),
    counter_examples=("Customer shall pay each invoice within thirty days.",),
)


# "Source: ACME INC., 10-K, 3/12/2020": the SEC filing's date, printed on every page.
_FILING_DATE_BEFORE = Cue(
    "dates.filing_date",
    re.compile(
        r"\bSource:\s[^:]{0,100}$|\b(?:10-?K|10-?Q|8-?K|S-\d|F-\d|20-F|SB-2|N-\d|10-12G|DRS|POS)"
        r"[\w()./ -]{0,12}\s*,\s*$",
        re.I,
    ),
    why="The SEC filing's date, printed on every page.",
    examples=("Source: ACME INC., 10-K, ", "ACME CORP 10-Q, "),
    counter_examples=("This Agreement is dated ",),
)


# Dates the signatories wrote beside their signatures ("Date: 7/7/98", "4/24/2018 Date"):
# with no date in the preamble, the contract's date is the last of them.
# ("Termination Date: December 31, 2023" is no signature)
_SIGNED_BEFORE = Cue(
    "dates.signed_before",
    re.compile(
        r"(?<!termination )(?<!expiration )(?<!effective )(?<!delivery )(?<!commencement )"
        r"\b(?:dated?|signed(?:\s+on)?)\s*:?\s*$",
        re.I,
    ),
    why="A date written beside a signature.",
    examples=("Date: ", "Dated: ", "Signed on "),
    counter_examples=("Termination Date: ", "Effective Date: "),
)
_SIGNED_AFTER = Cue(
    "dates.signed_after",
    re.compile(r"^\s*(?:\(?\s*date\b|\d{1,2}[/.-])", re.I),
    why='A date with its label after it: "4/24/2018 Date".',
    examples=(" Date", "(Date)"),
    counter_examples=(" shall be the Effective Date",),
)
_SIGNATURE_SEGMENT = Cue(
    "dates.signature_block",
    re.compile(r"/s/|\bBy\s*:|\bName\s*:|\bTitle\s*:|\bSignature\b", re.I),
    why="A signature block.",
    examples=("By: /s/ John Smith", "Name: Jane Roe  Title: CEO"),
    counter_examples=("The Supplier shall deliver the Products.",),
)
_WITNESS = Cue(
    "dates.witness",
    re.compile(
        r"\b(?:(?:in\s+witness|in\s+evidence)\s+whereof|signed\s+and\s+effective|thus\s+done\s+and\s+"
        r"signed)\b",
        re.I,
    ),
    why="The closing words over the signatures.",
    examples=(
        "IN WITNESS WHEREOF, the parties have executed this Agreement as of",
        "Thus done and signed at Paris",
    ),
    counter_examples=("The parties witnessed the delivery.",),
)
# "the Supply Agreement dated April 1, 2017": another agreement's date, not this one's.
_OTHER_AGREEMENT = Cue(
    "dates.other_agreement",
    re.compile(
        r"\b(?:agreement|contract|letter(?:\s+of\s+intent)?|memorandum(?:\s+of\s+understanding)?|"
        r"note|proposal|schedule\s+13[dg](?:/a)?|document)\b\s*(?:\([^()]{0,60}\)\s*)?"
        r"(?:(?:between|by|among|with)\b[^.;]{0,80}?)?,?\s*(?:dated|of)\s+(?:as\s+of\s+)?(?:the\s+)?$",
        re.I,
    ),
    why="Another document's date (an agreement, a letter, a memorandum), not this one's.",
    examples=(
        "the Supply Agreement dated ",
        "that certain License Agreement between Acme and Beta dated as of ",
        "entered into a Letter of Intent dated ",
        "the Memorandum of Understanding dated ",
        'the Stock Purchase Agreement (the "Purchase Agreement") by and between the Provider '
        "and the Company dated as of ",
    ),
    counter_examples=("Customer shall pay by ",),
)

_THIS_AGREEMENT = Cue(
    "dates.this_agreement",
    re.compile(
        r"\b(?i:this)\s+(?:[A-Z][\w-]*\s+){0,6}[\"“(]*(?i:agreement|contract)\b[\"”]?\s*"
        r"(?:\([^()]{0,60}\)\s*)?(?:(?i:between|by|among|with)\b[^.;]{0,80}?)?,?\s*(?i:dated|of)\s+"
        r"(?i:as\s+of\s+)?(?i:the\s+)?$|"
        # 'MAINTENANCE AGREEMENT (this "Agreement"), dated as of '
        r"\((?i:this|the)\s+[\"“](?i:agreement|contract)[\"”]\)\s*,?\s*(?i:dated|of)\s+"
        r"(?i:as\s+of\s+)?(?i:the\s+)?$"
    ),
    why="This contract's own date, though another agreement is named.",
    examples=(
        "This Agreement dated ",
        "this Master Services Agreement dated as of the ",
        'MAINTENANCE AGREEMENT (this "Agreement"), dated as of ',
    ),
    counter_examples=("the Supply Agreement dated ",),
)


# an end date: "from ... to", "shall begin on the date hereof and expire"
_END_DATE_BEFORE = Cue(
    "dates.end_date_before",
    re.compile(
        r"\s(?:to|through|until|expir\w*|end(?:s|ing)?|terminat\w*)\s+(?:on\s+)?"
        r"(?:the\s+)?$|\s(?:to|through|until)\s*$",
        re.I,
    ),
    why="The date a period ends on, though a start is named before it.",
    examples=("shall begin on the date hereof and expire on ", "effective from May 1, 2013 to "),
    counter_examples=("effective as of ",),
)
# "TERM: November 1, 2014 to October 31, 2017"
_TERM_LINE = Cue(
    "dates.term_line",
    re.compile(r"\W*(?:\d+(?:\.\d+)*\.?\s*)?term\b", re.I),
    why="A clause or a field headed Term.",
    examples=("TERM: November 1, 2014 to October 31, 2017", "3. Term"),
    counter_examples=("Termination", "The Term"),
    how="match",
)
_RANGE_TO = Cue(
    "dates.range_to",
    re.compile(r"\d\s+(?:to|-|–)\s*$"),
    why="The second date of a range.",
    examples=("November 1, 2014 to ", "2014 - "),
    counter_examples=("from the Effective Date to ",),
)
# "shall be in effect until the end of 2006"
_UNTIL_BEFORE = Cue(
    "dates.until_before",
    re.compile(r"\b(?:until|through|to|at)\s+(?:the\s+)?$", re.I),
    why="The end of a year a term runs to.",
    examples=("shall be in effect until the ", "through "),
    counter_examples=("shall commence on the ",),
)

_Found = dict[str, list[Candidate]]


def date_candidates(ctx: Context) -> _Found:
    out: _Found = {"agreement_date": [], "effective_date": [], "expiration_date": []}
    signed: list[tuple[str, Candidate]] = []
    witnessed: list[Candidate] = []
    cued = False
    for i, seg in enumerate(ctx.segments):
        text = seg.text
        for d in nz.find_dates(text):
            iso = d.value.isoformat()
            before = text[max(0, d.start - 80) : d.start]
            after = text[d.end : d.end + 40]
            if _FILING_DATE_BEFORE.search(before):
                continue
            referenced = _referenced(text[max(0, d.start - _REFERENCE_REACH) : d.start])
            if i < PREAMBLE_SEGMENTS:
                field = _DATE_FIELD.search(before) is not None and _dates_document(text)
                cued = _preamble_date(i, d, iso, before, referenced, out, field) or cued
            if _WITNESS.search(text[: d.start]) and _AGREEMENT_CUE.search(before):
                witnessed.append(Candidate(AGREEMENT_DATE_WITNESSED, i, d.start, d.end, iso))
            elif not referenced and _signed(text, before, after):
                signed.append((iso, Candidate(AGREEMENT_DATE_SIGNED, i, d.start, d.end, iso)))
            if not referenced and _starts_on(before, after):
                base = EFFECTIVE_DATE_STATED - EFFECTIVE_DATE_PER_SEGMENT * i
                out["effective_date"].append(Candidate(base, i, d.start, d.end, iso))
            expiry = _expiry_base(text, before)
            if expiry is not None:
                out["expiration_date"].append(Candidate(expiry, i, d.start, d.end, iso))
        _year_ends(i, text, out)
    if cued:  # the preamble dates the contract; signatures may come later
        return out
    out["agreement_date"].extend(witnessed)
    if signed:
        out["agreement_date"].append(max(signed, key=lambda s: (s[0], s[1].seg))[1])
    return out


# how far before a date the words naming another document may start ("that certain Stock
# Purchase Agreement (the "Purchase Agreement") by and between the Provider and the Company
# dated as of")
_REFERENCE_REACH = 160


def _referenced(before: str) -> bool:
    """Whether a date is another document's ("the Letter of Intent dated May 3, 2005")."""
    return bool(_OTHER_AGREEMENT.search(before)) and not _THIS_AGREEMENT.search(before)


def _dates_document(text: str) -> bool:
    """Whether a segment's "Date:" field dates the document: not in a signature block, and not
    one of a row of signatories' dates ("Date: 1/19/07 Date: January 22, 2007")."""
    return not _SIGNATURE_SEGMENT.search(text) and len(_DATE_LABEL.findall(text)) < 2


_DATE_LABEL = re.compile(r"\bdate\s*[:：]", re.I)


def _preamble_date(
    i: int, d: nz.DateMatch, iso: str, before: str, referenced: bool, out: _Found, field: bool
) -> bool:
    """A date near the top as the agreement date; whether words before it date the contract
    (``field``: a "Date:" field above the signature blocks)."""
    cue = field or (bool(_AGREEMENT_CUE.search(before)) and not referenced)
    base = AGREEMENT_DATE_CUED if cue else AGREEMENT_DATE_UNCUED
    base -= AGREEMENT_DATE_PER_SEGMENT * i  # the first date near the top is the contract's date
    out["agreement_date"].append(Candidate(base, i, d.start, d.end, iso))
    return cue


# "Date:   Date:   3-29-2016   3-31-16": signature columns flattened into one line, the second
# signatory's date right after the first's
_SIGNED_ROW = Cue(
    "dates.signed_row",
    re.compile(r"\bdate\s*[:：]?\s.*(?<![\w/.-])\d{1,2}([/.-])\d{1,2}\1\d{2,4}\s+$", re.I | re.S),
    why="The second of two signatories' dates written side by side.",
    examples=("Date:   Date:       3-29-2016   ", "Date: Date: 7/14/11  "),
    counter_examples=("Date: 3-29-2016 and ", "between 1/1/2016 and "),
)


def _signed(text: str, before: str, after: str) -> bool:
    """Whether a date is one a signatory wrote beside a signature."""
    return bool(
        (_SIGNED_BEFORE.search(before[-20:]) or _SIGNED_AFTER.match(after))
        and (_SIGNATURE_SEGMENT.search(text) or _SIGNED_BEFORE.search(before[-20:]))
    ) or bool(_SIGNED_ROW.search(before))


def _starts_on(before: str, after: str) -> bool:
    """Whether a date is the one the contract takes effect on (not an end date after it)."""
    return bool(
        (_EFFECTIVE_BEFORE.search(before) or _EFFECTIVE_AFTER.search(after))
        and not _END_DATE_BEFORE.search(before)
    )


def _expiry_base(text: str, before: str) -> float | None:
    """How sure a date is the contract's expiration date, None if it is not one."""
    ranged = _TERM_LINE.match(text) and _RANGE_TO.search(before)
    field = _EXPIRY_FIELD.search(before)
    # a "Termination Date:" field needs no other word of the term beside it
    if not (field or ((_EXPIRY_BEFORE.search(before) or ranged) and _TERM_SEGMENT.search(text))):
        return None
    # "the term ... shall terminate on December 31, 2034" states it; a date "until" which
    # something else happens elsewhere is a weaker sign
    stated = TERM_STATEMENT.search(text) and not OTHER_DEFINITION.match(text)
    return EXPIRATION_DATE_STATED if stated or field else EXPIRATION_DATE_NEAR_TERM


def _year_ends(i: int, text: str, out: _Found) -> None:
    """ "shall be in effect until the end of 2006", in a clause that states the term."""
    if not (
        _TERM_SEGMENT.search(text)
        and TERM_STATEMENT.search(text)
        and not OTHER_DEFINITION.match(text)
    ):
        return
    for d in nz.find_year_ends(text):
        if _UNTIL_BEFORE.search(text[: d.start]):
            iso = d.value.isoformat()
            out["expiration_date"].append(Candidate(EXPIRATION_YEAR_END, i, d.start, d.end, iso))
