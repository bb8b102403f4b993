"""The document model: every block of a contract in reading order, with stable positions.

A block is one Word paragraph (``w:p``). Its id is ``"<part>:<n>"`` where ``part`` names the
package part (``document``, ``footnotes``, ``endnotes``, ``header1``, ``footer2`` ...) and ``n``
is the ordinal of that ``w:p`` among *all* ``w:p`` elements of the part in document order
(``root.iter(w:p)``), including ones the reader skips (VML text-box fallbacks). Exporters
re-find a block from its id without re-running the reader's logic. Character offsets are into
``Block.text``, the paragraph as it reads with every tracked change accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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


def document_from_text(text: str, *, path: str = "", sha256: str = "", title: str = "") -> Document:
    """A document whose blocks are the non-empty lines of plain text (CUAD's contracts, tests).

    Block ids are ``text:<line start offset>`` so a segment's offset in the original text is
    ``int(block.split(":")[1]) + segment.start``.
    """
    blocks: list[Block] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        lead = len(stripped) - len(stripped.lstrip())
        body = stripped.strip()
        if body:
            blocks.append(Block(id=f"text:{pos + lead}", text=body))
        pos += len(line)
    if not title and blocks:
        title = blocks[0].text[:200]
    return Document(path=path, sha256=sha256, blocks=tuple(blocks), title=title)
