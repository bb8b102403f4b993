"""A faithful DOCX reader: every visible paragraph of a contract, in reading order.

We read the package parts with lxml ourselves (python-docx's ``paragraph.text`` drops tracked
insertions, content controls and text boxes). The text of a paragraph is what it reads with
every tracked change accepted: insertions and moves-to included, deletions and moves-from
left out but kept as :class:`Revision` marks. Field codes give their displayed result, not
their instruction; a legacy form checkbox shows as ☐/☒. ``w:tab`` is a tab, ``w:br``/``w:cr``
a newline. Text boxes are read once, from their DrawingML copy (``mc:Choice``), never from the
VML ``mc:Fallback`` copy.

Block ids follow :mod:`contractreview.docx.document`: ``"<part>:<n>"`` with ``n`` the ordinal of the
``w:p`` among all ``w:p`` of the part (``root.iter(w:p)``). :func:`iter_paragraph_text_pieces`
gives, for one ``w:p``, the elements that carry its text with their offsets in
``Block.text``; the reader builds the text from those same pieces, so they agree by
construction and an exporter can anchor a comment on exactly the runs of a character range.

(Just over 600 lines, on purpose: the run walker and the story order are one pass over the
WordprocessingML of a part; numbering and the package's safety live in their own modules.)
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from lxml import etree

from contractreview.docx.document import (
    Block,
    Comment,
    Document,
    Region,
    Revision,
    RevisionKind,
    TableCell,
)
from contractreview.docx.numbering import Numbering, StyleSheet
from contractreview.docx.package import DocxPackage, open_docx

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/math"
DC_NS: Final = "http://purl.org/dc/elements/1.1/"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
PPR, RPR, TCPR = _w("pPr"), _w("rPr"), _w("tcPr")
SDT, SDT_CONTENT = _w("sdt"), _w("sdtContent")
INS, DEL, MOVE_TO, MOVE_FROM = _w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")
DEL_TEXT, INSTR_TEXT, DEL_INSTR = _w("delText"), _w("instrText"), _w("delInstrText")
FLD_CHAR, FLD_SIMPLE = _w("fldChar"), _w("fldSimple")
TXBX_CONTENT = _w("txbxContent")
ALT_CONTENT = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE, MC_FALLBACK = f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
M_T = f"{{{M_NS}}}t"
MATH_TAGS: Final = {f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"}
# Containers whose children are more paragraph content.
_INLINE_CONTAINERS: Final = {
    _w("hyperlink"), _w("smartTag"), _w("customXml"), FLD_SIMPLE, _w("bdo"), _w("dir"),
    SDT_CONTENT,
}  # fmt: skip
_BLOCK_CONTAINERS: Final = {_w("customXml"), INS, MOVE_TO, SDT_CONTENT, _w("body")}
_TEXT_CHARS: Final = {
    _w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
}  # fmt: skip
_SKIPPED_NOTES: Final = {"separator", "continuationSeparator", "continuationNotice"}
_SYM_GLYPHS: Final = {
    "F0A8": "☐", "F06F": "☐", "F0FE": "☒", "F078": "☒", "F0FD": "☒", "F0B7": "•", "F0A7": "▪",
}  # fmt: skip
CHECKED, UNCHECKED = "☒", "☐"
TITLE_MAX_WORDS: Final = 12  # the first body line at most this long is taken as the title
MAX_GRID_COLUMNS: Final = 63  # Word's largest table has 63 columns
REPLACEMENT: Final = "\ufffd"
WARN_TABLE_GRID: Final = (
    "A table of the document has malformed column spans; its cells are read in order."
)
WARN_SYMBOL: Final = (
    "The document has symbols that are not valid characters; each is shown as \ufffd."
)
WARN_ALT_CHUNK: Final = "Part of the document is an embedded file (altChunk) that was not read."


@dataclass(frozen=True)
class TextPiece:
    """One text-bearing element of a paragraph and the slice ``[start, end)`` of
    ``Block.text`` it produces. ``element`` is a ``w:t``, ``w:tab``, ``w:br``, ``w:cr``,
    ``w:ptab``, ``w:noBreakHyphen``, ``w:sym``, ``m:t``, or the ``w:fldChar`` (begin) of a
    form checkbox. Its run is ``element.getparent()`` (for ``m:t``: the math run)."""

    element: etree._Element
    start: int
    end: int
    text: str


@dataclass
class ParagraphContent:
    """What one ``w:p`` reads as, with the parts a reader needs besides the text."""

    text: str
    pieces: list[TextPiece]
    revisions: list[Revision]
    textboxes: list[etree._Element]  # w:txbxContent elements anchored in this paragraph
    in_content_control: bool
    mark_deleted: bool  # the paragraph mark is a tracked deletion
    bad_symbols: bool = False  # a w:sym named no valid character (shown as U+FFFD)


@dataclass
class _Field:
    begin: etree._Element
    in_result: bool = False
    instr: list[str] = field(default_factory=list)
    checkbox: bool | None = None  # legacy form checkbox state, None when not a checkbox


@dataclass
class _Change:
    kind: RevisionKind
    author: str | None
    date: str | None
    start: int
    first_chunk: int  # index in the walker's chunks of the first text emitted inside it
    parts: list[str] = field(default_factory=list)


class _ParagraphWalker:
    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.pos = 0
        self.pieces: list[TextPiece] = []
        self.revisions: list[Revision] = []
        self.textboxes: list[etree._Element] = []
        self.fields: list[_Field] = []
        self.in_code = 0  # fields of the stack still in their code (not in their result)
        self.changes: list[_Change] = []
        self.in_sdt = False
        self.hidden = False
        self.bad_symbols = False

    # -- output ----------------------------------------------------------------------------
    def _showing_field_code(self) -> bool:
        return self.in_code > 0  # a count, not a scan: a paragraph may open 100,000 fields

    def _deleting(self) -> _Change | None:
        for change in reversed(self.changes):
            if change.kind == RevisionKind.DELETION:
                return change
        return None

    def emit(self, element: etree._Element, text: str) -> None:
        if not text or self._showing_field_code() or self.hidden:
            return
        deletion = self._deleting()
        if deletion is not None:
            deletion.parts.append(text)
            return
        self.pieces.append(TextPiece(element, self.pos, self.pos + len(text), text))
        self.chunks.append(text)
        self.pos += len(text)

    # -- paragraph content -----------------------------------------------------------------
    def walk(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self.run(child)
            elif tag in (INS, MOVE_TO):
                self.change(child, RevisionKind.INSERTION)
            elif tag in (DEL, MOVE_FROM):
                self.change(child, RevisionKind.DELETION)
            elif tag == SDT:
                self.in_sdt = True
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.walk(content)
            elif tag in _INLINE_CONTAINERS:
                self.walk(child)
            elif tag == ALT_CONTENT:
                chosen = choose_alternate(child)
                if chosen is not None:
                    self.walk(chosen)
            elif tag in MATH_TAGS:
                for t in child.iter(M_T):
                    self.emit(t, t.text or "")

    def change(self, el: etree._Element, kind: RevisionKind) -> None:
        ch = _Change(kind, el.get(_w("author")), el.get(_w("date")), self.pos, len(self.chunks))
        self.changes.append(ch)
        self.walk(el)
        self.changes.pop()
        if kind == RevisionKind.INSERTION and self.pos > ch.start:
            text = "".join(self.chunks[ch.first_chunk :])  # what was emitted inside it
            self.revisions.append(Revision(kind, ch.start, self.pos, text, ch.author, ch.date))
        elif kind == RevisionKind.DELETION and ch.parts:
            text = "".join(ch.parts)
            self.revisions.append(Revision(kind, self.pos, self.pos, text, ch.author, ch.date))

    def run(self, r: etree._Element) -> None:
        rpr = r.find(RPR)
        vanish = rpr.find(_w("vanish")) if rpr is not None else None
        self.hidden = vanish is not None and vanish.get(_w("val")) not in ("0", "false", "off")
        for c in r:
            tag = c.tag
            if tag == T:
                self.emit(c, c.text or "")
            elif tag == DEL_TEXT:
                deletion = self._deleting()
                if deletion is not None and not self._showing_field_code():
                    deletion.parts.append(c.text or "")
            elif tag in _TEXT_CHARS:
                if tag == _w("br") and c.get(_w("type")) in ("page", "column"):
                    self.emit(c, "\n")
                else:
                    self.emit(c, _TEXT_CHARS[tag])
            elif tag == FLD_CHAR:
                self.field_char(c)
            elif tag in (INSTR_TEXT, DEL_INSTR):
                if self.fields:
                    self.fields[-1].instr.append(c.text or "")
            elif tag == _w("sym"):
                char = sym_char(c)
                self.bad_symbols = self.bad_symbols or char == REPLACEMENT
                self.emit(c, char)
            elif tag in (_w("drawing"), _w("pict"), _w("object")):
                if self._deleting() is None:
                    self.textboxes.extend(find_textboxes(c))
            elif tag == ALT_CONTENT:
                chosen = choose_alternate(c)
                if chosen is not None:
                    self.walk(chosen)  # a run-like wrapper: may hold w:r or drawings
                    if self._deleting() is None:
                        self.textboxes.extend(find_textboxes(chosen))
            elif tag == _w("ruby"):
                base = c.find(_w("rubyBase"))
                if base is not None:
                    self.walk(base)
        self.hidden = False

    def field_char(self, c: etree._Element) -> None:
        kind = c.get(_w("fldCharType"))
        if kind == "begin":
            box = c.find(f"{_w('ffData')}/{_w('checkBox')}")
            state: bool | None = None
            if box is not None:
                checked = box.find(_w("checked"))
                if checked is None:
                    checked = box.find(_w("default"))
                state = checked is not None and checked.get(_w("val")) not in ("0", "false")
            self.fields.append(_Field(c, checkbox=state))
            self.in_code += 1
        elif kind == "separate" and self.fields:
            if not self.fields[-1].in_result:
                self.in_code -= 1
            self.fields[-1].in_result = True
        elif kind == "end" and self.fields:
            done = self.fields.pop()
            if not done.in_result:
                self.in_code -= 1
            is_box = done.checkbox is not None or "FORMCHECKBOX" in "".join(done.instr)
            if is_box:  # a checkbox field has no result text; Word draws the box
                self.emit(done.begin, CHECKED if done.checkbox else UNCHECKED)


def choose_alternate(el: etree._Element) -> etree._Element | None:
    """The branch of ``mc:AlternateContent`` to read: the first ``mc:Choice`` (DrawingML,
    Word 2010 content), else the ``mc:Fallback``."""
    choice = el.find(MC_CHOICE)
    return choice if choice is not None else el.find(MC_FALLBACK)


def find_textboxes(el: etree._Element) -> list[etree._Element]:
    """Outermost ``w:txbxContent`` under ``el`` in document order, not entering the
    ``mc:Fallback`` (VML) copies."""
    out: list[etree._Element] = []
    for child in el:
        if child.tag == TXBX_CONTENT:
            out.append(child)
        elif child.tag == ALT_CONTENT:
            chosen = choose_alternate(child)
            if chosen is not None:
                out.extend(find_textboxes(chosen))
        elif child.tag != MC_FALLBACK and isinstance(child.tag, str):
            out.extend(find_textboxes(child))
    return out


def sym_char(c: etree._Element) -> str:
    """The character a ``w:sym`` shows: ``""`` when ``w:char`` is not hexadecimal, U+FFFD
    when it names no character a document can show (a surrogate, past U+10FFFF, a control
    character: these would reach the tokenizer and the terminal)."""
    code = (c.get(_w("char")) or "").upper()
    if code in _SYM_GLYPHS:
        return _SYM_GLYPHS[code]
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF020 <= value <= 0xF0FF and (c.get(_w("font")) or "").lower() == "symbol":
        value -= 0xF000
    if not _shown_char(value):
        return REPLACEMENT
    return chr(value)


def _shown_char(value: int) -> bool:
    """Whether ``value`` is a character XML 1.0 allows (Word's text can hold no other) and
    not a control character (tab and line feed aside)."""
    return (
        value in (0x9, 0xA)
        or 0x20 <= value <= 0x7E
        or 0xA0 <= value <= 0xD7FF
        or 0xE000 <= value <= 0xFFFD
        or 0x10000 <= value <= 0x10FFFF
    )


def read_paragraph(p: etree._Element) -> ParagraphContent:
    """Everything :func:`read_docx` takes from one ``w:p`` (text boxes excluded)."""
    walker = _ParagraphWalker()
    walker.walk(p)
    ppr = p.find(PPR)
    mark_rpr = ppr.find(RPR) if ppr is not None else None
    mark_deleted = mark_rpr is not None and (
        mark_rpr.find(DEL) is not None or mark_rpr.find(MOVE_FROM) is not None
    )
    return ParagraphContent(
        text="".join(walker.chunks),
        pieces=walker.pieces,
        revisions=sorted(walker.revisions, key=lambda r: (r.start, r.end)),
        textboxes=walker.textboxes,
        in_content_control=walker.in_sdt,
        mark_deleted=mark_deleted,
        bad_symbols=walker.bad_symbols,
    )


def iter_paragraph_text_pieces(p: etree._Element) -> list[TextPiece]:
    """The text-bearing elements of one ``w:p`` with their offsets in ``Block.text``.

    ``"".join(piece.text for piece in pieces) == block.text`` and the pieces are contiguous;
    deleted text and the paragraphs of text boxes anchored here are not included.
    """
    return read_paragraph(p).pieces


def paragraph_text(p: etree._Element) -> str:
    return read_paragraph(p).text


# -- parts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryPart:
    name: str  # block-id prefix: "document", "footnotes", "header1", ...
    path: str  # zip path: "word/document.xml"
    region: Region


def story_parts(pkg: DocxPackage) -> list[StoryPart]:
    """The parts holding text, in the reader's order; ``name`` is the block-id prefix."""
    main = pkg.main_part
    parts = [StoryPart("document", main, Region.BODY)]
    for rel, name, region in (
        ("footnotes", "footnotes", Region.FOOTNOTE),
        ("endnotes", "endnotes", Region.ENDNOTE),
    ):
        for path in pkg.related_parts(main, rel)[:1]:
            parts.append(StoryPart(name, path, region))
    for rel, region in (("header", Region.HEADER), ("footer", Region.FOOTER)):
        paths = sorted(set(pkg.related_parts(main, rel)), key=_natural_key)
        for path in paths:
            stem = posixpath.basename(path).rsplit(".", 1)[0]
            parts.append(StoryPart(stem, path, region))
    return parts


def _natural_key(path: str) -> tuple[str, int]:
    stem = posixpath.basename(path).rsplit(".", 1)[0]
    digits = "".join(ch for ch in stem if ch.isdecimal())[:18]  # int() takes these, bounded
    return stem.rstrip("0123456789"), int(digits) if digits else 0


class _PartReader:
    def __init__(
        self, part: StoryPart, root: etree._Element, styles: StyleSheet, numbering: Numbering
    ) -> None:
        self.part = part
        self.styles = styles
        self.numbering = numbering
        self.p_index = {p: i for i, p in enumerate(root.iter(P))}
        self.t_index = {t: i for i, t in enumerate(root.iter(TBL))}
        self.blocks: list[Block] = []
        self.warnings: set[str] = set()

    def container(
        self, el: etree._Element, cell: TableCell | None, in_sdt: bool, region: Region
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == P:
                self.paragraph(child, cell, in_sdt, region)
            elif tag == TBL:
                self.table(child, in_sdt, region)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.container(content, cell, True, region)
            elif tag in _BLOCK_CONTAINERS:
                self.container(child, cell, in_sdt, region)
            elif tag == ALT_CONTENT:
                chosen = choose_alternate(child)
                if chosen is not None:
                    self.container(chosen, cell, in_sdt, region)
            elif tag == _w("altChunk"):
                self.warnings.add(WARN_ALT_CHUNK)

    def table(self, tbl: etree._Element, in_sdt: bool, region: Region) -> None:
        t = self.t_index.get(tbl, 0)
        for r, (tr, row_sdt) in enumerate(_children(tbl, TR)):
            trpr = tr.find(_w("trPr"))
            col = 0
            if trpr is not None:
                col = self.grid_value(trpr.find(_w("gridBefore")), 0)
            for tc, cell_sdt in _children(tr, TC):
                tcpr = tc.find(TCPR)
                span = 1
                merged = False
                if tcpr is not None:
                    span = max(1, self.grid_value(tcpr.find(_w("gridSpan")), 1))
                    for tag in ("vMerge", "hMerge"):
                        m = tcpr.find(_w(tag))
                        if m is not None and m.get(_w("val"), "continue") != "restart":
                            merged = True  # shown as part of the cell it is merged into
                if not merged:
                    cell = TableCell(t, r, col)
                    self.container(tc, cell, in_sdt or row_sdt or cell_sdt, region)
                col += span

    def grid_value(self, el: etree._Element | None, default: int) -> int:
        """A ``gridBefore``/``gridSpan`` count; a malformed or out-of-range one is ignored,
        as Word does (the cell keeps its place), with a warning."""
        if el is None:
            return default
        value = _to_int(el.get(_w("val")))
        if value is None or not 0 <= value <= MAX_GRID_COLUMNS:
            self.warnings.add(WARN_TABLE_GRID)
            return default
        return value

    def paragraph(
        self, p: etree._Element, cell: TableCell | None, in_sdt: bool, region: Region
    ) -> None:
        content = read_paragraph(p)
        if content.bad_symbols:
            self.warnings.add(WARN_SYMBOL)
        ppr = p.find(PPR)
        style_id, num_id, ilvl, outline = _paragraph_properties(ppr)
        style_id = style_id or self.styles.default_paragraph
        label: str | None = None
        level: int | None = None
        # Not numbered: a paragraph deleted by a tracked change, and an empty paragraph that
        # only carries a section break (Word and LibreOffice show no number there).
        empty = not content.text.strip()
        gone = empty and (
            content.mark_deleted or (ppr is not None and ppr.find(_w("sectPr")) is not None)
        )
        resolved = self.numbering.resolve(style_id, num_id, ilvl)
        if resolved is not None and not gone:
            label = self.numbering.label(*resolved) or None
            level = resolved[1] if label is not None else None
        if content.text.strip():
            self.blocks.append(
                Block(
                    id=f"{self.part.name}:{self.p_index[p]}",
                    text=content.text,
                    region=region,
                    style=self.styles.name(style_id) if style_id else None,
                    heading_level=self._heading_level(style_id, outline),
                    list_label=label,
                    list_level=level,
                    cell=cell,
                    in_content_control=in_sdt or content.in_content_control,
                    revisions=tuple(content.revisions),
                )
            )
        for box in content.textboxes:
            box_region = Region.TEXTBOX if region == Region.BODY else region
            self.container(box, None, in_sdt, box_region)

    def _heading_level(self, style_id: str | None, outline: int | None) -> int | None:
        if outline is None:
            by_name = self.styles.heading_level(style_id)
            if by_name is not None:
                return by_name
            outline = self.styles.outline_level(style_id)
        return outline + 1 if outline is not None and 0 <= outline < 9 else None


def _children(el: etree._Element, tag: str) -> list[tuple[etree._Element, bool]]:
    """Children ``tag`` of ``el``, looking through content controls and customXml wrappers;
    the flag says the child sat in a content control."""
    out: list[tuple[etree._Element, bool]] = []
    for child in el:
        if child.tag == tag:
            out.append((child, False))
        elif child.tag in (SDT, _w("customXml")):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                out.extend((c, flag or child.tag == SDT) for c, flag in _children(inner, tag))
    return out


def _paragraph_properties(
    ppr: etree._Element | None,
) -> tuple[str | None, str | None, int | None, int | None]:
    if ppr is None:
        return None, None, None, None
    pstyle = ppr.find(_w("pStyle"))
    style_id = pstyle.get(_w("val")) if pstyle is not None else None
    num_id: str | None = None
    ilvl: int | None = None
    num_pr = ppr.find(_w("numPr"))
    if num_pr is not None:
        n = num_pr.find(_w("numId"))
        num_id = n.get(_w("val")) if n is not None else None
        lv = num_pr.find(_w("ilvl"))
        ilvl = _to_int(lv.get(_w("val")) if lv is not None else None)
    ol = ppr.find(_w("outlineLvl"))
    outline = _to_int(ol.get(_w("val")) if ol is not None else None)
    return style_id, num_id, ilvl, outline


def _to_int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


# -- the document ----------------------------------------------------------------------------


def read_docx(path: str | Path) -> Document:
    """Read a Word contract. Raises a :class:`contractreview.errors.DocumentError` subclass
    with a message fit for the user when the file is not a readable, safe DOCX."""
    pkg = open_docx(path)
    main = pkg.main_part
    styles = StyleSheet(_first_xml(pkg, pkg.related_parts(main, "styles")))
    numbering = Numbering(_first_xml(pkg, pkg.related_parts(main, "numbering")), styles)
    blocks: list[Block] = []
    warnings: set[str] = set()
    for part in story_parts(pkg):
        root = pkg.xml(part.path)
        if root is None:
            continue
        reader = _PartReader(
            part, root, styles, numbering if part.name == "document" else numbering.fresh()
        )
        if part.region in (Region.FOOTNOTE, Region.ENDNOTE):
            note_tag = _w("footnote") if part.region == Region.FOOTNOTE else _w("endnote")
            for note in root.iter(note_tag):
                if note.get(_w("type")) not in _SKIPPED_NOTES:
                    reader.container(note, None, False, part.region)
        else:
            body = root.find(_w("body")) if part.name == "document" else root
            if body is not None:
                reader.container(body, None, False, part.region)
        blocks.extend(reader.blocks)
        warnings |= reader.warnings
        if part.name == "document" and root.find(f".//{_w('object')}") is not None:
            warnings.add("The document contains embedded objects whose content was not read.")
    warnings |= numbering.warnings | styles.warnings
    if not any(b.region not in (Region.HEADER, Region.FOOTER) for b in blocks):
        warnings.add("The document contains no readable text (it may hold only scanned images).")
    return Document(
        path=str(path),
        sha256=pkg.sha256,
        blocks=tuple(blocks),
        title=_title(pkg, blocks),
        comments=tuple(_comments(pkg)),
        warnings=tuple(sorted(warnings)),
    )


def _first_xml(pkg: DocxPackage, paths: list[str]) -> etree._Element | None:
    return pkg.xml(paths[0]) if paths else None


def _comments(pkg: DocxPackage) -> list[Comment]:
    root = _first_xml(pkg, pkg.related_parts(pkg.main_part, "comments"))
    if root is None:
        return []
    out = []
    for c in root.iter(_w("comment")):
        text = "\n".join(paragraph_text(p) for p in c.iter(P)).strip()
        out.append(Comment(id=c.get(_w("id"), ""), author=c.get(_w("author")), text=text))
    return out


def _title(pkg: DocxPackage, blocks: list[Block]) -> str:
    core = _first_xml(pkg, pkg.related_parts("", "core-properties"))
    if core is not None:
        el = core.find(f"{{{DC_NS}}}title")
        if el is not None and (el.text or "").strip():
            return (el.text or "").strip()[:200]
    body = [b for b in blocks if b.region == Region.BODY]
    candidates = [b for b in body if 0 < len(b.text.split()) <= TITLE_MAX_WORDS]
    first = candidates[0] if candidates else next(iter(body), None)
    return " ".join(first.text.split())[:200] if first is not None else ""
