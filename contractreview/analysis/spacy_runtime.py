"""How ContractReview runs spaCy: imported without the deep-learning frameworks it would drag
in, and fed text its tokenizer can handle in linear time.

spaCy's ``thinc`` imports PyTorch (and TensorFlow, MXNet, CuPy) whenever one is installed, only
to offer GPU layers. We use spaCy's rule-based tokenizer alone, so on a machine that also has
PyTorch (a developer's, the training environment) that import would cost more than a second
and a few hundred MB for nothing. The frozen app does not ship PyTorch at all. spaCy's own
command-line interface is left out of that first import too (0.15 s of a cold analysis).

spaCy's tokenizer strips prefixes and suffixes from a whitespace-free chunk one character at a
time, slicing the chunk each time: quadratic in the chunk's length. A 10,000-character line of
underscores (a signature line), dollar signs or brackets takes over 10 s, 200,000 of them hours.
"""

from __future__ import annotations

import re
import sys
from types import ModuleType
from typing import Any, Final

_FRAMEWORKS: Final = ("torch", "tensorflow", "mxnet", "cupy", "cupy_backends", "jax")
LONG_CHUNK_CHARS: Final = 64  # a whitespace-free chunk this long is masked for the tokenizer
_LONG_CHUNK_RE: Final = re.compile(rf"\S{{{LONG_CHUNK_CHARS},}}")
_KEPT_ENDINGS: Final = frozenset(".!?;:,)]\"'”’")


def import_spacy() -> ModuleType:
    """``import spacy``, with the frameworks hidden from thinc while spaCy first loads.

    Once spaCy is loaded the frameworks are importable again by code that needs them; thinc
    keeps the answer it got (no framework), which changes nothing for tokenizers and rules.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    hidden = [name for name in _FRAMEWORKS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes ``import name`` fail
    stubs = _stub_cli() if "spacy.cli" not in sys.modules else {}
    try:
        import spacy
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    if stubs and getattr(spacy, "cli", None) is stubs["spacy.cli"]:
        delattr(spacy, "cli")  # a later ``import spacy.cli`` loads the real one
    spacy.info = _info  # type: ignore[attr-defined]
    return spacy


def _stub_cli() -> dict[str, ModuleType]:
    """Stand-ins for ``spacy.cli`` and ``spacy.cli.info`` while spaCy first loads.

    spaCy's ``__init__`` imports its command-line interface (typer, weasel, the project and
    download commands) only to export ``spacy.info``: 0.15 s of a cold analysis spent on code
    the app never runs. ``spacy.info`` is replaced by :func:`_info`, which loads the real one."""
    cli = ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that ``spacy.cli.info`` can be imported from it
    info = ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    stubs = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stubs)
    return stubs


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info`` from the real ``spacy.cli`` (loaded on first use)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _mask(match: re.Match[str]) -> str:
    chunk = match.group()
    last = chunk[-1]
    return "x" * (len(chunk) - 1) + (last if last in _KEPT_ENDINGS else "x")


def tokenizable(text: str) -> str:
    """``text`` with every whitespace-free chunk of LONG_CHUNK_CHARS or more replaced by
    letters (its final punctuation kept), so spaCy tokenizes it in linear time.

    The result has the same length, so token offsets point into ``text`` unchanged. A chunk
    that long (a URL, a signature line, a run of symbols) holds no sentence boundary or phrase
    we look for.
    """
    if len(text) < LONG_CHUNK_CHARS:
        return text
    return _LONG_CHUNK_RE.sub(_mask, text)
