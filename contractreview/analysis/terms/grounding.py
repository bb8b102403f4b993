"""Grounding: whether a key term's value is the text it cites and its normalised value follows
from that text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contractreview.analysis.results import Term
from contractreview.analysis.terms.derived_dates import ends_on_event
from contractreview.analysis.terms.liability import FEES_FORMULA
from contractreview.analysis.terms.payment import NET
from contractreview.analysis.terms.periods import SAME_DURATION, YEAR_TO_YEAR
from contractreview.text import normalize as nz
from contractreview.text.aliases import squash

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
        return same and bool(SAME_DURATION.fullmatch(v)) and nz.parse_duration(cited[1]) == n
    if term.name in ("agreement_date", "effective_date"):
        return nz.parse_date(v) is not None and nz.parse_date(v).isoformat() == n  # type: ignore[union-attr]
    if term.name == "expiration_date":
        if n == nz.PERPETUAL:  # the value opens with words that set no end ("until either
            # party gives thirty (30) days' notice"), or is a clause ending it on an event
            opening = nz.find_perpetual(v)
            return (opening is not None and opening[0] == 0) or ends_on_event(v)
        ends = nz.find_year_ends(v)
        d = ends[0].value if ends and ends[0].start == 0 else nz.parse_date(v)
        return (d is not None and d.isoformat() == n) or nz.parse_duration(v) is not None
    if term.name in _PERIOD_TERMS:
        if isinstance(n, dict) and "days" in n:
            parsed = nz.parse_duration(v)
            if parsed == {"days": n["days"]}:  # payment terms also say what they count from
                return True
            net = NET.fullmatch(v)
            ytoy = YEAR_TO_YEAR.fullmatch(v)
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
        return bool(FEES_FORMULA.match(v + " x"))
    if term.name == "document_name":
        return n in (squash(v), squash(v).strip("() "))  # "(Simple Agreement for ...)"
    return False


def _parties_cited(parties: list[dict[str, Any]], cited: list[str]) -> bool:
    """Whether ``parties`` split, in order, into one non-empty run per cited text, each party
    named (name and alias) in its own citation's text."""
    flat = [squash(t) for t in cited]

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
