"""Who acts: a generated text that gives a right or a duty to the wrong party.

The fact check in :mod:`contractreview.gist.verify` finds every name of a gist in its clause, so
"The Customer may terminate on ten days' notice" passes against "Supplier may terminate this
Agreement ... by giving Customer not less than ten (10) days' notice": both names are there.
This module reads, for each "X may / can / shall / must / will <verb>" of the generated text,
who does the same verb in the clause (the last party named before the modal in its sentence),
and reports X when the clause gives that verb to other parties only.

It reads active sentences only ("may be terminated by X" is left alone), and it stays silent
where it cannot tell: a verb the clause never puts after a modal, an actor it cannot name on
either side, or a clause that gives the verb to either party. Names are the contract's known
names (parties and defined terms) and the capitalised names of the clause, compared without
case ("the customer" is "Customer").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_MODAL_RE = re.compile(
    r"\b(?:may|can|shall|must|will|is\s+entitled\s+to|has\s+the\s+right\s+to)"
    r"\s+(?:(?:not|also|only|then|at\s+any\s+time)\s+)*([a-z]{3,})\b",
    re.I,
)
_NOT_VERBS = frozenset({"be", "been", "have", "has", "not", "also", "only", "then"})
_ANY_PARTY_RE = re.compile(
    r"\b(?:either|each|any|both|neither|the|a)\s+part(?:y|ies)\b|\bthe\s+other\b", re.I
)
_NAME_RE = re.compile(r"[A-Z][\w&'’-]*(?:\s+(?:of|and|&)?\s*[A-Z][\w&'’-]*)*")
_SENTENCE_BREAK = ".;:!?\n"
_WINDOW = 100  # characters before the modal that can hold its subject
_PLAIN = frozenset({
    "the", "this", "that", "these", "those", "if", "in", "on", "at", "by", "to", "for", "of",
    "or", "and", "but", "as", "no", "not", "each", "either", "neither", "both", "any", "all",
    "upon", "after", "before", "during", "within", "when", "where", "while", "yes", "it", "they",
    "such", "unless", "except", "notwithstanding", "subject", "provided", "however", "only",
})  # fmt: skip
_GENERIC = frozenset({"party", "parties", "other party"})  # read by _ANY_PARTY_RE
ANY = "\x00any party"


@dataclass(frozen=True)
class ActorMismatch:
    """The generated text's actor for ``verb`` at ``[start, end)``, and the clause's actors."""

    start: int
    end: int
    text: str
    verb: str
    clause_actors: tuple[str, ...]


def _names(source: str, known_names: Iterable[str]) -> list[str]:
    found = {n.strip() for n in known_names if n.strip().lower() not in _GENERIC}
    for m in _NAME_RE.finditer(source):
        words = m.group().split()
        while words and words[0].lower() in _PLAIN:
            words.pop(0)
        name = " ".join(words)
        if words and not (len(words) == 1 and len(words[0]) < 3) and name.lower() not in _GENERIC:
            found.add(name)
    # Shortest first: at one place the shorter name wins, so "Acme" in a gist and "Acme Widgets"
    # in the clause are one actor.
    return sorted((n for n in found if n), key=lambda n: (len(n), n))


def _subject(text: str, modal_at: int, names: list[str]) -> tuple[str, int, int] | None:
    """The actor of the modal at ``modal_at``: the party named last before it in its sentence."""
    start = max(0, modal_at - _WINDOW)
    window = text[start:modal_at]
    cut = max(window.rfind(c) for c in _SENTENCE_BREAK)
    window_start = start + cut + 1
    window = text[window_start:modal_at]
    best: tuple[str, int, int] | None = None
    for m in _ANY_PARTY_RE.finditer(window):
        best = (ANY, window_start + m.start(), window_start + m.end())
    for name in names:
        pattern = rf"(?<!\w){re.escape(name)}(?:['’]s|s)?(?!\w)"
        for m in re.finditer(pattern, window, re.I):
            if best is None or m.start() + window_start > best[1]:
                best = (name.lower(), window_start + m.start(), window_start + m.end())
    return best


def _actions(text: str, names: list[str]) -> list[tuple[str, tuple[str, int, int]]]:
    """(verb stem, actor) for each active modal + verb of ``text`` whose actor is named."""
    out: list[tuple[str, tuple[str, int, int]]] = []
    for m in _MODAL_RE.finditer(text):
        verb = m.group(1).lower()
        if verb in _NOT_VERBS:
            continue
        actor = _subject(text, m.start(), names)
        if actor is not None:
            out.append((verb[:6], actor))
    return out


def actor_mismatches(
    generated: str, source: str, *, known_names: Iterable[str] = ()
) -> list[ActorMismatch]:
    """Each actor of ``generated`` who does a verb that ``source`` gives to other parties only."""
    names = _names(source, known_names)
    clause: dict[str, set[str]] = {}
    for stem, (actor, _, _) in _actions(source, names):
        clause.setdefault(stem, set()).add(actor)
    out: list[ActorMismatch] = []
    for stem, (actor, start, end) in _actions(generated, names):
        actors = clause.get(stem)
        if not actors or ANY in actors or actor in actors:
            continue
        named = sorted(a for a in actors if a != ANY)
        if actor == ANY and len(named) >= 2:
            continue  # "either party may" where the clause gives it to each by name
        out.append(ActorMismatch(start, end, generated[start:end], stem, tuple(named)))
    return out
