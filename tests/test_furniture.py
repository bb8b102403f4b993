"""Page furniture (running headers, EDGAR footers, page numbers) is never a heading."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_builder import build_docx, p, style, styles_xml

from contractreview.analysis.furniture import CUES, furniture_blocks, is_furniture_shape
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text
from contractreview.docx.reader import read_docx

FOOTER = "Source: ACME HOLDINGS, INC., 10-K, 3/12/2020"


@pytest.mark.parametrize(
    ("cue", "text", "expected"),
    [(c.name, t, True) for c in CUES for t in c.matches]
    + [(c.name, t, False) for c in CUES for t in c.rejects],
)
def test_cue_examples(cue: str, text: str, expected: bool) -> None:
    pattern = next(c.pattern for c in CUES if c.name == cue)
    assert bool(pattern.match(text)) is expected


def _pages(*pages: str, footer: str = FOOTER) -> str:
    return "".join(f"{page}\n\n{n}\n\n{footer}\n\n\n\n" for n, page in enumerate(pages, 1))


def test_edgar_footer_is_a_unit_not_the_heading_of_the_next_page() -> None:
    text = _pages(
        "1. DEFINITIONS\n\nThe Goods are the widgets described in the Schedule attached hereto.",
        "The Supplier shall deliver the Goods to the Customer within thirty days of an order.",
        "2. GOVERNING LAW\n\nThis Agreement is governed by the laws of the State of New York.",
    )
    segs = segment_document(document_from_text(text))
    footers = [s for s in segs if s.text == FOOTER]
    assert len(footers) == 3
    assert not any(s.is_heading for s in footers)
    deliver = next(s for s in segs if s.text.startswith("The Supplier shall deliver"))
    assert deliver.heading == "1. DEFINITIONS"
    assert deliver.model_input().startswith("1. DEFINITIONS | ")
    law = next(s for s in segs if s.text.startswith("This Agreement is governed"))
    assert law.heading == "2. GOVERNING LAW"
    assert {s.text for s in segs} >= {FOOTER, "1. DEFINITIONS", "2. GOVERNING LAW"}


def test_a_single_footer_is_known_by_its_shape() -> None:
    text = "1. TERM\n\n" + FOOTER + "\n\nThe term of this Agreement is five years from signing."
    segs = segment_document(document_from_text(text))
    term = next(s for s in segs if s.text.startswith("The term"))
    assert term.heading == "1. TERM"


def test_a_running_title_repeated_on_every_page_is_furniture() -> None:
    running = "Master Supply Agreement Between Acme and Widget Co"
    assert looks_like_a_title(running)
    text = _pages(
        "1. PRICE\n\nThe price of each widget is set out in Schedule 1 to this Agreement.",
        "The Customer shall pay each invoice within thirty days of its date of issue.",
        "Each party shall bear its own costs of negotiating this Agreement and its annexes.",
        footer=running,
    )
    segs = segment_document(document_from_text(text))
    pay = next(s for s in segs if s.text.startswith("The Customer shall pay"))
    assert pay.heading == "1. PRICE"
    assert not any(s.is_heading for s in segs if s.text == running)


def looks_like_a_title(text: str) -> bool:
    from contractreview.analysis.segmenter import looks_like_heading
    from contractreview.docx.document import Block

    return looks_like_heading(Block(id="x", text=text)) and not is_furniture_shape(text)


def test_a_heading_used_twice_stays_a_heading() -> None:
    text = (
        "Schedule 1\n\nFees\n\nThe fees for the first service are one hundred dollars a month.\n\n"
        "Schedule 2\n\nFees\n\nThe fees for the second service are two hundred dollars a month."
    )
    segs = segment_document(document_from_text(text))
    first = next(s for s in segs if s.text.startswith("The fees for the first"))
    assert first.heading.endswith("Fees")
    assert sum(s.is_heading for s in segs if s.text == "Fees") == 2


def test_styled_headings_repeated_in_a_docx_stay_headings(tmp_path: Path) -> None:
    styles = styles_xml(style("Heading2", "heading 2", outline=1))
    body = []
    for k in range(1, 4):
        body += [
            p(f"Order Form {k}", style="Heading2"),
            p("Fees", style="Heading2"),
            p(f"The Customer pays {k} hundred dollars a month for the service."),
        ]
    doc = read_docx(build_docx(tmp_path / "forms.docx", body, styles=styles))
    assert not furniture_blocks(doc.blocks)
    segs = segment_document(doc)
    assert sum(s.is_heading for s in segs if s.text == "Fees") == 3
    pays = [s for s in segs if s.text.startswith("The Customer pays")]
    assert [s.heading.rsplit(" > ", 1)[-1] for s in pays] == ["Fees"] * 3


def test_page_numbers_and_unstyled_repeats_in_a_docx(tmp_path: Path) -> None:
    body = [
        p("1. SERVICES"),
        p("The Supplier shall provide the services described in the order form."),
        p("Page 1 of 2"),
        p("The Supplier shall keep the service available at all times of day."),
    ]
    doc = read_docx(build_docx(tmp_path / "pages.docx", body))
    segs = segment_document(doc)
    keep = next(s for s in segs if s.text.startswith("The Supplier shall keep"))
    assert keep.heading == "1. SERVICES"
    assert any(s.text == "Page 1 of 2" and not s.is_heading for s in segs)


def test_furniture_heading_counts_before_and_after() -> None:
    from contractreview_training.furniture_share import furniture_heading_counts

    text = _pages(
        "1. DEFINITIONS\n\nThe Goods are the widgets described in the Schedule attached hereto.",
        "The Supplier shall deliver the Goods to the Customer within thirty days of an order.",
    )
    counts = furniture_heading_counts([text])
    before, after = counts["before"], counts["after"]
    # before: the footer of page 1 heads page 2's clause, its page number and the last footer
    assert before["source_footer_heading"] == 2
    assert before["furniture_heading"] == 2
    assert after["source_footer_heading"] == 0
    assert after["furniture_heading"] == 0
    # after: the two footers are units too, and every unit sits under "1. DEFINITIONS"
    assert after["units"] == before["units"] + 2
    assert after["with_heading"] == after["units"]
