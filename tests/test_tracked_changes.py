"""The suggested edits as Word tracked changes and as the clean draft: accepting every change
gives the text the lawyer approved, rejecting every change gives the original, nothing else
moves (paragraphs, numbering, the source's comments and revisions); LibreOffice agrees."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from review_samples import make_contract
from tracked_support import (
    ACCEPT,
    REJECT,
    W,
    accept_all,
    libreoffice_texts,
    paragraph_texts,
    part_root,
    reject_all,
    soffice,
)

from contractreview.analysis.edits.apply import BlockChange, accepted_changes, apply_to_text
from contractreview.analysis.edits.model import EditDecision, EditKind, EditOption, SuggestedEdit
from contractreview.analysis.results import (
    AnalysisResult,
    DocumentInfo,
    NamedHash,
    Risk,
    RiskLevel,
    SegmentResult,
)
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.reader import read_docx
from contractreview.errors import ExportError
from contractreview.export.registry import ExportRequest, export_review, format_by_key
from contractreview.export.tracked_changes import decisions_from_ids, export_edits_docx

needs_soffice = pytest.mark.skipif(
    soffice() is None, reason="LibreOffice (soffice) is not installed: its own check is skipped"
)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# -- a result over a real document, with edits made by hand ---------------------------------------


def document_result(path: Path) -> AnalysisResult:
    """A result over the document as the reader and the segmenter read it, with no findings."""
    document = read_docx(path)
    segments = tuple(
        SegmentResult(
            s.id,
            s.text,
            s.label,
            s.heading,
            s.block,
            s.start,
            s.end,
            (),
            Risk(RiskLevel.NONE),
            s.ref,
        )
        for s in segment_document(document)
    )
    return AnalysisResult(
        document=DocumentInfo(document.path, document.sha256, document.title, "services", 0),
        model=NamedHash("test", "0" * 64),
        playbook=NamedHash("test", "0" * 64),
        side="customer",
        segments=segments,
        findings=(),
        missing=(),
        terms=(),
    )


def edit_on(
    result: AnalysisResult, old: str, new: str, kind: EditKind = "replace_value", *,
    eid: str | None = None, fallback: str | None = None,
) -> SuggestedEdit:  # fmt: skip
    """An edit of the first segment holding ``old``: ``old`` becomes ``new`` (for an insert,
    ``new`` goes in a paragraph after the segment's)."""
    seg = next(s for s in result.segments if old in s.text)
    start = seg.text.index(old)
    end = start + len(old)
    if kind == "insert_clause":
        start = end = len(seg.text)
        old = ""
    options = [EditOption("Position", new)]
    if fallback is not None:
        options.append(EditOption("Fallback 1", fallback))
    return SuggestedEdit(eid or f"e-{seg.id}-{len(result.edits)}", None, "test", kind, seg.id,
                         start, end, old, tuple(options), "A test edit.")  # fmt: skip


def with_edits(result: AnalysisResult, *edits: SuggestedEdit) -> AnalysisResult:
    return replace(result, edits=(*result.edits, *edits))


def accept(result: AnalysisResult) -> dict[str, EditDecision]:
    return {e.id: EditDecision(e.id, "accepted") for e in result.edits}


# -- the round trip -------------------------------------------------------------------------------


def expected_accepted(source: Path, changes: Sequence[BlockChange]) -> list[str] | None:
    """The body's paragraphs as accepting every change must read them: the source's accepted
    text with each change applied, inserted clauses after their paragraph. None when a changed
    paragraph reads differently here and in the app's reader (hidden text, fields)."""
    base = paragraph_texts(accept_all(part_root(source)))
    document = read_docx(source)
    out: list[str] = []
    for n, text in enumerate(base):
        mine = [c for c in changes if c.block == f"document:{n}"]
        inline = [c for c in mine if not c.new_paragraph]
        if inline:
            block = document.block(f"document:{n}").text
            if block != text:
                return None
            text = apply_to_text(block, inline)
        out.append(text)
        out.extend(c.new for c in mine if c.new_paragraph)
    return out


def _labels(path: Path, inserted: Sequence[BlockChange]) -> dict[int, str | None]:
    """The list label of each body paragraph with text, by its ordinal in the source (the
    paragraphs inserted after an anchor left out)."""
    after: dict[int, int] = {}
    for c in inserted:
        n = int(c.block.rpartition(":")[2])
        after[n] = after.get(n, 0) + 1
    source_of: dict[int, int] = {}  # ordinal in ``path`` -> ordinal in the source
    out_n = src_n = 0
    total = len(list(part_root(path).iter(f"{{{W}}}p")))
    while out_n < total:
        source_of[out_n] = src_n
        out_n += 1 + after.get(src_n, 0)
        src_n += 1
    labels: dict[int, str | None] = {}
    for b in read_docx(path).blocks:
        part, _, n = b.id.rpartition(":")
        if part == "document" and int(n) in source_of and b.text.strip():
            labels[source_of[int(n)]] = b.list_label
    return labels


def check_round_trip(
    source: Path, out: Path, result: AnalysisResult, applied: Sequence[str]
) -> int:
    """Accept-all, reject-all, paragraph count and numbering of ``out`` against ``source``;
    returns the number of paragraphs inserted."""
    changes, _ = accepted_changes(result, accept(result))
    changes = [c for c in changes if c.edit.id in applied]
    src, got = part_root(source), part_root(out)
    assert paragraph_texts(reject_all(got)) == paragraph_texts(reject_all(src))
    inserted = [c for c in changes if c.new_paragraph]
    accepted = paragraph_texts(accept_all(got))
    expected = expected_accepted(source, changes)
    if expected is not None:
        assert accepted == expected
    assert len(accepted) == len(paragraph_texts(accept_all(src))) + len(inserted)
    got, before = _labels(out, inserted), _labels(source, ())
    edited = {int(c.block.rpartition(":")[2]) for c in changes}
    assert {n: v for n, v in got.items() if n not in edited} == {
        n: v for n, v in before.items() if n not in edited
    }
    return len(inserted)


def revision_ids(path: Path) -> list[str]:
    ids = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                tags = (w("ins"), w("del"), w("comment"))
                ids += [el.get(w("id")) for el in root.iter(*tags) if el.get(w("id"))]
    return ids


# -- built documents ------------------------------------------------------------------------------


@pytest.fixture
def contract(tmp_path: Path) -> tuple[Path, AnalysisResult]:
    sample = make_contract(tmp_path / "msa.docx")
    return sample.path, document_result(sample.path)


def test_edits_in_a_numbered_item_across_runs_and_in_a_table_cell(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    result = with_edits(
        base,
        # across a plain and an italic run of a numbered item (List Number style)
        edit_on(base, "shall not exceed the fees paid in the previous month",
                "shall not exceed the fees paid in the previous twelve (12) months"),
        edit_on(base, "10 days", "90 days"),  # next to an existing comment's range
        edit_on(base, "USD 10,000 per month", "USD 12,000 per month"),  # a table cell
    )  # fmt: skip
    out = tmp_path / "tracked.docx"
    done = export_edits_docx(path, out, result, accept(result), reviewer="Jane Doe")
    assert not done.skipped
    assert len(done.applied) == 3
    check_round_trip(path, out, result, done.applied)
    texts = {b.id: b.text for b in read_docx(out).blocks}
    assert "previous twelve (12) months." in texts["document:2"]
    assert texts["document:7"] == "USD 12,000 per month"
    root = part_root(out)
    # the inserted words carry the formatting of the words they replace (italic here)
    inserted = [r for i in root.iter(w("ins")) for r in i.iter(w("r"))]
    italic = [r for r in inserted if r.find(f"{w('rPr')}/{w('i')}") is not None]
    assert any("twelve" in "".join(r.itertext()) for r in italic)
    # the words taken out are deleted text in runs that keep their properties
    deleted = [r for d in root.iter(w("del")) for r in d.iter(w("r"))]
    assert any(r.find(f"{w('rPr')}/{w('i')}") is not None for r in deleted)
    assert all(r.find(w("t")) is None for r in deleted)
    for el in [*root.iter(w("ins")), *root.iter(w("del"))]:
        if el.getparent().tag != w("rPr"):
            assert el.get(w("date"))
            assert el.get(w("id"))
    assert {el.get(w("author")) for el in root.iter(w("ins"))} >= {"Jane Doe"}
    ids = revision_ids(out)
    assert len(ids) == len(set(ids)), "every revision and comment id is unique"


def test_each_change_has_its_comment_and_the_source_comment_stays(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    result = with_edits(base, edit_on(base, "10 days", "90 days"))
    out = tmp_path / "tracked.docx"
    export_edits_docx(path, out, result, accept(result))
    comments = part_root(out, "word/comments.xml")
    texts = ["".join(c.itertext()) for c in comments.iter(w("comment"))]
    assert any("Check the notice period." in t for t in texts), "the source's comment is kept"
    ours = [t for t in texts if "Suggested edit" in t]
    assert len(ours) == 1
    assert "A test edit." in ours[0]
    assert result.edits[0].id in ours[0]
    root = part_root(out)
    starts = {el.get(w("id")) for el in root.iter(w("commentRangeStart"))}
    refs = {el.get(w("id")) for el in root.iter(w("commentReference"))}
    assert len(starts) == 2
    assert starts == refs
    # the comment's range holds the change
    order = list(root.iter())
    mine = max(starts, key=int)
    lo = order.index(next(e for e in root.iter(w("commentRangeStart")) if e.get(w("id")) == mine))
    hi = order.index(next(e for e in root.iter(w("commentRangeEnd")) if e.get(w("id")) == mine))
    between = {e.tag for e in order[lo:hi]}
    assert w("ins") in between
    assert w("del") in between


def test_an_edit_over_an_existing_revision_is_refused_one_beside_it_is_made(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    over = edit_on(base, "New York", "Delaware", eid="e-over")
    beside = edit_on(base, "is governed by", "shall be governed by", eid="e-beside")
    result = with_edits(base, over, beside)
    out = tmp_path / "tracked.docx"
    done = export_edits_docx(path, out, result, accept(result))
    assert done.applied == ("e-beside",)
    assert [key for key, _ in done.skipped] == ["e-over"]
    assert "tracked change by Opposing Counsel" in done.skipped[0][1]
    check_round_trip(path, out, result, done.applied)
    root = part_root(out)
    authors = [el.get(w("author")) for el in root.iter(w("ins"), w("del"))]
    assert authors.count("Opposing Counsel") == 2, "the source's revisions stay as they are"


def test_inserted_clause_is_a_new_unnumbered_paragraph(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    clause = "Limitation of liability. Each Party's total liability is capped at 12 months' fees."
    result = with_edits(base, edit_on(base, "Either party may terminate", clause, "insert_clause"))
    out = tmp_path / "tracked.docx"
    done = export_edits_docx(path, out, result, accept(result))
    assert done.applied == (result.edits[0].id,)
    assert check_round_trip(path, out, result, done.applied) == 1
    blocks = [b for b in read_docx(out).blocks if b.id.startswith("document:")]
    at = next(i for i, b in enumerate(blocks) if b.text == clause)
    assert blocks[at - 1].text.startswith("Termination.")
    assert blocks[at].list_label is None
    paras = list(part_root(out).iter(w("p")))
    new_p, anchor = paras[at], paras[at - 1]
    # as Word tracks a paragraph typed at the end of another: the anchor's mark is inserted, the
    # new paragraph holds the original mark with the anchor's properties recorded as changed
    assert anchor.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None
    assert new_p.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}").get(w("val")) == "0"
    old = new_p.find(f"{w('pPr')}/{w('pPrChange')}/{w('pPr')}")
    assert old is not None
    assert old.find(w("pStyle")).get(w("val")) == anchor.find(f"{w('pPr')}/{w('pStyle')}").get(
        w("val")
    )


def test_deleting_a_sentence_leaves_no_double_space(tmp_path: Path) -> None:
    from docx_builder import build_docx, p, r

    path = build_docx(
        tmp_path / "c.docx",
        [p(r("Customer may use the service. "), r("Acceptance is deemed after 5 days.", "<w:b/>"),
           r(" Fees are due monthly."))],
    )  # fmt: skip
    base = document_result(path)
    result = with_edits(base, edit_on(base, "Acceptance is deemed after 5 days.", "", "delete"))
    out = tmp_path / "o.docx"
    done = export_edits_docx(path, out, result, accept(result))
    assert done.applied
    check_round_trip(path, out, result, done.applied)
    assert read_docx(out).blocks[0].text == "Customer may use the service. Fees are due monthly."


def test_clean_draft_applies_the_changes_with_no_revisions_or_comments(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    clause = "Governing law. This Agreement is governed by the laws of England and Wales."
    result = with_edits(
        base,
        edit_on(base, "10 days", "90 days"),
        edit_on(base, "USD 10,000", "USD 12,000"),
        edit_on(base, "Net 90.", clause, "insert_clause"),
    )
    tracked, clean = tmp_path / "t.docx", tmp_path / "c.docx"
    export_edits_docx(path, tracked, result, accept(result))
    done = export_edits_docx(path, clean, result, accept(result), tracked=False)
    assert len(done.applied) == 3
    got = part_root(clean)  # the source's own revisions stay in it
    assert paragraph_texts(accept_all(got)) == paragraph_texts(accept_all(part_root(tracked)))
    assert paragraph_texts(reject_all(got)) != paragraph_texts(reject_all(part_root(tracked)))
    mine = [el for el in got.iter(w("ins"), w("del")) if el.get(w("author")) != "Opposing Counsel"]
    assert not mine
    comments = part_root(clean, "word/comments.xml")
    assert len(list(comments.iter(w("comment")))) == 1  # the source's own


def test_only_accepted_decisions_apply_with_the_chosen_option_or_own_text(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    a = edit_on(base, "10 days", "90 days", eid="e-a", fallback="60 days")
    b = edit_on(base, "USD 10,000", "USD 12,000", eid="e-b")
    c = edit_on(base, "Net 90.", "Net 30.", eid="e-c")
    result = with_edits(base, a, b, c)
    decisions = {
        "e-a": EditDecision("e-a", "accepted", option=1),
        "e-b": EditDecision("e-b", "rejected"),
        "e-c": EditDecision("e-c", "accepted", text="Net 45."),
    }
    out = tmp_path / "o.docx"
    done = export_edits_docx(path, out, result, decisions)
    assert set(done.applied) == {"e-a", "e-c"}
    texts = {b.id: b.text for b in read_docx(out).blocks}
    assert "60 days' notice" in texts["document:3"]
    assert texts["document:5"].endswith("Net 45.")
    assert texts["document:7"] == "USD 10,000 per month"


def test_overlapping_accepted_edits_keep_the_first(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    a = edit_on(base, "10 days' notice", "90 days' notice", eid="e-a")
    b = edit_on(base, "days' notice", "business days' notice", eid="e-b")
    result = with_edits(base, a, b)
    done = export_edits_docx(path, tmp_path / "o.docx", result, accept(result))
    assert done.applied == ("e-a",)
    assert done.skipped == (("e-b", "it overlaps the accepted edit e-a"),)


def test_a_changed_source_and_the_source_itself_are_refused(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    result = with_edits(base, edit_on(base, "10 days", "90 days"))
    with pytest.raises(ExportError, match=r"onto|input|same"):
        export_edits_docx(path, path, result, accept(result))
    other = make_contract(tmp_path / "other.docx").path
    with zipfile.ZipFile(other, "a") as z:
        z.writestr("docProps/extra.xml", "<x/>")
    with pytest.raises(ExportError, match="changed since it was analysed"):
        export_edits_docx(other, tmp_path / "o.docx", result, accept(result))


def test_registry_formats_and_cli_decisions(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    result = with_edits(base, edit_on(base, "10 days", "90 days", eid="e-a"),
                        edit_on(base, "USD 10,000", "USD 12,000", eid="e-b"))  # fmt: skip
    assert set(decisions_from_ids(result, "all")) == {"e-a", "e-b"}
    assert set(decisions_from_ids(result, "e-b")) == {"e-b"}
    with pytest.raises(ExportError, match="No suggested edit e-x"):
        decisions_from_ids(result, "e-a,e-x")
    for key in ("tracked-docx", "clean-draft"):
        target = tmp_path / f"{key}.docx"
        outcome = export_review(
            ExportRequest(result, target, source=path, decisions=decisions_from_ids(result, "all")),
            format_by_key(key),
        )
        assert outcome.path == target
        assert "2 edits" in outcome.summary
    check_round_trip(path, tmp_path / "tracked-docx.docx", result, ("e-a", "e-b"))
    changes, _ = accepted_changes(result, accept(result))
    clean = paragraph_texts(accept_all(part_root(tmp_path / "clean-draft.docx")))
    assert clean == expected_accepted(path, changes)


# -- LibreOffice ----------------------------------------------------------------------------------


def libreoffice_agrees(source: Path, tracked: Path, clean: Path, work: Path) -> None:
    """LibreOffice's accept-all of the tracked copy reads as the clean draft's, its reject-all
    as the source's (both hold the source's own tracked changes too)."""
    texts = libreoffice_texts(
        [(tracked, ACCEPT), (clean, ACCEPT), (tracked, REJECT), (source, REJECT)], work
    )
    assert texts[0] == texts[1], f"LibreOffice's accept-all differs from the clean draft ({source})"
    assert texts[2] == texts[3], f"LibreOffice's reject-all differs from the original ({source})"


@pytest.mark.slow
@needs_soffice
def test_libreoffice_accepts_and_rejects_as_we_do(
    contract: tuple[Path, AnalysisResult], tmp_path: Path
) -> None:
    path, base = contract
    result = with_edits(
        base,
        edit_on(base, "shall not exceed the fees paid in the previous month",
                "shall not exceed the fees paid in the previous twelve (12) months"),
        edit_on(base, "10 days", "90 days"),
        edit_on(base, "USD 10,000", "USD 12,000"),
        edit_on(base, "Net 90.", "Governing law. New York law governs.", "insert_clause"),
    )  # fmt: skip
    tracked, clean = tmp_path / "t.docx", tmp_path / "c.docx"
    export_edits_docx(path, tracked, result, accept(result))
    export_edits_docx(path, clean, result, accept(result), tracked=False)
    libreoffice_agrees(path, tracked, clean, tmp_path / "lo")
