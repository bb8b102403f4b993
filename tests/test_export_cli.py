"""``contractreview export``: the format follows the extension; annotations come from the store."""

from __future__ import annotations

import json
import os
import sys
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
    assert stored_annotations(result, tmp_path / "absent.sqlite3") == []  # no store yet
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


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err
    return err


@pytest.mark.parametrize("memo", [True, False])
def test_export_never_writes_onto_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memo: bool
) -> None:
    sample = make_contract(tmp_path / "C.docx")
    original = sample.path.read_bytes()
    (tmp_path / "sub").mkdir()
    os.link(sample.path, tmp_path / "hard.docx")
    targets = [sample.path, tmp_path / "sub" / ".." / "C.docx", tmp_path / "hard.docx"]
    if sys.platform != "win32":
        (tmp_path / "link.docx").symlink_to(sample.path)
        targets.append(tmp_path / "link.docx")
    monkeypatch.chdir(tmp_path)
    targets.append(Path("C.docx"))
    for target in targets:
        argv = ["export", str(sample.path), "--to", str(target)] + ["--memo"] * memo
        _refused(argv, capsys, "never replaces its input")
        assert sample.path.read_bytes() == original
    assert (tmp_path / "hard.docx").read_bytes() == original


def test_export_never_writes_onto_the_review_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = make_contract(tmp_path / "C.docx")
    store = tmp_path / "store.json"
    with ReviewStore(store):
        pass
    before = store.read_bytes()
    argv = ["export", str(sample.path), "--to", str(store), "--review", str(store)]
    _refused(argv, capsys, "never replaces its input")
    assert store.read_bytes() == before


def test_analyze_json_never_writes_onto_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = make_contract(tmp_path / "C.docx")
    original = sample.path.read_bytes()
    _refused(["analyze", str(sample.path), "--json", str(sample.path)], capsys, "never replaces")
    assert sample.path.read_bytes() == original


def test_export_says_what_is_wrong_with_the_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = make_contract(tmp_path / "C.docx")
    src = str(sample.path)
    _refused(["export", src, "--to", str(tmp_path)], capsys, "is a folder; give the name")
    _refused(
        ["export", src, "--to", str(tmp_path / "nowhere" / "r.csv")],
        capsys,
        "the folder",
        "nowhere does not exist",
    )
    _refused(["export", str(tmp_path), "--to", str(tmp_path / "r.csv")], capsys, "is a folder")
    _refused(["export", str(tmp_path / "no.docx"), "--to", "r.csv"], capsys, "does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_mistyped_review_store_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = make_contract(tmp_path / "C.docx")
    argv = ["export", str(sample.path), "--to", str(tmp_path / "r.csv")]
    typo = str(tmp_path / "stroe.sqlite3")
    _refused([*argv, "--review", typo], capsys, "stroe.sqlite3 does not exist", "--review")
    _refused([*argv, "--review", str(tmp_path)], capsys, "is a folder")
    assert not Path(typo).exists()
    assert not (tmp_path / "r.csv").exists()


def test_classify_never_writes_onto_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"text": "This Agreement is governed by the laws of Delaware."}) + "\n"
    )
    before = src.read_bytes()
    argv = ["classify", "--jsonl", str(src), "--out", str(tmp_path / "." / "in.jsonl")]
    _refused(argv, capsys, "never replaces its input")
    assert src.read_bytes() == before


@needs_model
def test_classify_writes_its_output_file(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"text": "This Agreement is governed by the laws of Delaware."}) + "\n"
    )
    assert main(["classify", "--jsonl", str(src), "--out", str(tmp_path / "out.jsonl")]) == 0
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert "Governing Law" in rows[0]["predicted"]
