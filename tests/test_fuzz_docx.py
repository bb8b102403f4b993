"""Fuzzing the DOCX reader: mutated Word files either read or fail with a typed document error.

Seeds are a self-built DOCX that exercises most of the reader (numbering, a table, tracked
changes, a content control, a field, a text box, notes, a header, comments) and the smallest
real contracts of the corpus. Mutations: byte flips, truncation, and a zip entry replaced by a
mutated copy of its XML. A fourth strategy generates numbering.xml and attributes the way a
hostile or broken generator writes them (issue 21: junk and huge level numbers, start values,
templates, grid spans and symbol characters). Each strategy runs a bounded number of examples;
each example has a deadline and a hard alarm, so a hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import io
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import corpus_files
from docx_builder import (
    build_docx,
    checkbox,
    comments_xml,
    deleted,
    field,
    ins,
    notes_xml,
    p,
    r,
    sdt_block,
    tbl,
    tc,
    textbox,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractreview.analysis.segmenter import segment_document
from contractreview.docx.numbering import MAX_LABEL_CHARS
from contractreview.docx.package import open_docx_bytes
from contractreview.docx.reader import read_docx
from contractreview.errors import DocumentError

EXAMPLES = 150  # per strategy; the three strategies together take well under a minute
PER_EXAMPLE_S = 10  # hard limit: an example this slow is a hang
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=3),
    database=None,  # no .hypothesis folder in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Fragments that make XML interesting to a parser and to the reader's walkers.
XML_SPLICES = [
    b"<w:p>",
    b"</w:p>",
    b"<w:r><w:t>x</w:t></w:r>",
    b"<w:tbl><w:tr><w:tc>",
    b'<w:fldChar w:fldCharType="begin"/>',
    b'<w:fldChar w:fldCharType="end"/>',
    b'<w:numPr><w:ilvl w:val="99999999999"/><w:numId w:val="-1"/></w:numPr>',
    b'<w:gridSpan w:val="-5"/>',
    b'<w:gridBefore w:val="x"/>',
    b'<w:sym w:char="ZZZZ"/>',
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"&a;",
    b"&#0;",
    b"\x00",
    b"\xff\xfe",
    b'<w:ins w:author="x">',
    b"</w:del>",
    b"<mc:AlternateContent><mc:Choice>",
    b"<w:txbxContent>",
    b'<w:abstractNumId w:val="0"/>',
    b'<w:lvlText w:val="%1.%2.%9.%0"/>',
    b'<w:start w:val="-2147483649"/>',
]


@contextmanager
def hard_limit(seconds: int) -> Iterator[None]:
    """Fail the example if it runs longer than ``seconds`` (SIGALRM; Linux and macOS)."""

    def on_alarm(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"reading a mutated DOCX took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _rich_docx(path: Path) -> Path:
    numbering = (
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    body = [
        p("MASTER SERVICES AGREEMENT", style="Title"),
        p("Definitions. In this Agreement the following terms apply.", num=1, ilvl=0),
        p(
            r("The Supplier shall "),
            ins(r("promptly ")),
            deleted("never "),
            r("notify."),
            num=1,
            ilvl=1,
        ),
        p("Liability. ", field(" PAGE ", "3"), " The total liability is capped.", num=1, ilvl=0),
        sdt_block(p("Governing law: the laws of England and Wales.")),
        tbl([tc(p("Fee")), tc(p("USD 10,000 per month"))], [tc(p("Term")), tc(p("2 years"))]),
        p(checkbox(True), " Auto-renewal applies.", textbox(p("Boxed note: read carefully."))),
    ]
    return build_docx(
        path,
        body,
        numbering=numbering,
        footnotes=notes_xml("footnote", (1, "A footnote on liability.")),
        headers=[p("Confidential")],
        comments=comments_xml((0, "Ann", "Check the cap.")),
        title="Master Services Agreement",
    )


def _seeds() -> list[bytes]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        seeds = [_rich_docx(Path(tmp) / "rich.docx").read_bytes()]
    smallest = sorted(corpus_files(), key=lambda f: f.stat().st_size)[:2]
    seeds += [f.read_bytes() for f in smallest]
    return seeds


SEEDS = _seeds()


def _read(data: bytes, tmp: Path) -> None:
    path = tmp / "fuzzed.docx"
    path.write_bytes(data)
    with hard_limit(PER_EXAMPLE_S):
        try:
            document = read_docx(path)
        except DocumentError as e:
            message = str(e)
        else:
            segment_document(document)  # whatever was read must also segment
            return
    assert message, "a document error must carry a message for the user"
    assert "Traceback" not in message


def _rezip(data: bytes, name: str, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, new if info.filename == name else zin.read(info))
    return out.getvalue()


def test_seeds_read_cleanly(tmp_path: Path) -> None:
    for data in SEEDS:
        path = tmp_path / "seed.docx"
        path.write_bytes(data)
        assert read_docx(path).blocks


@pytest.mark.slow
@FUZZ
@given(
    seed=st.sampled_from(range(len(SEEDS))),
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=12
    ),
)
def test_byte_flips(tmp_path_factory: pytest.TempPathFactory, seed: int, flips) -> None:
    data = bytearray(SEEDS[seed])
    for where, value in flips:
        data[int(where * len(data))] = value
    _read(bytes(data), tmp_path_factory.mktemp("flip"))


@FUZZ
@given(seed=st.sampled_from(range(len(SEEDS))), keep=st.floats(0, 1, exclude_max=True))
def test_truncation(tmp_path_factory: pytest.TempPathFactory, seed: int, keep: float) -> None:
    data = SEEDS[seed]
    _read(data[: int(keep * len(data))], tmp_path_factory.mktemp("cut"))


@pytest.mark.slow
@FUZZ
@given(data=st.data(), seed=st.sampled_from(range(len(SEEDS))))
def test_mutated_xml_parts(tmp_path_factory: pytest.TempPathFactory, data, seed: int) -> None:
    original = SEEDS[seed]
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        parts = sorted(n for n in z.namelist() if n.endswith((".xml", ".rels")))
        name = data.draw(st.sampled_from(parts), label="part")
        xml = z.read(name)
    edits = data.draw(
        st.lists(
            st.tuples(
                st.floats(0, 1, exclude_max=True),  # where
                st.integers(0, 40),  # how many bytes to delete there
                st.sampled_from([*XML_SPLICES, b""]),  # what to insert
            ),
            min_size=1,
            max_size=6,
        ),
        label="edits",
    )
    for where, cut, splice in edits:
        at = int(where * len(xml))
        xml = xml[:at] + splice + xml[at + cut :]
    _read(_rezip(original, name, xml), tmp_path_factory.mktemp("xml"))


def test_open_docx_bytes_on_random_prefixes() -> None:
    """The package opener alone, on the magic numbers it sniffs, followed by junk."""
    for head in (b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF"):
        for junk in (b"", b"\x00" * 30, bytes(range(256))):
            with pytest.raises(DocumentError):
                open_docx_bytes(head + junk, Path("x.docx"))


@pytest.mark.parametrize(
    ("where", "value"),
    [
        # the central directory: zipfile seeks to a negative offset (ValueError)
        pytest.param(0.9990763958082195, 1, id="entry-before-file-start"),
        # 'version needed to extract' 6.4: NotImplementedError while opening the archive
        pytest.param(0.860861985676408, 64, id="newer-zip-version"),
    ],
)
def test_byte_flips_found_by_fuzzing_are_refused_with_a_message(
    tmp_path: Path, where: float, value: int
) -> None:
    """One changed byte that once crashed the reader (found by test_byte_flips)."""
    data = bytearray(SEEDS[0])
    data[int(where * len(data))] = value
    path = tmp_path / "flipped.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError):
        read_docx(path)


# -- generated numbering and attributes (issue 21) -----------------------------------------------

NUMBER_FORMATS = [
    "decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "ordinal",
    "cardinalText", "ordinalText", "decimalZero", "bullet", "none", "madeUp",
]  # fmt: skip
# attribute values: what Word writes, what a broken or hostile generator writes
_numbers = st.one_of(
    st.integers(-3, 12),
    st.integers(-(2**64), 2**64),
    st.sampled_from(["", "x", "1.5", "0x10", " 3", "١", "9" * 30, "-0", "+4"]),
).map(str)
_sym_chars = st.one_of(
    st.integers(0, 0xFFFFFFFF).map(lambda n: f"{n:X}"),
    st.sampled_from(["D800", "DFFF", "FFFE", "110000", "1B", "9B", "F0A8", "", "ZZ", "-1"]),
)
_lvl_texts = st.tuples(
    st.lists(st.sampled_from(["%1", "%2", "%9", "%0", ".", "(", ")", "%", "{0}", "x"]), max_size=8),
    st.integers(1, 3000),
).map(lambda t: "".join(t[0]) * t[1])


def _attr(value: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(value)


@st.composite
def numbering_documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    levels = []
    for _ in range(draw(st.integers(1, 4))):
        levels.append(
            f"<w:lvl w:ilvl={_attr(draw(_numbers))}><w:start w:val={_attr(draw(_numbers))}/>"
            f"<w:numFmt w:val={_attr(draw(st.sampled_from(NUMBER_FORMATS)))}/>"
            f"<w:lvlText w:val={_attr(draw(_lvl_texts))}/>"
            + (f"<w:lvlRestart w:val={_attr(draw(_numbers))}/>" if draw(st.booleans()) else "")
            + "</w:lvl>"
        )
    override = (
        f"<w:lvlOverride w:ilvl={_attr(draw(_numbers))}>"
        f"<w:startOverride w:val={_attr(draw(_numbers))}/></w:lvlOverride>"
    )
    numbering = (
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:abstractNum w:abstractNumId="0">{"".join(levels)}</w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/>'
        f"{override if draw(st.booleans()) else ''}</w:num></w:numbering>"
    )
    body = []
    for i in range(draw(st.integers(1, 100))):
        ilvl = draw(st.one_of(st.just("0"), _numbers))
        body.append(
            f'<w:p><w:pPr><w:numPr><w:ilvl w:val={_attr(ilvl)}/><w:numId w:val="1"/>'
            f"</w:numPr></w:pPr>{r(f'Clause {i}')}</w:p>"
        )
    for _ in range(draw(st.integers(0, 3))):
        body.append(p(r("Sym "), f"<w:r><w:sym w:char={_attr(draw(_sym_chars))}/></w:r>"))
    before = f"<w:trPr><w:gridBefore w:val={_attr(draw(_numbers))}/></w:trPr>"
    span = f"<w:tcPr><w:gridSpan w:val={_attr(draw(_numbers))}/></w:tcPr>"
    body.append(
        f"<w:tbl><w:tr>{before}<w:tc>{span}{p('Cell')}</w:tc>{tc(p('Next'))}</w:tr></w:tbl>"
    )
    return numbering, body


_ALLOWED_CONTROLS = {"\t", "\n"}


@settings(
    max_examples=30,  # with 3 strategies above, the module stays well under a minute
    deadline=timedelta(seconds=5),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=numbering_documents())
def test_generated_numbering_and_attributes(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list[str]]
) -> None:
    """Numbering bombs and malformed attributes: the file reads within the time limit, every
    label is bounded, and no text carries a surrogate or a control character."""
    numbering, body = case
    path = build_docx(tmp_path_factory.mktemp("num") / "n.docx", body, numbering=numbering)
    with hard_limit(PER_EXAMPLE_S):
        document = read_docx(path)
        segment_document(document)
    for block in document.blocks:
        assert block.list_label is None or len(block.list_label) <= MAX_LABEL_CHARS
        block.text.encode("utf-8")  # no lone surrogate
        assert not any(ch < " " and ch not in _ALLOWED_CONTROLS for ch in block.text)
