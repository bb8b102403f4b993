"""How sure each rule is of the value it proposes: one table, a name for each value.

A finder gives each candidate a base confidence from this table and moves it by the
adjustments named ``..._PLUS`` / ``..._MINUS`` (``..._PER_SEGMENT``: for each segment further
down); :meth:`~contractreview.analysis.terms.candidates.Context.best` keeps the candidate with
the highest confidence, the model's score of its segment weighing ``MODEL_WEIGHT``. A derived
value's confidence is its source's times a ``..._FACTOR``. The values were tuned on CUAD's dev
and train splits (``contractreview eval terms``): change one and measure.

No value here is a flag: code never compares a confidence to one of them to learn how a
candidate was found.
"""

from __future__ import annotations

from typing import Final

# -- every term ----------------------------------------------------------------------------------
MODEL_WEIGHT: Final = 0.1  # CUAD dev: 0.1 helps governing law; 0.25 costs agreement dates
FLOOR: Final = 0.05  # no term is reported less sure than this
CEILING: Final = 1.0
# a term less sure than this, or with a different value within CHECK_MARGIN of it, is shown
# marked "check" with its competing values (the analysis JSON, the memo, the GUI)
CHECK_BELOW: Final = 0.6
CHECK_MARGIN: Final = 0.03
ALTERNATIVES_SHOWN: Final = 3
# clause first (:mod:`.clauses`): a value read in the clause whose job it is to state it, and
# one read elsewhere where that clause was found
CLAUSE_PLUS: Final = 0.03
ELSEWHERE_MINUS: Final = 0.1
CLAUSE_MODEL_SCORE: Final = 0.5  # the clause model calls the segment that clause

# -- agreement date ------------------------------------------------------------------------------
AGREEMENT_DATE_CUED: Final = 0.9  # "made and entered into as of March 3, 2021"
AGREEMENT_DATE_UNCUED: Final = 0.6  # a date near the top, without such words
AGREEMENT_DATE_PER_SEGMENT: Final = 0.01  # the first date near the top is the contract's date
AGREEMENT_DATE_WITNESSED: Final = 0.75  # "IN WITNESS WHEREOF ... as of the date"
AGREEMENT_DATE_SIGNED: Final = 0.7  # "Date: 7/7/98" beside a signature

# -- effective date ------------------------------------------------------------------------------
EFFECTIVE_DATE_STATED: Final = 0.9  # "effective as of", "(the "Effective Date")"
EFFECTIVE_DATE_PER_SEGMENT: Final = 0.002
EFFECTIVE_FROM_AGREEMENT_DATE_FACTOR: Final = 0.6  # none stated: the agreement date

# -- expiration date -----------------------------------------------------------------------------
EXPIRATION_DATE_STATED: Final = 0.85  # in the term clause, or an "Expiration Date:" field
EXPIRATION_DATE_NEAR_TERM: Final = 0.55  # "until" a date, in a clause that mentions a term
EXPIRATION_YEAR_END: Final = 0.85  # "shall be in effect until the end of 2006"
EXPIRATION_ON_EVENT: Final = 0.3  # "shall terminate upon the Trust's payment of ..."
EXPIRATION_FROM_PERPETUAL_TERM_FACTOR: Final = 0.8  # "shall continue until terminated"
EXPIRATION_FROM_TERM_FACTOR: Final = 0.5  # the start date plus the stated term
EXPIRATION_FROM_UNDATED_START_FACTOR: Final = 0.3  # "from the Launch Date", never dated
# a stated date at most this much less sure than the term is kept over the computed one
EXPIRATION_STATED_MARGIN: Final = 0.05

# -- term ----------------------------------------------------------------------------------------
TERM_STATED: Final = 0.88  # "shall continue for an initial term of three (3) years"
TERM_WORDS_BEFORE: Final = 0.75  # "the term ... five (5) years", less close
TERM_PERPETUAL: Final = 0.88  # "shall continue until terminated"
TERM_FOR_SO_LONG_AS: Final = 0.8  # "for so long as ..."
TERM_PERPETUAL_AFTER_FIXED: Final = 0.7  # "for five years and thereafter until terminated"
TERM_HEADING_PLUS: Final = 0.02  # "11.1 Term. This Agreement ...": the term clause itself
TERM_PER_SEGMENT: Final = 0.001  # (over the first 100 segments)
TERM_CONDITIONAL_MINUS: Final = 0.1  # "provided, however, that if ..., shall terminate 36 months"
TERM_AFTER_TERM_MINUS: Final = 0.2  # "for two (2) years after expiration or termination"

# -- renewal term --------------------------------------------------------------------------------
RENEWAL_OF_AGREEMENT: Final = 0.9  # "this Agreement shall renew for successive one (1) year terms"
RENEWAL_OF_OTHER: Final = 0.6  # a renewal of something else (a warranty's)
RENEWAL_EXTENDED: Final = 0.8  # "shall be extended for a 1 year period"
RENEWAL_SHORT_MINUS: Final = 0.3  # under four weeks: "extends for two (2) working days"
RENEWAL_YEAR_TO_YEAR_NEAR: Final = 0.85  # "renew from year to year", "month to month, until ..."
RENEWAL_YEAR_TO_YEAR: Final = 0.75  # "annual" in a renewal clause
RENEWAL_PERPETUAL: Final = 0.8  # "and thereafter until terminated"
RENEWAL_SAME_DURATION: Final = 0.85  # "successive terms of the same duration": the term's

# -- notice period -------------------------------------------------------------------------------
NOTICE_IN_RENEWAL_CLAUSE: Final = 0.9  # "written notice of non-renewal at least 15 days prior"
NOTICE_IN_TERMINATION_CLAUSE: Final = 0.6  # "may terminate upon thirty (30) days' notice"
NOTICE_ELSEWHERE: Final = 0.3
NOTICE_BEFORE_TERM_ENDS_PLUS: Final = 0.05  # "six (6) months prior to the expiration of the term"
NOTICE_NOT_TO_RENEW_PLUS: Final = 0.02  # "notice of our election not to renew"
NOTICE_INSURANCE_MINUS: Final = 0.1  # "no cancellation or non-renewal of such coverage without"
NOTICE_UPPER_BOUND_MINUS: Final = 0.1  # "at least six months but not more than twelve months"

# -- termination for convenience -----------------------------------------------------------------
CONVENIENCE_SAID: Final = 0.85  # "for convenience", "without cause", "for any reason"
CONVENIENCE_AT_ANY_TIME: Final = 0.75  # "at any time" says less

# -- governing law and venue ---------------------------------------------------------------------
GOVERNING_LAW: Final = 0.95  # "governed by ... the laws of the State of Texas"
LAW_WITHOUT_GOVERN: Final = 0.75  # "the laws of", without "govern"
LAW_PER_EARLIER_JURISDICTION: Final = 0.02  # the first jurisdiction named wins
LAW_COUNTRY_MINUS: Final = 0.1  # "the State of Texas, United States of America": Texas
VENUE_EXCLUSIVE: Final = 0.85  # "submit to the exclusive jurisdiction of the courts"
VENUE: Final = 0.6

# -- liability cap and payment terms -------------------------------------------------------------
CAP_AMOUNT: Final = 0.8  # "shall not exceed $1,000,000"
CAP_MONTHS_OF_FEES: Final = 0.85  # "the fees paid ... in the six (6) months preceding"
CAP_FEES_PAID: Final = 0.6  # "the fees paid hereunder"
COVER_FIELD: Final = 0.9  # a cover page's value under its label ("Term of NDA" / "18 months")
COVER_CAP_ELECTION: Final = 0.88  # the ticked option under "General Cap Amount"
PAYMENT_DAYS: Final = 0.8  # "within forty-five (45) days of receipt of the invoice"
PAYMENT_NET: Final = 0.75  # "net 30"

# -- document name -------------------------------------------------------------------------------
TITLE_HEADING: Final = 0.85  # "MASTER SERVICES AGREEMENT"
TITLE_FIRST_LINE: Final = 0.8  # the document's first line, not styled a heading
TITLE_PER_SEGMENT: Final = 0.005

# -- parties -------------------------------------------------------------------------------------
PARTIES_BASE: Final = 0.5
PARTIES_SEVERAL_PLUS: Final = 0.25  # two parties or more
PARTIES_ONE_MINUS: Final = 0.1  # one party, with its alias
PARTIES_ALIASED_PLUS: Final = 0.15  # times the share of parties with an alias
PARTIES_PREAMBLE_CUE_PLUS: Final = 0.05  # "agreement", "made", "entered" ... in the segment
PARTIES_NO_PREAMBLE_CUE_MINUS: Final = 0.1
PARTIES_IN_HEADING_MINUS: Final = 0.15  # a heading that names them is no preamble
PARTIES_PER_SEGMENT: Final = 0.001  # (over the first 200 segments)
# where the parties were read from, if not after "between": a penalty each
PARTIES_BEFORE_ALIASES_MINUS: Final = 0.3  # 'Acme Inc. ("Acme") and Beta LLC ("Beta") agree'
PARTIES_SAID_ALIASES_MINUS: Final = 0.1  # 'JSC Alpha, hereinafter referred to as the "Company"'
PARTIES_AS_SUBJECTS_MINUS: Final = 0.2  # "Acme Corp. and Beta GmbH hereby agree"
PARTIES_NAMED_BEFORE_ALIASES_MINUS: Final = 0.2  # the fallback: names before a sentence's aliases
PARTIES_LABELLED: Final = 0.85  # "Party A: ...", "Licensor: ..." fields
PARTIES_OF_LETTER: Final = 0.7  # the addressee and the signatory of a letter
PARTIES_SIGNATORIES: Final = 0.95  # the signatories of a joint filing agreement
PARTIES_COVER_FIELDS: Final = 0.8  # "Party Name: Meridian Ventures LLC", an annex's "Name:"
PARTIES_OTHER_CONTRACT_MINUS: Final = 0.3  # "the Master Agreement between Netzee and ..."
PARTIES_AFTER_SIGNATURES_MINUS: Final = 0.3  # read after the signature block: a schedule's list
PARTIES_SIGNED_TOO_PLUS: Final = 0.05  # every party of the preamble also in the signature block
PARTIES_SIGNATURE_BLOCKS: Final = 0.55  # the companies over the signature blocks alone: "check"
PARTIES_COMPLETED_BY_SIGNATURES_PLUS: Final = 0.1  # a list of one, plus the other signatory
PARTIES_NOTICES: Final = 0.5  # the notices clause's addressees alone (no signature names): "check"
PARTIES_NOTICED_TOO_PLUS: Final = 0.03  # every party of a list addressed by the notices clause
