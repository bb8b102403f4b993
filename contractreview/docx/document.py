"""The document model: every block of a contract in reading order, with stable positions.

A block is one Word paragraph (``w:p``). Its id is ``"<part>:<n>"`` where ``part`` names the
package part (``document``, ``footnotes``, ``endnotes``, ``header1``, ``footer2`` ...) and ``n``
is the ordinal of that ``w:p`` among *all* ``w:p`` elements of the part in document order
(``root.iter(w:p)``), including ones the reader skips (VML text-box fallbacks). Exporters
re-find a block from its id without re-running the reader's logic. Character offsets are into
``Block.text``, the paragraph as it reads with every tracked change accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from contractreview.text.aliases import ALIAS_LINE_START


class Region(StrEnum):
    BODY = "body"
    HEADER = "header"
    FOOTER = "footer"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"
    TEXTBOX = "textbox"


class RevisionKind(StrEnum):
    INSERTION = "insertion"
    DELETION = "deletion"


@dataclass(frozen=True)
class Revision:
    """A tracked change. Insertions cover ``text[start:end]``; a deletion is zero-width at
    ``start`` (== ``end``) in the accepted text and carries the deleted words in ``text``."""

    kind: RevisionKind
    start: int
    end: int
    text: str
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class TableCell:
    table: int  # ordinal of the table (w:tbl) in its part, nested tables included
    row: int
    col: int


@dataclass(frozen=True)
class Block:
    id: str
    text: str
    region: Region = Region.BODY
    style: str | None = None
    heading_level: int | None = None  # 1..9 for headings (style or outline level)
    list_label: str | None = None  # the label Word displays, e.g. "12.3(b)"
    list_level: int | None = None  # ilvl, 0-based
    cell: TableCell | None = None
    in_content_control: bool = False
    revisions: tuple[Revision, ...] = ()

    @property
    def display_text(self) -> str:
        """Label and text as a reader sees the paragraph."""
        return f"{self.list_label} {self.text}" if self.list_label else self.text


@dataclass(frozen=True)
class Comment:
    """A comment already in the original document."""

    id: str
    author: str | None
    text: str


@dataclass(frozen=True)
class Document:
    path: str
    sha256: str
    blocks: tuple[Block, ...]
    title: str = ""
    comments: tuple[Comment, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def body(self) -> tuple[Block, ...]:
        """Blocks a reviewer reads as the contract: body, table cells, text boxes, notes."""
        return tuple(b for b in self.blocks if b.region not in (Region.HEADER, Region.FOOTER))

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.body())


# A line that clearly goes on in the next one (text converted from PDF breaks a preamble over
# lines: 'between Tripath Technology, Inc. ("Tripath"), and' / 'Uniquest Corporation ...').
_CONTINUES = re.compile(
    r"(?:\b(?:and|between|among|of|and/or)|,|-\s*and\s*-|\b(?:between|among|and)\s*:)\s*$",
    re.I,
)
_LOWER_START = re.compile(r"(?:[—–\xad]\s*)?[a-z]")  # also "— hereinafter referred to as X —"
_AND_START = re.compile(r"(?:-\s*)?and\s*(?:-\s*)?(?::\s*)?$", re.I)  # a line that is only "AND"
_LIST_ITEM = re.compile(r"[a-z]{1,4}[.)]\s|[a-z]\.[a-z]\.\s")  # "a) ...", "iv. ...", "i.e. "
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _continues(line: str, following: str) -> bool:
    """Whether ``following`` carries on the sentence of ``line`` (not a new paragraph)."""
    if _CONTINUES.search(line) or _AND_START.match(following) or ALIAS_LINE_START.match(following):
        return True  # "... Germany" / "AND" / "ULTRAGENYX PHARMACEUTICAL INC." / '("Acme")'
    return bool(_LOWER_START.match(following)) and not _LIST_ITEM.match(following)


def document_from_text(text: str, *, path: str = "", sha256: str = "", title: str = "") -> Document:
    """A document whose blocks are the paragraphs of plain text (CUAD's contracts, tests).

    A block is a non-empty line, joined with the lines after it while they clearly continue it
    (the line ends with "and", "between", "of", a comma ..., or the next starts lower-case).
    A block's text is the original text from its first to its last visible character with each
    line-break character replaced by one space, so character offsets are those of the original:
    block ids are ``text:<offset of the block's first character>`` and a segment's offset in
    the original text is ``int(block.split(":")[1]) + segment.start``.
    """
    lines: list[tuple[int, int]] = []  # [start, end) of each non-empty line's visible text
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        lead = len(stripped) - len(stripped.lstrip())
        body = stripped.strip()
        if body:
            lines.append((pos + lead, pos + lead + len(body)))
        pos += len(line)
    blocks: list[Block] = []
    k = 0
    while k < len(lines):
        start, end = lines[k]
        while k + 1 < len(lines) and _continues(text[start:end], text[slice(*lines[k + 1])]):
            k += 1
            end = lines[k][1]
        blocks.append(Block(id=f"text:{start}", text=_LINE_BREAKS.sub(" ", text[start:end])))
        k += 1
    if not title and blocks:
        title = blocks[0].text[:200]
    return Document(path=path, sha256=sha256, blocks=tuple(blocks), title=title)
