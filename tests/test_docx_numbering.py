"""List labels as Word displays them, on documents these tests build with real numbering.xml."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_builder import (
    abstract_num,
    build_docx,
    lvl,
    num,
    numbering_xml,
    p,
    style,
    styles_xml,
    tbl,
    tc,
)

from contractreview.docx.numbering import format_number, to_letters, to_roman
from contractreview.docx.reader import read_docx


def labels(path: Path) -> list[tuple[str | None, str]]:
    return [(b.list_label, b.text) for b in read_docx(path).blocks]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (4, "upperRoman", "IV"),
        (1994, "lowerRoman", "mcmxciv"),
        (2, "lowerLetter", "b"),
        (27, "lowerLetter", "aa"),
        (53, "upperLetter", "AAA"),
        (1, "ordinal", "1st"),
        (12, "ordinal", "12th"),
        (23, "ordinal", "23rd"),
        (7, "decimalZero", "07"),
        (12, "decimalZero", "12"),
        (3, "cardinalText", "Three"),
        (2, "ordinalText", "Second"),
        (5, "none", ""),
        (9, "someFutureFormat", "9"),
    ],
)
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_roman_and_letters_edges() -> None:
    assert to_roman(3999) == "mmmcmxcix"
    assert to_letters(26) == "z"
    assert to_letters(0) == ""


def test_multilevel_legal_numbering(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(
            1,
            lvl(0, "decimal", "%1.", start=12),
            lvl(1, "decimal", "%1.%2"),
            lvl(2, "lowerLetter", "%1.%2(%3)"),
            lvl(3, "lowerRoman", "(%4)"),
        ),
        num(1, 1),
    )
    body = [
        p("Limitation of Liability", num=1, ilvl=0),
        p("Cap", num=1, ilvl=1),
        p("Exclusions", num=1, ilvl=1),
        p("Third", num=1, ilvl=1),
        p("first item", num=1, ilvl=2),
        p("second item", num=1, ilvl=2),
        p("sub one", num=1, ilvl=3),
        p("sub two", num=1, ilvl=3),
        p("Termination", num=1, ilvl=0),
        p("restarted", num=1, ilvl=1),
    ]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert [lab for lab, _ in got] == [
        "12.", "12.1", "12.2", "12.3", "12.3(a)", "12.3(b)", "(i)", "(ii)", "13.", "13.1",
    ]  # fmt: skip


def test_article_roman_and_level(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(1, lvl(0, "upperRoman", "Article %1"), lvl(1, "upperLetter", "Section %2.")),
        num(3, 1),
    )
    body = [p(f"Art {i}", num=3, ilvl=0) for i in range(4)] + [p("s", num=3, ilvl=1)]
    doc = read_docx(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert [b.list_label for b in doc.blocks] == [
        "Article I", "Article II", "Article III", "Article IV", "Section A.",
    ]  # fmt: skip
    assert doc.blocks[-1].list_level == 1
    assert doc.blocks[-1].display_text == "Section A. s"


def test_numbering_from_style_chain(tmp_path: Path) -> None:
    """numId from the style (through basedOn); ilvl from the level whose pStyle names it."""
    numbering = numbering_xml(
        abstract_num(
            5,
            lvl(0, "decimal", "%1.", pstyle="Heading1"),
            lvl(1, "decimal", "%1.%2", pstyle="Heading2"),
        ),
        num(9, 5),
    )
    styles = styles_xml(
        style("Heading1", "heading 1", num_id=9),
        style("Heading2", "heading 2", num_id=9),
        style("MyClause", "My Clause", based_on="Heading2"),
        style("Plain", "Plain heading", based_on="Heading1"),
    )
    body = [
        p("Definitions", style="Heading1"),
        p("Agreement means", style="Heading2"),
        p("Affiliate means", style="MyClause"),
        p("Unnumbered", style="Plain", num=0),
        p("Services", style="Heading1"),
    ]
    doc = read_docx(build_docx(tmp_path / "a.docx", body, numbering=numbering, styles=styles))
    assert [b.list_label for b in doc.blocks] == ["1.", "1.1", "1.2", None, "2."]
    assert [b.heading_level for b in doc.blocks] == [1, 2, 2, 1, 1]
    assert doc.blocks[2].style == "My Clause"


def test_num_style_link(tmp_path: Path) -> None:
    """abstractNum with numStyleLink -> numbering style -> numId -> abstractNum with styleLink."""
    numbering = numbering_xml(
        abstract_num(1, lvl(0, "lowerLetter", "(%1)"), style_link="LegalList"),
        abstract_num(2, num_style_link="LegalList"),
        num(1, 1),
        num(2, 2),
    )
    styles = styles_xml(style("LegalList", "Legal List", num_id=1, stype="numbering"))
    body = [p("x", num=2, ilvl=0), p("y", num=2, ilvl=0), p("z", num=2, ilvl=0)]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering, styles=styles))
    assert [lab for lab, _ in got] == ["(a)", "(b)", "(c)"]


def test_restart_with_start_override_and_continuation(tmp_path: Path) -> None:
    """A second w:num of the same abstractNum continues the list unless it overrides start."""
    numbering = numbering_xml(
        abstract_num(1, lvl(0, "lowerRoman", "(%1)")),
        num(1, 1),
        num(2, 1),  # continues
        num(3, 1, {0: 1}),  # restarts at (i)
        num(4, 1, {0: 5}),  # restarts at (v)
    )
    body = [
        p("a", num=1),
        p("b", num=1),
        p("c", num=2),
        p("d", num=3),
        p("e", num=3),
        p("f", num=4),
        p("g", num=1),
    ]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert [lab for lab, _ in got] == ["(i)", "(ii)", "(iii)", "(i)", "(ii)", "(v)", "(vi)"]


def test_lvl_restart_zero_never_restarts(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(1, lvl(0, "decimal", "Part %1"), lvl(1, "decimal", "Note %2", restart=0)),
        num(1, 1),
    )
    body = [p("a", num=1, ilvl=0), p("b", num=1, ilvl=1), p("c", num=1, ilvl=0),
            p("d", num=1, ilvl=1)]  # fmt: skip
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert [lab for lab, _ in got] == ["Part 1", "Note 1", "Part 2", "Note 2"]


def test_is_lgl_shows_arabic_numbers(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(
            1, lvl(0, "upperRoman", "Article %1"), lvl(1, "decimal", "%1.%2", is_lgl=True)
        ),
        num(1, 1),
    )
    body = [p("a", num=1, ilvl=0), p("b", num=1, ilvl=0), p("c", num=1, ilvl=1)]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert [lab for lab, _ in got] == ["Article I", "Article II", "2.1"]


def test_list_continues_across_tables(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, lvl(0, "decimal", "%1.")), num(1, 1))
    body = [
        p("before", num=1),
        tbl([tc(p("in cell", num=1)), tc(p("plain cell"))]),
        p("after", num=1),
    ]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert got == [("1.", "before"), ("2.", "in cell"), (None, "plain cell"), ("3.", "after")]


def test_bullets_none_and_decimal_zero(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(1, lvl(0, "bullet", "\uf0b7"), lvl(1, "bullet", "o")),
        abstract_num(2, lvl(0, "none", "")),
        abstract_num(3, lvl(0, "decimalZero", "%1)"), lvl(1, "ordinal", "%2 item")),
        num(1, 1),
        num(2, 2),
        num(3, 3),
    )
    body = [
        p("bullet", num=1),
        p("sub bullet", num=1, ilvl=1),
        p("no label", num=2),
        p("zero", num=3),
        p("ord", num=3, ilvl=1),
    ]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert [lab for lab, _ in got] == ["•", "o", None, "01)", "1st item"]


def test_skipped_level_counts_at_its_start(tmp_path: Path) -> None:
    """A list entered at level 2 shows the level-1 start; the next level-1 item is start+1."""
    numbering = numbering_xml(
        abstract_num(1, lvl(0, "decimal", "%1.", start=9), lvl(1, "decimal", "%1.%2")),
        num(1, 1),
    )
    body = [p("a", num=1, ilvl=1), p("b", num=1, ilvl=1), p("c", num=1, ilvl=0)]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert [lab for lab, _ in got] == ["9.1", "9.2", "10."]


def test_empty_numbered_paragraphs(tmp_path: Path) -> None:
    """An empty list paragraph takes a number (Word shows it); a bare section break does not."""
    numbering = numbering_xml(abstract_num(1, lvl(0, "decimal", "%1.")), num(1, 1))
    body = [
        p("one", num=1),
        p(num=1),
        p(num=1, ppr="<w:sectPr/>"),
        p("three", num=1),
    ]
    got = labels(build_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert got == [("1.", "one"), ("3.", "three")]


def test_unknown_num_id_and_missing_numbering_part(tmp_path: Path) -> None:
    body = [p("orphan", num=42), p("plain")]
    got = labels(build_docx(tmp_path / "a.docx", body))
    assert got == [(None, "orphan"), (None, "plain")]


def test_footnote_lists_count_apart_from_body(tmp_path: Path) -> None:
    from docx_builder import notes_xml

    numbering = numbering_xml(abstract_num(1, lvl(0, "decimal", "%1.")), num(1, 1))
    notes = notes_xml("footnote", (1, p("note item", num=1)))
    body = [p("body one", num=1), p("body two", num=1)]
    doc = read_docx(build_docx(tmp_path / "a.docx", body, numbering=numbering, footnotes=notes))
    assert [(b.region.value, b.list_label) for b in doc.blocks] == [
        ("body", "1."), ("body", "2."), ("footnote", "1."),
    ]  # fmt: skip
