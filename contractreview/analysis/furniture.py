"""Page furniture: lines that a page printed around the contract, not part of its structure.

Plain text taken from printed pages (CUAD's EDGAR filings, a PDF's text) keeps each page's
running header and footer between the clauses: "Source: ACME INC, 10-K, 3/12/2020", "Page 3 of
12", a running title repeated on every page. Such a line is short and title-like, so without
this module it became the nearest heading of every clause after it on the page (about a
quarter of CUAD's segments). A line is furniture when it has one of the shapes below, or when
the same short line stands alone three times or more in one document (a real heading is not
repeated verbatim three times; a running header is, once a page). Furniture stays a unit of
its own (nothing is lost), but it never becomes a heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from contractreview.docx.document import Block, Region

MIN_REPEATS = 3  # a short line standing alone this often in one document is a running header
MAX_FURNITURE_CHARS = 200  # longer lines are text, whatever they repeat


@dataclass(frozen=True)
class FurnitureCue:
    """A shape of page furniture, with examples it must match and examples it must not."""

    name: str
    pattern: re.Pattern[str]
    matches: tuple[str, ...]
    rejects: tuple[str, ...]


# the form type: "10-K", "S-1/A", "POS AM", "DRS/A (on S-1)"
_FORM = r"[A-Z0-9][A-Z0-9/\-]*(?:\s[A-Z0-9/\-]+)?(?:\s\(on [A-Z0-9/\-]+\))?"
_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}"

CUES: tuple[FurnitureCue, ...] = (
    FurnitureCue(
        "filing source footer",  # EDGAR's footer on every page of a filed exhibit
        re.compile(rf"^Source:\s+\S.{{0,150}},\s+{_FORM},\s+{_DATE}$"),
        (
            "Source: ACME HOLDINGS, INC., 10-K, 3/12/2020",
            "Source: BLOOM ENERGY CORP, DRS/A (on S-1), 3/21/2018",
            "Source: RANGE RESOURCES - LOUISIANA, INC., 8-K, 4/17/2015",
            "Source: NAKED BRAND GROUP INC., POS AM (on S-1), 7/31/2015",
        ),
        ("Source Code Escrow", "Source: the Supplier's records, as kept from time to time"),
    ),
    FurnitureCue(
        "page number",
        re.compile(
            r"^(?:(?:[Pp]age|PAGE)\s+)?[-–—]?\s*(?:\d{1,4}|[ivxl]{1,6})\s*[-–—]?"
            r"(?:\s*(?:of|/)\s*\d{1,4})?$"
        ),
        ("Page 3", "- 12 -", "PAGE 4 of 19", "3/110", "iv"),
        ("Page Limits", "12. Notices", "Article IV", "I", "XL"),
    ),
    FurnitureCue(
        "running header with a page number",
        re.compile(r"\S.{0,150}\s(?:page|pg\.?)\s+\d{1,4}\s*(?:/|of)\s*\d{1,4}$", re.IGNORECASE),
        ("AZUL-ATR Global Maintenance Master Agreement Page 1/110", "Supply Agreement Page 2 of 9"),
        ("Schedule 3 (Page Limits)", "The Fees on page 2 of Exhibit A"),
    ),
)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_furniture_shape(text: str) -> bool:
    """True when ``text`` has the shape of a page header or footer line."""
    line = " ".join(text.split())
    return len(line) <= MAX_FURNITURE_CHARS and any(c.pattern.match(line) for c in CUES)


def furniture_blocks(blocks: Iterable[Block]) -> frozenset[str]:
    """Ids of the body blocks of one document that are page furniture."""
    body = [b for b in blocks if b.region == Region.BODY and b.cell is None and b.text.strip()]
    short = [b for b in body if len(b.text) <= MAX_FURNITURE_CHARS]
    # a heading styled by the author is structure even when repeated (one per schedule)
    repeats = Counter(_key(b.text) for b in short if b.heading_level is None)
    return frozenset(
        b.id for b in short if repeats[_key(b.text)] >= MIN_REPEATS or is_furniture_shape(b.text)
    )
