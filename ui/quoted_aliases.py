"""The names a contract defines in quotes inside parentheses: (the "Customer"), (each a "Party").

One small function the gists use for the names they may state; ``contractreview.text.aliases``
(the core's one quoted-alias reader) replaces it.
"""

from __future__ import annotations

import re

_PARENTHESIS = re.compile(r"\(([^()]{1,160})\)")
_QUOTED_NAME = re.compile(r"[\"“‘']([A-Z][^\"”’'\n]{0,60}?)[\"”’']")


def quoted_aliases(text: str) -> list[str]:
    """Every quoted name inside a parenthesis of ``text``, in order (repeats kept)."""
    return [
        m.group(1).strip()
        for paren in _PARENTHESIS.finditer(text)
        for m in _QUOTED_NAME.finditer(paren.group(1))
    ]
