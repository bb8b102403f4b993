"""The annotated DOCX: a copy of the original with a native Word comment on each finding and
each annotation, anchored on exactly the runs of that clause.

The copy keeps every zip entry of the original, in order, with the same uncompressed bytes,
except the part(s) holding the anchored paragraphs (``word/document.xml``, footnotes or
endnotes), the comments part (existing comments kept, new ones appended with ids that collide
with no ``w:id`` anywhere in the package) and, when the original had no comments, its content
type and relationship. Where a clause starts or ends inside a run, the run is split in two with
the same run properties. Existing comments, tracked changes, numbering, fields and drawings are
left as they are. Headers and footers cannot carry Word comments, so findings there are listed
as skipped; so are findings inside text boxes.

(Just over 600 lines, on purpose: anchoring, run splitting, comment ids and the rewritten zip
are one transaction over one package and read best together; the package reading itself is in
contractreview.docx.package.)
"""

from __future__ import annotations

import copy
import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractreview.analysis.labels import clause_label, level_basis, level_name, type_names
from contractreview.analysis.results import AnalysisResult, RiskLevel, effect_text
from contractreview.atomic_write import check_destination, write_bytes_atomic
from contractreview.docx.package import DocxPackage, open_docx, to_strict
from contractreview.docx.xml_text import xml_text
from contractreview.errors import ExportError
from contractreview.review.store import (
    Annotation,
    FindingReview,
    reviewed_findings,
    selection_annotations,
)

if TYPE_CHECKING:
    from lxml import etree

    from contractreview.analysis.checklist.answer import ChecklistResult

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DEFAULT_AUTHOR = "ContractReview"

HIGHLIGHT = {
    RiskLevel.HIGH: "red",
    RiskLevel.MEDIUM: "yellow",
    RiskLevel.LOW: "green",
    RiskLevel.INFO: "lightGray",
}

# Parts that can hold comment anchors; headers and footers cannot (Word forbids it).
_COMMENTABLE = ("document", "footnotes", "endnotes")
_ANY_ID = re.compile(rb'\bw:id="(-?\d{1,19})"')  # longer ones are no int32 and int() refuses
MAX_ID = 2**31 - 1  # w:id is a signed 32-bit number (ST_DecimalNumber)
# run properties that come after w:highlight in CT_RPr's sequence
_AFTER_HIGHLIGHT = {
    f"{{{W_NS}}}{t}"
    for t in [
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_RPR = w("p"), w("r"), w("t"), w("rPr")
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_OPAQUE = {f"{{{MC_NS}}}AlternateContent", f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"}


@dataclass(frozen=True)
class AnnotatedExport:
    path: Path
    comments: int  # comments added
    anchored: tuple[str, ...]  # finding ids and "annotation:<id>" that got a comment
    skipped: tuple[tuple[str, str], ...] = field(default=())  # (item, why not)


@dataclass(frozen=True)
class _Span:
    part: str
    para: int
    start: int
    end: int
    text: str  # the text expected at [start, end), to re-find it if offsets drifted


@dataclass
class _Comment:
    key: str
    spans: list[_Span]
    author: str
    lines: list[str]
    level: RiskLevel | None
    id: int = -1
    where: tuple[tuple[int, int], tuple[int, int]] | None = None  # ((para, off), (para, off))


@dataclass
class _Atom:
    run: Any  # the w:r element (or an opaque wrapper, see _holder)
    child: Any  # w:t / w:tab / w:br / w:sym ... inside it
    start: int
    length: int
    splittable: bool = True


# -- the comments' text -------------------------------------------------------------------------


def finding_comment_lines(item: FindingReview, clause: str = "") -> list[str]:
    """What the comment on a finding says: level, clause, types, reasons and what each level
    rests on, playbook position, notes."""
    f = item.finding
    head = f"Risk: {item.level.value.upper()}"
    if item.overridden:
        head += f" (set by the reviewer; analysis said {level_name(f.risk.level)})"
    lines = [head]
    if clause:
        lines.append(f"Clause: {clause}")
    if f.types:
        lines.append("Clause type: " + type_names(f.types))
    if f.effect is not None:
        lines.append(f"Effect: {effect_text(f.effect)}")
    for r in f.risk.reasons:
        lines.append(f"Why: {r.text}")
        lines.append(f"Level: {level_basis(r)}")
        if r.check:
            lines.append(f"Check: {r.check}")
    positions = list(dict.fromkeys(r.position for r in f.risk.reasons if r.position))
    lines.extend(f"Playbook position: {p}" for p in positions)
    if item.override_reason:
        lines.append(f"Reason for the risk change: {item.override_reason}")
    lines.append(f"Status: {item.status.value}")
    for a in item.annotations:
        if a.note:
            lines.append(f"Note ({a.reviewer}): {a.note}" if a.reviewer else f"Note: {a.note}")
    return lines


def annotation_comment_lines(a: Annotation) -> list[str]:
    lines = []
    if a.risk_override is not None:
        lines.append(f"Risk: {a.risk_override.value.upper()} (set by the reviewer)")
    if a.override_reason:
        lines.append(f"Reason for the risk: {a.override_reason}")
    lines.append(f"Status: {a.status.value}")
    if a.note:
        lines.append(f"Note: {a.note}")
    return lines


# -- paragraph text -> runs ---------------------------------------------------------------------


def paragraph_atoms(p: etree._Element) -> tuple[str, list[_Atom]]:
    """The paragraph's text as the reader gives it (``Block.text``: tracked changes accepted)
    and, for each piece of it, the run that holds it.

    The pieces come from :func:`contractreview.docx.reader.iter_paragraph_text_pieces`, so
    offsets agree with the reader by construction. Text inside math or an
    ``mc:AlternateContent`` wrapper is held by that whole element, which is never split."""
    from contractreview.docx.reader import iter_paragraph_text_pieces

    atoms: list[_Atom] = []
    parts: list[str] = []
    for piece in iter_paragraph_text_pieces(p):
        holder = _holder(piece.element, p)
        splittable = holder is piece.element.getparent() and holder.tag == W_R
        atoms.append(_Atom(holder, piece.element, piece.start, piece.end - piece.start, splittable))
        parts.append(piece.text)
    return "".join(parts), atoms


def _holder(el: etree._Element, p: etree._Element) -> etree._Element:
    """The element to split or to put markers beside: the run, unless the text sits in math
    or an alternate-content wrapper, then the outermost such wrapper below the paragraph."""
    holder = el.getparent()
    anc = holder
    while anc is not None and anc is not p:
        if anc.tag in _OPAQUE:
            holder = anc
        anc = anc.getparent()
    return holder if holder is not None else el


def _split_run(run: etree._Element, child: etree._Element, k: int) -> None:
    """Split ``run`` so that the second run starts at ``child`` (offset ``k`` in its text)."""
    children = list(run)
    idx = children.index(child)
    second = copy.deepcopy(run)
    second_children = list(second)
    for c in second_children[:idx]:
        if c.tag != W_RPR:
            second.remove(c)
    for c in children[idx + 1 :]:
        run.remove(c)
    if k:
        text = child.text or ""
        child.text = text[:k]
        child.set(XML_SPACE, "preserve")
        tail = second_children[idx]
        tail.text = text[k:]
        tail.set(XML_SPACE, "preserve")
    else:
        run.remove(child)
    run.addnext(second)


def _split_at(atoms: list[_Atom], pos: int) -> None:
    for a in atoms:
        if a.start <= pos < a.start + a.length:
            k = pos - a.start
            if not a.splittable or (k and a.child.tag != W_T):
                return  # markers go beside the whole element
            if k == 0 and not _has_content_before(a.run, a.child):
                return  # already a run boundary
            _split_run(a.run, a.child, k)
            return


def _has_content_before(run: etree._Element, child: etree._Element) -> bool:
    for c in run:
        if c is child:
            return False
        if c.tag != W_RPR:
            return True
    return False


# -- locating spans ------------------------------------------------------------------------------


def _parse_block(block: str) -> tuple[str, int] | None:
    part, _, n = block.rpartition(":")
    return (part, int(n)) if part and n.isdigit() else None


def _align(text: str, span: _Span) -> tuple[int, int] | None:
    """The span's offsets in ``text``; re-found by its text, nearest to the given offset, when
    the reader counted characters differently from us."""
    if not span.text:
        return (span.start, span.end) if 0 <= span.start < span.end <= len(text) else None
    if text[span.start : span.end] == span.text:
        return span.start, span.end
    hits = [m.start() for m in re.finditer(re.escape(span.text), text)]
    if not hits:
        return None
    at = min(hits, key=lambda h: abs(h - span.start))
    return at, at + len(span.text)


def _in_text_box(p: etree._Element) -> bool:
    anc = p.getparent()
    while anc is not None:
        if anc.tag == w("txbxContent"):
            return True
        anc = anc.getparent()
    return False


# -- the comments part ---------------------------------------------------------------------------


def _comment_element(c: _Comment, date: str) -> etree._Element:
    from lxml import etree

    el = etree.Element(w("comment"), nsmap={"w": W_NS})
    el.set(w("id"), str(c.id))
    el.set(w("author"), _clean(c.author))
    el.set(w("date"), date)
    el.set(w("initials"), _clean(_initials(c.author)))
    for i, line in enumerate(c.lines or [""]):
        p = etree.SubElement(el, W_P)
        if i == 0:
            ref = etree.SubElement(p, W_R)
            etree.SubElement(ref, w("annotationRef"))
        r = etree.SubElement(p, W_R)
        t = etree.SubElement(r, W_T)
        t.text = _clean(line)
        t.set(XML_SPACE, "preserve")
    return el


def _clean(text: str) -> str:
    return xml_text(text)


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalpha())[:4].upper() or "CR"


def _serialize(pkg: DocxPackage, name: str, root: etree._Element) -> bytes:
    """The part's bytes, in the Strict namespaces again when the package was Strict."""
    from lxml import etree

    data = bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return to_strict(data) if pkg.was_strict(name) else data


def open_analysed(
    source: Path, target: Path, result: AnalysisResult, inputs: Sequence[Path | str], what: str
) -> DocxPackage:
    """``source`` opened for an export to ``target``: the destination checked against every
    one of ``inputs`` before any work, and the file refused if it is not the one analysed
    (``what`` would land on the wrong text: "the comments", "the edits")."""
    check_destination(target, inputs)
    pkg = open_docx(source)
    if pkg.sha256 != result.document.sha256:
        raise ExportError(
            f"{source.name} has changed since it was analysed (its content is not the same), "
            f"so {what} could land on the wrong text. Analyse it again, then export."
        )
    return pkg


def _commentable_parts(pkg: DocxPackage) -> dict[str, str]:
    """Block-id prefix -> package part, for the parts that can hold comments (found through
    relationships, as the reader finds them)."""
    from contractreview.docx.reader import story_parts

    return {p.name: p.path for p in story_parts(pkg) if p.name in _COMMENTABLE}


def _comment_ids(pkg: DocxPackage, count: int) -> list[int]:
    """``count`` ids for new comments that collide with no ``w:id`` in the package's Word
    parts: the ones after the largest, or, where those would pass the largest id Word
    accepts, the smallest free ones."""
    used = {
        int(m)
        for info in pkg.entries()
        if info.filename.startswith("word/") and info.filename.endswith(".xml")
        for m in _ANY_ID.findall(pkg.read_bytes(info.filename))
    }
    top = max(used, default=-1)
    if top + count <= MAX_ID:
        return list(range(top + 1, top + 1 + count))
    free: list[int] = []
    n = 0
    while len(free) < count:
        if n not in used:
            free.append(n)
        n += 1
    return free


# -- building the comments -----------------------------------------------------------------------


def _planned_comments(
    result: AnalysisResult, annotations: Sequence[Annotation], reviewer: str
) -> tuple[list[_Comment], list[tuple[str, str]]]:
    comments: list[_Comment] = []
    skipped: list[tuple[str, str]] = []
    for item in reviewed_findings(result, annotations):
        spans = []
        for sid in item.finding.segments:
            try:
                s = result.segment(sid)
            except KeyError:
                continue
            loc = _parse_block(s.block)
            if loc is not None:
                spans.append(_Span(loc[0], loc[1], s.start, s.end, s.text))
        if not spans:
            skipped.append((item.finding.id, "its clause has no position in the document"))
            continue
        author = item.reviewer or reviewer or DEFAULT_AUTHOR
        lines = finding_comment_lines(item, clause_label(result, item.finding))
        comments.append(_Comment(item.finding.id, spans, author, lines, item.level))
    for a in selection_annotations(annotations):
        key = f"annotation:{a.id}"
        loc = _parse_block(a.block or "")
        if loc is None or a.start is None or a.end is None:
            skipped.append((key, "it has no position in the document"))
            continue
        span = _Span(loc[0], loc[1], a.start, a.end, a.quote)
        author = a.reviewer or reviewer or DEFAULT_AUTHOR
        comments.append(_Comment(key, [span], author, annotation_comment_lines(a), a.risk_override))
    return comments, skipped


def _checklist_comments(
    result: AnalysisResult, checklist: ChecklistResult, reviewer: str
) -> list[_Comment]:
    """A comment on the first cited segment of every answer that cites one."""
    from contractreview.export.checklist_section import checklist_comment_lines

    out = []
    for item in checklist.items:
        for citation in item.citations[:1]:
            try:
                s = result.segment(citation.segment)
            except KeyError:
                continue
            loc = _parse_block(s.block)
            if loc is not None:
                span = _Span(loc[0], loc[1], s.start, s.end, s.text)
                lines = checklist_comment_lines(item, checklist)
                level = None if item.preferred else item.level
                author = reviewer or DEFAULT_AUTHOR
                out.append(_Comment(f"checklist:{item.id}", [span], author, lines, level))
    return out


def _locate(
    c: _Comment, paras: list[etree._Element], texts: dict[int, str]
) -> tuple[tuple[int, int], tuple[int, int]] | str:
    """((start para, offset), (end para, offset)) of a comment in one part, or why not."""
    part = c.spans[0].part
    spans = [s for s in c.spans if s.part == part]
    found = []
    for s in spans:
        if not 0 <= s.para < len(paras):
            continue
        if _in_text_box(paras[s.para]):
            return "its clause is in a text box, where Word keeps no comments"
        if s.para not in texts:
            texts[s.para] = paragraph_atoms(paras[s.para])[0]
        at = _align(texts[s.para], s)
        if at is not None:
            found.append(((s.para, at[0]), (s.para, at[1])))
    if not found:
        return "its clause text was not found in the document"
    start, end = found[0][0], found[-1][1]
    if end <= start:
        return "its clause text was not found in the document"
    return start, end


def _anchor_part(
    root: etree._Element, comments: list[_Comment], highlight: bool
) -> list[tuple[str, str]]:
    """Split runs and insert comment markers for every comment of this part."""
    from lxml import etree

    paras = list(root.iter(W_P))
    texts: dict[int, str] = {}
    skipped = []
    placed: list[_Comment] = []
    for c in comments:
        where = _locate(c, paras, texts)
        if isinstance(where, str):
            skipped.append((c.key, where))
            c.id = -1
            continue
        c.where = where
        placed.append(c)

    cuts: dict[int, set[int]] = {}
    for c in placed:
        assert c.where is not None
        (sp, so), (ep, eo) = c.where
        cuts.setdefault(sp, set()).add(so)
        cuts.setdefault(ep, set()).add(eo)
    atoms_of: dict[int, list[_Atom]] = {}
    for pi, positions in cuts.items():
        _, atoms = paragraph_atoms(paras[pi])
        for pos in sorted(positions, reverse=True):  # right to left: earlier atoms stay valid
            _split_at(atoms, pos)
        atoms_of[pi] = paragraph_atoms(paras[pi])[1]

    for c in placed:
        assert c.where is not None
        (sp, so), (ep, eo) = c.where
        first = next(a for a in atoms_of[sp] if a.start + a.length > so)
        last = next(a for a in reversed(atoms_of[ep]) if a.start < eo)
        cid = str(c.id)
        start_el = etree.Element(w("commentRangeStart"))
        start_el.set(w("id"), cid)
        first.run.addprevious(start_el)
        end_el = etree.Element(w("commentRangeEnd"))
        end_el.set(w("id"), cid)
        last.run.addnext(end_el)
        ref = etree.Element(W_R)
        etree.SubElement(ref, w("commentReference")).set(w("id"), cid)
        # the reference goes at paragraph level, never inside a tracked insertion or a link
        holder = end_el
        while holder.getparent() is not None and holder.getparent().tag != W_P:
            holder = holder.getparent()
        holder.addnext(ref)
        if highlight and c.level in HIGHLIGHT:
            for run in _runs_between(paras, atoms_of, c.where):
                _set_highlight(run, HIGHLIGHT[c.level])
    return skipped


def _runs_between(
    paras: list[etree._Element],
    atoms_of: dict[int, list[_Atom]],
    where: tuple[tuple[int, int], tuple[int, int]],
) -> list[etree._Element]:
    (sp, so), (ep, eo) = where
    runs: list[etree._Element] = []
    for pi in range(sp, ep + 1):
        atoms = atoms_of[pi] if pi in atoms_of else paragraph_atoms(paras[pi])[1]
        lo = so if pi == sp else 0
        for a in atoms:
            if a.start >= lo and (pi != ep or a.start < eo) and a.run not in runs:
                runs.append(a.run)
    return runs


def _set_highlight(run: etree._Element, colour: str) -> None:
    from lxml import etree

    rpr = run.find(W_RPR)
    if rpr is None:
        rpr = etree.Element(W_RPR)
        run.insert(0, rpr)
    hl = rpr.find(w("highlight"))
    if hl is None:
        hl = etree.Element(w("highlight"))
        after = next((c for c in rpr if c.tag in _AFTER_HIGHLIGHT), None)
        if after is not None:
            after.addprevious(hl)
        else:
            rpr.append(hl)
    hl.set(w("val"), colour)


# -- the export ----------------------------------------------------------------------------------


def export_annotated_docx(
    source: Path | str,
    target: Path | str,
    result: AnalysisResult,
    annotations: Sequence[Annotation] = (),
    *,
    reviewer: str = "",
    highlight: bool = False,
    date: datetime | None = None,
    protect: Sequence[Path | str] = (),
) -> AnnotatedExport:
    """Write a copy of ``source`` to ``target`` with a Word comment on each finding of
    ``result`` and each annotation on selected text (``highlight``: colour the clauses by
    risk level too), and, for an NDA, one on the evidence of each answer of the NDA checklist
    (keys "checklist:<question id>"). Returns what was anchored and
    what was skipped, with the reason. Never writes onto ``source``, the contract analysed,
    or any of ``protect``."""
    from contractreview.export.checklist_section import review_checklist

    source, target = Path(source), Path(target)
    inputs = (source, result.document.path, *protect)
    pkg = open_analysed(source, target, result, inputs, "the comments")
    stamp = (date or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = _commentable_parts(pkg)
    planned, skipped = _planned_comments(result, annotations, reviewer)
    answers = review_checklist(result)
    if answers is not None:
        planned.extend(_checklist_comments(result, answers, reviewer))
    replaced: dict[str, bytes] = {}
    by_part: dict[str, list[_Comment]] = {}
    for c in planned:
        part = c.spans[0].part
        if part not in parts:
            skipped.append((c.key, "it is in a header or footer, where Word keeps no comments"))
            continue
        by_part.setdefault(part, []).append(c)

    ids = iter(_comment_ids(pkg, sum(len(cs) for cs in by_part.values())))
    for comments in by_part.values():
        for c in comments:
            c.id = next(ids)
    added: list[_Comment] = []
    for part, comments in by_part.items():
        name = parts[part]
        root = pkg.xml(name)
        assert root is not None  # story_parts lists only parts the package has
        skipped.extend(_anchor_part(root, comments, highlight))
        ok = [c for c in comments if c.where is not None]
        if ok:
            replaced[name] = _serialize(pkg, name, root)
            added.extend(ok)

    new_entries: dict[str, bytes] = {}
    if added:
        _add_comments(pkg, added, stamp, replaced, new_entries)
    _write_zip(target, pkg, replaced, new_entries, inputs)
    return AnnotatedExport(
        path=target,
        comments=len(added),
        anchored=tuple(c.key for c in added),
        skipped=tuple(skipped),
    )


def _add_comments(
    pkg: DocxPackage,
    added: list[_Comment],
    stamp: str,
    replaced: dict[str, bytes],
    new_entries: dict[str, bytes],
) -> None:
    from lxml import etree

    main = pkg.main_part
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    existing = pkg.related_parts(main, "comments")
    if existing:
        comments_name = existing[0]
        croot = pkg.xml(comments_name)
        assert croot is not None  # related_parts lists only parts the package has
    else:
        comments_name = posixpath.join(folder, "comments.xml")
        croot = etree.Element(w("comments"), nsmap={"w": W_NS})
        rels = pkg.xml(rels_name)
        if rels is None:
            rels = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
        used = {r.get("Id") for r in rels}
        n = 1
        while f"rId{n}" in used:
            n += 1
        rel = etree.SubElement(rels, f"{{{REL_NS}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", COMMENTS_REL)
        rel.set("Target", "comments.xml")
        data = _serialize(pkg, rels_name, rels) if pkg.has(rels_name) else _new_part(pkg, rels)
        (replaced if pkg.has(rels_name) else new_entries)[rels_name] = data
        ct = pkg.xml("[Content_Types].xml")
        assert ct is not None  # a package without it is refused when opened
        part_name = "/" + comments_name
        if not any(o.get("PartName") == part_name for o in ct):
            ov = etree.SubElement(ct, f"{{{CT_NS}}}Override")
            ov.set("PartName", part_name)
            ov.set("ContentType", COMMENTS_CT)
        replaced["[Content_Types].xml"] = _serialize(pkg, "[Content_Types].xml", ct)
    for c in sorted(added, key=lambda c: c.id):
        croot.append(_comment_element(c, stamp))
    if pkg.has(comments_name):
        replaced[comments_name] = _serialize(pkg, comments_name, croot)
    else:
        new_entries[comments_name] = _new_part(pkg, croot)


def _new_part(pkg: DocxPackage, root: etree._Element) -> bytes:
    """A part the package did not have, in the main part's namespaces (Strict or not)."""
    return _serialize(pkg, pkg.main_part, root)


def _write_zip(
    target: Path,
    pkg: DocxPackage,
    replaced: dict[str, bytes],
    new_entries: dict[str, bytes],
    protect: Sequence[Path | str],
) -> None:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        zout.comment = pkg.zip_comment
        for info in pkg.entries():
            data = replaced.get(info.filename)
            zout.writestr(info, data if data is not None else pkg.read_bytes(info.filename))
        for name, data in new_entries.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    write_bytes_atomic(target, buf.getvalue(), protect=protect)
