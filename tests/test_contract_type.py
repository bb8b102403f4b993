"""Contract type detection from titles and content."""

from __future__ import annotations

import pytest

from contractreview.analysis.contract_type import OTHER, contract_type_name, detect_contract_type
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("MUTUAL NON-DISCLOSURE AGREEMENT", "nda"),
        ("Confidentiality Agreement", "nda"),
        ("Master Services Agreement", "services"),
        ("CONSULTING AGREEMENT", "services"),
        ("Software License Agreement", "license"),
        ("Cloud Service Agreement", "saas"),
        ("SUPPLY AGREEMENT", "supply"),
        ("Executive Employment Agreement", "employment"),
        ("Distributor Agreement", "distribution"),
        ("Commercial Lease", "lease"),
        ("Joint Venture Agreement", "partnership"),
        ("Data Processing Addendum", "dpa"),
        ("Simple Agreement for Future Equity", "investment"),
        ("Franchise Agreement", "franchise"),
    ],
)
def test_type_from_title(title: str, expected: str) -> None:
    assert detect_contract_type(title) == expected


def test_type_from_content_when_title_says_nothing() -> None:
    text = (
        "AGREEMENT\n"
        + "The Receiving Party shall keep the Confidential Information of the Disclosing Party "
        "secret and use Confidential Information only for the Purpose.\n" * 3
    )
    segments = segment_document(document_from_text(text, title="Agreement No. 7"))
    assert detect_contract_type("Agreement No. 7", segments) == "nda"


def test_unknown_is_other() -> None:
    assert detect_contract_type("Minutes of the board meeting") == OTHER
    assert contract_type_name(OTHER) == "Other contract"
    assert contract_type_name("nda") == "Non-disclosure agreement"
