"""Very large inputs get clear handling in bounded time: a DOCX of about 100 MB of images, a
10,000-paragraph contract, a single paragraph of 200,000 characters.

The model is not needed here: the review is built with :func:`contractreview.analysis.combine`
from seeded random scores over every label the playbook knows (so every rule and the key-terms
extractor run on all the text). Each test builds its files in tmp_path.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from docx_builder import build_docx, p

from contractreview.analysis import ModelOutput, combine
from contractreview.docx_package import MAX_FILE_BYTES
from contractreview.docx_reader import read_docx
from contractreview.errors import DocumentTooLargeError
from contractreview.playbook import load_playbook
from contractreview.segmenter import MIN_UNIT_CHARS, segment_document

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
def test_docx_of_95_mb_of_images_reads_quickly(tmp_path: Path) -> None:
    """Pictures are never decompressed or parsed: only the XML parts are read."""
    path = build_docx(tmp_path / "scanned.docx", [p("Supply Agreement"), p(CLAUSE)])
    chunk = os.urandom(5 * MB)  # incompressible, like a JPEG
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(19):
            z.writestr(f"word/media/image{i}.jpeg", chunk[i:] + chunk[:i])
    size = path.stat().st_size
    assert 94 * MB < size <= MAX_FILE_BYTES
    document, seconds = _timed(read_docx, path)
    assert seconds < 10, f"reading a {size / MB:.0f} MB file took {seconds:.1f} s"
    assert [b.text for b in document.blocks] == ["Supply Agreement", CLAUSE]


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


@pytest.mark.slow
def test_contract_of_10000_paragraphs(tmp_path: Path) -> None:
    body = []
    for n in range(10_000):
        article, clause = divmod(n, 25)
        if clause == 0:
            body.append(p(f"ARTICLE {article + 1}. SERVICES AND OBLIGATIONS", style="Heading1"))
        else:
            body.append(p(f"{article + 1}.{clause} {CLAUSE}"))
    path = build_docx(tmp_path / "long.docx", body)
    document, read_s = _timed(read_docx, path)
    assert len(document.blocks) == 10_000
    (segments, result), review_s = _timed(_review, document)
    assert 10_000 <= len(segments) <= 10_400
    assert len(result.segments) == len(segments)
    assert read_s + review_s < 30, f"read {read_s:.1f} s, segment+review {review_s:.1f} s"


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
    path = build_docx(tmp_path / "long-paragraph.docx", [p("Services Agreement"), p(text)])
    document, read_s = _timed(read_docx, path)
    assert sum(len(b.text) for b in document.blocks) >= 200_000
    (segments, result), review_s = _timed(_review, document)
    assert 1 <= len(segments) <= 2 + len(text) // MIN_UNIT_CHARS
    body = [s for s in segments if not s.is_heading]
    assert sum(s.end - s.start for s in body) >= 0.99 * len(text.strip())
    assert result.segments
    assert read_s + review_s < 15, f"read {read_s:.1f} s, segment+review {review_s:.1f} s"
