"""Cues: the patterns extraction rules rely on, declared as data.

A :class:`Cue` is a name, a compiled pattern, a one-line ``why``, phrases it must find
(``examples``) and phrases it must not (``counter_examples``), taken from real contracts. Each
cue registers itself when it is declared, so one parametrised test
(``tests/test_terms_cues.py``) checks every cue of every finder without a hand-kept list; a
rule can so be read, and tested, alone.

A cue is used as its pattern is (``search``, ``match``, ``fullmatch``, ``finditer``,
``findall``); ``how`` says which of ``search``, ``match`` or ``fullmatch`` its finder applies,
and so how its examples are read. A cue that reads the words before a value (``...$``) gives
those words as its examples, as the finder sees them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

_REGISTRY: dict[str, Cue] = {}


@dataclass(frozen=True)
class Cue:
    name: str  # unique: "<finder>.<what it finds>"
    pattern: re.Pattern[str]
    why: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()
    how: Literal["search", "match", "fullmatch"] = "search"

    def __post_init__(self) -> None:
        known = _REGISTRY.get(self.name)
        if known is not None and known.pattern.pattern != self.pattern.pattern:
            raise ValueError(f"two cues are named {self.name!r}")
        _REGISTRY[self.name] = self

    def fires(self, text: str) -> bool:
        """Whether the cue finds ``text`` the way its finder applies it (``how``)."""
        return getattr(self.pattern, self.how)(text) is not None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.fullmatch(text, pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[str]:
        return self.pattern.findall(text, pos, endpos)


def registered() -> list[Cue]:
    """Every cue declared so far (import the finders first), by name."""
    return sorted(_REGISTRY.values(), key=lambda c: c.name)
