"""Every kind of bad input is a typed error with a message for a lawyer: never a traceback,
never a hang. Each test creates its bad file itself."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx_builder import DOCM_MAIN, NS, build_docx, excel_workbook, ole_file, p

from contractreview.cli.main import main as cli_main
from contractreview.docx import package as docx_package
from contractreview.docx.reader import read_docx
from contractreview.errors import (
    CorruptDocumentError,
    DocumentError,
    DocumentTooLargeError,
    EmptyFileError,
    EncryptedDocumentError,
    LegacyDocError,
    MacroDocumentError,
    NotADocxError,
    UnsafeDocumentError,
)

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


def good_docx(tmp_path: Path) -> Path:
    return build_docx(tmp_path / "good.docx", [p("The Supplier shall deliver.")] * 50)


def assert_cli_refuses(path: Path, capsys: pytest.CaptureFixture[str], *words: str) -> None:
    assert cli_main(["parse", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    for word in words:
        assert word.lower() in lines[0].lower()


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="empty"):
        read_docx(path)
    assert_cli_refuses(path, capsys, "empty")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DocumentError, match="does not exist"):
        read_docx(tmp_path / "nope.docx")
    assert_cli_refuses(tmp_path / "nope.docx", capsys, "does not exist")


def test_truncated_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = good_docx(tmp_path).read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptDocumentError, match="damaged or incomplete"):
        read_docx(path)
    assert_cli_refuses(path, capsys, "damaged")


def test_corrupt_compressed_data(tmp_path: Path) -> None:
    """The zip directory is intact but document.xml's compressed bytes are garbage."""
    buf = io.BytesIO()
    with zipfile.ZipFile(good_docx(tmp_path)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 2, start + info.compress_size - 2):
        data[i] ^= 0x5A
    path = tmp_path / "crc.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDocumentError, match="damaged"):
        read_docx(path)


def test_garbage_after_zip_magic(tmp_path: Path) -> None:
    path = tmp_path / "garbage.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    with pytest.raises(CorruptDocumentError):
        read_docx(path)


def test_encrypted_word_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ole_file(
        tmp_path / "protected.docx",
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x00" * 64},
    )
    with pytest.raises(EncryptedDocumentError, match="password"):
        read_docx(path)
    assert_cli_refuses(path, capsys, "password")


def test_legacy_doc_renamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ole_file(
        tmp_path / "old.docx", {"WordDocument": b"\xec\xa5" + b"\0" * 30, "1Table": b""}
    )
    with pytest.raises(LegacyDocError, match=r"\.doc"):
        read_docx(path)
    assert_cli_refuses(path, capsys, "old-format")


def test_other_ole_file(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "sheet.docx", {"Workbook": b"\x09\x08"})
    with pytest.raises(NotADocxError, match="old-format Office"):
        read_docx(path)


def test_macro_enabled_docm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_docx(tmp_path / "macro.docm", [p("Hello")], main_content_type=DOCM_MAIN,
                      extra_parts={"word/vbaProject.bin": b"\xcc\x61" + b"\0" * 100})  # fmt: skip
    with pytest.raises(MacroDocumentError, match="macro"):
        read_docx(path)
    assert_cli_refuses(path, capsys, "macro")


def test_vba_part_in_docx_content_type(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "sneaky.docx", [p("Hello")],
                      extra_parts={"word/vbaProject.bin": b"\0" * 10})  # fmt: skip
    with pytest.raises(MacroDocumentError):
        read_docx(path)


def test_zip_bomb_ratio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """20 MB of zeros compresses ~1000:1; refused from the zip directory, before reading."""
    path = tmp_path / "bomb.docx"
    build_docx(path, [p("x")])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/media/big.bin",
                                                                       "w") as fh:  # fmt: skip
        chunk = b"\0" * (1 << 20)
        for _ in range(20):
            fh.write(chunk)
    with pytest.raises(DocumentTooLargeError, match="too large"):
        read_docx(path)
    assert_cli_refuses(path, capsys, "too large")


def test_total_uncompressed_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many ordinary parts that together expand past the cap (cap lowered to keep it fast)."""
    monkeypatch.setattr(docx_package, "MAX_TOTAL_UNCOMPRESSED", 2_000_000)
    path = build_docx(
        tmp_path / "many.docx",
        [p("x")],
        extra_parts={f"word/media/p{i}.bin": bytes(range(256)) * 1000 for i in range(10)},
    )
    with pytest.raises(DocumentTooLargeError):
        read_docx(path)


def test_xxe_doctype_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = build_docx(tmp_path / "xxe.docx", [], document_xml=xml)
    with pytest.raises(UnsafeDocumentError, match="document type declaration"):
        read_docx(path)
    assert_cli_refuses(path, capsys, "not opened")


def test_billion_laughs_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {c} "{("&" + prev + ";") * 10}">'
        for prev, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    xml = (
        f"<!DOCTYPE w:document [{entities}]>"
        f"<w:document {NS}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = build_docx(tmp_path / "lol.docx", [], document_xml=xml)
    with pytest.raises(UnsafeDocumentError):
        read_docx(path)


def test_doctype_in_a_secondary_part(tmp_path: Path) -> None:
    bad_styles = '<!DOCTYPE x [<!ENTITY e "boom">]><w:styles xmlns:w="urn:x">&e;</w:styles>'
    path = build_docx(tmp_path / "styles.docx", [p("x")], styles=bad_styles)
    with pytest.raises(UnsafeDocumentError):
        read_docx(path)


def test_malformed_xml(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "bad.docx", [], document_xml=f"<w:document {NS}><w:body><w:p>")
    with pytest.raises(CorruptDocumentError, match="not well-formed"):
        read_docx(path)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (PNG_HEADER, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"{\\rtf1\\ansi Hello}", "RTF"),
        (b"This is a plain text contract.\n", "not a Word document"),
    ],
)
def test_not_a_word_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, what: str
) -> None:
    path = tmp_path / "renamed.docx"
    path.write_bytes(data)
    with pytest.raises(NotADocxError, match=what):
        read_docx(path)
    assert_cli_refuses(path, capsys, "not a word document")


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    with pytest.raises(NotADocxError, match="Excel"):
        read_docx(excel_workbook(tmp_path / "book.docx"))
    plain = tmp_path / "plain.docx"
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(NotADocxError, match="zip archive"):
        read_docx(plain)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "dir.docx").mkdir()
    with pytest.raises(NotADocxError, match="folder"):
        read_docx(tmp_path / "dir.docx")


def test_non_english_documents_parse(tmp_path: Path) -> None:
    body = [
        p("Vertraulichkeitsvereinbarung"),
        p("Die Parteien verpflichten sich, alle Geschäftsgeheimnisse vertraulich zu behandeln. "
          "Gerichtsstand ist München."),
        p("保密协议"),
        p("双方同意对所有商业秘密严格保密。本协议受中华人民共和国法律管辖。"),
    ]  # fmt: skip
    doc = read_docx(build_docx(tmp_path / "Vertrag_合同.docx", body))
    assert [b.text for b in doc.blocks][2] == "保密协议"
    assert "München" in doc.blocks[1].text
    assert doc.title == "Vertraulichkeitsvereinbarung"
    assert doc.warnings == ()


def test_document_without_text_warns(tmp_path: Path) -> None:
    doc = read_docx(build_docx(tmp_path / "blank.docx", [p(), p()]))
    assert doc.blocks == ()
    assert any("no readable text" in w for w in doc.warnings)
