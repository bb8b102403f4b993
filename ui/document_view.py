"""The contract as a lawyer reads it: headings, the list numbers Word displays, paragraphs,
tables, notes, tracked changes — and, once the analysis is in, every flagged clause tinted in
its risk colour with a shape before it (colour is never the only signal).

The view is rebuilt from the core's ``Document`` (and ``AnalysisResult``) as HTML. Every
segment is an anchor ``#<segment id>``, so a click names the clause and the view can scroll to
any clause; the selected clause is marked with an extra selection (no rebuild).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QWidget

from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.docx.document import Block, Document, Region, RevisionKind
from contractreview_ui.risk_style import SELECTED_BACKGROUND, style

log = logging.getLogger(__name__)

HEADING_MAX_CHARS = 80
NOTE_BACKGROUND = "#fff1a8"  # text the lawyer wrote a note on


def _reads_as_heading(text: str) -> bool:
    """Some contracts style whole clauses as headings; show those as body text, legibly."""
    t = text.strip()
    return len(t) <= HEADING_MAX_CHARS and not t.endswith((".", ";", ":", ",", " or", " and"))


STYLESHEET = """
a { color: #111111; text-decoration: none; }
h1, h2, h3, h4 { color: #1f2d3d; }
h1 { font-size: x-large; }
h2 { font-size: large; }
h3, h4 { font-size: medium; }
td { padding: 4px; }
.label { font-weight: bold; }
.ins { color: #005a8c; text-decoration: underline; }
.del { color: #7a7a7a; text-decoration: line-through; }
.note-head { color: #555555; }
"""


@dataclass(frozen=True)
class TextSelection:
    """A piece of one block's text, as the review store records a note on selected text."""

    block: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class _Mark:
    """A segment's span in one block and the risk level it is shown with."""

    start: int
    end: int
    segment: str
    level: RiskLevel
    first_of_finding: bool


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


class DocumentHtml:
    """Builds the view's HTML. Pure function of its inputs; no Qt."""

    def __init__(
        self,
        document: Document,
        result: AnalysisResult | None = None,
        levels: dict[str, RiskLevel] | None = None,
        highlight: bool = True,
    ) -> None:
        self.document = document
        self.highlight = highlight
        self.marks: dict[str, list[_Mark]] = {}
        if result is not None:
            self._collect_marks(result, levels or {})

    def _collect_marks(self, result: AnalysisResult, levels: dict[str, RiskLevel]) -> None:
        seg_level: dict[str, RiskLevel] = {}
        first: set[str] = set()
        for f in result.findings:
            level = levels.get(f.id, f.risk.level)
            if f.segments:
                first.add(f.segments[0])
            for sid in f.segments:
                seg_level[sid] = level
        for s in result.segments:
            mark = _Mark(s.start, s.end, s.id, seg_level.get(s.id, RiskLevel.NONE), s.id in first)
            self.marks.setdefault(s.block, []).append(mark)
        for marks in self.marks.values():
            marks.sort(key=lambda m: m.start)

    def build(self) -> str:
        parts: list[str] = ["<html><body>"]
        body = [b for b in self.document.blocks if b.region not in (Region.HEADER, Region.FOOTER)]
        main = [b for b in body if b.region not in (Region.FOOTNOTE, Region.ENDNOTE)]
        notes = [b for b in body if b.region in (Region.FOOTNOTE, Region.ENDNOTE)]
        parts.extend(self._blocks(main))
        if notes:
            parts.append('<hr/><p class="note-head"><b>Notes</b></p>')
            parts.extend(self._blocks(notes))
        parts.append("</body></html>")
        return "".join(parts)

    def _blocks(self, blocks: Sequence[Block]) -> Iterable[str]:
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.cell is None:
                yield self._paragraph(b)
                i += 1
                continue
            j, table = i, b.cell.table
            while j < len(blocks) and (cell := blocks[j].cell) is not None and cell.table == table:
                j += 1
            yield self._table(blocks[i:j])
            i = j

    def _table(self, blocks: Sequence[Block]) -> str:
        grid: dict[int, dict[int, list[str]]] = {}
        for b in blocks:
            assert b.cell is not None
            grid.setdefault(b.cell.row, {}).setdefault(b.cell.col, []).append(
                self._inline(b) if b.text.strip() else ""
            )
        ncols = max((max(r) for r in grid.values()), default=0) + 1
        rows = []
        for r in sorted(grid):
            cells = "".join(
                f'<td valign="top">{"<br/>".join(x for x in grid[r].get(c, []) if x)}</td>'
                for c in range(ncols)
            )
            rows.append(f"<tr>{cells}</tr>")
        return (
            '<table border="1" cellspacing="0" cellpadding="4" width="100%" '
            f'style="border-color:#9a9a9a; margin: 6px 0;">{"".join(rows)}</table>'
        )

    def _paragraph(self, b: Block) -> str:
        if not b.text.strip() and not b.list_label:
            return ""
        inner = self._inline(b)
        if b.heading_level and _reads_as_heading(b.text):
            level = min(4, b.heading_level)
            return f"<h{level}>{inner}</h{level}>"
        indent = 24 * (b.list_level or 0)
        css = f"margin-left:{indent}px; margin-top:4px; margin-bottom:6px;"
        if b.region != Region.BODY:  # notes and text boxes: set apart from the body text
            css += " color:#333333; font-size:small;"
        return f'<p style="{css}">{inner}</p>'

    def _inline(self, b: Block) -> str:
        label = f'<span class="label">{_esc(b.list_label)}</span> ' if b.list_label else ""
        return label + self._text(b)

    def _text(self, b: Block) -> str:
        text = b.text
        marks = self.marks.get(b.id, [])
        cuts = {0, len(text)}
        for m in marks:
            cuts.update((m.start, m.end))
        deletions: dict[int, list[str]] = {}
        insert_spans: list[tuple[int, int]] = []
        for r in b.revisions:
            if r.kind == RevisionKind.DELETION:
                deletions.setdefault(r.start, []).append(r.text)
            else:
                insert_spans.append((r.start, r.end))
                cuts.update((r.start, r.end))
        cuts.update(deletions)
        points = sorted(c for c in cuts if 0 <= c <= len(text))
        out: list[str] = []
        mark_at = {m.start: m for m in marks}
        open_mark: _Mark | None = None
        for k, pos in enumerate(points):
            if open_mark is not None and pos >= open_mark.end:
                out.append("</a>")
                open_mark = None
            for deleted in deletions.get(pos, []):
                out.append(f'<span class="del">{_esc(deleted)}</span>')
            if open_mark is None and pos in mark_at:
                open_mark = mark_at[pos]
                out.append(self._open_mark(open_mark))
            if k + 1 < len(points):
                piece = _esc(text[pos : points[k + 1]])
                if any(s <= pos < e for s, e in insert_spans):
                    piece = f'<span class="ins">{piece}</span>'
                if open_mark is not None and open_mark.level != RiskLevel.NONE and self.highlight:
                    bg = style(open_mark.level).background
                    piece = f'<span style="background-color:{bg};">{piece}</span>'
                out.append(piece)
        if open_mark is not None:
            out.append("</a>")
        return "".join(out)

    def _open_mark(self, m: _Mark) -> str:
        anchor = f'<a name="{m.segment}" href="#{m.segment}">'
        if m.level == RiskLevel.NONE or not self.highlight or not m.first_of_finding:
            return anchor
        st = style(m.level)
        glyph = (
            f'<span style="color:{st.accent}; font-weight:bold;" title="{st.name} risk">'
            f"{st.glyph}\u00a0</span>"
        )
        return anchor + glyph


class DocumentView(QTextBrowser):
    """Shows a document; emits ``segment_clicked(segment_id)`` when a clause is clicked."""

    segment_clicked = Signal(str)
    note_requested = Signal(object)  # TextSelection: "Add note on selection" was chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        doc = self.document()
        doc.setDefaultStyleSheet(STYLESHEET)
        doc.setDocumentMargin(18)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        doc.setDefaultFont(font)
        self.setAccessibleName("Contract text")
        self._spans: dict[str, tuple[int, int]] = {}
        self._document: Document | None = None
        self._result: AnalysisResult | None = None
        self.notes_enabled = False  # the main window turns it on once the review is open
        self._selected: list[str] = []
        self._notes: list[tuple[str, int, int]] = []  # (block, start, end) of notes on text
        self.setPlaceholderText(
            "Open a Word contract (File ▸ Open, Ctrl+O, or drop a .docx file here)."
        )

    # -- content -------------------------------------------------------------------------
    def show_document(
        self,
        document: Document | None,
        result: AnalysisResult | None = None,
        levels: dict[str, RiskLevel] | None = None,
        *,
        highlight: bool = True,
    ) -> None:
        """(Re)build the view; the scroll position is kept when the same document is shown."""
        same = (
            document is not None
            and self._document is not None
            and (document.sha256 == self._document.sha256)
        )
        scroll = self.verticalScrollBar().value() if same else 0
        self._document = document
        self._result = result
        if document is None:
            self.clear()
            self._spans = {}
            self._notes = []
            return
        self.setHtml(DocumentHtml(document, result, levels, highlight).build())
        self._spans = self._anchor_spans()
        self._apply_selection()
        self.verticalScrollBar().setValue(scroll)

    def _anchor_spans(self) -> dict[str, tuple[int, int]]:
        spans: dict[str, tuple[int, int]] = {}
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.isValid():
                    href = frag.charFormat().anchorHref()
                    if href.startswith("#"):
                        sid = href[1:]
                        start, end = frag.position(), frag.position() + frag.length()
                        old = spans.get(sid)
                        spans[sid] = (min(old[0], start), max(old[1], end)) if old else (start, end)
                it += 1
            block = block.next()
        return spans

    def segment_ids(self) -> list[str]:
        return list(self._spans)

    def segment_span(self, segment_id: str) -> tuple[int, int] | None:
        return self._spans.get(segment_id)

    # -- selection -------------------------------------------------------------------------
    def select_segments(self, segment_ids: Sequence[str], *, scroll: bool = True) -> None:
        self._selected = [s for s in segment_ids if s in self._spans]
        self._apply_selection()
        if scroll and self._selected:
            self.scroll_to(self._selected[0])

    def selected_segments(self) -> list[str]:
        return list(self._selected)

    def _apply_selection(self) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(SELECTED_BACKGROUND))
        fmt.setFontUnderline(True)
        sels = []
        note_fmt = QTextCharFormat()
        note_fmt.setBackground(QColor(NOTE_BACKGROUND))
        note_fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        note_fmt.setToolTip("You noted this text (see the Notes tab)")
        for block, start, end in self._notes:
            cur = self._text_cursor(block, start, end, exact=True)
            if cur is not None:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cur
                sel.format = note_fmt
                sels.append(sel)
        for sid in self._selected:
            span = self._spans.get(sid)
            if span is None:
                continue
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.document())
            cur.setPosition(span[0])
            cur.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            sel.format = fmt
            sels.append(sel)
        self.setExtraSelections(sels)

    def scroll_to(self, segment_id: str) -> None:
        """Bring the clause to the upper third of the view (not just barely visible)."""
        span = self._spans.get(segment_id)
        if span is None:
            return
        cur = QTextCursor(self.document())
        cur.setPosition(span[0])
        rect = self.cursorRect(cur)
        bar = self.verticalScrollBar()
        target = bar.value() + rect.top() - self.viewport().height() // 4
        bar.setValue(max(bar.minimum(), min(bar.maximum(), target)))

    def _on_anchor(self, url: QUrl) -> None:
        sid = url.fragment() or url.toString().lstrip("#")
        if sid:
            self.segment_clicked.emit(sid)

    # -- notes on selected text -----------------------------------------------------------
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.context_menu_at(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def context_menu_at(self, pos: QPoint) -> QMenu:
        """Qt's menu (copy, select all) and "Add note on selection"."""
        menu = self.createStandardContextMenu(pos)
        menu.addSeparator()
        act = menu.addAction("Add note on selection…")
        selection = self.selection() if self.notes_enabled else None
        act.setEnabled(selection is not None)
        if selection is None:
            act.setToolTip("Select some text of one paragraph first")
        act.triggered.connect(lambda: self.note_requested.emit(selection))
        return menu

    def selection(self) -> TextSelection | None:
        """The selected text as a span of one block of the document (the first paragraph of
        a longer selection), or None when nothing of the contract's text is selected."""
        document = self._document
        cur = self.textCursor()
        if document is None or not cur.hasSelection():
            return None
        view_start = cur.selectionStart()
        text = cur.selectedText()
        for piece in text.split("\u2029"):  # Qt's paragraph separator
            quote = piece.strip()
            if quote:
                view_start += piece.index(quote)
                break
            view_start += len(piece) + 1
        else:
            return None
        # a selection from a paragraph's beginning starts with what the view adds before its
        # text (the list number "2.5", a risk glyph): without them, the text is the block's
        for skip in _leading_word_ends(quote, PREFIX_WORDS):
            found = self._locate(document, quote[skip:], view_start + skip)
            if found is not None:
                return found
        return None

    def _locate(self, document: Document, quote: str, view_pos: int) -> TextSelection | None:
        texts = {b.id: b.text for b in document.blocks}
        sid = self.segment_at(view_pos)
        if sid is not None and self._result is not None:
            try:
                seg = self._result.segment(sid)
            except KeyError:
                seg = None
            if seg is not None and seg.block in texts:
                # where the view puts it in the block; a risk glyph or list number may shift it
                hint = seg.start + view_pos - self._spans[sid][0]
                text = texts[seg.block]
                hits = _occurrences(text, quote)
                if hits:
                    at = min(hits, key=lambda h: abs(h - hint))
                    return TextSelection(seg.block, at, at + len(quote), quote)
        for block in document.blocks:  # not inside a clause the analysis saw: the first match
            at = block.text.find(quote)
            if at >= 0:
                return TextSelection(block.id, at, at + len(quote), quote)
        return None

    def set_notes(self, spans: Sequence[tuple[str, int, int]]) -> None:
        """Mark the text the lawyer noted: ``(block, start, end)`` of each note."""
        self._notes = list(spans)
        self._apply_selection()

    def _text_cursor(
        self, block: str, start: int, end: int, *, exact: bool = False
    ) -> QTextCursor | None:
        """A cursor over a block's text span as the view shows it (None if not shown; with
        ``exact``, also None where only its clause can be found)."""
        result = self._result
        if result is None:
            return None
        for seg in result.segments:
            if seg.block == block and seg.start <= start < max(seg.end, seg.start + 1):
                span = self._spans.get(seg.id)
                if span is None:
                    return None
                quote = _block_text(self._document, block)[start:end] if self._document else ""
                # the view may show a risk glyph or tracked deletion before it: search onwards
                # from where the span would be without them
                near = max(span[0], span[0] + start - seg.start - 1)
                cur = (
                    self.document().find(quote, near, QTextDocument.FindFlag.FindCaseSensitively)
                    if quote
                    else QTextCursor()
                )
                if cur.isNull() or cur.selectionStart() > span[1]:
                    if exact:
                        return None
                    cur = QTextCursor(self.document())
                    cur.setPosition(span[0])
                    cur.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
                return cur
        return None

    def select_text(self, block: str, start: int, end: int) -> bool:
        """Select and show a block's text span (a note's text); False if it is not shown."""
        cur = self._text_cursor(block, start, end)
        if cur is None:
            return False
        self.setTextCursor(cur)
        sid = self.segment_at(cur.selectionStart())
        if sid is not None:
            self.scroll_to(sid)
        return True

    # -- plain lookups for tests and screenshots --------------------------------------------
    def segment_at(self, position: int) -> str | None:
        for sid, (s, e) in self._spans.items():
            if s <= position < e:
                return sid
        return None


def _occurrences(text: str, quote: str) -> list[int]:
    out, at = [], text.find(quote)
    while at >= 0:
        out.append(at)
        at = text.find(quote, at + 1)
    return out


def _block_text(document: Document, block: str) -> str:
    return next((b.text for b in document.blocks if b.id == block), "")


PREFIX_WORDS = 3  # at most this many words (a list number, a risk glyph) precede the text


def _leading_word_ends(quote: str, words: int) -> list[int]:
    """0, then where the text resumes after each of the first ``words`` short words."""
    out = [0]
    for m in re.finditer(r"\S+\s+", quote):
        if len(out) > words or len(m.group().strip()) > 12:
            break
        out.append(m.end())
    return [i for i in out if i < len(quote)]
