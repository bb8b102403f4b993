"""Very large inputs get clear handling in time that grows linearly: a DOCX of about 100 MB
of images, a 10,000-paragraph contract, a single paragraph of 200,000 characters.

The model is not needed here: the review is built with
:func:`contractreview.analysis.pipeline.combine`
from seeded random scores over every label the playbook knows (so every rule and the key-terms
extractor run on all the text). Each test builds its files in tmp_path.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from docx_builder import build_docx, p

from contractreview.analysis.pipeline import ModelOutput, combine
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.segmenter import MIN_UNIT_CHARS, segment_document
from contractreview.docx.package import MAX_FILE_BYTES
from contractreview.docx.reader import read_docx
from contractreview.errors import DocumentTooLargeError

MB = 1024 * 1024
CLAUSE = (
    "The Supplier shall provide the Services with reasonable skill and care, in accordance "
    "with good industry practice and the Service Levels set out in Schedule 2."
)


def _review(document):
    """Segment and review ``document`` with random scores; returns (segments, result)."""
    playbook = load_playbook()
    labels = sorted({label for rule in playbook.clauses for label in rule.labels})
    segments = segment_document(document)
    rng = np.random.default_rng(7)
    scores = rng.random((len(segments), len(labels)), dtype=np.float32)
    model = ModelOutput(scores, labels, np.full(len(labels), 0.9, dtype=np.float32))
    return segments, combine(document, segments, model, playbook)


def _timed(func, *args):
    start = time.perf_counter()
    out = func(*args)
    return out, time.perf_counter() - start


@pytest.mark.slow
def test_docx_of_95_mb_of_images_never_reads_the_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pictures are never decompressed or parsed: only the XML parts are read."""
    path = build_docx(tmp_path / "scanned.docx", [p("Supply Agreement"), p(CLAUSE)])
    chunk = os.urandom(5 * MB)  # incompressible, like a JPEG
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(19):
            z.writestr(f"word/media/image{i}.jpeg", chunk[i:] + chunk[:i])
    size = path.stat().st_size
    assert 94 * MB < size <= MAX_FILE_BYTES
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def recording_open(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    document = read_docx(path)
    assert [b.text for b in document.blocks] == ["Supply Agreement", CLAUSE]
    assert "word/document.xml" in opened
    assert not [name for name in opened if name.startswith("word/media/")], opened


def test_docx_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    """Over MAX_FILE_BYTES (100 MiB) the file is refused from its size alone, at once."""
    path = build_docx(tmp_path / "huge.docx", [p(CLAUSE)])
    with path.open("r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk and no time
    with pytest.raises(DocumentTooLargeError) as err:
        _timed(read_docx, path)
    message = str(err.value)
    assert "too large" in message
    assert "MB" in message


def _contract_of(paragraphs: int, tmp_path: Path) -> Path:
    body = []
    for n in range(paragraphs):
        article, clause = divmod(n, 25)
        if clause == 0:
            body.append(p(f"ARTICLE {article + 1}. SERVICES AND OBLIGATIONS", style="Heading1"))
        else:
            body.append(p(f"{article + 1}.{clause} {CLAUSE}"))
    return build_docx(tmp_path / f"long-{paragraphs}.docx", body)


@pytest.mark.slow
def test_contract_of_10000_paragraphs(tmp_path: Path) -> None:
    """Reading and reviewing grow linearly: ten times the paragraphs cost well under a
    hundred times the time (a quadratic step would), measured against 1,000 in this run."""
    seconds = {}
    for n in (1_000, 10_000):
        path = _contract_of(n, tmp_path)
        document, read_s = _timed(read_docx, path)
        assert len(document.blocks) == n
        (segments, result), review_s = _timed(_review, document)
        assert n <= len(segments) <= n * 1.04
        assert len(result.segments) == len(segments)
        seconds[n] = read_s + review_s
    print(seconds)
    assert seconds[10_000] < 30 * seconds[1_000], seconds


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        pytest.param((CLAUSE + " ") * 1400, id="sentences"),
        pytest.param("Signature: " + "_" * 200_000, id="signature-line"),
        pytest.param("(" * 100_000 + ")" * 100_000, id="brackets"),
        pytest.param("$" * 200_000, id="symbols"),
        pytest.param(
            "This Agreement is governed by the laws of England and Wales " + "'" * 200_000,
            id="governing-law-then-quotes",
        ),
        pytest.param(("a " * 100_000), id="one-letter-words"),
    ],
)
def test_paragraph_of_200000_characters(tmp_path: Path, text: str) -> None:
    """spaCy's tokenizer is quadratic in the length of a whitespace-free chunk; the segmenter
    and the key-terms extractor must stay linear (contractreview/spacy_runtime.py)."""
    assert len(text) >= 200_000
    seconds = {}
    for size in (len(text) // 10, len(text)):
        part = text[:size]
        path = build_docx(tmp_path / f"paragraph-{size}.docx", [p("Services Agreement"), p(part)])
        document, read_s = _timed(read_docx, path)
        assert sum(len(b.text) for b in document.blocks) >= size
        (segments, result), review_s = _timed(_review, document)
        assert 1 <= len(segments) <= 2 + size // MIN_UNIT_CHARS
        body = [s for s in segments if not s.is_heading]
        assert sum(s.end - s.start for s in body) >= 0.99 * len(part.strip())
        assert result.segments
        seconds[size] = read_s + review_s
    # linear: ten times the text costs well under the hundredfold a quadratic step would
    short, full = seconds.values()
    print(seconds)
    assert full < 30 * short, seconds
