"""The DOCX reader on documents the tests build: reading order, regions, tracked changes,
content controls, text boxes, fields, ids and character offsets."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from docx_builder import (
    build_docx,
    checkbox,
    comments_xml,
    deleted,
    field,
    ins,
    notes_xml,
    p,
    r,
    sdt_block,
    sdt_run,
    style,
    styles_xml,
    tbl,
    tc,
    textbox,
)
from lxml import etree

from contractreview.cli.main import main as cli_main
from contractreview.docx.document import Region, RevisionKind, TableCell
from contractreview.docx.package import open_docx
from contractreview.docx.reader import (
    W_NS,
    iter_paragraph_text_pieces,
    read_docx,
    story_parts,
)

W_P = f"{{{W_NS}}}p"


def paragraph_element(path: Path, block_id: str) -> etree._Element:
    """Re-find a block's w:p from its id alone, as an exporter does."""
    pkg = open_docx(path)
    part, n = block_id.split(":")
    paths = {sp.name: sp.path for sp in story_parts(pkg)}
    root = pkg.xml(paths[part])
    assert root is not None
    return list(root.iter(W_P))[int(n)]


def test_body_paragraphs_in_order_with_ids(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "a.docx", [p("First."), p(), p("Second."), p("Third.")])
    doc = read_docx(path)
    assert [(b.id, b.text) for b in doc.blocks] == [
        ("document:0", "First."), ("document:2", "Second."), ("document:3", "Third."),
    ]  # fmt: skip
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.path == str(path)
    assert doc.words == 3


def test_tables_merged_cells_read_once(tmp_path: Path) -> None:
    body = [
        p("Intro"),
        tbl(
            [tc(p("Party"), vmerge="restart"), tc(p("Name"), span=2), tc(p("Role"))],
            [tc(vmerge="continue"), tc(p("Acme")), tc(p("Ltd")), tc(p("Seller"))],
        ),
        p("After"),
    ]
    doc = read_docx(build_docx(tmp_path / "t.docx", body))
    texts = [b.text for b in doc.blocks]
    assert texts == ["Intro", "Party", "Name", "Role", "Acme", "Ltd", "Seller", "After"]
    cells = {b.text: b.cell for b in doc.blocks}
    assert cells["Party"] == TableCell(0, 0, 0)
    assert cells["Role"] == TableCell(0, 0, 3)  # after a cell spanning two grid columns
    assert cells["Acme"] == TableCell(0, 1, 1)
    assert cells["Intro"] is None


def test_nested_tables_and_cell_content_controls(tmp_path: Path) -> None:
    inner = tbl([tc(p("inner"))])
    body = [tbl([tc(p("outer"), inner), tc(sdt_block(p("controlled")))])]
    doc = read_docx(build_docx(tmp_path / "n.docx", body))
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["inner"].cell == TableCell(1, 0, 0)
    assert by_text["outer"].cell == TableCell(0, 0, 0)
    assert by_text["controlled"].in_content_control


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    para = p(
        "The Supplier shall pay ",
        deleted("ten"),
        ins(r("twenty")),
        " days after ",
        '<w:moveFrom w:id="5" w:author="C"><w:r><w:t>old place</w:t></w:r></w:moveFrom>',
        '<w:moveTo w:id="6" w:author="C"><w:r><w:t>invoice</w:t></w:r></w:moveTo>',
        ".",
    )
    doc = read_docx(build_docx(tmp_path / "tc.docx", [para]))
    block = doc.blocks[0]
    assert block.text == "The Supplier shall pay twenty days after invoice."
    kinds = [(rv.kind, rv.start, rv.end, rv.text, rv.author) for rv in block.revisions]
    assert kinds == [
        (RevisionKind.DELETION, 23, 23, "ten", "Bob"),
        (RevisionKind.INSERTION, 23, 29, "twenty", "Ann"),
        (RevisionKind.DELETION, 41, 41, "old place", "C"),
        (RevisionKind.INSERTION, 41, 48, "invoice", "C"),
    ]
    assert block.text[23:29] == "twenty"


def test_deleted_paragraph_disappears(tmp_path: Path) -> None:
    gone = (
        '<w:p><w:pPr><w:rPr><w:del w:id="9" w:author="A"/></w:rPr></w:pPr>'
        + deleted("Removed clause.")
        + "</w:p>"
    )
    doc = read_docx(build_docx(tmp_path / "d.docx", [p("Kept."), gone, p("Also kept.")]))
    assert [b.text for b in doc.blocks] == ["Kept.", "Also kept."]


def test_content_controls_block_and_run_level(tmp_path: Path) -> None:
    body = [
        sdt_block(p("Service Levels"), p("99.9% uptime")),
        p("The fee is ", sdt_run("USD 100"), " per month."),
        p("Plain"),
    ]
    doc = read_docx(build_docx(tmp_path / "s.docx", body))
    assert [(b.text, b.in_content_control) for b in doc.blocks] == [
        ("Service Levels", True),
        ("99.9% uptime", True),
        ("The fee is USD 100 per month.", True),
        ("Plain", False),
    ]


def test_text_box_read_once_without_vml_copy(tmp_path: Path) -> None:
    body = [p("Annex I", textbox(p("Box line one"), p("Box line two"))), p("After")]
    path = build_docx(tmp_path / "x.docx", body)
    doc = read_docx(path)
    assert [(b.id, b.text, b.region) for b in doc.blocks] == [
        ("document:0", "Annex I", Region.BODY),
        ("document:1", "Box line one", Region.TEXTBOX),
        ("document:2", "Box line two", Region.TEXTBOX),
        # document:3 and :4 are the VML fallback copies: skipped but counted
        ("document:5", "After", Region.BODY),
    ]
    assert paragraph_element(path, "document:5").findtext(f".//{{{W_NS}}}t") == "After"


def test_notes_headers_footers_kept_apart(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "h.docx",
        [p("Body text", '<w:r><w:footnoteReference w:id="1"/></w:r>')],
        footnotes=notes_xml("footnote", (1, p("A footnote."))),
        endnotes=notes_xml("endnote", (1, p("An endnote."))),
        headers=[p("CONFIDENTIAL")],
        footers=[p("Page ", field("PAGE", "1"))],
    )
    doc = read_docx(path)
    assert [(b.id, b.region, b.text) for b in doc.blocks] == [
        ("document:0", Region.BODY, "Body text"),
        ("footnotes:2", Region.FOOTNOTE, "A footnote."),  # 0 and 1 are the separators
        ("endnotes:2", Region.ENDNOTE, "An endnote."),
        ("header1:0", Region.HEADER, "CONFIDENTIAL"),
        ("footer1:0", Region.FOOTER, "Page 1"),
    ]
    assert [b.text for b in doc.body()] == ["Body text", "A footnote.", "An endnote."]


def test_special_characters_fields_and_checkboxes(tmp_path: Path) -> None:
    para = p(
        "a",
        "<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:noBreakHyphen/><w:t>d</w:t>"
        '<w:softHyphen/><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>',
        field('HYPERLINK "https://example.com"', "example.com"),
        " ",
        checkbox(checked=True),
        checkbox(checked=False),
        '<w:fldSimple w:instr=" DATE "><w:r><w:t>1 May 2024</w:t></w:r></w:fldSimple>',
    )
    doc = read_docx(build_docx(tmp_path / "f.docx", [para]))
    assert doc.blocks[0].text == "a\tb\nc\n-d☒example.com ☒☐1 May 2024"


def test_hidden_text_is_not_read(tmp_path: Path) -> None:
    para = p("Visible", r(" secret", rpr="<w:vanish/>"), ".")
    assert read_docx(build_docx(tmp_path / "v.docx", [para])).blocks[0].text == "Visible."


def test_headings_styles_and_outline_levels(tmp_path: Path) -> None:
    styles = styles_xml(
        style("Heading1", "heading 1", outline=0),
        style("Heading2", "heading 2"),
        style("Clause", "Clause", outline=2),
        style("Title", "Title"),
    )
    body = [
        p("Agreement", style="Title"),
        p("Definitions", style="Heading1"),
        p("Scope", style="Heading2"),
        p("Deep", style="Clause"),
        p("Direct", ppr='<w:outlineLvl w:val="3"/>'),
        p("Body text", ppr='<w:outlineLvl w:val="9"/>', style="Heading1"),
        p("Normal text"),
    ]
    doc = read_docx(build_docx(tmp_path / "s.docx", body, styles=styles))
    assert [(b.style, b.heading_level) for b in doc.blocks] == [
        ("Title", None),
        ("heading 1", 1),
        ("heading 2", 2),
        ("Clause", 3),
        ("Normal", 4),
        ("heading 1", None),
        ("Normal", None),
    ]


def test_outline_level_on_normal_style_is_ignored(tmp_path: Path) -> None:
    styles = (
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>'
    )
    doc = read_docx(build_docx(tmp_path / "n.docx", [p("Just text")], styles=styles))
    assert doc.blocks[0].heading_level is None


def test_comments_and_title(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "c.docx",
        [
            p("Some long opening line that is definitely more than twelve words long, so skip it."),
            p("Master Services Agreement"),
        ],
        comments=comments_xml((3, "Counsel", "Check the cap.")),
        title="",
    )
    doc = read_docx(path)
    assert [(c.id, c.author, c.text) for c in doc.comments] == [("3", "Counsel", "Check the cap.")]
    assert doc.title == "Master Services Agreement"
    titled = read_docx(build_docx(tmp_path / "t.docx", [p("x")], title="Supply Agreement"))
    assert titled.title == "Supply Agreement"


def test_text_pieces_map_offsets_to_runs(tmp_path: Path) -> None:
    para = p(
        "The ",
        r("Customer", rpr="<w:b/>"),
        deleted(" never"),
        ins(r(" shall")),
        "<w:r><w:tab/></w:r>",
        " pay.",
        textbox(p("boxed")),
    )
    path = build_docx(tmp_path / "o.docx", [para])
    block = read_docx(path).blocks[0]
    element = paragraph_element(path, block.id)
    pieces = iter_paragraph_text_pieces(element)
    assert "".join(pc.text for pc in pieces) == block.text == "The Customer shall\t pay."
    assert [pc.start for pc in pieces[1:]] == [pc.end for pc in pieces[:-1]]
    # the runs an exporter would anchor a comment on for "Customer shall"
    start = block.text.index("Customer")
    end = start + len("Customer shall")
    hit = [pc for pc in pieces if pc.start < end and pc.end > start]
    assert [pc.text for pc in hit] == ["Customer", " shall"]
    assert hit[0].element.getparent().find(f"{{{W_NS}}}rPr") is not None  # the bold run
    assert all(pc.element.tag.endswith(("}t", "}tab")) for pc in pieces)


def test_python_docx_document_parses(tmp_path: Path) -> None:
    """A package written by python-docx (Word's default template, real styles.xml)."""
    import docx

    d = docx.Document()
    d.add_heading("Supply Agreement", level=1)
    d.add_paragraph("The Supplier shall deliver the Goods.")
    d.add_paragraph("First obligation", style="List Number")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Price"
    table.cell(0, 1).text = "EUR 10"
    d.core_properties.title = ""
    path = tmp_path / "pd.docx"
    d.save(str(path))
    doc = read_docx(path)
    assert [b.text for b in doc.blocks] == [
        "Supply Agreement", "The Supplier shall deliver the Goods.", "First obligation", "Price",
        "EUR 10",
    ]  # fmt: skip
    assert doc.blocks[0].heading_level == 1
    assert doc.blocks[2].list_label == "1."
    assert doc.title == "Supply Agreement"


def test_parse_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = (
        "The Supplier shall deliver the Goods to the Customer at the address given in the "
        "Order. Delivery is complete when the Customer signs the receipt. Risk passes on "
        "delivery, and title passes when the Customer has paid in full for the Goods. The "
        "Supplier may deliver in instalments, each invoiced separately, unless agreed otherwise."
    )
    path = build_docx(tmp_path / "j.docx", [p("Delivery", style="Heading1"), p(long)],
                      styles=styles_xml(style("Heading1", "heading 1")))  # fmt: skip
    assert cli_main(["parse", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert data["document"]["title"] == "Delivery"
    assert [b["id"] for b in data["blocks"]] == ["document:0", "document:1"]
    assert data["blocks"][0]["heading_level"] == 1
    segs = data["segments"]
    assert len(segs) >= 3
    for seg in segs:
        block = next(b for b in data["blocks"] if b["id"] == seg["block"])
        assert block["text"][seg["start"] : seg["end"]] == seg["text"]
    assert segs[1]["heading"] == "Delivery"
    assert cli_main(["parse", str(path)]) == 0
    assert "Delivery" in capsys.readouterr().out


def test_every_part_name_maps_back_to_its_file(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "p.docx", [p("x")], headers=[p("h1"), p("h2")], footers=[p("f")])
    names = {sp.name: sp.path for sp in story_parts(open_docx(path))}
    assert names == {
        "document": "word/document.xml",
        "header1": "word/header1.xml",
        "header2": "word/header2.xml",
        "footer1": "word/footer1.xml",
    }
    with zipfile.ZipFile(path) as z:
        assert set(names.values()) <= set(z.namelist())
