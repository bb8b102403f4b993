"""How spaCy is imported: without the deep-learning frameworks or the command-line interface
it would load for nothing, yet with both still there for code that asks for them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from contractreview.analysis.spacy_runtime import LONG_CHUNK_CHARS, tokenizable

_PROBE = """
import json, sys
from contractreview.analysis.spacy_runtime import import_spacy
spacy = import_spacy()
loaded = sorted(m for m in sys.modules if m.startswith("spacy.cli") or m == "typer")
doc = spacy.blank("en")("Acme Inc. shall pay within thirty (30) days.")
import spacy.cli  # the real one, on request
from spacy.cli.info import info
print(json.dumps({"loaded": loaded, "tokens": len(doc), "cli": spacy.cli.__file__,
                  "info": info.__module__, "wrapped": spacy.info.__module__}))
"""


@pytest.mark.slow
def test_spacy_loads_without_its_cli_and_the_cli_still_imports() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["loaded"] == []  # neither spacy.cli nor typer was imported with spaCy
    assert got["tokens"] == 11
    assert got["cli"].endswith("cli/__init__.py")  # a later import gets the real package
    assert got["info"] == "spacy.cli.info"
    assert got["wrapped"] == "contractreview.analysis.spacy_runtime"  # spacy.info loads it on use


def test_long_chunks_are_masked_to_the_same_length() -> None:
    text = "Sign here: " + "_" * (LONG_CHUNK_CHARS + 10) + ". Then date it."
    masked = tokenizable(text)
    assert len(masked) == len(text)
    assert "_" not in masked
    assert masked.endswith(". Then date it.")
