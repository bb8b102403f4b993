"""Safe opening of a Word (DOCX) package: every way a file can fail becomes a typed error.

A DOCX is a zip of XML parts. Before anything is parsed we check what the file really is
(empty, an OLE compound file — a password-protected Word file or a legacy ``.doc`` —, an
image, a PDF, a corrupt or truncated zip), refuse macro-enabled documents (``.docm``: we never
run anything, but a lawyer should get the macro-free copy from the sender), cap the uncompressed
size we are willing to read (zip bombs), and parse every XML part with entity resolution and
network access off, refusing any part that declares a DOCTYPE (XXE, "billion laughs"), and
keeping libxml2's limits on depth and text-node size. A package with two entries of one name
is refused (readers disagree on which one is the contract).

Word's "Strict Open XML Document" format (ISO/IEC 29500 Strict) writes the same markup under
other namespace URIs; every XML part is read as its transitional equivalent (the URIs are
rewritten in the bytes before parsing), so the reader and the exporter see one vocabulary.
:func:`to_strict` maps serialized parts back for a package that was Strict.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from lxml import etree

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

MAX_FILE_BYTES: Final = 100 * 1024 * 1024  # the .docx file itself
MAX_TOTAL_UNCOMPRESSED: Final = 200 * 1024 * 1024  # all parts together
MAX_PART_BYTES: Final = 100 * 1024 * 1024  # one part
MAX_RATIO: Final = 200  # uncompressed / compressed for a part larger than RATIO_FLOOR
RATIO_FLOOR: Final = 1024 * 1024
MAX_ENTRIES: Final = 10_000

OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

REL_OFFICE_DOCUMENT: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS: Final = "http://schemas.openxmlformats.org/package/2006/content-types"

_WORD_MAIN_TYPES: Final = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
_MACRO_MAIN_TYPES: Final = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_DOCTYPE_RE: Final = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCTYPE_UTF16: Final = tuple(
    word.encode(enc) for word in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-16-le", "utf-16-be")
)

# ISO/IEC 29500 Strict namespace -> its transitional equivalent, as prefixes: the
# relationships namespace is also the stem of every relationship type URI.
STRICT_TO_TRANSITIONAL: Final = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math",
     b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
    (b"http://purl.oclc.org/ooxml/drawingml/main",
     b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/drawingml/picture",
     b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
    (b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes",
     b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"),
    (b"http://purl.oclc.org/ooxml/officeDocument/customXml",
     b"http://schemas.openxmlformats.org/officeDocument/2006/customXml"),
)  # fmt: skip
_STRICT_MARK: Final = b"http://purl.oclc.org/ooxml/"

# (magic prefix, what it is) for files people rename by mistake
_OTHER_FORMATS: Final = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF file"),
)


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keeps libxml2's depth and text-node limits
        remove_blank_text=False,
    )


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # package path of the target part ("word/header1.xml"); URL when external
    external: bool


class DocxPackage:
    """An opened, checked DOCX. Parts are read lazily and each XML part is parsed once."""

    def __init__(self, path: Path, data: bytes, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.sha256 = hashlib.sha256(data).hexdigest()
        self._zip = archive
        self._names = {info.filename for info in archive.infolist()}
        self._xml_cache: dict[str, etree._Element] = {}
        self._strict_parts: set[str] = set()  # parts read from the Strict namespaces
        self.content_types = self._read_content_types()
        self.main_part = self._find_main_part()

    # -- raw access ------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self._names

    def entries(self) -> list[zipfile.ZipInfo]:
        """The zip entries in their stored order (names are unique: checked at open)."""
        return self._zip.infolist()

    @property
    def zip_comment(self) -> bytes:
        return self._zip.comment

    def read_bytes(self, name: str) -> bytes:
        """The bytes of one part; the size caps were checked when the package was opened."""
        try:
            with self._zip.open(name) as fh:
                data = fh.read(MAX_PART_BYTES + 1)
        except KeyError as e:
            raise CorruptDocumentError(
                f"The Word file is incomplete: the part {name} is missing."
            ) from e
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as e:
            # ValueError: a damaged directory entry points before the start of the file
            raise CorruptDocumentError(
                "The Word file is damaged (a part of it cannot be decompressed). "
                "Ask the sender for a fresh copy, or open and re-save it in Word."
            ) from e
        except NotImplementedError as e:
            raise CorruptDocumentError(
                "The Word file uses a compression method this program cannot read. "
                "Re-save it in Word as a normal .docx."
            ) from e
        if len(data) > MAX_PART_BYTES:
            raise DocumentTooLargeError(_too_large_message())
        return data

    def xml(self, name: str) -> etree._Element | None:
        """The parsed root of an XML part, or ``None`` when the package has no such part."""
        if name in self._xml_cache:
            return self._xml_cache[name]
        if not self.has(name):
            return None
        data = self.read_bytes(name)
        if _STRICT_MARK in data:
            transitional = from_strict(data)
            if transitional != data:
                self._strict_parts.add(name)
            data = transitional
        root = parse_xml(data, name)
        self._xml_cache[name] = root
        return root

    def was_strict(self, name: str) -> bool:
        """Whether the XML part ``name`` (already read) was written in Strict Open XML."""
        return name in self._strict_parts

    def content_type(self, name: str) -> str | None:
        return self.content_types.get("/" + name.lstrip("/"))

    # -- relationships ---------------------------------------------------------------------
    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` ("" for the package itself), targets resolved."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        root = self.xml(rels_name)
        if root is None:
            return []
        out: list[Relationship] = []
        for rel in root.iter(f"{{{RELS_NS}}}Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                if target.startswith("/"):
                    target = target.lstrip("/")
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
            out.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external))
        return out

    def related_parts(self, part: str, rel_suffix: str) -> list[str]:
        """Internal targets of ``part``'s relationships whose type ends with ``/rel_suffix``."""
        return [
            r.target
            for r in self.relationships(part)
            if not r.external and r.type.endswith("/" + rel_suffix) and self.has(r.target)
        ]

    # -- checks made once at open time -------------------------------------------------------
    def _read_content_types(self) -> dict[str, str]:
        root = self.xml("[Content_Types].xml")
        if root is None:
            raise NotADocxError(
                "This file is a zip archive but not a Word document "
                "([Content_Types].xml is missing)."
            )
        types: dict[str, str] = {}
        defaults: dict[str, str] = {}
        for el in root:
            if el.tag == f"{{{CT_NS}}}Override":
                types[el.get("PartName", "")] = el.get("ContentType", "")
            elif el.tag == f"{{{CT_NS}}}Default":
                defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
        for name in self._names:
            key = "/" + name
            if key not in types:
                ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
                if ext in defaults:
                    types[key] = defaults[ext]
        return types

    def _find_main_part(self) -> str:
        main = ""
        for rel in self.relationships(""):
            if rel.type == REL_OFFICE_DOCUMENT and not rel.external:
                main = rel.target
                break
        if not main:
            # Some generators omit _rels/.rels; fall back on the declared content type.
            for name, declared in self.content_types.items():
                if declared in _WORD_MAIN_TYPES | _MACRO_MAIN_TYPES:
                    main = name.lstrip("/")
                    break
        ctype = self.content_type(main) if main else None
        if ctype in _MACRO_MAIN_TYPES or any(
            n.lower().endswith("vbaproject.bin") for n in self._names
        ):
            raise MacroDocumentError(
                "This is a macro-enabled Word file (.docm). For your safety it is not opened. "
                "Ask the sender for a normal .docx, or save a copy in Word as "
                "'Word Document (*.docx)' and open that."
            )
        if not main or ctype not in _WORD_MAIN_TYPES or not self.has(main):
            if self.has("xl/workbook.xml"):
                what = "an Excel workbook"
            elif self.has("ppt/presentation.xml"):
                what = "a PowerPoint presentation"
            elif self.has("mimetype") and self.has("content.xml"):
                what = "an OpenDocument file"
            else:
                what = "a zip archive"
            raise NotADocxError(
                f"This file is {what}, not a Word document. Save it as a Word .docx and open that."
            )
        return main


def parse_xml(data: bytes, name: str = "XML part") -> etree._Element:
    """Parse one XML part safely: DOCTYPE/ENTITY declarations are refused, never resolved."""
    head = data[:4096]
    if _DOCTYPE_RE.search(data) or any(marker in head for marker in _DOCTYPE_UTF16):
        raise UnsafeDocumentError(
            f"The Word file contains XML with a document type declaration ({name}). Word never "
            "writes these; such files can be crafted to attack the program reading them, so "
            "it is not opened."
        )
    try:
        root = etree.fromstring(data, parser=_safe_parser())
    except etree.XMLSyntaxError as e:
        if _beyond_limits(e):
            raise DocumentTooLargeError(
                f"The Word file is beyond what this program opens safely: its part {name} "
                "nests content too deeply or holds a single run of text over 10 MB. Word does "
                "not write such files; it may be crafted. Ask the sender for a normal .docx."
            ) from e
        raise CorruptDocumentError(
            f"The Word file is damaged: its part {name} is not well-formed XML. "
            "Open and re-save it in Word, or ask the sender for a fresh copy."
        ) from e
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeDocumentError(
            f"The Word file contains XML with a document type declaration ({name}); "
            "it is not opened."
        )
    return root


def _beyond_limits(e: etree.XMLSyntaxError) -> bool:
    """libxml2 stopped at one of the limits ``huge_tree=False`` keeps (depth 256, a text node
    of 10 MB ...), not at malformed XML."""
    message = str(e)
    return (
        e.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT
        or "XML_PARSE_HUGE" in message  # older libxml2: an internal error naming the option
        or "huge text node" in message
    )


def from_strict(data: bytes) -> bytes:
    """An XML part written with the Strict namespaces, rewritten with the transitional ones."""
    for strict, transitional in STRICT_TO_TRANSITIONAL:
        data = data.replace(strict, transitional)
    return data


def to_strict(data: bytes) -> bytes:
    """The inverse of :func:`from_strict`, for parts written back into a Strict package."""
    for strict, transitional in STRICT_TO_TRANSITIONAL:
        data = data.replace(transitional, strict)
    return data


def _too_large_message() -> str:
    return (
        "The Word file is too large to open safely (it would expand to more than "
        f"{MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB). It may be damaged or crafted; ask the "
        "sender for the contract as a normal .docx."
    )


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")  # OLE directory entry names are UTF-16


def _classify_ole(data: bytes) -> DocumentError:
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        return EncryptedDocumentError(
            "This Word file is protected with a password (it is encrypted). Open it in Word, "
            "remove the password (File > Info > Protect Document), save, and open it again."
        )
    if _utf16("WordDocument") in data:
        return LegacyDocError(
            "This is an old-format Word file (.doc, Word 97-2003), even if its name ends in "
            ".docx. Open it in Word and save it as 'Word Document (*.docx)', then open that."
        )
    return NotADocxError(
        "This is an old-format Office file (not a Word document). Save the contract as a Word "
        ".docx and open that."
    )


def _check_sizes(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise DocumentTooLargeError(
            f"The Word file holds more than {MAX_ENTRIES:,} parts ({len(infos):,}), more than "
            "this program opens safely; Word does not write such files. It may be damaged or "
            "crafted; ask the sender for the contract as a normal .docx."
        )
    seen: set[str] = set()
    for info in infos:
        key = info.filename.lower()  # part names are case-insensitive (OPC)
        if key in seen:
            raise UnsafeDocumentError(
                f"The Word file holds two parts named {info.filename}. Programs disagree on "
                "which one is the real one, so what you would review might not be what Word "
                "shows; it is not opened. Ask the sender for a fresh copy."
            )
        seen.add(key)
    total = 0
    for info in infos:
        total += info.file_size
        big = info.file_size > RATIO_FLOOR
        if info.file_size > MAX_PART_BYTES or (
            big and info.file_size > MAX_RATIO * max(1, info.compress_size)
        ):
            raise DocumentTooLargeError(_too_large_message())
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError(
                "This file is an encrypted zip archive, not a normal Word document."
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise DocumentTooLargeError(_too_large_message())


def open_docx(path: str | Path) -> DocxPackage:
    """Open ``path`` as a DOCX package, or raise a :class:`DocumentError` saying why not."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError as e:
        raise DocumentError(f"The file {p.name} does not exist.") from e
    except OSError as e:
        raise DocumentError(f"The file {p.name} cannot be read ({e.strerror}).") from e
    size = st.st_size
    if stat.S_ISDIR(st.st_mode):
        raise NotADocxError(f"{p.name} is a folder, not a Word document.")
    if not stat.S_ISREG(st.st_mode):  # a named pipe or a device would block or never end
        raise NotADocxError(
            f"{p.name} is not a regular file (it is {_file_kind(st.st_mode)}), so it is not a "
            "Word document. Open the contract file itself."
        )
    if size == 0:
        raise EmptyFileError(f"The file {p.name} is empty (0 bytes). It is not a Word document.")
    if size > MAX_FILE_BYTES:
        raise DocumentTooLargeError(_too_large_message())
    try:
        data = p.read_bytes()
    except OSError as e:
        raise DocumentError(f"The file {p.name} cannot be read ({e.strerror}).") from e
    return open_docx_bytes(data, p)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def open_docx_bytes(data: bytes, path: Path) -> DocxPackage:
    """As :func:`open_docx` for bytes already in memory (``path`` is for messages only)."""
    if not data:
        raise EmptyFileError(f"The file {path.name} is empty (0 bytes). It is not a Word document.")
    if data.startswith(OLE_MAGIC):
        raise _classify_ole(data)
    for magic, what in _OTHER_FORMATS:
        if data.startswith(magic):
            raise NotADocxError(
                f"{path.name} is {what}, not a Word document. Open the contract in Word and "
                "save it as a .docx."
            )
    if not data.startswith(ZIP_MAGICS):
        raise NotADocxError(
            f"{path.name} is not a Word document (.docx). Open the contract in Word and save it "
            "as a .docx."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as e:
        raise CorruptDocumentError(
            f"{path.name} is damaged or incomplete (perhaps a download or copy was cut short). "
            "Ask the sender for a fresh copy."
        ) from e
    except NotImplementedError as e:  # "zip file version 6.4": a zip feature Word never writes
        raise CorruptDocumentError(
            f"{path.name} is a zip archive this program cannot read (it needs zip features "
            "Word does not use). Open the contract in Word and save it as a normal .docx."
        ) from e
    _check_sizes(archive)
    return DocxPackage(path, data, archive)
