"""The printable HTML report: self-contained, escaped, complete."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from review_samples import make_contract, make_result

from contractreview.analysis.results import RiskLevel
from contractreview.export.html import export_html
from contractreview.export.memo import LOCAL_STATEMENT
from contractreview.review.store import Annotation, Status

HOSTILE = Annotation(
    1,
    1,
    "f-s2",
    None,
    None,
    None,
    "cap",
    note='<script>alert("x")</script> & <img src="http://example.invalid/x.png">',
    status=Status.NEEDS_NEGOTIATION,
    risk_override=RiskLevel.HIGH,
    reviewer="Jane <Doe>",
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)


def test_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    html = export_html(result, tmp_path / "report.html", [HOSTILE]).read_text(encoding="utf-8")
    tags = _Tags()
    tags.feed(html)
    assert not {"script", "img", "link", "iframe", "object"} & set(tags.tags)
    assert not {"src", "href"} & set(tags.attrs)
    assert not re.search(r"url\(|@import|https?://(?!example\.invalid)", html)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in html
    assert "Jane &lt;Doe&gt;" in html
    assert "Content-Security-Policy" in html
    assert "@media print" in html


def test_report_has_every_section(tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    html = export_html(result, tmp_path / "r.html", [HOSTILE], reviewer="Jane").read_text("utf-8")
    order = [
        "<h2>Parties</h2>",
        "Acme Corp. (&quot;Supplier&quot;)",
        "<h2>Key terms</h2>",
        "<h2>Findings</h2>",
        "<h3>High risk (1)</h3>",
        "The Supplier&#x27;s total liability shall not exceed",
        "Level: High — playbook: Cap too low",
        "Playbook position: Cap at 12 months&#x27; fees",
        "Status: needs negotiation",
        "<h3>Low risk (1)</h3>",
        "<h3>For information (1)</h3>",
        "<h2>Missing clauses</h2>",
        "Insurance (Medium):",
        result.document.sha256,
        result.model.sha256,
        result.playbook.sha256,
        LOCAL_STATEMENT,
    ]
    at = [html.index(x) for x in order]
    assert at == sorted(at)
    assert html.count('<section class="finding high"') == 1
