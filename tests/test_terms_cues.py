"""The cues of the key-term finders and of the alias reader, each tested alone: every cue finds
each of its examples and none of its counter-examples, read the way its finder applies it.

The cues are collected through their registry (:func:`contractreview.text.cues.registered`)
after importing every module of the two packages, so a new cue is tested without being listed
here."""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

import pytest

import contractreview.analysis.terms
import contractreview.text
from contractreview.text.cues import Cue, registered


def _modules(package: ModuleType) -> list[ModuleType]:
    names = pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    return [importlib.import_module(info.name) for info in names]


MODULES = _modules(contractreview.analysis.terms) + _modules(contractreview.text)
CUES = registered()


@pytest.mark.parametrize("cue", CUES, ids=lambda cue: cue.name)
def test_cue_finds_its_examples_and_not_its_counter_examples(cue: Cue) -> None:
    assert cue.examples, f"{cue.name} has no example"
    assert cue.why.strip()
    missed = [e for e in cue.examples if not cue.fires(e)]
    wrong = [e for e in cue.counter_examples if cue.fires(e)]
    assert not missed, f"{cue.name} ({cue.how}) misses {missed}"
    assert not wrong, f"{cue.name} ({cue.how}) fires on {wrong}"


def test_every_finder_declares_cues() -> None:
    """Each module that proposes candidates (``..._candidates``) declares the cues it uses."""
    finders = [
        m
        for m in MODULES
        if any(n.endswith("_candidates") and callable(getattr(m, n)) for n in vars(m))
        and m.__name__.startswith("contractreview.analysis.terms.")
        and not m.__name__.endswith(".extractor")
    ]
    assert len(finders) >= 9
    for module in finders:
        assert any(isinstance(v, Cue) for v in vars(module).values()), module.__name__


def test_cue_names_say_where_they_live() -> None:
    assert len({c.name for c in CUES}) == len(CUES)
    for cue in CUES:
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", cue.name), cue.name


def test_two_cues_may_not_share_a_name() -> None:
    with pytest.raises(ValueError, match="two cues"):
        Cue(CUES[0].name, re.compile("something else"), "a clash", ("something else",))
