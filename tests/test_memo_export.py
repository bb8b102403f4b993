"""The review memo (DOCX) and the speed of every export on the longest corpus contract."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import corpus_files, needs_corpus
from review_samples import empty_result, make_contract, make_result, result_from_document
from timing import best_of

from contractreview.analysis.results import RiskLevel
from contractreview.export.memo import LOCAL_STATEMENT, export_memo, memo_text
from contractreview.review.store import Annotation, Status

NOTE = Annotation(
    1,
    1,
    "f-s2",
    None,
    None,
    None,
    "cap",
    note="Push for 12 months of fees.",
    status=Status.NEEDS_NEGOTIATION,
    risk_override=RiskLevel.HIGH,
    override_reason="Key supplier",
    reviewer="Jane Doe",
)
SELECTION = Annotation(2, 1, None, "document:1", 31, 54, 'Acme Corp. ("Supplier")', note="Entity?")


def test_memo_has_every_section(tmp_path: Path) -> None:
    result = make_result(make_contract(tmp_path / "msa.docx"))
    out = export_memo(result, tmp_path / "memo.docx", [NOTE, SELECTION], reviewer="Jane Doe")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.docx", "msa.docx"]  # no temp
    doc = docx.Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        "Contract review memo",
        "Master Services Agreement",
        "Parties",
        "Key terms",
        "Findings",
        "High risk (1)",
        "Low risk (1)",
        "For information (1)",
        "Other notes",
        "Missing clauses",
    ]
    text = memo_text(out)
    for words in (
        'Acme Corp. ("Supplier")',
        'Beta LLC ("Customer")',
        "Reviewer: Jane Doe",
        "Contract type: Services agreement",  # the type's name, not its id "services"
        "We act for: customer",
        "The Supplier's total liability shall not exceed the fees paid in the previous",
        "Liability cap below 12 months of fees.",
        "Playbook position: Cap at 12 months' fees; uncapped for data breach.",
        "Status: needs negotiation · level set by the reviewer (analysis said Medium): "
        "Key supplier",
        "1. — Cap on liability",  # the clause's reference and the type in a lawyer's words
        "Level: High — playbook: Cap too low",  # what the level rests on, not a bare score
        "Level: For information — playbook: Governing law (model confidence 88%)",
        "Note (Jane Doe): Push for 12 months of fees.",
        "Note: Entity?",
        "Insurance (Medium): No insurance clause.",
    ):
        assert words in text, words
    table = doc.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Term", "Value", "From clause"]
    assert rows[1][:2] == ["Governing law", "New York"]
    assert rows[1][2].startswith("3. ")
    assert "laws of New York" in rows[1][2]
    footer = "\n".join(p.text for p in doc.sections[0].footer.paragraphs)
    for words in (result.document.sha256, result.model.sha256, result.playbook.sha256):
        assert words in footer
    assert LOCAL_STATEMENT in footer


def test_memo_of_an_empty_review(tmp_path: Path) -> None:
    out = export_memo(empty_result(tmp_path / "x.docx"), tmp_path / "memo.docx")
    text = memo_text(out)
    assert "No findings." in text
    assert "No key terms were found." in text
    assert "The parties were not identified" in text


@pytest.mark.slow
@needs_corpus
@pytest.mark.corpus
def test_every_export_of_the_longest_corpus_contract_is_fast(tmp_path: Path) -> None:
    from contractreview.docx.reader import read_docx
    from contractreview.export.html import export_html
    from contractreview.export.register import export_register_csv, export_register_json
    from contractreview.export.word_comments import export_annotated_docx

    documents = [read_docx(p) for p in corpus_files()]
    longest = max(documents, key=lambda d: sum(len(b.text) for b in d.blocks))
    result = result_from_document(longest, every=2)
    timings = {}
    exports = {
        "annotated.docx": lambda p: export_annotated_docx(longest.path, p, result),
        "memo.docx": lambda p: export_memo(result, p),
        "register.csv": lambda p: export_register_csv(result, p),
        "register.json": lambda p: export_register_json(result, p),
        "report.html": lambda p: export_html(result, p),
    }
    for name, export in exports.items():
        _, timings[name] = best_of(2, lambda e=export, n=name: e(tmp_path / n))
    _, read_s = best_of(2, lambda: read_docx(longest.path))
    print(
        f"{Path(longest.path).name}: {len(result.findings)} findings, read {read_s:.3f} s,",
        ", ".join(f"{k} {v:.3f} s" for k, v in timings.items()),
    )
    # each export is a small multiple of reading the contract (measured in this run)
    assert max(timings.values()) < 20 * read_s, (read_s, timings)


def test_a_date_computed_from_a_period_is_shown_as_the_date_with_its_source() -> None:
    from contractreview.analysis.results import Term, term_display

    computed = Term("expiration_date", "three (3) years", "2028-04-01", 0.4, "s1", 10, 25)
    assert term_display(computed) == "1 April 2028 (computed from “three (3) years”)"
    stated = Term("expiration_date", "31 March 2028", "2028-03-31", 0.9, "s1", 10, 23)
    assert term_display(stated) == "31 March 2028"  # the text is the date: shown as written
    other = Term("governing_law", "State of New York", "New York", 0.9, "s2", 0, 17)
    assert term_display(other) == "State of New York"


def test_a_term_to_check_is_marked_in_the_memo_with_its_rivals(tmp_path: Path) -> None:
    from dataclasses import replace

    from contractreview.analysis.results import Term, TermAlternative

    law = Term(
        "governing_law", "New York", "New York", 0.55, "s9", 0, 8, check=True,
        alternatives=(TermAlternative("Texas", "Texas", 0.53, "s9", 20, 25),),
    )  # fmt: skip
    result = replace(empty_result(tmp_path / "x.docx"), terms=(law,))
    text = memo_text(export_memo(result, tmp_path / "memo.docx"))
    assert "New York [check: 55%; also read: \u201cTexas\u201d (53%)]" in text
    sure = replace(law, check=False, alternatives=())
    text = memo_text(export_memo(replace(result, terms=(sure,)), tmp_path / "memo2.docx"))
    assert "New York" in text
    assert "[check" not in text
