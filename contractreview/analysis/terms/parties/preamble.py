"""The parties finder: the preamble that names them ("by and between Acme Corp. ("Supplier") and
Beta LLC ("Customer")"), a list under "PARTIES", a sentence whose subjects they are ("Acme Corp.
and Beta GmbH hereby agree"), labelled fields ("Party A: ...", "Licensor: ..."), or, failing
those, the names before the aliases a preamble sentence defines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from contractreview.analysis.terms.candidates import PREAMBLE_SEGMENTS, Candidate, Context, shifted
from contractreview.analysis.terms.confidence import (
    PARTIES_AS_SUBJECTS_MINUS,
    PARTIES_BEFORE_ALIASES_MINUS,
    PARTIES_IN_HEADING_MINUS,
    PARTIES_NAMED_BEFORE_ALIASES_MINUS,
    PARTIES_NO_PREAMBLE_CUE_MINUS,
    PARTIES_OTHER_CONTRACT_MINUS,
    PARTIES_PER_SEGMENT,
    PARTIES_PREAMBLE_CUE_PLUS,
    PARTIES_SAID_ALIASES_MINUS,
)
from contractreview.analysis.terms.parties.chunks import BETWEEN, aliased_parties, parse_parties
from contractreview.analysis.terms.parties.names import COMPANY_FORM, ENUM
from contractreview.analysis.terms.parties.run import (
    PARTY_LABEL,
    ROLE_LABEL,
    ROLE_LABEL_SEGMENTS,
    Run,
    labelled_parties,
)
from contractreview.text.aliases import ALIAS_PAREN, ALIAS_SAID, alias_key, defined_aliases
from contractreview.text.cues import Cue

_PREAMBLE_CUE = Cue(
    "parties.preamble_cue",
    re.compile(r"\b(?:agreement|contract|made|entered|dated|executed|by\s+and)\b", re.I),
    why="Words of a preamble.",
    examples=("This Agreement is made", "entered into"),
    counter_examples=("The Supplier shall deliver",),
)
PARTY_SEARCH_SEGMENTS = 400  # a preamble may follow a long table of contents


def _defined_earlier(parties: list[dict[str, Any]], aliases: set[str]) -> bool:
    """Whether a party without alias of its own is named only by an alias the contract
    defined before ("between Merchant and ...", "the Investor and the Lenders"): after a
    preamble, such a list refers to the parties it named rather than naming them."""
    return any(p["alias"] is None and alias_key(p["name"]) in aliases for p in parties)


# a sentence whose subjects are the parties: "Acme Corp. and Beta GmbH hereby agree ..."
_PARTIES_AGREE = Cue(
    "parties.parties_agree",
    re.compile(  # a bracket may define an alias: "America (MICOA) and ..."
        r"\s*(?-i:[A-Z])(?:[^;:()]|\([^;:()]{1,80}\)){2,200}?\s(?:and|&)\s"
        r"(?:[^;:()]|\([^;:()]{1,80}\)){2,200}?\s(?:hereby\s+)?"
        r"(?:agree|covenant|have\s+(?:agreed|entered))\b",
        re.I,
    ),
    why="A sentence whose subjects are the parties.",
    examples=(
        "Acme Corp. and Beta GmbH hereby agree as follows",
        "Mining Company of America (MICOA) and Beta Ltd have agreed",
    ),
    counter_examples=("The parties agree",),
    how="match",
)
_PARTIES_HEADING = Cue(
    "parties.heading",
    re.compile(r"\s*(?:the\s+)?(?:contracting\s+)?part(?:ies|y)\s*[:：]?\s*", re.I),
    why="A heading over a list of the parties.",
    examples=("PARTIES", "The Contracting Parties:"),
    counter_examples=("Parties to the Agreement",),
    how="fullmatch",
)


class _Start(NamedTuple):
    """Where a segment's parties are read from, and what that costs."""

    at: int  # where the names start in the run's text
    penalty: float
    # 'Acme Inc. ("Acme") and Beta LLC ("Beta") agree': names before the aliases a sentence
    # defines, read again, without the list, where no preamble lists the parties
    before_aliases: bool = False


# a heading may hold the preamble: "AGREEMENT BETWEEN ACME LTD AND BETA PLC ..."
_BETWEEN_IN_HEADING = Cue(
    "parties.between_in_heading",
    re.compile(r"(?:.*\s)?between\s", re.I),
    why="A heading that names the parties after between.",
    examples=("AGREEMENT BETWEEN ACME LTD AND BETA PLC", "between "),
    counter_examples=("MASTER SERVICES AGREEMENT",),
    how="match",
)


# "the Joint Use and Management Agreement by and between the City of San Diego and Padres",
# "THE MASTER AGREEMENT BETWEEN NETZEE AND BANKERS BANK", "the contracts of employment between
# DCL and the Transferring Employees": the parties of another contract, named in a clause of
# this one (not "This Agreement is made by and between")
_OTHER_CONTRACT_BEFORE = Cue(
    "parties.other_contract_before",
    re.compile(
        r"\S\s+(?:the|that\s+certain)\s+(?:[\w&'’-]+\s+){0,6}?(?:agreement|contract)s?"
        r"(?:\s+of\s+employment)?\b[^.;:\"“”]{0,40}$",
        re.I,
    ),
    why="Another contract's parties, named in a clause of this one.",
    examples=(
        "beyond the term of the Joint Use and Management Agreement by and ",
        "SUBJECT TO, THE TERMS AND CONDITIONS OF THE MASTER AGREEMENT ",
        "agree that, pursuant to the Regulations, the contracts of employment ",
    ),
    counter_examples=(
        "This Agreement is made by and ",
        "This is a managed hosting agreement ",
        "THE AGREEMENT ",
    ),
)


def _other_contract(text: str, at: int) -> float:
    """What a list of parties read after ``at`` costs when it is another contract's."""
    near = text[max(0, at - 120) : at]
    return PARTIES_OTHER_CONTRACT_MINUS if _OTHER_CONTRACT_BEFORE.search(near) else 0.0


@dataclass(frozen=True)
class _Preamble:
    """How a segment may name the parties, and how much it reads like a preamble."""

    cue: float  # added to each list's confidence
    starts: list[_Start]  # where lists of parties start in the segment's run
    agreeing: bool  # "Acme Corp. and Beta GmbH hereby agree": the subjects are the parties
    roles: bool  # a cover page's fields, one role a line: "Licensor: Acme Inc."


def _preamble(ctx: Context, i: int) -> _Preamble | None:
    """How segment ``i`` may name the parties; None if it names none."""
    seg = ctx.segments[i]
    text = seg.text
    cue_alone = bool(BETWEEN.fullmatch(text.strip()))  # "B E T W E E N:" on its own line
    # "PARTIES" over a numbered list of them: "(1) Acme Limited ...", "(2) Beta plc ..."
    listed = bool(
        _PARTIES_HEADING.fullmatch(text)
        and i + 1 < len(ctx.segments)
        and ENUM.match(ctx.segments[i + 1].text)
    )
    cue_alone = cue_alone or listed
    roles = i < ROLE_LABEL_SEGMENTS and bool(ROLE_LABEL.match(text))
    if seg.is_heading and not (cue_alone or roles or _BETWEEN_IN_HEADING.match(text)):
        return None  # a cover page's "DISTRIBUTOR AGREEMENT BETWEEN INGRAM MICRO AND NETGEAR"
    cue = (
        PARTIES_PREAMBLE_CUE_PLUS
        if _PREAMBLE_CUE.search(text[:400])
        else -PARTIES_NO_PREAMBLE_CUE_MINUS
    )
    cue -= PARTIES_IN_HEADING_MINUS if seg.is_heading and not cue_alone else 0.0
    starts = [_Start(m.end(), _other_contract(text, m.start())) for m in BETWEEN.finditer(text)]
    if listed:
        starts = [_Start(len(text), 0.0)]
    if len(ALIAS_PAREN.findall(text)) >= 2 and _PREAMBLE_CUE.search(text):
        # "Acme Inc. ("Acme") and Beta LLC ("Beta") agree ..."
        starts.append(_Start(0, PARTIES_BEFORE_ALIASES_MINUS, before_aliases=True))
    elif len(ALIAS_SAID.findall(text)) >= 2 and _PREAMBLE_CUE.search(text):
        # 'JSC Alpha, hereinafter referred to as the "Company", ... and JSC Beta, hereinafter
        # referred to as the "Principal", have entered into this Contract': each name said so
        starts.append(_Start(0, PARTIES_SAID_ALIASES_MINUS))
    agreeing = bool(
        not starts and i < PREAMBLE_SEGMENTS and _PARTIES_AGREE.match(text) and not seg.is_heading
    )
    if not starts and not agreeing and not (roles or PARTY_LABEL.search(text)):
        return None
    return _Preamble(cue, starts, agreeing, roles)


def party_candidates(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    aliases: set[str] = set()  # aliases defined in the segments before this one
    aliased: list[tuple[int, float]] = []  # preamble sentences that define aliases
    for i in range(min(len(ctx.segments), PARTY_SEARCH_SEGMENTS)):
        if i:
            aliases.update(alias_key(a) for a in defined_aliases(ctx.segments[i - 1].text))
        preamble = _preamble(ctx, i)
        if preamble is None:
            continue
        run = Run(ctx.segments, i, preamble.roles)
        shift = -PARTIES_PER_SEGMENT * min(i, 200)
        if preamble.agreeing and (cand := _subjects(run, preamble.cue)):
            out.append(shifted(cand, shift))
        for start in preamble.starts:
            cand = run.cite(parse_parties(run.text, start.at), preamble.cue, start.penalty)
            if cand and not (out and _defined_earlier(cand.normalized, aliases)):
                out.append(shifted(cand, shift))
        if i < PREAMBLE_SEGMENTS and any(s.before_aliases for s in preamble.starts):
            aliased.append((i, preamble.cue))
        # "Party A: ... Party B: ..." fields are a cue of their own
        fields = labelled_parties(run.text, preamble.roles)
        labelled = run.cite(fields, max(preamble.cue, 0.0), 0.0, labelled=True)
        if labelled:
            out.append(shifted(labelled, shift))
    if not any(len(c.normalized) >= 2 for c in out if c.seg < PREAMBLE_SEGMENTS):
        # no list of parties in the preamble: the names before the aliases it defines
        for i, cue in aliased:
            named = aliased_parties(ctx.segments[i].text)
            cand = Run(ctx.segments, i).cite(named, cue, PARTIES_NAMED_BEFORE_ALIASES_MINUS)
            if cand:
                out.append(shifted(cand, -PARTIES_PER_SEGMENT * min(i, 200)))
                break
    return out


def _subjects(run: Run, cue: float) -> Candidate | None:
    """ "Acme Corp. and Beta GmbH hereby agree as follows": the subjects, companies only."""
    subjects = parse_parties(run.text, 0)
    if not all(COMPANY_FORM.search(p["name"]) for p, *_ in subjects):
        return None
    cand = run.cite(subjects, cue, PARTIES_AS_SUBJECTS_MINUS)
    return cand if cand and len(cand.normalized) >= 2 else None
