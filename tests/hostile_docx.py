"""Hostile DOCX files of a few KB each (issue 21): numbering bombs, malformed attributes,
duplicate zip entries, lying zip sizes, terminal escapes, parser limits, Strict Open XML.

Each builder writes one file and returns its path; the tests in ``test_docx_hostile.py`` read
them, and ``python tests/hostile_docx.py OUTDIR`` writes them all (to measure by hand).
"""

from __future__ import annotations

import random
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx_builder import (
    NS,
    abstract_num,
    build_docx,
    lvl,
    num,
    numbering_xml,
    p,
    r,
    tbl,
    tc,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbered(path: Path, level: str, paragraphs: int = 1, override: str = "") -> Path:
    """``paragraphs`` paragraphs of list 1, whose level 0 is ``level``."""
    instance = f'<w:num w:numId="1"><w:abstractNumId w:val="0"/>{override}</w:num>'
    body = [p(f"Clause {i}: the Supplier shall deliver.", num=1, ilvl=0) for i in range(paragraphs)]
    return build_docx(path, body, numbering=numbering_xml(abstract_num(0, level), instance))


def roman_start(path: Path) -> Path:
    """``w:start`` 10^13 in upperRoman: ten billion 'M's for one label."""
    return numbered(path, lvl(0, "upperRoman", "%1.", 10**13))


def letter_start(path: Path) -> Path:
    """lowerLetter from 2*10^8: 7.7 million letters per label, on 2,000 paragraphs."""
    return numbered(path, lvl(0, "lowerLetter", "%1)", 2 * 10**8), paragraphs=2000)


def long_lvl_text(path: Path) -> Path:
    """An ``lvlText`` of 400,000 ``%1`` on 7,500 paragraphs."""
    return numbered(path, lvl(0, "decimal", "%1" * 400_000), paragraphs=7500)


def bad_ilvl(path: Path) -> Path:
    """Non-integer ``w:lvl/@w:ilvl`` and ``lvlOverride/@w:ilvl``."""
    level = lvl(0, "decimal", "%1.").replace('w:ilvl="0"', 'w:ilvl="first"', 1)
    override = '<w:lvlOverride w:ilvl="one"><w:startOverride w:val="5"/></w:lvlOverride>'
    return numbered(path, level, override=override)


def bad_grid(path: Path) -> Path:
    """Non-integer ``gridBefore`` and ``gridSpan``."""
    row = '<w:tr><w:trPr><w:gridBefore w:val="two"/></w:trPr>'
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="2.5"/></w:tcPr>' + p("Fee: USD 10") + "</w:tc>"
    table = f"<w:tbl>{row}{cell}{tc(p('Term: 2 years'))}</w:tr></w:tbl>"
    return build_docx(path, [p("Schedule"), table])


def sym(path: Path, char: str) -> Path:
    """A ``w:sym`` with ``w:char`` = ``char`` inside a sentence."""
    run = f'<w:r><w:sym w:font="Wingdings" w:char="{char}"/></w:r>'
    return build_docx(path, [p(r("The Supplier shall "), run, r(" deliver the goods."))])


def sym_escape(path: Path) -> Path:
    """A terminal escape sequence spelled with ``w:sym``: ESC ]0;pwned BEL (sets the title)."""
    esc = '<w:r><w:sym w:char="001B"/></w:r>'
    bel = '<w:r><w:sym w:char="0007"/></w:r>'
    return build_docx(path, [p(r("The Supplier shall deliver."), esc, r("]0;pwned"), bel)])


def duplicate_main(path: Path) -> Path:
    """Two ``word/document.xml`` entries: the first holds the real text."""
    build_docx(path, [p("The Supplier shall deliver the goods by 1 May.")])
    with zipfile.ZipFile(path, "a") as z, _quiet_duplicates():
        z.writestr("word/document.xml", f"<w:document {NS}><w:body>{p('Nothing.')}</w:body>"
                   "</w:document>")  # fmt: skip
    return path


def _quiet_duplicates() -> object:
    import warnings

    w = warnings.catch_warnings()
    warnings.simplefilter("ignore")  # zipfile warns "Duplicate name"
    return w


def alt_chunk(path: Path) -> Path:
    """A body that embeds an HTML file through ``w:altChunk``."""
    body = [p("The Supplier shall deliver."), '<w:altChunk r:id="rIdAlt"/>']
    build_docx(path, body, extra_parts={"word/afchunk.htm": b"<html>Liability unlimited</html>"})
    rels = "word/_rels/document.xml.rels"
    _rewrite(path, rels, lambda xml: xml.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdAlt" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/aFChunk" Target="afchunk.htm"/></Relationships>',
    ))  # fmt: skip
    return path


def deep_tables(path: Path, depth: int = 300) -> Path:
    """Tables nested ``depth`` deep: past libxml2's safe depth."""
    inner = p("Innermost clause.")
    for _ in range(depth):
        inner = tbl([tc(inner)])
    return build_docx(path, [inner])


def huge_text_node(path: Path, size: int = 12_000_000) -> Path:
    """One ``w:t`` of 12 MB (varied words, so the zip ratio check does not catch it)."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(6)) for _ in range(4096)]
    text = " ".join(rng.choice(words) for _ in range(size // 6))[:size]
    return build_docx(path, [p(text)])


def many_entries(path: Path, entries: int = 10_001) -> Path:
    build_docx(path, [p("The Supplier shall deliver.")])
    with zipfile.ZipFile(path, "a") as z:
        for i in range(entries):
            z.writestr(f"customXml/item{i}.xml", b"")
    return path


def lying_size(path: Path) -> Path:
    """A stored part the reader never opens whose zip headers say 10 bytes more than it
    holds: reading it runs into the next entry and fails the CRC check (BadZipFile)."""
    build_docx(path, [p("The Supplier shall deliver.")])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        z.writestr("docProps/app.xml", b"<Properties/>")
    data = bytearray(path.read_bytes())
    name = b"docProps/app.xml"
    # (signature, offset of the name, offsets of the compressed and uncompressed sizes)
    for sig, name_at, sizes in ((b"PK\x03\x04", 30, (18, 22)), (b"PK\x01\x02", 46, (20, 24))):
        at = data.find(sig)
        while at != -1:
            if data[at + name_at : at + name_at + len(name)] == name:
                for off in sizes:
                    (size,) = struct.unpack_from("<I", data, at + off)
                    struct.pack_into("<I", data, at + off, size + 10)
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))
    return path


def odd_header_names(path: Path) -> Path:
    """Header parts named with a superscript digit and with 5,000 digits (past the length
    ``int()`` converts)."""
    build_docx(path, [p("The Supplier shall deliver.")], headers=[p("Draft"), p("Confidential")])
    names = {"header1.xml": "header\u00b2.xml", "header2.xml": f"header{'7' * 5000}.xml"}
    with zipfile.ZipFile(path) as z:
        items = [(info.filename, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            for old, new in names.items():
                name = name.replace(old, new)
                data = data.replace(old.encode(), new.encode())
            z.writestr(name, data)
    return path


def style_chain(path: Path, styles: int = 3000, paragraphs: int = 3000) -> Path:
    """Each style based on the one before, every paragraph in the last: each paragraph
    walked the whole chain several times (3,000 x 3,000 x 4 steps)."""
    from docx_builder import style, styles_xml

    chain = [style("S0", "Base")]
    chain += [style(f"S{i}", f"Style {i}", based_on=f"S{i - 1}") for i in range(1, styles)]
    body = [p(f"Clause {i}: the Supplier shall deliver.", style=f"S{styles - 1}")
            for i in range(paragraphs)]  # fmt: skip
    return build_docx(path, body, styles=styles_xml(*chain))


def many_insertions(path: Path, n: int = 50_000) -> Path:
    """One paragraph of ``n`` tracked insertions: each insertion joined the whole paragraph
    so far to take its text (50,000: two minutes)."""
    from docx_builder import ins

    return build_docx(path, [p(*[ins(r(f"w{i} ")) for i in range(n)])])


def many_fields(path: Path, n: int = 50_000) -> Path:
    """One paragraph opening ``n`` fields (begin, separate, never ended), then ``n`` runs:
    each run scanned every open field."""
    opened = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    opened += '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    return build_docx(path, [p(*([opened] * n), *[r(f"w{i} ") for i in range(n)])])


def big_ids(path: Path, bookmark_id: str = "2147483647") -> Path:
    """A bookmark whose ``w:id`` is 2^31-1, the largest id Word accepts (or ``bookmark_id``)."""
    mark = (
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="x"/><w:bookmarkEnd w:id="{bookmark_id}"/>'
    )
    return build_docx(path, [p(mark, r("The Supplier's total liability shall be unlimited."))])


# -- Strict Open XML -----------------------------------------------------------------------------

STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main":
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    b"http://schemas.openxmlformats.org/officeDocument/2006/math":
        b"http://purl.oclc.org/ooxml/officeDocument/math",
    b"http://schemas.openxmlformats.org/drawingml/2006/main":
        b"http://purl.oclc.org/ooxml/drawingml/main",
    b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing":
        b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
}  # fmt: skip


def to_strict(source: Path, target: Path) -> Path:
    """Rewrite a transitional DOCX as Word's "Strict Open XML Document" writer does: the
    ISO/IEC 29500 Strict namespaces in every XML part, relationship types under
    ``http://purl.oclc.org/ooxml/officeDocument/relationships/``, and
    ``w:conformance="strict"`` on the document element; content types stay as they are."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith((".xml", ".rels")) and info.filename != "[Content_Types].xml":
                for old, new in STRICT.items():
                    data = data.replace(old, new)
                if info.filename == "word/document.xml":
                    data = re.sub(rb"(<w:document\b)", rb'\1 w:conformance="strict"', data, count=1)
            zout.writestr(info, data)
    return target


def strict_docx(path: Path) -> Path:
    """A Strict DOCX with numbering, styles, a footnote, a table and a comment."""
    from docx_builder import comments_xml, notes_xml, style, styles_xml

    numbering = numbering_xml(abstract_num(0, lvl(0, "decimal", "%1.")), num(1, 0))
    body = [
        p("MUTUAL NON-DISCLOSURE AGREEMENT", style="Title"),
        p("Confidentiality. Each party shall keep the other's information secret.", num=1),
        p("Term. This Agreement lasts two years.", num=1),
        tbl([tc(p("Governing law")), tc(p("England and Wales"))]),
    ]
    transitional = path.with_name(path.stem + "-transitional.docx")
    build_docx(
        transitional,
        body,
        numbering=numbering,
        styles=styles_xml(style("Title", "Title")),
        footnotes=notes_xml("footnote", (1, p("A footnote."))),
        comments=comments_xml((0, "Ann", "Check the term.")),
    )
    to_strict(transitional, path)
    transitional.unlink()
    return path


def _rewrite(path: Path, name: str, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data) if info.filename == name else data)


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "roman-start": roman_start,
    "letter-start": letter_start,
    "long-lvl-text": long_lvl_text,
    "bad-ilvl": bad_ilvl,
    "bad-grid": bad_grid,
    "sym-ffffffff": lambda path: sym(path, "FFFFFFFF"),
    "sym-d800": lambda path: sym(path, "D800"),
    "sym-escape": sym_escape,
    "duplicate-main": duplicate_main,
    "alt-chunk": alt_chunk,
    "deep-tables": deep_tables,
    "huge-text-node": huge_text_node,
    "many-entries": many_entries,
    "lying-size": lying_size,
    "big-ids": big_ids,
    "many-insertions": many_insertions,
    "many-fields": many_fields,
    "style-chain": style_chain,
    "odd-header-names": odd_header_names,
    "strict": strict_docx,
}


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for key, build in BUILDERS.items():
        made = build(out / f"{key}.docx")
        print(f"{made.name}: {made.stat().st_size:,} bytes")
