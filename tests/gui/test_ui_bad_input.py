"""Bad inputs through the GUI, not just the core: every one gets a message a lawyer can act on,
and the window stays usable (the next good contract opens). Complements
tests/test_ui_window.py, which covers empty, truncated, plain-text, old-format and missing
files."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.gui

from docx_builder import DOCM_MAIN, NS, build_docx, excel_workbook, ole_file, p  # noqa: E402

from contractreview.docx.package import MAX_FILE_BYTES  # noqa: E402
from contractreview.paths import models_dir, sample_contract  # noqa: E402
from contractreview_ui.main_window import OPENED_WITH_WARNINGS, MainWindow  # noqa: E402
from contractreview_ui.settings import Settings  # noqa: E402

needs_model = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file(),
    reason="models/clause_model.onnx is not installed yet: exports need an analysed contract",
)
ANALYSIS_TIMEOUT_MS = 120_000


def _macro(tmp: Path) -> Path:
    return build_docx(tmp / "macro.docm", [p("Hello")], main_content_type=DOCM_MAIN,
                      extra_parts={"word/vbaProject.bin": b"\xcc\x61" + b"\0" * 100})  # fmt: skip


def _encrypted(tmp: Path) -> Path:
    return ole_file(
        tmp / "protected.docx",
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\0" * 64},
    )


def _xxe(tmp: Path) -> Path:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    return build_docx(tmp / "xxe.docx", [], document_xml=xml)


def _zip_bomb(tmp: Path) -> Path:
    path = build_docx(tmp / "bomb.docx", [p("x")])
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("word/media/b.bin", "w") as f,
    ):
        for _ in range(20):
            f.write(b"\0" * (1 << 20))
    return path


def _too_large(tmp: Path) -> Path:
    path = build_docx(tmp / "huge.docx", [p("x")])
    with path.open("r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse
    return path


def _malformed(tmp: Path) -> Path:
    return build_docx(tmp / "broken.docx", [], document_xml=f"<w:document {NS}><w:body><w:p>")


def _pdf(tmp: Path) -> Path:
    path = tmp / "contract.docx"
    path.write_bytes(b"%PDF-1.7\n" + b"\0" * 200)
    return path


def _excel(tmp: Path) -> Path:
    return excel_workbook(tmp / "prices.docx")


def _folder(tmp: Path) -> Path:
    path = tmp / "folder.docx"
    path.mkdir()
    return path


BAD_FILES: list[tuple[Callable[[Path], Path], str]] = [
    (_macro, "macro"),
    (_encrypted, "password"),
    (_xxe, "not opened"),
    (_zip_bomb, "too large"),
    (_too_large, "too large"),
    (_malformed, "damaged"),
    (_pdf, "PDF"),
    (_excel, "Excel"),
    (_folder, "folder"),
]


@pytest.fixture
def window(qtbot, tmp_path: Path):
    w = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(w)
    w.show()
    yield w
    assert w.shutdown(), "background work did not stop"
    assert w.pools.active_threads() == 0, "a worker thread leaked"


def _good_docx(path: Path) -> Path:
    return build_docx(path, [p("Consulting Agreement", style="Title"),
                             p("1. The Consultant's total liability is unlimited.")])  # fmt: skip


def _still_usable(qtbot, w: MainWindow, tmp_path: Path) -> None:
    """The next good contract opens and is shown."""
    good = _good_docx(tmp_path / "good.docx")
    with qtbot.waitSignal(w.document_shown, timeout=10_000):
        w.open_path(good)
    assert "total liability is unlimited" in w.view.toPlainText()
    qtbot.waitUntil(lambda: w.analysis.job is None and not w.pools.jobs(), timeout=60_000)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "expected"), BAD_FILES, ids=[m.__name__[1:] for m, _ in BAD_FILES]
)
def test_bad_file_gets_a_message_and_the_window_stays_usable(
    window: MainWindow, qtbot, tmp_path: Path, make, expected: str
) -> None:
    path = make(tmp_path)
    with qtbot.waitSignal(window.message_shown, timeout=20_000) as shown:
        window.open_path(path)
    title, text = shown.args
    assert title == "Cannot open the document"
    assert expected.lower() in text.lower()
    assert path.name in text
    assert "Traceback" not in text
    assert "Error:" not in text
    assert window.last_message.isVisible()
    assert window.document is None
    assert window.windowTitle() == "ContractReview"
    assert window.menus.open_action.isEnabled()
    window.last_message.close()
    _still_usable(qtbot, window, tmp_path)


def test_document_with_only_pictures_says_so(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """A scanned contract (pictures, no text) opens, and the user is told why it looks empty."""
    path = build_docx(tmp_path / "scanned.docx", [])
    with qtbot.waitSignal(window.message_shown, timeout=20_000) as shown:
        window.open_path(path)
    title, text = shown.args
    assert title == OPENED_WITH_WARNINGS
    assert "no readable text" in text
    assert window.document is not None
    window.last_message.close()
    qtbot.waitUntil(lambda: window.analysis.job is None and not window.pools.jobs(), timeout=60_000)
    _still_usable(qtbot, window, tmp_path)


def test_a_file_that_vanishes_before_reading(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = _good_docx(tmp_path / "moved.docx")
    path.unlink()
    with qtbot.waitSignal(window.message_shown, timeout=20_000) as shown:
        window.open_path(path)
    assert "does not exist" in shown.args[1]
    window.last_message.close()
    _still_usable(qtbot, window, tmp_path)


@pytest.mark.slow
@needs_model
def test_export_to_an_unwritable_place_gets_a_message(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    with qtbot.waitSignal(window.analysis_finished, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_path(sample_contract())
    qtbot.waitUntil(lambda: window.snapshot is not None)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export folder should be", encoding="utf-8")
    for kind, name in (("annotated-docx", "out.docx"), ("csv", "out.csv")):
        with qtbot.waitSignal(window.message_shown, timeout=30_000) as shown:
            window.export(kind, blocker / name)
        title, text = shown.args
        assert title == "The export could not be written"
        assert "out." in text
        window.last_message.close()
    # the review is intact and the next export works
    target = tmp_path / "ok.docx"
    with qtbot.waitSignal(window.export_finished, timeout=30_000):
        window.export("annotated-docx", target)
    assert target.is_file()
    window.last_message.close()
    qtbot.waitUntil(lambda: not window.pools.jobs(), timeout=10_000)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("sides: [customer\nclauses: {", "line", id="invalid-yaml"),
        pytest.param(None, "cannot be read", id="missing-file"),
    ],
)
def test_broken_playbook_gets_a_message_and_the_contract_stays_open(
    window: MainWindow, qtbot, tmp_path: Path, content: str | None, expected: str
) -> None:
    """A playbook chosen in the settings that is broken or gone: the contract is still shown,
    the analysis says why it cannot run, and a good playbook works again."""
    playbook = tmp_path / "firm-playbook.yaml"
    if content is not None:
        playbook.write_text(content, encoding="utf-8")
    window.settings.set("playbook", str(playbook))
    with qtbot.waitSignal(window.analysis_failed, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_path(_good_docx(tmp_path / "consulting.docx"))
    title, text = window.last_message.windowTitle(), window.last_message.text()
    assert title == "The analysis could not run"
    assert "firm-playbook.yaml" in text
    assert expected in text
    assert window.document is not None
    assert "total liability is unlimited" in window.view.toPlainText()
    window.last_message.close()
    qtbot.waitUntil(lambda: window.analysis.job is None and not window.pools.jobs(), timeout=60_000)
    window.settings.set("playbook", "")
    _still_usable(qtbot, window, tmp_path)
