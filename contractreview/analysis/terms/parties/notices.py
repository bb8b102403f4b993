"""The parties as the notices clause names them: "If to Licensee: Beta Media, Inc., 5 Elm Road,
Attn: ...", "if to ETON, to: ETON Pharmaceuticals, Inc. ...". Each entry gives a party's alias
(the label) and its name (the addressee, where it is a company).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from contractreview.analysis.terms.candidates import Context
from contractreview.analysis.terms.parties.names import COMPANY_FORM, clean_name
from contractreview.text.aliases import squash
from contractreview.text.cues import Cue

NOTICE_TO = Cue(
    "parties.notice_to",
    re.compile(
        r"\b(?:if|in\s+the\s+case\s+of\s+notices?)\s+to\s+(?:the\s+)?"
        r"(?P<who>(?-i:[A-Z])[^:,;\n]{0,50}?)\s*"
        r"(?:,\s*(?:to|addressed(?:\s+and\s+sent)?\s+to)\s*)?[:,]\s*(?:to\s*:\s*)?",
        re.I,
    ),
    why="An entry of the notices clause: the party's label, then its address.",
    examples=("If to Licensee: ", "if to ETON, to: ", "if to Company, ", "If to the Trust: "),
    counter_examples=("notices to be given", "if to be delivered by hand"),
)
_NOT_ADDRESSEE = re.compile(r"\s*(?:c/o|attn|attention|address)\b", re.I)
# words one of which an entry holds: a quick test before the pattern's (a contract is long)
_ENTRY_WORDS = ("f to", "F to", "f To", "F To", "F TO", "ice to", "ICE TO", "ices to", "ICES TO")
NOTICE_ENTRY_CHARS = 200  # the addressee follows its label closely


class Noticed(NamedTuple):
    seg: int
    start: int
    end: int
    name: str
    label: str


def _addressee(text: str, at: int) -> tuple[int, int] | None:
    """The [start, end) of the company addressed at ``text[at:]``, or None."""
    chunk = text[at : at + NOTICE_ENTRY_CHARS]
    if _NOT_ADDRESSEE.match(chunk):
        return None
    got = clean_name(chunk)
    forms = list(COMPANY_FORM.finditer(chunk, got[0], got[1])) if got else []
    if got is None or not forms:
        return None
    # the addressee ends at its company form: a street, a person's name may follow unmarked
    # ("Pelican Delivers Inc. Dave Comeau", "ACME, INC 4-102nd Avenue")
    return at + got[0], at + forms[-1].end()


def notice_names(ctx: Context) -> list[Noticed]:
    """The companies the notices clause addresses, with the label of each, in order, once."""
    out: list[Noticed] = []
    segs = ctx.segments
    for i, seg in enumerate(segs):
        if not any(w in seg.text for w in _ENTRY_WORDS):
            continue
        for m in NOTICE_TO.finditer(seg.text):
            where = (i, *got) if (got := _addressee(seg.text, m.end())) else None
            if where is None and not seg.text[m.end() :].strip() and i + 1 < len(segs):
                nxt = segs[i + 1].text  # "If to Licensee:" alone, the address below it
                where = (i + 1, *got) if (got := _addressee(nxt, 0)) else None
            if where is None:
                continue
            k, s, e = where
            name = squash(segs[k].text[s:e])
            if all(name != n.name for n in out):
                out.append(Noticed(k, s, e, name, squash(m.group("who"))))
    return out
