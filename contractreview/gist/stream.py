"""Verified streaming: a gist shown sentence by sentence while it is written, each sentence only
once it is complete and every fact of the text so far passes the verifier.

    gate = SentenceGate(clause, known_names)
    for text_so_far in ...:            # the model's text as it grows
        event = gate.feed(text_so_far) # Shown (more verified text), Withdrawn, or None

A sentence is complete when its full stop (or ? or !, with any closing quote or bracket) is
followed by white space: "5." followed by "2 days" is not a sentence end, so the gate waits for
the token after the full stop. Each time a sentence completes, the whole verified text so far
plus the new sentence is checked (numbers, dates, amounts, periods, percentages, parties,
defined terms, and who may or must act: :func:`contractreview.gist.verify.verify_gist`), in
context, so a name or an actor split over two sentences is read as the final check reads it.
What the gate cannot know before the end, the omissions of the whole gist (a figure or an
exception left out), is added by the final check (:class:`contractreview.gist.engine.Gist`).

Once a sentence fails, the gate withdraws everything it showed and shows nothing more: the
final check decides what the reader sees, as it did before streaming (marked, or withheld).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from contractreview.gist.verify import UNSUPPORTED, verify_gist

# a full stop, question or exclamation mark, closing quotes or brackets, then white space
_COMPLETE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
# "e.g. ", "i.e. ", "U.S. ": a single letter before the full stop is an abbreviation
_ABBREVIATION = re.compile(r"(?:^|[\s.(])[A-Za-z]\.$")


@dataclass(frozen=True)
class Written:
    """Progress: how many tokens the model has written (its unchecked text stays unseen)."""

    tokens: int


@dataclass(frozen=True)
class Shown:
    """The verified text so far: whole sentences, every fact checked against the source."""

    text: str
    sentences: int
    tokens: int


@dataclass(frozen=True)
class Withdrawn:
    """A sentence stated a fact the source does not: nothing of the gist may stay on screen
    until the final check has run."""

    tokens: int
    reason: str


StreamEvent = Written | Shown | Withdrawn


def sentence_ends(text: str) -> list[int]:
    """Where each complete sentence of ``text`` ends (after its full stop and closing quotes)."""
    return [
        m.end()
        for m in _COMPLETE_END.finditer(text)
        if not (m.group().startswith(".") and _ABBREVIATION.search(text[: m.start() + 1]))
    ]


def complete_length(text: str) -> int:
    """How much of ``text`` is whole sentences (0 when no sentence has ended yet)."""
    ends = sentence_ends(text)
    return ends[-1] if ends else 0


class SentenceGate:
    """Lets through the sentences of a growing text whose facts the source states."""

    def __init__(self, source: str, known_names: Iterable[str] = ()) -> None:
        self._source = source
        self._known_names = list(known_names)
        self._checked = 0  # characters of the text already judged
        self.shown = ""
        self.sentences = 0
        self.withdrawn = False

    def feed(self, text: str, tokens: int = 0) -> Shown | Withdrawn | None:
        """The whole text written so far: a new :class:`Shown` when more of it is verified, a
        :class:`Withdrawn` the first time a sentence fails, else None."""
        if self.withdrawn:
            return None
        end = complete_length(text)
        if end <= self._checked:
            return None
        candidate = text[:end].strip()
        check = verify_gist(candidate, self._source, known_names=self._known_names)
        self._checked = end
        if check.status == UNSUPPORTED:
            self.withdrawn = True
            self.shown = ""
            bad = ", ".join(f"“{f.text}”" for f in check.unsupported)
            return Withdrawn(tokens, f"the clause does not state {bad}")
        self.sentences = len(sentence_ends(candidate + " "))
        self.shown = candidate
        return Shown(candidate, self.sentences, tokens)
