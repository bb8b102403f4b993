"""A preamble read over several segments (:class:`Run`), each party cited from the segment that
names it; and parties written as labelled fields ("Party A: ...", "Licensor: ...").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from contractreview.analysis.segmenter import Segment
from contractreview.analysis.terms.candidates import Candidate
from contractreview.analysis.terms.confidence import PARTIES_LABELLED
from contractreview.analysis.terms.parties.chunks import (
    BETWEEN,
    END_PREAMBLE,
    Found,
    named_before,
    parties_base,
)
from contractreview.analysis.terms.parties.names import clean_name
from contractreview.text.aliases import squash
from contractreview.text.cues import Cue

# "BETWEEN:" / party 1 / "AND:" / party 2, "(1) ... (2) ...", or a preamble sentence the
# segmenter cut: the segments after the one with the cue are read as one text, and each party
# is cited from the segment that names it.

PREAMBLE_RUN = 6  # segments one preamble may span
_CONNECTIVE = Cue(
    "parties.connective",
    re.compile(r"\s*(?:and|&|-\s*and\s*-|between|among|by\s+and\s+between)?\s*:?\s*", re.I),
    why="A line that only joins two parties.",
    examples=("and", "- and -", "BETWEEN:", ""),
    counter_examples=("Acme",),
    how="fullmatch",
)
_RUN_STOP = Cue(
    "parties.run_stop",
    re.compile(
        r"\s*(?:\d+(?:\.\d+)*\.?\s|(?:article|section|clause)\s|[A-Z]\.\s|"
        r"(?:table\s+of\s+)?contents\b|in\s+consideration\b)",
        re.I,
    ),
    why="The first clause, after the preamble.",
    examples=("1. Definitions", "ARTICLE I", "Table of Contents", "In consideration of"),
    counter_examples=("Acme Corp.",),
    how="match",
)
_NEW_SENTENCE = Cue(
    "parties.new_sentence",
    re.compile(
        r"\s*(?:this|the|each|all|both|either|neither)\b[^.;]{0,60}\b(?:agreement|amendment|contract|"
        r"part(?:y|ies))\b",
        re.I,
    ),
    why="A sentence about the agreement, not a party.",
    examples=("This Agreement sets out", "Each of the parties"),
    counter_examples=("Acme Corp. and",),
    how="match",
)
_RUN_SEP = "\n"
_CLAUSE_WORDS = Cue(
    "parties.clause_words",
    re.compile(r"\b(?:shall|means|will)\b", re.I),
    why="A clause, not a preamble.",
    examples=("shall", "means"),
    counter_examples=("Acme Corp.",),
)
_CLOSED = Cue(
    "parties.closed",
    re.compile(r"[.!?;][\"”’')\]]*\s*$"),
    why="A sentence or list item that ended.",
    examples=('Beta LLC ("Customer").', "Acme Ltd;"),
    counter_examples=("Acme Ltd,",),
)  # a sentence or list item that ended
_OPEN_TAIL = Cue(
    "parties.open_tail",
    re.compile(r"\b(?:and|between|among|or)\s*:?\s*(?:\(?\w{1,2}[.)])?\s*$", re.I),
    why="A line that goes on in the next.",
    examples=("Acme Corp., and", "between:", "and (2)"),
    counter_examples=("Acme Corp.",),
)
# ... "and", a bracket, a lower-case word, or an address cut at "P.O.B." ("325, Yehud 56217")
_GOES_ON = Cue(
    "parties.goes_on",
    re.compile(r"\s*(?:and\b|&|or\b|\(|-\s*and\b|(?-i:[a-z]{3,}\b)|\d+,\s)", re.I),
    why="A line that carries on the one before.",
    examples=("and Beta LLC", '(the "Company")', "organized under the laws", "325, Yehud 56217"),
    counter_examples=("Beta LLC", "1. Definitions"),
    how="match",
)
_FIELD = Cue(
    "parties.field",
    re.compile(r"\s*[A-Z][A-Za-z ]{0,25}(?:\([^()]{0,30}\)\s*)?[:：]"),
    why='A labelled field: "Address:".',
    examples=("Address:", "Contact (Legal): "),
    counter_examples=("Acme Corp.",),
    how="match",
)  # "Address:"
MAX_GAP = 1  # segments without a party between two that name one (an address line)


class Run:
    """Consecutive segments read as one text, with each one's offset in it."""

    def __init__(self, segments: Sequence[Segment], first: int, roles: bool = False) -> None:
        self.index = [first]
        # a clause or a definition that names the parties is not a preamble: it stays alone
        alone = bool(_CLAUSE_WORDS.search(segments[first].text))
        # "Party A: ..." or a cover page's "Licensor: ..." fields
        labelled = roles or bool(PARTY_LABEL.search(segments[first].text))
        # labelled fields take a line each: "Party B:", name, "Address:", address, "Contact:"
        span = 2 * PREAMBLE_RUN if labelled else PREAMBLE_RUN
        last = first + 1 if alone else min(len(segments), first + span)
        for j in range(first + 1, last):
            seg = segments[j]
            before = segments[self.index[-1]].text
            fields = labelled and (_FIELD.match(seg.text) or _FIELD.match(before))
            if (
                not fields
                and _CLOSED.search(before)
                and not (_OPEN_TAIL.search(before) or _GOES_ON.match(seg.text))
            ):
                break  # the sentence before ended, and this one does not carry on the list
            if seg.is_heading and not fields and not _CONNECTIVE.fullmatch(seg.text):
                break  # "1. DEFINITIONS", "WITNESSETH", a signature page's heading
            if _RUN_STOP.match(seg.text) or END_PREAMBLE.match(seg.text.lstrip()):
                break  # the first clause or the recitals
            if BETWEEN.search(seg.text) or _NEW_SENTENCE.match(seg.text):
                break  # another preamble, or a sentence about the agreement
            self.index.append(j)
        texts = [segments[j].text for j in self.index]
        self.text = _RUN_SEP.join(texts)
        self.offsets = []
        off = 0
        for t in texts:
            self.offsets.append(off)
            off += len(t) + len(_RUN_SEP)
        self._lengths = [len(t) for t in texts]

    def locate(self, pos: int) -> int:
        """Which of the run's segments (position in the run) holds ``pos``."""
        return max(0, bisect.bisect_right(self.offsets, pos) - 1)

    def cite(
        self, found: list[Found], base_cue: float, penalty: float, labelled: bool = False
    ) -> Candidate | None:
        """The candidate of ``found``: each party cited from the segment that names it, and
        consecutive parties of one segment cited together."""
        parties: list[dict[str, Any]] = []
        cites: list[list[int]] = []  # [run position, start, end] in the segment
        max_gap = 6 if labelled else MAX_GAP  # "Party B:", name, "Address:", address, ...
        for party, cs, ns, ne, end in found:
            k = self.locate(ns)
            off, seg_end = self.offsets[k], self.offsets[k] + self._lengths[k]
            if cs < off:  # "Party B:" / the name on the next line: the name alone is cited
                party, cs = {"name": party["name"], "alias": None}, ns
            if ne > seg_end:  # a name cut by the segment's end: what this segment says of it
                ne = seg_end
                while ne > ns and self.text[ne - 1] in " ,;:-":
                    ne -= 1
                name = squash(self.text[ns:ne])
                if len(name) < 2:
                    continue
                party = {"name": name, "alias": None}
                end = ne
            if end > seg_end:  # its alias is in the next segment: the name alone is cited
                party = {"name": party["name"], "alias": None}
                end = ne
            if named_before(party, parties):
                continue
            if cites and k - cites[-1][0] > max_gap + 1:
                break  # a name further on, after segments that name no party
            parties.append(party)
            if cites and cites[-1][0] == k:
                cites[-1][2] = end - off
            else:
                cites.append([k, cs - off, end - off])
        base = parties_base(parties)
        if labelled:
            base = PARTIES_LABELLED if len(parties) >= 2 else None
        if base is None:
            return None
        (k0, s0, e0), *rest = cites
        more = tuple((self.index[k], s, e) for k, s, e in rest)
        seg0 = self.index[k0]
        return Candidate(base + base_cue - penalty, seg0, s0, e0, parties, more)


# "Party A (Shipper): ZTO Express Co., Ltd. Address: ... Party B (Carrier): Tonglu ..."
PARTY_LABEL = Cue(
    "parties.party_label",
    re.compile(r"\bParty\s+(?P<id>[A-D1-4])\b\s*(?:\([^()]{0,30}\)\s*)?[:：]\s*"),
    why="A party written as a labelled field.",
    examples=("Party A: ", "Party B (Carrier): "),
    counter_examples=("Party Z: ", "Third Party: "),
)
# A cover page's fields, one role a line: "Licensor: Acme Inc." / "Licensee: Beta LLC"; the
# role is the party's alias. (Near the top only: "If to Licensor:" of a notice clause is none.)
ROLE_LABEL = Cue(
    "parties.role_label",
    re.compile(
        r"(?m:^)[^\S\n]*(?P<id>(?-i:[A-Z])(?:icensor|icensee|upplier|ustomer|lient|endor|urchaser|"
        r"uyer|eller|istributor|eseller|ranchisor|ranchisee|onsultant|ontractor|rovider|"
        r"ervice\s+Provider|anufacturer|ponsor|essor|essee|andlord|enant|mployer|mployee|eveloper|"
        r"ublisher|gent|wner|ompany|artner|nvestor|ender|orrower|hipper|arrier|perator|roducer|"
        r"ndorser|ffiliate|xecutive|ssignor|ssignee|rantor|rantee))"
        r"(?:['’]s)?(?:\s+(?:Name|Legal\s+Name|Entity))?[^\S\n]*(?:\([^()\n]{0,30}\)[^\S\n]*)?[:：]\s*",
        re.I,
    ),
    why="A cover page's field named by a party's role.",
    examples=("Licensor: ", "Customer Name: ", "Supplier (the Seller): "),
    counter_examples=("If to Licensor: ",),
    how="match",
)
ROLE_LABEL_SEGMENTS = 40  # a cover page is at the top
_FORM_WORDS = Cue(
    "parties.form_words",
    re.compile(r"(?:By|Name|Title|Date|Signature|Address|Print|N/?A)\b", re.I),
    why="A blank field of a signature block.",
    examples=("By", "Name", "N/A"),
    counter_examples=("Acme",),
    how="match",
)


def _field_labels(text: str, roles: bool) -> list[re.Match[str]]:
    """The "Party A:" labels of ``text``, else (where ``roles``) its "Licensor:" role labels
    when at least two differ."""
    labels = list(PARTY_LABEL.finditer(text))
    if len(labels) >= 2 or not roles:
        return labels
    labels = list(ROLE_LABEL.finditer(text))
    if len({squash(m.group("id")).lower() for m in labels}) < 2:
        return []
    return labels


def labelled_parties(text: str, roles: bool = False) -> list[Found]:
    """Parties written as labelled fields ("Party A: ...", "Party B: ..." or, where ``roles``,
    "Licensor: ...", "Licensee: ..."); the label is the alias, and the party's citation starts
    at it."""
    labels = _field_labels(text, roles)
    if len(labels) < 2:
        return []
    found: list[Found] = []
    for k, m in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        got = clean_name(text[m.end() : stop])
        if got is None:
            continue
        name = squash(text[m.end() + got[0] : m.end() + got[1]])
        if any(p["name"] == name for p, *_ in found):
            continue
        if _FORM_WORDS.match(name):
            continue  # a blank field of a signature block: "Company: ______ By: ____"
        role = squash(m.group("id"))
        party = {"name": name, "alias": f"Party {role}" if m.re is PARTY_LABEL.pattern else role}
        ns, ne = m.end() + got[0], m.end() + got[1]
        while ne > ns and text[ne - 1].isspace():
            ne -= 1  # the name, not the line's end
        found.append((party, m.start(), ns, ne, ne))
    return found if len(found) >= 2 else []
