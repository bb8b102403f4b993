"""The parties of a joint filing agreement (SEC Schedule 13D/13G): the names over its signature
blocks.
"""

from __future__ import annotations

import re

from contractreview.analysis.terms.candidates import Candidate, Context
from contractreview.analysis.terms.confidence import PARTIES_SIGNATORIES
from contractreview.analysis.terms.parties.names import COMPANY_FORM, SUFFIX, clean_name
from contractreview.text.aliases import squash
from contractreview.text.cues import Cue

# A joint filing agreement (SEC Schedule 13D/13G) has no preamble: "the undersigned" agree, and
# the parties are the names over the signature blocks, in capitals: "HPS MEZZANINE PARTNERS II,
# LLC By: HPS Investment Partners, LLC, its sole member /s/ John Madden Name: ...".

_JOINT_FILING = Cue(
    "parties.joint_filing",
    re.compile(r"\bjoint\s+filing\s+agreement\b", re.I),
    why="A joint filing agreement (SEC Schedule 13D/13G).",
    examples=("JOINT FILING AGREEMENT",),
    counter_examples=("joint venture agreement",),
)
_SIGN_MARK = Cue(
    "parties.sign_mark",
    re.compile(r"\s*(?:/s/|By\s*:|\(Signature\))", re.I),
    why="A signature under a name.",
    examples=(" /s/ John Madden", "By: ", "(Signature)"),
    counter_examples=("Name: John",),
    how="match",
)
_SIGNED_BY = Cue(
    "parties.signed_by",
    re.compile(r"\bBy\s*:\s*$", re.I),
    why="The officer who signs for an entity.",
    examples=("By: ",),
    counter_examples=("Name: ",),
)
_TITLE_SEGMENTS = 3  # where a joint filing agreement says what it is
_SIGNATURE_WORDS = Cue(
    "parties.signature_words",
    re.compile(
        r"\b(?:witness|whereof|agreement|signature|page|dated?|exhibit|schedule|title|name)\b", re.I
    ),
    why="Words of a signature page, not a name.",
    examples=("IN WITNESS WHEREOF", "SIGNATURE PAGE"),
    counter_examples=("HPS MEZZANINE PARTNERS II, LLC",),
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
            form = re.fullmatch(rf"{SUFFIX},?", t.group(0), re.I)
            if form and len(run) - k > 2 and k > first:  # another name of 2+ words follows
                out.append((run[first].start(), t.end(), False))
                first = k + 1
        if run:
            out.append((run[first].start(), run[-1].end(), True))
        run = []
    return out


def signatory_candidates(ctx: Context) -> list[Candidate]:
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
            got = clean_name(text[s:e])
            if got is None or got[1] != e - s:
                continue
            s += got[0]  # "THE VÄRDE FUND VI-A, L.P.": the name without its article
            name = text[s:e]
            # a word of its own, not just the tail of a name in lower case ("Global II, LLC")
            own = [w for w in name.split() if len(re.sub(r"\W", "", w)) >= 3]
            if not any(not re.fullmatch(rf"{SUFFIX},?", w, re.I) for w in own):
                continue
            if _SIGNATURE_WORDS.search(name) or len(name.split()) < 2:
                continue
            # a person or a trust signs with "/s/"; an entity through an officer ("By:")
            if not COMPANY_FORM.search(name) and "/s/" not in mark.group(0):
                continue
            if all(squash(name) != n for *_, n in names):
                names.append((i, s, e, squash(name)))
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
    return [
        Candidate(PARTIES_SIGNATORIES, k0, s0, e0, parties, tuple((k, s, e) for k, s, e in rest))
    ]
