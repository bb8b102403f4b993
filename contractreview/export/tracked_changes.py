"""The Word copy with the accepted suggested edits as real tracked changes, and the clean draft
with them applied.

Each change is a revision Word and LibreOffice accept or reject: the words taken out are runs
wrapped in ``w:del`` (their text in ``w:delText``), the words put in a new run wrapped in
``w:ins``, each with the author, the date and an id no other ``w:id`` of the package has. Runs
are split where a change starts or ends inside them; an inserted run carries the run properties
of the text it replaces (or follows), so the formatting around it is kept. A change is made word
by word ("ten (10) days" -> "ninety (90) days" changes "ten" and "10"). A missing clause goes in
a new paragraph after the clause chosen for it, with its list numbering off, so no other
paragraph's number changes; its paragraph mark is tracked the way Word tracks a paragraph typed
at the end of another (see :func:`_new_paragraphs`). Each change gets a Word comment
anchored on it saying why (the comment machinery of :mod:`contractreview.export.word_comments`).

What the source holds stays as it is: its tracked changes, comments, numbering, fields and
drawings. An edit whose words overlap an existing tracked change is refused (reported as
skipped, with the reason), as is one that cuts through an object that cannot be split (an
equation, a drawing's text) or whose text is no longer what was analysed.

The clean draft ("our draft") is the same copy with the changes applied and no revisions or
comments of ours, for sending a counter-draft.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from contractreview.analysis.edits.apply import (
    BlockChange,
    accepted_changes,
    widen_deletion,
    word_hunks,
)
from contractreview.analysis.edits.model import EditDecision
from contractreview.analysis.results import AnalysisResult
from contractreview.docx.package import DocxPackage
from contractreview.docx.xml_text import xml_text
from contractreview.errors import ExportError
from contractreview.export.word_comments import (
    _ANY_ID,
    DEFAULT_AUTHOR,
    MAX_ID,
    W_P,
    W_R,
    W_RPR,
    W_T,
    XML_SPACE,
    _add_comments,
    _Atom,
    _Comment,
    _commentable_parts,
    _in_text_box,
    _serialize,
    _split_at,
    _write_zip,
    open_analysed,
    paragraph_atoms,
    w,
)

if TYPE_CHECKING:
    from lxml import etree

W_PPR = w("pPr")
_REVISION_TAGS = {w("ins"), w("del"), w("moveTo"), w("moveFrom")}
_KIND_NAMES = {
    "replace_value": "Value changed",
    "replace_clause": "Clause replaced",
    "insert_clause": "Clause inserted",
    "delete": "Deleted",
    "make_mutual": "Made mutual",
}
# pPr children that come before w:numPr in CT_PPrBase's sequence
_BEFORE_NUMPR = {w(t) for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                "framePr", "widowControl")}  # fmt: skip


@dataclass(frozen=True)
class EditsExport:
    path: Path
    applied: tuple[str, ...]  # the edit ids written
    skipped: tuple[tuple[str, str], ...] = field(default=())  # (edit id, why not)


class _Ids:
    """``w:id`` values that collide with none in the package's Word parts."""

    def __init__(self, pkg: DocxPackage) -> None:
        self.used = {
            int(m)
            for info in pkg.entries()
            if info.filename.startswith("word/") and info.filename.endswith(".xml")
            for m in _ANY_ID.findall(pkg.read_bytes(info.filename))
        }
        self.next = max(self.used, default=-1) + 1

    def take(self) -> int:
        if self.next > MAX_ID:
            self.next = 0
        while self.next in self.used:
            self.next += 1
        self.used.add(self.next)
        return self.next


@dataclass
class _Writer:
    """Writes the changes of one part: tracked (``w:ins``/``w:del``) or applied (clean)."""

    tracked: bool
    author: str
    stamp: str
    ids: _Ids
    comments: list[_Comment] = field(default_factory=list)

    def revision(self, tag: str) -> etree._Element:
        from lxml import etree

        el = etree.Element(w(tag))
        el.set(w("id"), str(self.ids.take()))
        el.set(w("author"), xml_text(self.author))
        el.set(w("date"), self.stamp)
        return el


# -- runs ---------------------------------------------------------------------------------------


def _atoms(p: etree._Element) -> list[_Atom]:
    return paragraph_atoms(p)[1]


def _in_revision(el: etree._Element, p: etree._Element) -> bool:
    anc = el.getparent()
    while anc is not None and anc is not p:
        if anc.tag in _REVISION_TAGS:
            return True
        anc = anc.getparent()
    return False


def _existing_revision(p: etree._Element, start: int, end: int) -> str | None:
    """Why ``[start, end)`` of the paragraph may not be changed: an existing tracked change in
    or at it; None when it is free."""
    from contractreview.docx.reader import read_paragraph

    for rev in read_paragraph(p).revisions:
        if rev.start == rev.end:  # a deletion, zero-width in the accepted text
            inside = start < rev.start < end or start == end == rev.start
        elif start < end:
            inside = rev.start < end and start < rev.end
        else:  # an insertion of ours inside an inserted text
            inside = rev.start < start < rev.end
        if inside:
            who = f" by {rev.author}" if rev.author else ""
            return f"it overlaps a tracked change{who} already in the document"
    return None


def _run_properties(run: etree._Element | None) -> etree._Element | None:
    if run is None or run.tag != W_R:
        return None
    rpr = run.find(W_RPR)
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for child in list(rpr):
        if child.tag in (w("rPrChange"), *_REVISION_TAGS):
            rpr.remove(child)
    return rpr


def _new_run(text: str, rpr: etree._Element | None) -> etree._Element:
    from lxml import etree

    run = etree.Element(W_R)
    if rpr is not None:
        run.append(rpr)
    t = etree.SubElement(run, W_T)
    t.text = xml_text(text)
    t.set(XML_SPACE, "preserve")
    return run


def _deleted(run: etree._Element) -> None:
    """The run's text as deleted text (``w:t`` -> ``w:delText``)."""
    for child in run:
        if child.tag == W_T:
            child.tag = w("delText")
        elif child.tag == w("instrText"):
            child.tag = w("delInstrText")


def _hunk(
    p: etree._Element, start: int, end: int, text: str, wr: _Writer
) -> tuple[etree._Element, etree._Element] | str:
    """Turn ``[start, end)`` of the paragraph into ``text``; returns the first and the last
    element written (for the comment's range), or why it cannot be done."""
    _split_at(_atoms(p), end)
    _split_at(_atoms(p), start)
    atoms = _atoms(p)
    inside = [a for a in atoms if start <= a.start and a.start + a.length <= end and a.length]
    cut = [a for a in atoms if a.start < end and start < a.start + a.length and a not in inside]
    if cut or any(not a.splittable for a in inside):
        return "it cuts through an object that cannot be split (an equation or a text box)"
    runs: list[etree._Element] = list(dict.fromkeys(a.run for a in inside))
    if any(_in_revision(r, p) for r in runs):
        return "it overlaps a tracked change already in the document"
    before = next((a for a in reversed(atoms) if a.start + a.length <= start and a.length), None)
    after = next((a for a in atoms if a.start >= end), None)
    model = runs[0] if runs else (before.run if before is not None else None)
    rpr = _run_properties(model if model is not None else (after.run if after else None))
    if not text and not runs:
        return "there is nothing to change"
    new = _new_run(text, rpr) if text else None
    if new is not None and wr.tracked:
        holder = wr.revision("ins")
        holder.append(new)
        new = holder
    if new is not None:  # where the last run taken out is, else beside the text around it
        if runs:
            runs[-1].addnext(new)
        else:
            _place(p, before, after, new)
    written: list[etree._Element] = []
    for run in runs:
        if wr.tracked:
            wrapper = wr.revision("del")
            run.addprevious(wrapper)
            wrapper.append(run)
            _deleted(run)
            written.append(wrapper)
        else:
            parent = run.getparent()
            assert parent is not None
            parent.remove(run)
    if new is not None:
        written.append(new)
    return (written[0], written[-1]) if written else (p, p)  # clean: the runs are gone


def _place(
    p: etree._Element, before: _Atom | None, after: _Atom | None, new: etree._Element
) -> None:
    """Put ``new`` after the text before it, else before the text after it (never inside a
    tracked change of the source)."""
    if before is not None:
        _outer(before.run, p).addnext(new)
    elif after is not None:
        _outer(after.run, p).addprevious(new)
    else:
        p.append(new)


def _outer(run: etree._Element, p: etree._Element) -> etree._Element:
    """The run, or the tracked change that holds it (a new run never goes inside one)."""
    el = run
    while el.getparent() is not None and el.getparent() is not p:
        if el.getparent().tag in _REVISION_TAGS:
            return el.getparent()
        el = el.getparent()
    return run


# -- changes -------------------------------------------------------------------------------------


def _comment_lines(change: BlockChange) -> list[str]:
    edit = change.edit
    lines = [f"Suggested edit: {_KIND_NAMES.get(edit.kind, edit.kind)} ({change.option})"]
    lines.append(f"Why: {edit.reason}")
    lines.append(f"Playbook: {edit.clause_type.replace('_', ' ')}")
    if change.old and edit.kind != "insert_clause":
        lines.append(f"Was: {change.old}")
    lines.append(f"Edit id: {edit.id}")
    return lines


def _anchor(
    wr: _Writer, p: etree._Element, first: etree._Element, last: etree._Element, lines: list[str]
) -> None:
    from lxml import etree

    cid = wr.ids.take()
    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), str(cid))
    first.addprevious(start)
    end = etree.Element(w("commentRangeEnd"))
    end.set(w("id"), str(cid))
    last.addnext(end)
    ref = etree.Element(W_R)
    etree.SubElement(ref, w("commentReference")).set(w("id"), str(cid))
    holder = end
    while holder.getparent() is not None and holder.getparent() is not p:
        holder = holder.getparent()
    holder.addnext(ref)
    wr.comments.append(_Comment(f"edit:{cid}", [], wr.author, lines, None, id=cid))


def _in_paragraph(p: etree._Element, change: BlockChange, wr: _Writer) -> str | None:
    """Write one change inside its paragraph; why not, or None when done."""
    text = paragraph_atoms(p)[0]
    if text[change.start : change.end] != change.old:
        return "the clause's text in the file is not what was analysed"
    start, end = widen_deletion(text, change.start, change.end, change.new)
    why = _existing_revision(p, start, end)
    if why:
        return why
    old = text[start:end]
    placed: list[tuple[etree._Element, etree._Element]] = []
    for a, b, new in sorted(word_hunks(old, change.new), key=lambda h: -h[0]):
        done = _hunk(p, start + a, start + b, new, wr)
        if isinstance(done, str):
            return done
        placed.append(done)
    if wr.tracked and placed:
        _anchor(wr, p, placed[-1][0], placed[0][1], _comment_lines(change))
    return None


def _new_paragraphs(p: etree._Element, changes: Sequence[BlockChange], wr: _Writer) -> None:
    """Paragraphs after ``p`` holding the clauses to insert, with ``p``'s paragraph properties
    without its list numbering (no other paragraph's number moves).

    Tracked as Word does it: the paragraph marks inserted are ``p``'s and those of the new
    paragraphs but the last, which takes ``p``'s original mark (and section break, if any) with
    its properties recorded as changed (``w:pPrChange``), so rejecting every change gives ``p``
    back exactly as it was."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = _insert_ppr(p)
    original = copy.deepcopy(ppr)
    section = ppr.find(w("sectPr"))
    if section is not None:
        ppr.remove(section)
    runs = [a.run for a in _atoms(p) if a.run.tag == W_R]
    rpr = _run_properties(runs[-1] if runs else None)
    if wr.tracked:
        _mark_inserted(ppr, wr)
    last = p
    for i, change in enumerate(changes):
        new_p = _clause_paragraph(original, change.new, rpr, wr)
        final = i == len(changes) - 1
        new_ppr = new_p[0]
        if final and section is not None:
            _put_before(new_ppr, section, (w("pPrChange"),))
        if wr.tracked and final:
            new_ppr.append(_ppr_change(original, wr))
        elif wr.tracked:
            _mark_inserted(new_ppr, wr)
        last.addnext(new_p)
        last = new_p
        if wr.tracked:
            run = new_p[-1]
            _anchor(wr, new_p, run, run, _comment_lines(change))


def _insert_ppr(p: etree._Element) -> etree._Element:
    from lxml import etree

    ppr = etree.Element(W_PPR)
    p.insert(0, ppr)
    return ppr


def _put_before(ppr: etree._Element, el: etree._Element, later: tuple[str, ...]) -> None:
    """Put ``el`` in ``ppr`` before the first child whose tag is one of ``later``."""
    after = next((c for c in ppr if c.tag in later), None)
    if after is not None:
        after.addprevious(el)
    else:
        ppr.append(el)


def _mark_inserted(ppr: etree._Element, wr: _Writer) -> None:
    """Track the paragraph's mark as inserted (``w:ins`` first in the mark's ``w:rPr``)."""
    mark = ppr.find(W_RPR)
    if mark is None:
        from lxml import etree

        mark = etree.Element(W_RPR)
        _put_before(ppr, mark, (w("sectPr"), w("pPrChange")))
    mark.insert(0, wr.revision("ins"))


def _ppr_change(original: etree._Element, wr: _Writer) -> etree._Element:
    """``w:pPrChange`` holding the paragraph properties as they were (no mark, no section)."""
    change = wr.revision("pPrChange")
    old = copy.deepcopy(original)
    for tag in ("rPr", "sectPr", "pPrChange"):
        for child in old.findall(w(tag)):
            old.remove(child)
    change.append(old)
    return change


def _clause_paragraph(
    original: etree._Element, text: str, rpr: etree._Element | None, wr: _Writer
) -> etree._Element:
    """A new paragraph with ``text``: the anchor's properties with list numbering off."""
    from lxml import etree

    new_p = etree.Element(W_P)
    ppr = copy.deepcopy(original)
    numbered = ppr.find(w("numPr")) is not None or ppr.find(w("pStyle")) is not None
    for tag in ("numPr", "sectPr", "pPrChange", "rPr"):
        for child in ppr.findall(w(tag)):
            ppr.remove(child)
    if numbered:  # numbering off (numId 0): no list number here, none shifted after it
        num = etree.Element(w("numPr"))
        etree.SubElement(num, w("ilvl")).set(w("val"), "0")
        etree.SubElement(num, w("numId")).set(w("val"), "0")
        ppr.insert(sum(1 for c in ppr if c.tag in _BEFORE_NUMPR), num)
    new_p.append(ppr)
    run = _new_run(text, copy.deepcopy(rpr) if rpr is not None else None)
    if wr.tracked:
        holder = wr.revision("ins")
        holder.append(run)
        run = holder
    new_p.append(run)
    return new_p


def _write_part(
    root: etree._Element, changes: Sequence[BlockChange], wr: _Writer
) -> tuple[list[str], list[tuple[str, str]]]:
    paras = list(root.iter(W_P))
    applied: list[str] = []
    skipped: list[tuple[str, str]] = []
    by_para: dict[int, list[BlockChange]] = {}
    for c in changes:
        n = int(c.block.rpartition(":")[2])
        if not 0 <= n < len(paras):
            skipped.append((c.edit.id, "its paragraph is not in the document"))
            continue
        by_para.setdefault(n, []).append(c)
    for n, items in by_para.items():
        p = paras[n]
        if _in_text_box(p):  # Word keeps a second (VML) copy of a text box's text
            skipped.extend((c.edit.id, "it is in a text box, where edits are not made")
                           for c in items)  # fmt: skip
            continue
        for c in sorted((c for c in items if not c.new_paragraph), key=lambda c: -c.start):
            why = _in_paragraph(p, c, wr)
            if why:
                skipped.append((c.edit.id, why))
            else:
                applied.append(c.edit.id)
        clauses = [c for c in items if c.new_paragraph]
        if clauses:
            _new_paragraphs(p, clauses, wr)
            applied.extend(c.edit.id for c in clauses)
    return applied, skipped


def export_edits_docx(
    source: Path | str,
    target: Path | str,
    result: AnalysisResult,
    decisions: Mapping[str, EditDecision],
    *,
    tracked: bool = True,
    reviewer: str = "",
    date: datetime | None = None,
    protect: Sequence[Path | str] = (),
) -> EditsExport:
    """Write a copy of ``source`` to ``target`` with the accepted edits of ``decisions``: as
    tracked changes with a comment each (``tracked``), or applied (the clean draft). Never
    writes onto ``source``, the contract analysed, or any of ``protect``."""
    source, target = Path(source), Path(target)
    inputs = (source, result.document.path, *protect)
    pkg = open_analysed(source, target, result, inputs, "the edits")
    stamp = (date or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    changes, skipped = accepted_changes(result, decisions)
    parts = _commentable_parts(pkg)
    wr = _Writer(tracked, reviewer or DEFAULT_AUTHOR, stamp, _Ids(pkg))
    by_part: dict[str, list[BlockChange]] = {}
    for c in changes:
        part = c.block.rpartition(":")[0]
        if part not in parts:
            skipped.append((c.edit.id, "it is in a header or footer, where edits are not made"))
            continue
        by_part.setdefault(part, []).append(c)
    replaced: dict[str, bytes] = {}
    applied: list[str] = []
    for part, items in by_part.items():
        name = parts[part]
        root = pkg.xml(name)
        assert root is not None  # story_parts lists only parts the package has
        done, not_done = _write_part(root, items, wr)
        skipped.extend(not_done)
        if done:
            applied.extend(done)
            replaced[name] = _serialize(pkg, name, root)
    new_entries: dict[str, bytes] = {}
    if wr.comments:
        _add_comments(pkg, wr.comments, stamp, replaced, new_entries)
    _write_zip(target, pkg, replaced, new_entries, inputs)
    order = {e.id: i for i, e in enumerate(result.edits)}
    return EditsExport(
        target,
        tuple(sorted(applied, key=lambda i: order.get(i, 0))),
        tuple(skipped),
    )


def decisions_from_ids(result: AnalysisResult, accept: str) -> dict[str, EditDecision]:
    """Decisions from the CLI's ``--accept``: ``all`` (every suggested edit, its position), or
    edit ids separated by commas; an id the review does not have is an error naming it."""
    if accept.strip().lower() == "all":
        return {e.id: EditDecision(e.id, "accepted") for e in result.edits}
    ids = [i.strip() for i in re.split(r"[,\s]+", accept) if i.strip()]
    known = {e.id for e in result.edits}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ExportError(
            f"No suggested edit {', '.join(unknown)} in this review; "
            "`contractreview edits FILE` lists them."
        )
    return {i: EditDecision(i, "accepted") for i in ids}
