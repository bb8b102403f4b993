"""What makes a notice period one to terminate for convenience (the ``termination_notice``
term, found by :mod:`.periods` with the notice period): a cue such as "for convenience" or
"without cause" in the notice's sentence, which is about terminating and not about a breach.
"""

from __future__ import annotations

import re

from contractreview.text.cues import Cue

_TERMINATING = Cue(
    "convenience.terminating",
    re.compile(r"\bterminat", re.I),
    why="A sentence about ending the contract.",
    examples=("may terminate this Agreement", "termination for convenience"),
    counter_examples=("may renew this Agreement",),
)


# "may terminate this Agreement for convenience", "without cause", "for any or no reason",
# "at any time": a party may end the contract without a breach
CONVENIENCE = Cue(
    "convenience.said",
    re.compile(
        r"(?P<plain>for\s+(?:its|their|any|either\s+party's)?\s*convenience|without\s+(?:cause|"
        r"reason)|with\s+or\s+without\s+cause|for\s+any\s+(?:reason|or\s+no\s+reason)|at\s+will)|"
        r"\bat\s+any\s+time\b",
        re.I,
    ),
    why="A party may end the contract without a breach.",
    examples=(
        "may terminate this Agreement for convenience",
        "without cause",
        "for any or no reason",
        "at any time",
    ),
    counter_examples=("for cause", "in the event of a material breach"),
)
# "may terminate at any time if the other party breaches", "... after a Force Majeure Event":
# for cause, not for convenience
_FOR_CAUSE = Cue(
    "convenience.for_cause",
    re.compile(
        r"\b(?:breach\w*|default\w*|insolven\w*|bankrupt\w*|fails?\b|failure|cure[ds]?\b|"
        r"force\s+majeure|acts?\s+of\s+god|prevented)",
        re.I,
    ),
    why="Ending for cause, not for convenience.",
    examples=("if the other party breaches", "after a Force Majeure Event", "fails to cure"),
    counter_examples=("for convenience upon thirty (30) days' notice",),
)


def convenience_cue(
    text: str, cues: list[re.Match[str]], start: int, end: int
) -> re.Match[str] | None:
    """The convenience cue in the sentence of the notice period ``text[start:end]``, when that
    sentence is about terminating and not about a breach."""
    left = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
    stops = [k for k in (text.find(".", end), text.find(";", end)) if k >= 0]
    right = min(stops) if stops else len(text)
    sentence = text[left:right]
    if not _TERMINATING.search(sentence) or _FOR_CAUSE.search(sentence):
        return None
    return next((c for c in cues if left <= c.start() and c.end() <= right), None)
