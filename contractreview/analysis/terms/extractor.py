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

This module runs the finders, one a file, each with the cues it relies on declared beside it
(:class:`~contractreview.text.cues.Cue`) and its confidences in
:mod:`~contractreview.analysis.terms.confidence`:

- :mod:`.dates`: agreement, effective and stated expiration dates;
- :mod:`.periods`: term, renewal term, notice period, termination for convenience (its cues
  in :mod:`.convenience`);
- :mod:`.law`: governing law and venue;
- :mod:`.liability` and :mod:`.payment`: liability cap, payment terms;
- :mod:`.title`: the document's name;
- :mod:`.parties.preamble`, :mod:`.parties.signatories`, :mod:`.parties.letter`: the parties;
  :mod:`.parties.signature_blocks` and :mod:`.parties.notices` read them where they sign and
  where notices go, and reconcile those names with the preamble's;
- :mod:`.derived_dates`: the dates the contract implies (effective date, expiration date);
- :mod:`.grounding`: :func:`term_is_grounded`, the check every term passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from contractreview.analysis.results import Term
from contractreview.analysis.segmenter import Segment
from contractreview.analysis.terms.candidates import Candidate, Context
from contractreview.analysis.terms.clauses import clause_first
from contractreview.analysis.terms.confidence import CHECK_BELOW
from contractreview.analysis.terms.cover import cover_candidates
from contractreview.analysis.terms.dates import date_candidates
from contractreview.analysis.terms.derived_dates import fill_effective_date, fill_expiration_date
from contractreview.analysis.terms.law import law_candidates
from contractreview.analysis.terms.liability import liability_candidates
from contractreview.analysis.terms.parties.letter import letter_candidates
from contractreview.analysis.terms.parties.placement import field_candidates, placed
from contractreview.analysis.terms.parties.preamble import party_candidates
from contractreview.analysis.terms.parties.roles import with_roles
from contractreview.analysis.terms.parties.signatories import signatory_candidates
from contractreview.analysis.terms.parties.signature_blocks import reconciled
from contractreview.analysis.terms.payment import payment_candidates
from contractreview.analysis.terms.periods import period_candidates
from contractreview.analysis.terms.screen import screened_out
from contractreview.analysis.terms.title import title_candidates

if TYPE_CHECKING:
    import numpy as np


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

_FINDERS: tuple[Callable[[Context], dict[str, list[Candidate]]], ...] = (
    date_candidates,
    period_candidates,
    law_candidates,
    liability_candidates,
    cover_candidates,
    payment_candidates,
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
    ctx = Context(segments, scores, label_ids, TERM_LABELS)
    cands: dict[str, list[Candidate]] = {name: [] for name in TERM_NAMES}
    for finder in _FINDERS:
        for name, found in finder(ctx).items():
            kept = [c for c in found if not _screened(ctx, name, c)]
            cands[name].extend(clause_first(ctx, name, kept))
    introduced, signing = party_candidates(ctx), signatory_candidates(ctx)
    if not any(len(c.normalized) >= 2 for c in introduced + signing):
        introduced += letter_candidates(ctx)
    if not any(len(c.normalized) >= 2 for c in introduced + signing):
        introduced += field_candidates(ctx)  # a cover page's "Party Name:" fields
    signing += reconciled(ctx, introduced)  # the signature blocks' names
    cands["parties"] = placed(ctx, introduced, signing)
    cands["document_name"] = title_candidates(ctx)
    terms: dict[str, Term] = {}
    for name in TERM_NAMES:
        best = ctx.best(name, cands[name])
        if best is not None:
            terms[name] = best
    if "parties" in terms:
        terms["parties"] = replace(
            terms["parties"], normalized=with_roles(terms["parties"].normalized)
        )
    fill_effective_date(terms)
    fill_expiration_date(ctx, terms)
    return [_checked(terms[n]) for n in TERM_NAMES if n in terms]


def _checked(term: Term) -> Term:
    """A derived term (a date computed from another) is marked "check" as a chosen one is."""
    if term.check or term.confidence >= CHECK_BELOW:
        return term
    return replace(term, check=True)


def _screened(ctx: Context, name: str, cand: Candidate) -> bool:
    """Whether ``cand`` is no value at all: a statute's date, an example, a note, a tail."""
    return screened_out(name, ctx.segments[cand.seg], cand.start, cand.end) is not None
