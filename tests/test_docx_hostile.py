"""Hostile files of a few KB (issue 21): each is read quickly and in bounded memory, or refused
with a message that says what is wrong; never a traceback, never a hang. The files come from
``hostile_docx.py``."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import hostile_docx as hostile
import pytest
from conftest import corpus_files, needs_corpus
from docx_builder import NS, build_docx, p, r
from review_samples import empty_result

from contractreview.cli.main import main as cli_main
from contractreview.docx import numbering as numbering_module
from contractreview.docx.reader import WARN_SYMBOL, WARN_TABLE_GRID, read_docx
from contractreview.errors import (
    DocumentError,
    DocumentTooLargeError,
    ExportError,
    NotADocxError,
    UnsafeDocumentError,
)
from contractreview.export.word_comments import MAX_ID, export_annotated_docx
from contractreview.review.store import Annotation

STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


@contextmanager
def within(seconds: int, *, cpu: bool = True) -> Iterator[None]:
    """Fail instead of hanging: the work must end within ``seconds`` of CPU time (so a busy
    test machine does not fail it), or of wall-clock time with ``cpu=False`` (for waits)."""
    timer, signum = (
        (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    )

    def on_timer(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signum, on_timer)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, previous)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# -- numbering bombs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "label"),
    [
        pytest.param(hostile.roman_start, "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMDCCLXVII.", id="roman"),
        pytest.param(hostile.letter_start, "g" * numbering_module.MAX_LABEL_CHARS, id="letters"),
        pytest.param(hostile.long_lvl_text, "1" * 127 + "%", id="lvlText"),
    ],
)
def test_numbering_bombs_give_bounded_labels(tmp_path: Path, build: object, label: str) -> None:
    """w:start 10^13 in upperRoman once took 7.5 GB; lowerLetter from 2*10^8 ran out of
    memory; 400,000 ``%1`` on 7,500 paragraphs ran for minutes. Start values are clamped to
    Word's 0..32767, numbers past it are decimal, labels are cut at MAX_LABEL_CHARS."""
    assert callable(build)
    path = build(tmp_path / "bomb.docx")
    assert path.stat().st_size < 30_000
    with within(30):
        doc = read_docx(path)
    labels = [b.list_label for b in doc.blocks]
    assert labels[0] == label
    assert all(lb is not None and len(lb) <= numbering_module.MAX_LABEL_CHARS for lb in labels)
    assert numbering_module.WARN_NUMBERING in doc.warnings


def test_label_work_per_story_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """However small the part compresses, a story's labels stop at MAX_LABEL_WORK characters."""
    monkeypatch.setattr(numbering_module, "MAX_LABEL_WORK", 1000)
    doc = read_docx(hostile.long_lvl_text(tmp_path / "bomb.docx"))
    shown = [b.list_label for b in doc.blocks if b.list_label]
    assert sum(len(lb) for lb in shown) <= 1000 + numbering_module.MAX_LABEL_CHARS
    assert numbering_module.WARN_LABEL_WORK in doc.warnings
    assert len(doc.blocks) == 7500  # the text is all there


def test_start_values_in_range_are_kept(tmp_path: Path) -> None:
    from docx_builder import lvl

    doc = read_docx(hostile.numbered(tmp_path / "ok.docx", lvl(0, "upperRoman", "%1.", 32767)))
    assert doc.blocks[0].list_label == "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMDCCLXVII."
    assert doc.warnings == ()


# -- malformed attributes ------------------------------------------------------------------------


def test_non_integer_level_numbers_are_ignored_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``w:lvl/@w:ilvl="first"`` and ``lvlOverride/@w:ilvl="one"`` raised ValueError."""
    path = hostile.bad_ilvl(tmp_path / "ilvl.docx")
    doc = read_docx(path)
    assert doc.blocks[0].text.startswith("Clause 0")
    assert doc.blocks[0].list_label is None  # the only level was malformed: Word drops it
    assert numbering_module.WARN_NUMBERING in doc.warnings
    assert cli(capsys, "parse", str(path))[0] == 0


def test_non_integer_grid_values_are_ignored_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``gridBefore="two"`` and ``gridSpan="2.5"`` raised ValueError."""
    path = hostile.bad_grid(tmp_path / "grid.docx")
    doc = read_docx(path)
    cells = [(b.text, b.cell.col if b.cell else None) for b in doc.blocks]
    assert cells == [("Schedule", None), ("Fee: USD 10", 0), ("Term: 2 years", 1)]
    assert WARN_TABLE_GRID in doc.warnings
    assert cli(capsys, "parse", str(path))[0] == 0


@pytest.mark.parametrize("char", ["FFFFFFFF", "D800", "DFFF", "110000", "0000", "001B", "009B"])
def test_invalid_symbols_become_the_replacement_character(tmp_path: Path, char: str) -> None:
    """FFFFFFFF raised OverflowError; D800 gave a lone surrogate (UnicodeEncodeError in
    ``parse``, a TypeError in the tokenizer); control characters reached the terminal."""
    doc = read_docx(hostile.sym(tmp_path / "sym.docx", char))
    assert doc.blocks[0].text == "The Supplier shall \ufffd deliver the goods."
    doc.blocks[0].text.encode("utf-8")
    assert WARN_SYMBOL in doc.warnings


def test_valid_symbols_are_kept(tmp_path: Path) -> None:
    doc = read_docx(hostile.sym(tmp_path / "sym.docx", "2713"))
    assert doc.blocks[0].text == "The Supplier shall \u2713 deliver the goods."
    assert doc.warnings == ()


def test_a_lone_surrogate_symbol_reaches_the_model_as_text(tmp_path: Path) -> None:
    """The tokenizer refused the text of a paragraph holding a lone surrogate."""
    from contractreview.analysis.classifier import ClauseClassifier

    doc = read_docx(hostile.sym(tmp_path / "sym.docx", "D800"))
    classifier = ClauseClassifier()
    classifier.load()
    assert classifier.scores([doc.blocks[0].text]).shape[0] == 1


# -- wrong output --------------------------------------------------------------------------------


def test_duplicate_entry_names_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second word/document.xml was read instead of the first, and the annotated copy
    wrote both, losing the original text of the first."""
    path = hostile.duplicate_main(tmp_path / "dup.docx")
    with pytest.raises(UnsafeDocumentError, match=r"two parts named word/document\.xml"):
        read_docx(path)
    with pytest.raises(UnsafeDocumentError):
        export_annotated_docx(path, tmp_path / "out.docx", empty_result(path))
    code, _, err = cli(capsys, "parse", str(path))
    assert code == 2
    assert "two parts" in err


def test_terminal_escapes_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ESC and the C1 controls (U+009B is CSI) went raw to the terminal."""
    text = "The Supplier\x9b2J shall\x7f deliver."
    path = build_docx(tmp_path / "csi.docx", [p(r(text))])
    for args in (["parse", str(path)], ["parse", str(path), "--json"]):
        code, out, _ = cli(capsys, *args)
        assert code == 0
        assert "\x9b" not in out
        assert "\x7f" not in out
        assert "The Supplier\\u009b2J shall\\u007f deliver." in out
    code, out, _ = cli(capsys, "parse", str(hostile.sym_escape(tmp_path / "esc.docx")))
    assert code == 0
    assert "\x1b" not in out
    assert "\x07" not in out


def test_escape_controls() -> None:
    from contractreview.cli.terminal import escape_controls

    assert escape_controls("a\x1b]0;x\x07b\tc\nd\x9be") == "a\\u001b]0;x\\u0007b\tc\nd\\u009be"
    assert escape_controls("Vertragsstrafe § 3 – “Käufer”") == "Vertragsstrafe § 3 – “Käufer”"


def _annotation(quote: str, start: int, block: str = "document:0") -> Annotation:
    return Annotation(1, 1, None, block, start, start + len(quote), quote, note="Check.")


def test_comment_ids_stay_below_the_largest_word_accepts(tmp_path: Path) -> None:
    """A source already using w:id 2^31-1 made the next comment id 2^31, past int32."""
    src = hostile.big_ids(tmp_path / "ids.docx")
    out = tmp_path / "out.docx"
    report = export_annotated_docx(src, out, empty_result(src), [_annotation("Supplier", 4)])
    assert report.comments == 1
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode()
        document = z.read("word/document.xml").decode()
    assert '<w:comment w:id="0"' in comments
    assert '<w:commentRangeStart w:id="0"/>' in document
    assert f'w:id="{MAX_ID}"' in document  # the bookmark is kept as it was
    assert read_docx(out).blocks[0].text == read_docx(src).blocks[0].text


def test_export_refuses_a_source_that_changed_since_the_analysis(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "c.docx", [p("The Supplier shall deliver.")])
    result = empty_result(src)
    build_docx(src, [p("The Supplier shall never deliver.")])
    with pytest.raises(ExportError, match="changed since it was analysed"):
        export_annotated_docx(src, tmp_path / "out.docx", result, [_annotation("Supplier", 4)])


def test_export_reads_parts_as_safely_as_the_reader(tmp_path: Path) -> None:
    """The exporter parsed parts itself: a DOCTYPE in the main part was not refused."""
    xml = (
        '<!DOCTYPE w:document [<!ENTITY e "Supplier">]>'
        f"<w:document {NS}><w:body>{p('The Supplier shall deliver.')}</w:body></w:document>"
    )
    src = build_docx(tmp_path / "x.docx", [], document_xml=xml)
    with pytest.raises(UnsafeDocumentError):
        export_annotated_docx(src, tmp_path / "out.docx", empty_result(src), [_annotation("T", 0)])
    assert not (tmp_path / "out.docx").exists()


def test_export_finds_the_main_part_through_relationships(tmp_path: Path) -> None:
    """A main part not named word/document.xml was not found by the exporter."""
    src = build_docx(tmp_path / "c.docx", [p("The Supplier shall deliver.")])
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(moved, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info).replace(b"word/document.xml", b"word/main.xml")
            name = info.filename.replace("document.xml", "main.xml")
            zout.writestr(name, data)
    out = tmp_path / "out.docx"
    report = export_annotated_docx(moved, out, empty_result(moved), [_annotation("Supplier", 4)])
    assert report.comments == 1
    with zipfile.ZipFile(out) as z:
        assert "commentRangeStart" in z.read("word/main.xml").decode()
        assert "word/document.xml" not in z.namelist()
        assert 'Target="comments.xml"' in z.read("word/_rels/main.xml.rels").decode()


def test_a_lying_zip_size_is_a_message_in_export(tmp_path: Path) -> None:
    """A part the reader never opens, whose zip headers lie about its size: the reader
    reads the document, the export raised BadZipFile."""
    src = hostile.lying_size(tmp_path / "lying.docx")
    assert read_docx(src).blocks
    with pytest.raises(DocumentError, match="damaged"):
        export_annotated_docx(src, tmp_path / "out.docx", empty_result(src))


def test_memo_accepts_a_note_with_control_characters(tmp_path: Path) -> None:
    """python-docx refused a note holding a control character (ValueError)."""
    import docx

    from contractreview.export.memo import export_memo

    note = Annotation(1, 1, None, "document:0", 0, 3, "The", note="Call\x01 Ann\x0c now \ud800.")
    path = export_memo(empty_result(tmp_path / "x.docx"), tmp_path / "memo.docx", [note],
                       reviewer="R\x1bR")  # fmt: skip
    text = "\n".join(par.text for par in docx.Document(str(path)).paragraphs)
    assert "Call Ann now \ufffd." in text


def test_comment_text_is_cleaned_by_the_same_function(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "c.docx", [p("The Supplier shall deliver.")])
    ann = Annotation(1, 1, None, "document:0", 4, 12, "Supplier", note="x\x02y\ud800",
                     reviewer="A\x00B")  # fmt: skip
    out = tmp_path / "out.docx"
    export_annotated_docx(src, out, empty_result(src), [ann])
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode()
    assert "Note: xy\ufffd" in comments


# -- misleading messages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build", [hostile.deep_tables, hostile.huge_text_node], ids=["deep", "text"]
)
def test_parser_limits_are_not_called_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: object
) -> None:
    """Tables nested 300 deep and a 12 MB text node were "damaged, not well-formed XML"."""
    assert callable(build)
    path = build(tmp_path / "limit.docx")
    with pytest.raises(DocumentTooLargeError, match="beyond what this program opens safely"):
        read_docx(path)
    code, _, err = cli(capsys, "parse", str(path))
    assert code == 2
    assert "not well-formed" not in err


def test_too_many_entries_says_so(tmp_path: Path) -> None:
    """10,001 entries were reported as "would expand to more than 200 MB"."""
    path = hostile.many_entries(tmp_path / "many.docx")
    with pytest.raises(DocumentTooLargeError, match="more than 10,000 parts") as err:
        read_docx(path)
    assert "200 MB" not in str(err.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_not_called_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO was "empty (0 bytes)"; reading one would block."""
    fifo = tmp_path / "contract.docx"
    os.mkfifo(fifo)
    with within(10, cpu=False):
        with pytest.raises(NotADocxError, match="named pipe"):
            read_docx(fifo)
        code, _, err = cli(capsys, "parse", str(fifo))
    assert code == 2
    assert "empty" not in err


def test_export_of_a_folder_says_it_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``export`` said a folder "does not exist"."""
    folder = tmp_path / "contract.docx"
    folder.mkdir()
    code, _, err = cli(capsys, "export", str(folder), "--to", str(tmp_path / "o.html"))
    assert code == 2
    assert "folder" in err
    assert "does not exist" not in err


# -- Strict Open XML -----------------------------------------------------------------------------


def test_strict_open_xml_is_read(tmp_path: Path) -> None:
    """A Strict document was read as empty ("may hold only scanned images")."""
    path = hostile.strict_docx(tmp_path / "strict.docx")
    with zipfile.ZipFile(path) as z:
        assert STRICT_W.encode() in z.read("word/document.xml")
        assert b'w:conformance="strict"' in z.read("word/document.xml")
        assert b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in (
            z.read("_rels/.rels")
        )
    doc = read_docx(path)
    assert doc.warnings == ()
    assert [(b.list_label, b.text) for b in doc.blocks[:3]] == [
        (None, "MUTUAL NON-DISCLOSURE AGREEMENT"),
        ("1.", "Confidentiality. Each party shall keep the other's information secret."),
        ("2.", "Term. This Agreement lasts two years."),
    ]
    assert doc.blocks[0].style == "Title"
    assert [b.text for b in doc.blocks[3:]] == ["Governing law", "England and Wales", "A footnote."]
    assert [c.text for c in doc.comments] == ["Check the term."]


def test_strict_open_xml_is_exported_strict(tmp_path: Path) -> None:
    src = hostile.strict_docx(tmp_path / "strict.docx")
    out = tmp_path / "out.docx"
    ann = _annotation("Term", 0, block="document:2")
    report = export_annotated_docx(src, out, empty_result(src), [ann])
    assert report.comments == 1
    with zipfile.ZipFile(out) as z:
        document = z.read("word/document.xml")
        comments = z.read("word/comments.xml")
    for xml in (document, comments):
        assert STRICT_W.encode() in xml
        assert b"schemas.openxmlformats.org/wordprocessingml" not in xml
    assert b"commentRangeStart" in document
    doc = read_docx(out)
    assert [c.text for c in doc.comments] == ["Check the term.", "Status: open\nNote: Check."]


def test_alt_chunk_is_reported_by_analyze_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An embedded file (altChunk) was skipped silently by ``analyze`` and every export; the
    GUI said so."""
    from contractreview.docx.reader import WARN_ALT_CHUNK

    path = hostile.alt_chunk(tmp_path / "chunk.docx")
    code, out, _ = cli(capsys, "analyze", str(path))
    assert code == 0
    assert f"Warning: {WARN_ALT_CHUNK}" in out
    code, out, _ = cli(capsys, "analyze", str(path), "--json", "-")
    assert code == 0
    assert WARN_ALT_CHUNK in out
    code, _, err = cli(capsys, "export", str(path), "--to", str(tmp_path / "r.html"))
    assert code == 0
    assert f"warning: {WARN_ALT_CHUNK}" in err


def test_header_part_names_that_int_refuses(tmp_path: Path) -> None:
    """Sorting headers by the number in their name raised ValueError for "header²" and for
    a name of 5,000 digits."""
    doc = read_docx(hostile.odd_header_names(tmp_path / "headers.docx"))
    assert sorted(b.text for b in doc.blocks) == [
        "Confidential",
        "Draft",
        "The Supplier shall deliver.",
    ]


def test_an_id_of_5000_digits_does_not_stop_the_export(tmp_path: Path) -> None:
    """int() refuses strings of more than 4,300 digits (ValueError)."""
    src = hostile.big_ids(tmp_path / "ids.docx", bookmark_id="9" * 5000)
    out = tmp_path / "out.docx"
    report = export_annotated_docx(src, out, empty_result(src), [_annotation("Supplier", 4)])
    assert report.comments == 1


@needs_corpus
def test_every_corpus_contract_reads_the_same_saved_as_strict(tmp_path: Path) -> None:
    """Each real contract rewritten as Word's Strict writer does reads exactly as the
    transitional original: text, labels, regions, cells, comments, warnings."""
    for original in corpus_files():
        strict = hostile.to_strict(original, tmp_path / original.name)
        with zipfile.ZipFile(strict) as z:
            assert STRICT_W.encode() in z.read("word/document.xml"), original.name
        before, after = read_docx(original), read_docx(strict)
        assert after.blocks == before.blocks, original.name
        assert after.comments == before.comments, original.name
        assert after.warnings == before.warnings, original.name
        assert after.title == before.title, original.name


@needs_corpus
def test_strict_corpus_contracts_are_annotated_in_strict(tmp_path: Path) -> None:
    """The annotated copy of a Strict contract is Strict in every part it writes."""
    from review_samples import result_from_document

    for original in corpus_files()[:8]:
        strict = hostile.to_strict(original, tmp_path / original.name)
        document = read_docx(strict)
        out = tmp_path / f"annotated-{original.name}"
        report = export_annotated_docx(strict, out, result_from_document(document))
        with zipfile.ZipFile(strict) as zin, zipfile.ZipFile(out) as zout:
            for name in zout.namelist():
                data = zout.read(name)
                if name not in zin.namelist() or data != zin.read(name):
                    assert b"schemas.openxmlformats.org/wordprocessingml" not in data, name
        again = read_docx(out)
        assert [b.text for b in again.blocks] == [b.text for b in document.blocks]
        assert len(again.comments) == len(document.comments) + report.comments, original.name


def test_a_long_style_chain_is_followed_a_bounded_number_of_steps(tmp_path: Path) -> None:
    """3,000 styles each based on the one before (a 30 KB file): every paragraph walked the
    whole chain, several times (10,000 styles: still reading after 2 minutes)."""
    path = hostile.style_chain(tmp_path / "chain.docx")
    assert path.stat().st_size < 40_000
    with within(30):
        doc = read_docx(path)
    assert len(doc.blocks) == 3000
    assert doc.blocks[0].style == "Style 2999"
    assert numbering_module.WARN_STYLE_CHAIN in doc.warnings


@pytest.mark.parametrize("build", [hostile.many_insertions, hostile.many_fields],
                         ids=["insertions", "fields"])  # fmt: skip
def test_work_per_paragraph_is_linear(tmp_path: Path, build: object) -> None:
    """50,000 tracked insertions, or 50,000 open fields, in one paragraph (150 KB files):
    the reader's work grew with the square of their number (two minutes and more)."""
    assert callable(build)
    path = build(tmp_path / "p.docx")
    with within(20):
        doc = read_docx(path)
    assert doc.blocks[0].text.startswith("w0 w1 w2 ")
    assert doc.blocks[0].text.endswith("w49999 ")


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_reads_the_strict_annotated_copy(tmp_path: Path) -> None:
    """An independent reader of Strict Open XML sees the text and the new comment anchored
    on exactly its words."""
    src = hostile.strict_docx(tmp_path / "strict.docx")
    out = tmp_path / "annotated.docx"
    export_annotated_docx(src, out, empty_result(src), [_annotation("Term", 0, "document:2")])
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "fodt", "--outdir", str(tmp_path),
         str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    flat = (tmp_path / "annotated.fodt").read_text(encoding="utf-8")
    assert "England and Wales" in flat
    assert flat.count("<office:annotation ") == 1
    assert "<text:p>Note: Check.</text:p>" in flat
    assert re.search(r"</office:annotation>Term<office:annotation-end ", flat)


def test_error_messages_escape_control_characters_in_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A message names the file, and a file name can hold a terminal escape."""
    code, _, err = cli(capsys, "parse", str(tmp_path / "\x1b]0;pwned\x07.docx"))
    assert code == 2
    assert "\x1b" not in err
    assert "\\u001b]0;pwned\\u0007.docx does not exist" in err
