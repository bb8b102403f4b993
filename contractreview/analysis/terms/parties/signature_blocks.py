"""The parties as the signature blocks name them, and the preamble's list reconciled with them.

An ordinary contract ends "IN WITNESS WHEREOF, the parties have executed this Agreement ...",
then one block per party: the company's name, then "By: ____ Name: ____ Title: ____"; or
"SIGNED by Jane Roe duly authorised for and on behalf of ACME LIMITED". Blocks often stand
side by side, one column each ("NETZEE, INC.      THE BANKERS BANK, a Georgia banking
corporation / By: ...   By: ..."). The names over the blocks are the parties that sign; the
name after "By:" is the officer (or a general partner) signing for one, not a party.

:func:`signature_names` reads those names; :func:`reconciled` turns them into candidates:
the signed names alone (a contract whose preamble names no list, or names another contract's
parties), and a preamble's list of one party completed by the one other company that signs.
A name in the preamble and the signature block is stronger than either alone
(:func:`contractreview.analysis.terms.parties.placement.placed`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from contractreview.analysis.terms.candidates import Candidate, Context, shifted
from contractreview.analysis.terms.confidence import (
    PARTIES_COMPLETED_BY_SIGNATURES_PLUS,
    PARTIES_NOTICED_TOO_PLUS,
    PARTIES_NOTICES,
    PARTIES_SIGNATURE_BLOCKS,
)
from contractreview.analysis.terms.parties.names import COMPANY_FORM, SUFFIX, clean_name
from contractreview.analysis.terms.parties.notices import Noticed, notice_names
from contractreview.text.aliases import squash
from contractreview.text.cues import Cue

SIGNATURE_OPENING = Cue(
    "parties.signature_opening",
    re.compile(
        r"\bin\s+witness\s+(?:whereof|thereof)\b|"
        r"\b(?:have|has)\s+(?:each\s+)?(?:duly\s+)?(?:caused\s+this\s+[\w\s-]{0,40}?\s+to\s+be\s+)?"
        r"(?:duly\s+)?(?:executed|signed)\s+this\b|"
        r"^\s*(?:signed|executed)\s+(?:by|for\s+and\s+on\s+behalf\s+of)\b|"
        r"^\s*(?-i:SIGNATURES?|SIGNATURE\s+PAGE|Signature\s+Page)\b",
        re.I,
    ),
    why="Where the signature blocks begin.",
    examples=(
        "IN WITNESS WHEREOF, the parties hereto have executed this Agreement",
        "The Parties, by their respective authorized signatories, have duly executed this "
        "Sub-Reseller Agreement",
        "SIGNED by MARK ARLEN",
        "SIGNATURES   EZJR, INC.   LEADER ACT LTD HK",
    ),
    counter_examples=(
        "This Agreement shall be signed by both parties",
        "executed copies",
        "Signatures. This Agreement may be executed in counterparts",
    ),
)
# words one of which an opening holds: a quick test before the pattern's (a contract is long)
_OPENING_WORDS = (
    "itness",
    "ITNESS",
    "xecuted",
    "XECUTED",
    "igned",
    "IGNED",
    "ignature",
    "IGNATURE",
)
# the fields of a block and what follows them is no company's name over the block: "By:",
# "Name:", "Title:", "Its:", "/s/ Jane Roe", "Signature:", "Date:", "Signed by Jane Roe"
_FIELD = Cue(
    "parties.signature_field",
    re.compile(
        r"\b(?:By|Name|Title|Its|Date|Dated|Signature|Signed|Print(?:ed)?\s+Name|Attest|"
        r"Witness|Address|Authori[sz]ed\s+Signatory|Source)\s*[:：]|"
        r"\bBy\s*(?=/s/|_{2,})|/s/|\bsigned\s+by\b|\bper\s*:",
        re.I,
    ),
    why="A field of a signature block, its value no party's name.",
    examples=("By:", "Name: ", "/s/", "SIGNED by", "Title:", "Source: ACME INC, 10-K"),
    counter_examples=("ACME LIMITED", "Standby"),
)
# the words that give the next piece as the party signed for
_FOR = Cue(
    "parties.signed_for",
    re.compile(r"\b(?:(?:for\s+and\s+)?on\s+behalf\s+of|for\s+and\s+behalf\s+of)\s*:?", re.I),
    why="The party a signatory signs for.",
    examples=("for and on behalf of", "On behalf of:"),
    counter_examples=("behalf",),
)
# columns and lines: three spaces or more, a line break, a ")" closing a Commonwealth block
_COLUMN = re.compile(r"\s{3,}|\n|\s*\)\s*")
_CAPS_NAME = re.compile(
    rf"(?<![\w&.'’-])[A-Z][A-Z0-9&.,'’()-]*\s+(?:[A-Z0-9][A-Z0-9&.,'’()-]*\s+){{0,7}}?(?i:{SUFFIX})",
)
SIGNATURE_ZONE = 12  # segments a signature page spans
_ATTACHMENT = re.compile(r"\s*(?:schedule|annex|exhibit|appendix|attachment)\b", re.I)
_SENTENCE = re.compile(r"\b(?:the|this|shall|hereto|agreement|parties|party|whereof)\b", re.I)
# "THE BANKERS BANK, a Georgia [banking corporation]": a description vouches for a name
_DESCRIBED = re.compile(
    r",\s+an?\s+(?:(?-i:[A-Z])[\w-]*|[\w\s-]{0,40}?\b(?:corporation|company|partnership|bank))\b",
    re.I,
)


class Signed(NamedTuple):
    seg: int
    start: int
    end: int
    name: str


def _zone(ctx: Context) -> range:
    """The segments of the first signature page, or an empty range."""
    segs = ctx.segments
    for i, seg in enumerate(segs):
        text = seg.text
        if any(w in text for w in _OPENING_WORDS) and SIGNATURE_OPENING.search(text):
            end = min(len(segs), i + SIGNATURE_ZONE)
            for k in range(i + 1, end):
                if _ATTACHMENT.match(segs[k].text) and segs[k].is_heading:
                    return range(i, k)
            return range(i, end)
    return range(0)


def _pieces(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each stretch of ``text`` that may hold a name over a block: between
    columns and fields, not a field's value."""
    cuts: list[tuple[int, int, bool]] = []  # (start, end, the piece after it is a value)
    for m in _COLUMN.finditer(text):
        cuts.append((m.start(), m.end(), False))
    for m in _FIELD.finditer(text):
        cuts.append((m.start(), m.end(), True))
    for m in _FOR.finditer(text):
        cuts.append((m.start(), m.end(), False))
    cuts.sort()
    out: list[tuple[int, int]] = []
    pos, value = 0, False
    for s, e, is_field in cuts:
        if s > pos and not value:
            out.append((pos, s))
        if s >= pos:
            value = is_field or (value and not text[pos:s].strip())
        pos = max(pos, e)
    if pos < len(text) and not value:
        out.append((pos, len(text)))
    return out


def _names_in(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The company names in ``text[s:e]``: the name the piece starts with, else names in
    capitals inside it ("/s/ Mark Arlen DAIRY CREST LIMITED")."""
    piece = text[s:e]
    got = clean_name(piece)
    if got is not None and COMPANY_FORM.search(piece[got[0] : got[1]]):
        return [(s + got[0], s + got[1])]
    if got is not None and _DESCRIBED.match(piece, got[1]) and piece[got[0] : got[1]].isupper():
        return [(s + got[0], s + got[1])]  # "THE BANKERS BANK, a Georgia banking corporation"
    return [(s + m.start(), s + m.end()) for m in _CAPS_NAME.finditer(piece)]


# a role over a block ("FRANCHISOR:", "CEO:"), before the company's name
_ROLE_LABEL = re.compile(r"^(?:[A-Z][A-Za-z]*\s*:\s*)+")
_SMALL_WORDS = frozenset(
    ("of", "and", "for", "de", "do", "du", "da", "la", "le", "der", "für", "the")
)
_FORM_AT = re.compile(rf"\b{SUFFIX}", re.I)
_DESCRIPTION = re.compile(r"an?\s", re.I)  # "A Nevada Corporation": what a party is, not who


def _split_names(name: str) -> list[str]:
    """``name`` cut after each company form that more words follow: two blocks' names on one
    line ("Papa John's Marketing Fund, Inc. ABG-Shaq, LLC") or a role after the name ("STAAR
    SURGICAL AG DISTRIBUTOR"); the words after the last form are kept only if they end in one."""
    out: list[str] = []
    pos = 0
    for m in _FORM_AT.finditer(name):
        rest = name[m.end() :]
        if re.match(r"\s*,?\s*" + SUFFIX, rest, re.I) or not rest.strip(" ,"):
            continue  # "Co., Ltd.": the form goes on
        if m.start() > pos and re.match(r"\s*,?\s+(?-i:[A-Z])", rest):
            out.append(name[pos : m.end()].strip(" ,"))
            pos = m.end()
    tail = name[pos:].strip(" ,")
    if not out or _FORM_AT.search(tail):
        out.append(tail)
    return out


def _acceptable(name: str) -> bool:
    """A company's name: two words or more, each capitalised but for small words ("Food For
    Athletes, Inc."; not "In order to induce Acme, LLC"), not starting with its form."""
    words = name.split()
    if not 2 <= len(words) <= 12 or _FORM_AT.match(name) or _DESCRIPTION.match(name):
        return False
    if _SENTENCE.search(name) and not name.isupper():
        return False
    return all(
        w[:1].isupper() or w.casefold() in _SMALL_WORDS or not w[:1].isalpha() for w in words
    )


def signature_names(ctx: Context) -> list[Signed]:
    """The companies named over the signature blocks, in order, each once."""
    out: list[Signed] = []
    for i in _zone(ctx):
        text = ctx.segments[i].text
        for ps, pe in _pieces(text):
            for s, e in _names_in(text, ps, pe):
                if label := _ROLE_LABEL.match(text, s):
                    s = label.end()
                for s2, e2 in _parts(text, s, e):
                    name = squash(text[s2:e2])
                    if _acceptable(name) and all(name_key(name) != name_key(n.name) for n in out):
                        out.append(Signed(i, s2, e2, name))
    return out


def _parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The [start, end) of each name :func:`_split_names` finds in ``text[s:e]``."""
    out = []
    pos = s
    for part in _split_names(text[s:e]):
        at = text.index(part, pos, e)
        end = at + len(part)
        while end > at and text[end - 1] in " ,;:":
            end -= 1
        out.append((at, end))
        pos = end
    return out


_FORM_WORDS = re.compile(rf"\b{SUFFIX}|\bthe\b|[^\w\s]", re.I)


def name_key(name: str) -> str:
    """A name compared loosely: no article, company form or punctuation, case folded."""
    return " ".join(_FORM_WORDS.sub(" ", name).casefold().split())


class Named(NamedTuple):
    """A party named outside the preamble: where, its name, and the keys it is known by."""

    seg: int
    start: int
    end: int
    name: str
    keys: frozenset[str]


def _named(signed: Sequence[Signed], noticed: Sequence[Noticed]) -> tuple[list[Named], ...]:
    sig = [Named(*n, frozenset({name_key(n.name)})) for n in signed]
    notes = [
        Named(n.seg, n.start, n.end, n.name, frozenset({name_key(n.name), name_key(n.label)}))
        for n in noticed
    ]
    return sig, notes


def _candidate(names: Sequence[Named], base: float) -> Candidate:
    (k0, s0, e0, *_), *rest = names
    parties = [{"name": n.name, "alias": None} for n in names]
    return Candidate(base, k0, s0, e0, parties, tuple((n.seg, n.start, n.end) for n in rest))


def _party_keys(party: dict[str, Any]) -> set[str]:
    return {name_key(str(party.get(k) or "")) for k in ("name", "alias")} - {""}


def _completed(cand: Candidate, names: Sequence[Named]) -> Candidate | None:
    """A preamble's list of one party, named there too, with the other companies named."""
    parties: list[dict[str, Any]] = [p for p in cand.normalized if isinstance(p, dict)]
    if len(parties) != 1:
        return None
    keys = _party_keys(parties[0])
    others = [n for n in names if not n.keys & keys]
    if len(others) == len(names) or not others:
        return None  # the preamble's party is not named there: the two lists do not agree
    more = (*cand.more, *((n.seg, n.start, n.end) for n in others))
    return Candidate(
        cand.base + PARTIES_COMPLETED_BY_SIGNATURES_PLUS,
        cand.seg,
        cand.start,
        cand.end,
        [*parties, *({"name": n.name, "alias": None} for n in others)],
        more,
    )


def _noticed_too(cand: Candidate, noticed: Sequence[Named]) -> bool:
    """Whether every party of a list of two or more is an addressee of the notices clause."""
    parties = [p for p in cand.normalized if isinstance(p, dict)]
    return len(parties) >= 2 and all(any(n.keys & _party_keys(p) for n in noticed) for p in parties)


def reconciled(ctx: Context, introduced: Sequence[Candidate]) -> list[Candidate]:
    """Candidates read where parties are named outside the preamble: the signed names alone
    (kept below the "check" line), else the notices clause's addressees (lower still); each
    one-party list of the preamble completed by the other companies that sign (or are
    addressed); and each list whose every party the notices clause addresses, raised."""
    signed, noticed = _named(signature_names(ctx), notice_names(ctx))
    out: list[Candidate] = []
    if len(signed) >= 2:
        out.append(_candidate(signed, PARTIES_SIGNATURE_BLOCKS))
    elif len(noticed) >= 2:
        out.append(_candidate(noticed, PARTIES_NOTICES))
    for cand in introduced:
        done = (_completed(cand, signed) if len(signed) >= 2 else None) or (
            _completed(cand, noticed) if len(noticed) >= 2 else None
        )
        if done is not None:
            out.append(done)
        if _noticed_too(cand, noticed):
            out.append(shifted(cand, PARTIES_NOTICED_TOO_PLUS))
    return out
