"""The annotated DOCX: comments on exactly the clause runs, everything else kept."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import corpus_files, needs_corpus
from review_samples import (
    LIABILITY,
    anchored_texts,
    empty_result,
    make_contract,
    make_result,
    result_from_document,
)
from timing import best_of

from contractreview.analysis.results import RiskLevel
from contractreview.docx.reader import read_docx
from contractreview.errors import ExportError
from contractreview.export.word_comments import export_annotated_docx
from contractreview.review.store import Annotation, Status

CAP = "The Supplier's total liability shall not exceed the fees paid in the previous"
LAW = "This Agreement is governed by the laws of New York."
PAY = "Customer shall pay each invoice within 90 days.\tNet 90.FeesUSD 10,000 per month"
ACME = 'Acme Corp. ("Supplier")'
CHANGED = {
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
    "word/document.xml",
    "word/comments.xml",
}


def _annotations() -> list[Annotation]:
    return [
        Annotation(
            1,
            1,
            "f-s2",
            None,
            None,
            None,
            CAP,
            note="Push for 12 months of fees.",
            status=Status.NEEDS_NEGOTIATION,
            risk_override=RiskLevel.HIGH,
            override_reason="Key supplier",
            reviewer="Jane Doe",
            updated="2024-01-01",
        ),
        Annotation(2, 1, None, "document:1", 31, 54, ACME, note="Check the entity name."),
    ]


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path, object]:
    sample = make_contract(tmp_path / "msa.docx")
    out = tmp_path / "msa-annotated.docx"
    report = export_annotated_docx(
        sample.path, out, make_result(sample), _annotations(), reviewer="Reviewer R"
    )
    return sample.path, out, report


def _numbering(path: Path) -> list[tuple[str | None, str | None, str | None]]:
    d = docx.Document(str(path))
    out = []
    for p in d.paragraphs:
        num = p._p.pPr.numPr if p._p.pPr is not None else None
        out.append(
            (
                p.style.style_id if p.style is not None else None,
                None if num is None or num.numId is None else str(num.numId.val),
                None if num is None or num.ilvl is None else str(num.ilvl.val),
            )
        )
    return out


def test_same_text_and_numbering_as_the_original(exported: tuple[Path, Path, object]) -> None:
    src, out, _ = exported
    assert [b.text for b in read_docx(out).blocks] == [b.text for b in read_docx(src).blocks]
    a, b = docx.Document(str(src)), docx.Document(str(out))
    assert [p.text for p in a.paragraphs] == [p.text for p in b.paragraphs]
    assert _numbering(src) == _numbering(out)
    assert sum(1 for s in _numbering(out) if s[0] == "ListNumber") == 4


def test_one_comment_per_finding_and_annotation_on_exact_text(
    exported: tuple[Path, Path, object],
) -> None:
    _, out, report = exported
    assert report.comments == 4  # type: ignore[attr-defined]
    assert report.skipped == ()  # type: ignore[attr-defined]
    comments = {c.comment_id: c for c in docx.Document(str(out)).comments}
    assert len(comments) == 5  # the original's own comment + 3 findings + 1 annotation
    texts = anchored_texts(out)
    by_text = {texts[cid]: comments[cid] for cid in texts}
    assert set(by_text) == {"Termination.", CAP, LAW, PAY, ACME}
    cap = by_text[CAP]
    assert cap.author == "Jane Doe"
    assert cap.text.startswith("Risk: HIGH (set by the reviewer; analysis said Medium)")
    for words in (
        "Clause: 1.",
        "Clause type: Cap on liability",
        "Level: High — playbook: Cap too low",
        "Why: Liability cap below 12 months of fees.",
        "Playbook position: Cap at 12 months' fees",
        "Status: needs negotiation",
        "Note (Jane Doe): Push for 12 months of fees.",
        "Reason for the risk change: Key supplier",
    ):
        assert words in cap.text
    assert by_text[LAW].author == "Reviewer R"  # no annotation: the exporting reviewer
    assert by_text[ACME].text.endswith("Note: Check the entity name.")


def test_existing_comment_and_tracked_changes_kept(exported: tuple[Path, Path, object]) -> None:
    src, out, _ = exported
    old = {c.comment_id: (c.author, c.text) for c in docx.Document(str(src)).comments}
    new = {c.comment_id: (c.author, c.text) for c in docx.Document(str(out)).comments}
    assert new[0] == old[0] == ("Partner", "Check the notice period.")
    assert anchored_texts(out)[0] == "Termination."

    def changes(path: Path) -> list[tuple[str, str | None, str]]:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode()
        return re.findall(r'<w:(ins|del) w:id="(\d+)"[^>]*>.*?<w:(?:t|delText)>([^<]*)<', xml)

    assert changes(out) == changes(src) == [("del", "901", "England"), ("ins", "902", "New York")]
    revisions = next(b for b in read_docx(out).blocks if b.text.startswith("Governing"))
    assert [(r.kind.value, r.text) for r in revisions.revisions] == [
        ("deletion", "England"),
        ("insertion", "New York"),
    ]


def test_new_ids_collide_with_nothing(exported: tuple[Path, Path, object]) -> None:
    src, out, _ = exported
    with zipfile.ZipFile(src) as z:
        used = {
            int(m)
            for n in z.namelist()
            if n.endswith(".xml")
            for m in re.findall(rb'w:id="(\d+)"', z.read(n))
        }
    new_ids = {c.comment_id for c in docx.Document(str(out)).comments} - {0}
    assert len(new_ids) == 4
    assert not new_ids & used


def test_runs_split_mid_run_keep_their_formatting(exported: tuple[Path, Path, object]) -> None:
    _, out, _ = exported
    para = next(p for p in docx.Document(str(out)).paragraphs if p.text == LIABILITY)
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in para.runs]
    assert runs == [
        ("Limitation of liability.", True, False),
        (" ", False, False),
        ("The Supplier's total liability shall not exceed ", False, False),
        ("the fees paid in the previous", False, True),
        ("", False, False),  # the comment reference
        (" month", False, True),
        (".", False, False),
    ]


def test_every_other_entry_is_copied_unchanged(tmp_path: Path) -> None:
    src = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("The Supplier shall indemnify the Customer against all losses.")
    d.save(str(src))
    result = empty_result(src)
    ann = Annotation(1, 1, None, "document:0", 4, 12, "Supplier", note="Which entity?")
    out = tmp_path / "plain-annotated.docx"
    report = export_annotated_docx(src, out, result, [ann])
    assert report.comments == 1
    changed = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out) as zout:
        assert zout.namelist() == [*zin.namelist(), "word/comments.xml"]
        for name in zin.namelist():
            if name not in changed:
                assert zout.read(name) == zin.read(name), name
        assert 'Target="comments.xml"' in zout.read("word/_rels/document.xml.rels").decode()
        assert "/word/comments.xml" in zout.read("[Content_Types].xml").decode()
    assert anchored_texts(out) == {0: "Supplier"}
    texts = [c.text for c in docx.Document(str(out)).comments]
    assert texts == ["Status: open\nNote: Which entity?"]


def test_highlight_colours_by_level(tmp_path: Path) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    out = tmp_path / "hl.docx"
    export_annotated_docx(sample.path, out, make_result(sample), _annotations(), highlight=True)
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    assert xml.count('<w:highlight w:val="red"/>') == 2  # the two runs of the capped clause
    assert '<w:highlight w:val="green"/>' in xml  # governing law, low
    para = next(p for p in docx.Document(str(out)).paragraphs if p.text == LIABILITY)
    assert [r.font.highlight_color is not None for r in para.runs if r.text] == [
        False,
        False,
        True,
        True,
        False,
        False,
    ]


def test_unplaceable_items_are_reported_not_guessed(tmp_path: Path) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    anns = [
        Annotation(5, 1, None, "header1:0", 0, 4, "Page", note="in a header"),
        Annotation(6, 1, None, "document:2", 0, 9, "Not there", note="text gone"),
    ]
    report = export_annotated_docx(sample.path, tmp_path / "o.docx", make_result(sample), anns)
    assert report.comments == 3
    assert dict(report.skipped) == {
        "annotation:5": "it is in a header or footer, where Word keeps no comments",
        "annotation:6": "its clause text was not found in the document",
    }


def test_refuses_to_overwrite_the_original(tmp_path: Path) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    with pytest.raises(ExportError):
        export_annotated_docx(sample.path, sample.path, make_result(sample))


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_result_and_sees_every_comment(
    exported: tuple[Path, Path, object], tmp_path: Path
) -> None:
    _, out, _ = exported
    exe = _soffice()
    assert exe is not None
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    for fmt in ("pdf", "fodt"):
        subprocess.run(
            [exe, profile, "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(out)],
            check=True,
            capture_output=True,
            timeout=180,
        )
    assert (tmp_path / "msa-annotated.pdf").stat().st_size > 1000
    flat = (tmp_path / "msa-annotated.fodt").read_text(encoding="utf-8")
    assert flat.count("<office:annotation ") == 5
    assert "Push for 12 months of fees." in flat


@pytest.mark.slow
@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.stem[:40])
def test_every_corpus_file(path: Path, tmp_path: Path) -> None:
    document = read_docx(path)
    result = result_from_document(document)
    out = tmp_path / "annotated.docx"
    report, export_s = best_of(2, lambda: export_annotated_docx(path, out, result, reviewer="Test"))
    _, read_s = best_of(2, lambda: read_docx(path))
    # the export reads the file, adds comments and writes it: a small multiple of a read
    assert export_s < 20 * read_s, f"export {export_s:.3f} s, read {read_s:.3f} s"
    again = read_docx(out)
    assert [b.text for b in again.blocks] == [b.text for b in document.blocks]
    assert [(b.list_label, b.style) for b in again.blocks] == [
        (b.list_label, b.style) for b in document.blocks
    ]
    skipped = {key for key, _ in report.skipped}
    placed = sorted(f.quote for f in result.findings if f.id not in skipped)
    assert len(placed) >= 0.9 * len(result.findings)
    original_ids = {int(c.id) for c in document.comments}
    texts = anchored_texts(out)
    assert sorted(t for cid, t in texts.items() if cid not in original_ids) == placed
    assert len(again.comments) == len(document.comments) + report.comments
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(out) as b:
        assert b.namelist()[: len(a.namelist())] == a.namelist()
        for name in set(a.namelist()) - CHANGED:
            assert a.read(name) == b.read(name), name


@pytest.mark.slow
@needs_corpus
@pytest.mark.corpus
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize(
    "name",
    [
        "open-agreements__NDA-Redline.docx",  # tracked changes
        "accordproject__sample-service-level-agreement.docx",  # content controls
        "telerik-UI-For-UWP__CLA.docx",  # an existing comment
    ],
)
def test_libreoffice_opens_annotated_corpus_files(name: str, tmp_path: Path) -> None:
    path = next((p for p in corpus_files() if p.name == name), None)
    if path is None:
        pytest.skip(f"{name} is not in the corpus")
    document = read_docx(path)
    out = tmp_path / name
    report = export_annotated_docx(path, out, result_from_document(document), highlight=True)
    exe = _soffice()
    assert exe is not None
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "fodt",
            "--outdir",
            str(tmp_path / "flat"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    flat = (tmp_path / "flat" / (path.stem + ".fodt")).read_text(encoding="utf-8")
    assert flat.count("<office:annotation ") == len(document.comments) + report.comments
