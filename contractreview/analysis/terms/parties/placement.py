"""Parties from where parties are named, and not from where organisations are merely mentioned.

A cover page names the parties in fields ("Party Name: Meridian Ventures LLC"), an annex of the
EU clauses under "Data exporter: / Name: Public nEUro" (:func:`field_candidates`). A list of
parties read from a drafting note ("[Drafting note: e.g., Rose Apothecaries, Inc. and Vandelay
Industries, Inc.]"), an instruction or a template blank is none, nor one whose "names" are the
contract's own parts ("Cover Page", "Standard Terms"); a list read after the signature block,
in a schedule that lists outside organisations (none of them given an alias), is kept only at
a visibly lower confidence,
and one whose every party the signature block names too is stronger than either alone
(:func:`placed`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from contractreview.analysis.operative import TextKind, text_kind
from contractreview.analysis.terms.candidates import Candidate, Context, shifted
from contractreview.analysis.terms.confidence import (
    PARTIES_AFTER_SIGNATURES_MINUS,
    PARTIES_COVER_FIELDS,
    PARTIES_SIGNED_TOO_PLUS,
)
from contractreview.text.cues import Cue

# a party left blank in a preamble ('Acme Inc. ("Acme") and ____') is still named by its alias
_INERT = frozenset({TextKind.DRAFTING_NOTE, TextKind.INSTRUCTION, TextKind.UNTICKED_OPTION})
DOCUMENT_PART = Cue(
    "parties.document_part",
    re.compile(
        r"^(?:the\s+)?(?:cover\s+page|standard\s+terms|key\s+terms|framework\s+terms|order\s+form"
        r"|agreement|schedule|annex|exhibit|appendix|statement\s+of\s+work|sow|policy"
        r"|[\w\s]{0,40}\bstandard\s+terms\b.*|[\w\s]{0,40}\bversion\s+\d.*)$",
        re.I,
    ),
    why="A part of the contract's own documents, named like a party: no party.",
    examples=("Cover Page", "Common Paper Mutual NDA Standard Terms Version 1.0", "Order Form"),
    counter_examples=("Acme Corp.", "Atlas Biotech Inc."),
    how="fullmatch",
)
PARTY_FIELD = Cue(
    "parties.party_field",
    re.compile(
        r"^\s*(?:party\s+(?:name|\d|[a-d]))"
        r"\s*[:：]\s*(?P<name>\S.{1,100}?)\s*$",
        re.I,
    ),
    why="A cover page's field that names a party.",
    examples=("Party Name: Meridian Ventures LLC", "PARTY 1: Acme Inc."),
    counter_examples=("Party Name:", "Notice Address: 1 Main St"),
)
_ROLE_FIELD = Cue(
    "parties.role_heading",
    re.compile(r"^\s*data\s+(?:exporter|importer)\(?s?\)?\s*[:：]?\s*$", re.I),
    why="The EU clauses' annex: a party's role, its name in the 'Name:' field below.",
    examples=("Data exporter:", "Data importer(s):"),
    counter_examples=("Data exporter shall",),
)
_NAME_FIELD = re.compile(r"^\s*name\s*[:：]\s*(?P<name>\S.{1,100}?)?\s*$", re.I)
_BLANK = re.compile(r"[\[\]{}<>_]|^\W*$")
_SIGNATURE_WORDS = re.compile(r"^\s*(?:in\s+witness\s+whereof|signature\s*:|signed\b)", re.I)
FIELD_SEARCH_SEGMENTS = 400
NAME_ROWS_BELOW = 2  # "Name:" then the name, each in its own table cell
SIGNATURE_BLOCK_SEGMENTS = 40  # a signature block ends within this many segments
_ATTACHMENT = re.compile(r"\s*(?:schedule|annex|exhibit|appendix|attachment)\b", re.I)


def _party(name: str) -> dict[str, Any] | None:
    name = name.strip().rstrip(",;")
    if not name or _BLANK.search(name) or DOCUMENT_PART.fullmatch(name):
        return None
    return {"name": name, "alias": None}


def _annex_name(ctx: Context, i: int) -> tuple[int, int, int] | None:
    """The name in the "Name:" field under a "Data exporter:" heading at segment ``i``."""
    for k in range(i + 1, min(len(ctx.segments), i + 1 + NAME_ROWS_BELOW)):
        m = _NAME_FIELD.match(ctx.segments[k].text)
        if m is None:
            continue
        if m.group("name"):
            return k, m.start("name"), m.end("name")
        nxt = k + 1
        if nxt < len(ctx.segments):
            text = ctx.segments[nxt].text
            return nxt, len(text) - len(text.lstrip()), len(text.rstrip())
    return None


def field_candidates(ctx: Context) -> list[Candidate]:
    """The parties named in a cover page's or an annex's fields, as one candidate."""
    cites: list[tuple[int, int, int]] = []
    parties: list[dict[str, Any]] = []
    for i, seg in enumerate(ctx.segments[:FIELD_SEARCH_SEGMENTS]):
        where: tuple[int, int, int] | None = None
        if m := PARTY_FIELD.match(seg.text):
            where = (i, m.start("name"), m.end("name"))
        elif _ROLE_FIELD.match(seg.text):
            where = _annex_name(ctx, i)
        if where is None:
            continue
        k, s, e = where
        party = _party(ctx.segments[k].text[s:e])
        if party and all(p["name"] != party["name"] for p in parties):
            parties.append(party)
            cites.append((k, s, e))
    if not parties:
        return []
    (k, s, e), *more = cites
    return [Candidate(PARTIES_COVER_FIELDS, k, s, e, parties, tuple(more))]


def _first_signature(ctx: Context) -> int:
    for i, seg in enumerate(ctx.segments):
        if _SIGNATURE_WORDS.match(seg.text):
            return i
    return len(ctx.segments)


def _block_end(ctx: Context, signed: int) -> int:
    """Where the signature block that starts at ``signed`` ends: at a schedule's or an annex's
    heading, or ``SIGNATURE_BLOCK_SEGMENTS`` on."""
    end = min(len(ctx.segments), signed + SIGNATURE_BLOCK_SEGMENTS)
    for k in range(signed + 1, end):
        if _ATTACHMENT.match(ctx.segments[k].text):
            return k
    return end


def _signed_text(ctx: Context, signed: int, end: int) -> str:
    """The signature block's words, folded, for names to be found in."""
    return " ".join(" ".join(s.text.split()) for s in ctx.segments[signed:end]).casefold()


def _confirmed(names: list[str], signed_text: str) -> bool:
    """Whether every party named is also named in the signature block."""
    return bool(names) and all(" ".join(n.split()).casefold() in signed_text for n in names)


def placed(
    ctx: Context, cands: Sequence[Candidate], signatories: Sequence[Candidate] = ()
) -> list[Candidate]:
    """``cands`` (read where parties are introduced) without those read from inert text or
    naming the contract's own parts, those read after the signature block lowered and those
    the signature block names too raised; then ``signatories`` (read from the signature block
    itself), screened the same way."""
    signed = _first_signature(ctx)
    end = _block_end(ctx, signed) if signed < len(ctx.segments) else signed
    signed_text = _signed_text(ctx, signed, end)
    out = []
    for c in [*cands, *signatories]:
        seg = ctx.segments[c.seg]
        kind = text_kind(seg.text, is_heading=seg.is_heading)
        if kind in _INERT or seg.text.lstrip().startswith("[Drafting note"):
            continue
        names = [p.get("name") or "" for p in c.normalized if isinstance(p, dict)]
        if any(DOCUMENT_PART.fullmatch(n.strip()) for n in names):
            continue
        if c in signatories:
            out.append(c)
        elif c.seg >= end and not any(p.get("alias") for p in c.normalized):
            # past the signature block, no party given an alias: a schedule's list of others
            out.append(shifted(c, -PARTIES_AFTER_SIGNATURES_MINUS))
        elif _confirmed(names, signed_text):
            out.append(shifted(c, PARTIES_SIGNED_TOO_PLUS))
        else:
            out.append(c)
    return out
