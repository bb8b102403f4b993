"""The parties of a letter agreement: the company it is addressed to and the one that signs it
(or, with no company under the closing, the letterhead's).
"""

from __future__ import annotations

import re

from contractreview.analysis.terms.candidates import PREAMBLE_SEGMENTS, Candidate, Context
from contractreview.analysis.terms.confidence import PARTIES_OF_LETTER
from contractreview.analysis.terms.parties.names import COMPANY_FORM, SUFFIX, clean_name
from contractreview.text import normalize as nz
from contractreview.text.aliases import squash
from contractreview.text.cues import Cue

# A letter names no parties in a preamble: it is addressed to one ("Beta Corp. / 45 River Road /
# Dear Mr. Smith:") and signed by the other ("Very truly yours, ACME PHARMA, INC. By: ...").

_DEAR = Cue(
    "parties.dear",
    re.compile(
        r"\s*(?:Dear\s+[^:,\n]{1,60}|(?:Ladies|Sirs?|Madams?)\s+(?:and|&)\s+Gentlemen|Gentlemen|"
        r"Dear\s+Sirs?)\s*[:,]",
        re.I,
    ),
    why="A letter's greeting.",
    examples=("Dear Mr. Smith:", "Ladies and Gentlemen:"),
    counter_examples=("Acme Corp.",),
    how="match",
)
_CLOSING = Cue(
    "parties.closing",
    re.compile(
        r"\b(?:(?:very\s+)?(?:truly|sincerely|faithfully|cordially)\s+yours|yours\s+(?:very\s+)?"
        r"(?:truly|sincerely|faithfully)|sincerely|regards)\s*,?\s*",
        re.I,
    ),
    why="A letter's closing, over its signatory.",
    examples=("Very truly yours,", "Sincerely,"),
    counter_examples=("Yours is the choice",),
)
ADDRESS_LINES = 8  # lines of an address block over the salutation


def _whole_name(text: str, start: int = 0) -> tuple[int, int] | None:
    """[start, end) of a company's name that is all of ``text[start:]`` (a line of an address
    block or a signature block), None if the line says more or names no company."""
    got = clean_name(text[start:])
    if got is None or text[start + got[1] :].strip(" ,.;:"):
        return None
    s, e = start + got[0], start + got[1]
    return (s, e) if COMPANY_FORM.search(text[s:e]) else None


def letter_candidates(ctx: Context) -> list[Candidate]:
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
    names = [squash(segs[k].text[s:e]) for k, s, e in order]
    if _party_key(names[0]) == _party_key(names[1]):
        return []
    parties = [{"name": n, "alias": None} for n in names]
    (k0, s0, e0), more = order
    return [Candidate(PARTIES_OF_LETTER, k0, s0, e0, parties, (more,))]


def _party_key(name: str) -> str:
    return re.sub(rf"\W+|\b{SUFFIX}", "", name.lower(), flags=re.I)
