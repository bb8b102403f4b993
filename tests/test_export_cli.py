"""``contractreview export``: the format follows the extension; annotations come from the store."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from review_samples import make_contract, make_result

from contractreview.cli.export import export, stored_annotations
from contractreview.cli.main import main
from contractreview.paths import models_dir
from contractreview.review.store import ReviewStore

needs_model = pytest.mark.skipif(
    not (models_dir() / "labels.json").is_file(), reason="the clause model is not installed"
)


def test_format_follows_the_extension(tmp_path: Path) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    result = make_result(sample)
    with ReviewStore(tmp_path / "store.sqlite3") as store:
        review = store.open_review(result.document.sha256, "msa.docx")
        store.add_annotation(review.id, finding_id="f-s2", quote="cap", note="Too low")
    notes = stored_annotations(result, str(tmp_path / "store.sqlite3"))
    assert [a.note for a in notes] == ["Too low"]
    assert stored_annotations(result, str(tmp_path / "absent.sqlite3")) == []
    assert not (tmp_path / "absent.sqlite3").exists()  # exporting never creates a store

    line = export(result, sample.path, tmp_path / "a.docx", notes, reviewer="Jane")
    assert line.endswith("with 3 comments")
    assert "Note: Too low" in "\n".join(
        c.text for c in docx.Document(str(tmp_path / "a.docx")).comments
    )
    export(result, sample.path, tmp_path / "m.docx", notes, memo=True)
    assert docx.Document(str(tmp_path / "m.docx")).paragraphs[0].text == "Contract review memo"
    export(result, sample.path, tmp_path / "r.csv", notes)
    assert "Too low" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    export(result, sample.path, tmp_path / "r.json", notes)
    assert json.loads((tmp_path / "r.json").read_text())["rows"][0]["note"] == "Too low"
    export(result, sample.path, tmp_path / "r.html", notes)
    assert "Too low" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_unknown_format_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    assert main(["export", str(sample.path), "--to", str(tmp_path / "out.pdf")]) == 2
    assert "Cannot tell the export format from out.pdf" in capsys.readouterr().err


@pytest.mark.slow
@needs_model
def test_cli_end_to_end(tmp_path: Path) -> None:
    sample = make_contract(tmp_path / "msa.docx")
    for name in ("annotated.docx", "register.csv", "register.json", "report.html"):
        assert main(["export", str(sample.path), "--to", str(tmp_path / name)]) == 0
    assert main(["export", str(sample.path), "--to", str(tmp_path / "memo.docx"), "--memo"]) == 0
