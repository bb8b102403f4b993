"""Build real DOCX packages for tests: raw WordprocessingML written into a zip.

Every helper returns XML text with the ``w:``/``mc:``/``wps:``/``v:`` prefixes; ``build_docx``
wraps the body in ``w:document`` with the namespace declarations Word writes and adds the
package plumbing ([Content_Types].xml, relationships, optional numbering, styles, notes,
headers, footers, comments, core properties). Also: a minimal OLE compound file writer, for
password-protected and legacy ``.doc`` look-alikes.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'mc:Ignorable=""'
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


# -- run and paragraph helpers -------------------------------------------------------------------


def r(text: str, rpr: str = "") -> str:
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr_xml}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(
    *content: str,
    style: str | None = None,
    num: int | None = None,
    ilvl: int | None = None,
    ppr: str = "",
) -> str:
    """A paragraph; plain strings in ``content`` become runs, XML (starting "<") is kept."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None or ilvl is not None:
        props += "<w:numPr>"
        if ilvl is not None:
            props += f'<w:ilvl w:val="{ilvl}"/>'
        if num is not None:
            props += f'<w:numId w:val="{num}"/>'
        props += "</w:numPr>"
    props += ppr
    body = "".join(c if c.startswith("<") else r(c) for c in content)
    return f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}{body}</w:p>"


def tc(*paragraphs: str, span: int = 1, vmerge: str | None = None) -> str:
    props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def tbl(*rows: Sequence[str]) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(row) + "</w:tr>" for row in rows) + "</w:tbl>"


def ins(*runs: str, author: str = "Ann", date: str = "2024-01-02T00:00:00Z") -> str:
    return f'<w:ins w:id="1" w:author="{author}" w:date="{date}">{"".join(runs)}</w:ins>'


def deleted(text: str, author: str = "Bob") -> str:
    return (
        f'<w:del w:id="2" w:author="{author}" w:date="2024-01-03T00:00:00Z"><w:r>'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


def sdt_block(*paragraphs: str) -> str:
    inner = "".join(paragraphs)
    props = '<w:sdtPr><w:alias w:val="cc"/></w:sdtPr>'
    return f"<w:sdt>{props}<w:sdtContent>{inner}</w:sdtContent></w:sdt>"


def sdt_run(text: str) -> str:
    return f"<w:sdt><w:sdtPr/><w:sdtContent>{r(text)}</w:sdtContent></w:sdt>"


def field(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def checkbox(checked: bool) -> str:
    val = "1" if checked else "0"
    return (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
        f'<w:checkBox><w:sizeAuto/><w:default w:val="0"/><w:checked w:val="{val}"/></w:checkBox>'
        "</w:ffData></w:fldChar></w:r>"
        '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def textbox(*paragraphs: str) -> str:
    """A text box as Word 2010+ writes it: DrawingML choice plus a VML fallback copy."""
    inner = "".join(paragraphs)
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


# -- numbering and styles ----------------------------------------------------------------------


def lvl(
    ilvl: int,
    fmt: str = "decimal",
    text: str = "%1.",
    start: int = 1,
    *,
    is_lgl: bool = False,
    restart: int | None = None,
    pstyle: str | None = None,
) -> str:
    extra = "<w:isLgl/>" if is_lgl else ""
    extra += f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    extra += f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


def abstract_num(aid: int, *levels: str, num_style_link: str = "", style_link: str = "") -> str:
    links = f'<w:styleLink w:val="{style_link}"/>' if style_link else ""
    links += f'<w:numStyleLink w:val="{num_style_link}"/>' if num_style_link else ""
    return f'<w:abstractNum w:abstractNumId="{aid}">{links}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, start_overrides: dict[int, int] | None = None) -> str:
    ov = "".join(
        f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for k, v in (start_overrides or {}).items()
    )
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>'


def numbering_xml(*items: str) -> str:
    """Abstract definitions must come before ``w:num`` instances (the schema's order)."""
    return f"<w:numbering {NS}>{''.join(items)}</w:numbering>"


def style(
    sid: str,
    name: str,
    *,
    based_on: str | None = None,
    num_id: int | None = None,
    ilvl: int | None = None,
    outline: int | None = None,
    default: bool = False,
    stype: str = "paragraph",
) -> str:
    ppr = ""
    if num_id is not None:
        ppr += "<w:numPr>"
        ppr += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        ppr += f'<w:numId w:val="{num_id}"/></w:numPr>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    default_attr = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    ppr_xml = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return (
        f'<w:style w:type="{stype}" w:styleId="{sid}"{default_attr}>'
        f'<w:name w:val="{name}"/>{based}{ppr_xml}</w:style>'
    )


def styles_xml(*styles: str) -> str:
    base = style("Normal", "Normal", default=True)
    return f"<w:styles {NS}>{base}{''.join(styles)}</w:styles>"


def notes_xml(kind: str, *notes: tuple[int, str]) -> str:
    """``kind`` "footnote" or "endnote"; the two separator notes Word writes come first."""
    seps = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{kind}>"
    )
    body = "".join(f'<w:{kind} w:id="{i}">{xml}</w:{kind}>' for i, xml in notes)
    return f"<w:{kind}s {NS}>{seps}{body}</w:{kind}s>"


def comments_xml(*comments: tuple[int, str, str]) -> str:
    body = "".join(
        f'<w:comment w:id="{i}" w:author="{escape(author)}">{p(text)}</w:comment>'
        for i, author, text in comments
    )
    return f"<w:comments {NS}>{body}</w:comments>"


# -- the package ---------------------------------------------------------------------------------


def build_docx(
    path: Path,
    body: str | Iterable[str],
    *,
    numbering: str | None = None,
    styles: str | None = None,
    footnotes: str | None = None,
    endnotes: str | None = None,
    headers: Sequence[str] = (),
    footers: Sequence[str] = (),
    comments: str | None = None,
    title: str | None = None,
    main_content_type: str = DOCX_MAIN,
    document_xml: str | None = None,
    extra_parts: dict[str, bytes] | None = None,
) -> Path:
    """Write a DOCX to ``path``; ``body`` is the content of ``w:body``."""
    body_xml = body if isinstance(body, str) else "".join(body)
    doc = document_xml or f"<w:document {NS}><w:body>{body_xml}<w:sectPr/></w:body></w:document>"
    parts: dict[str, str | bytes] = {"word/document.xml": doc}
    overrides = {"/word/document.xml": main_content_type}
    rels: list[tuple[str, str]] = []

    def add(name: str, xml: str | None, ctype: str, rel: str) -> None:
        if xml is None:
            return
        parts[f"word/{name}"] = xml
        overrides[f"/word/{name}"] = ctype
        rels.append((rel, name))

    add("styles.xml", styles, f"{CT_WML}.styles+xml", "styles")
    add("numbering.xml", numbering, f"{CT_WML}.numbering+xml", "numbering")
    add("footnotes.xml", footnotes, f"{CT_WML}.footnotes+xml", "footnotes")
    add("endnotes.xml", endnotes, f"{CT_WML}.endnotes+xml", "endnotes")
    add("comments.xml", comments, f"{CT_WML}.comments+xml", "comments")
    for i, xml in enumerate(headers, 1):
        add(f"header{i}.xml", f"<w:hdr {NS}>{xml}</w:hdr>", f"{CT_WML}.header+xml", "header")
    for i, xml in enumerate(footers, 1):
        add(f"footer{i}.xml", f"<w:ftr {NS}>{xml}</w:ftr>", f"{CT_WML}.footer+xml", "footer")
    pkg_rels = [(f"{REL}/officeDocument", "word/document.xml")]
    if title is not None:
        parts["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(title)}</dc:title></cp:coreProperties>"
        )
        overrides["/docProps/core.xml"] = (
            "application/vnd.openxmlformats-package.core-properties+xml"
        )
        pkg_rels.append(
            (
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            )
        )
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
        + "</Types>"
    )
    parts["_rels/.rels"] = _rels(pkg_rels)
    parts["word/_rels/document.xml.rels"] = _rels([(f"{REL}/{t}", n) for t, n in rels])
    for name, data in (extra_parts or {}).items():
        parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return path


def _rels(items: Sequence[tuple[str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="rId{i}" Type="{t}" Target="{target}"/>'
        for i, (t, target) in enumerate(items, 1)
    )
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{body}</Relationships>"
    )


# -- OLE compound files ----------------------------------------------------------------------


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal valid OLE compound file (v3, 512-byte sectors) holding ``streams``.

    Word stores a password-protected .docx as such a file with ``EncryptionInfo`` and
    ``EncryptedPackage`` streams; a Word 97-2003 .doc has a ``WordDocument`` stream. Streams
    are padded to 4096 bytes so they live in regular sectors (no mini stream needed).
    """
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    names = list(streams)
    data = [streams[n].ljust(4096, b"\0") for n in names]
    # sector 0: directory (4 entries of 128 bytes); then the streams; then the FAT
    entries = 1 + len(names)
    dir_sectors = (entries * 128 + 511) // 512
    fat: list[int] = []
    for i in range(dir_sectors):
        fat.append(i + 1 if i + 1 < dir_sectors else end)
    starts = []
    for blob in data:
        first = len(fat)
        n = len(blob) // 512
        starts.append(first)
        fat.extend(first + k + 1 if k + 1 < n else end for k in range(n))
    fat_index = len(fat)
    fat.append(fat_sect)
    fat.extend([free] * (128 - len(fat)))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1 if names else free, free, end, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, free, right, starts[i], len(data[i]))
    directory = directory.ljust(dir_sectors * 512, b"\0")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 0, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", fat_index)
        + struct.pack("<I", free) * 108
    )
    body = directory + b"".join(data) + struct.pack("<128I", *fat)
    path.write_bytes(header + body)
    return path


def excel_workbook(path: Path) -> Path:
    """A minimal Excel package at ``path`` (an .xlsx a user renamed, or saved as, .docx)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')  # fmt: skip
        z.writestr("xl/workbook.xml", "<workbook/>")
    return path
