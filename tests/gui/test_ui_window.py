"""The main window on real files: open, read, review with the shipped model, annotate, undo,
export, reopen. Qt runs offscreen; every user path is under tmp_path (tests/conftest.py)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.gui

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from contractreview.analysis.results import RiskLevel  # noqa: E402
from contractreview.paths import models_dir, sample_contract  # noqa: E402
from contractreview_ui.main_window import MainWindow  # noqa: E402
from contractreview_ui.table_model import OBJECT_ROLE  # noqa: E402

SAMPLE = sample_contract()
needs_model = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file(),
    reason="models/clause_model.onnx is not installed yet: analysis tests need the shipped model",
)
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason="the sample contract is absent")
ANALYSIS_TIMEOUT_MS = 120_000


def _wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: window.analysis.job is None and not window.pools.jobs(),
        timeout=ANALYSIS_TIMEOUT_MS,
    )


def _open_and_analyse(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.analysis_finished, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_path(path)
    qtbot.waitUntil(lambda: window.snapshot is not None)
    _wait_idle(qtbot, window)


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("Consulting Agreement", level=1)
    d.add_paragraph("1. Term. This Agreement starts on 1 March 2024 and lasts two years.")
    d.add_paragraph("2. Liability. The Consultant's total liability is unlimited.")
    d.save(path)
    return path


def test_window_starts_empty(make_window) -> None:
    w = make_window()
    assert w.document is None
    assert not w.menus.export_menu.isEnabled()
    assert not w.menus.next_action.isEnabled()
    assert "Open a Word contract" in w.view.placeholderText()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.docx", b""),
        ("truncated.docx", b"PK\x03\x04\x14\x00\x00\x00garbage"),
        ("letter.docx", b"Dear Sir, this is plain text and not a Word file."),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
    ],
)
def test_bad_file_gets_a_clear_message(make_window, qtbot, tmp_path: Path, name, content) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    w = make_window()
    with qtbot.waitSignal(w.message_shown) as sig:
        w.open_path(path)
    title, text = sig.args
    assert title == "Cannot open the document"
    assert name in text
    assert "Traceback" not in text
    assert isinstance(w.last_message, QMessageBox)
    assert w.last_message.isVisible()
    assert w.document is None
    assert w.windowTitle() == "ContractReview"
    w.last_message.close()
    _wait_idle(qtbot, w)


def test_missing_file_gets_a_clear_message(make_window, qtbot, tmp_path: Path) -> None:
    w = make_window()
    with qtbot.waitSignal(w.message_shown) as sig:
        w.open_path(tmp_path / "nowhere.docx")
    assert "nowhere.docx" in sig.args[1]
    w.last_message.close()


def test_document_readable_before_and_without_the_model(make_window, qtbot, tmp_path) -> None:
    """The contract is shown as soon as it is read, whatever the model does afterwards."""
    path = _docx(tmp_path / "consulting.docx")
    w = make_window()
    with qtbot.waitSignal(w.document_shown, timeout=10_000):
        w.open_path(path)
    text = w.view.toPlainText()
    assert "Consulting Agreement" in text
    assert "total liability is unlimited" in text
    assert w.windowTitle().startswith("consulting.docx")
    assert w.settings.get("recent_files")[0] == str(path.resolve())
    assert w.menus.recent_menu.actions()[0].text().endswith("consulting.docx")
    _wait_idle(qtbot, w)
    assert w.result is not None or w.model_label.text() or w.stage_label.text()


def test_drop_a_docx_opens_it(make_window, qtbot, tmp_path: Path) -> None:
    path = _docx(tmp_path / "dropped.docx")
    w = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(w.document_shown, timeout=10_000):
        w.dropEvent(event)
    assert w.document is not None
    assert w.document.path.endswith("dropped.docx")
    _wait_idle(qtbot, w)


def test_about_dialog_states_nothing_leaves_the_machine(make_window, qtmodeltester) -> None:
    w = make_window()
    w.menus.about_action.trigger()
    dlg = w.about_dialog
    assert dlg.isVisible()
    from PySide6.QtWidgets import QLabel

    texts = " ".join(lbl.text() for lbl in dlg.findChildren(QLabel))
    assert "Nothing leaves this machine" in texts
    qtmodeltester.check(dlg.metrics_model)
    dlg.close()


def test_settings_dialog_writes_typed_settings(make_window, qtbot) -> None:
    w = make_window()
    w.open_settings()
    dlg = w.settings_dialog
    assert not hasattr(dlg, "side")  # the side belongs to each review (the toolbar)
    dlg.reviewer.setText("A. Lawyer")
    assert dlg.gist_dir.text() == ""  # gists are off by default
    assert dlg.gist_policy.currentData() == "mark"
    dlg.gist_policy.setCurrentIndex(dlg.gist_policy.findData("withhold"))
    dlg.highlight.setChecked(False)
    dlg.accept()
    assert w.settings.get("reviewer") == "A. Lawyer"
    assert w.settings.get("highlight") is False
    assert w.settings.get("gist_policy") == "withhold"
    assert w.settings.get("gist_model_dir") == ""
    assert not w.menus.highlight_action.isChecked()
    assert not w.details.gist.button.isEnabled()


@pytest.mark.slow
@needs_model
@needs_sample
def test_full_review_loop(make_window, qtbot, tmp_path: Path) -> None:
    """Open, read the findings, go through them by keyboard, annotate, undo, export, reopen."""
    w = make_window()
    _open_and_analyse(qtbot, w, SAMPLE)
    result = w.result
    assert result is not None
    assert result.findings, "the sample contract has no findings"
    model = w.findings.model
    assert model.rowCount() == len(result.findings)
    assert {model.row_object(r).finding.id for r in range(model.rowCount())} == {
        f.id for f in result.findings
    }
    assert len(w.view.segment_ids()) == len(result.segments)

    # keyboard: next, next, previous
    w.menus.next_action.trigger()
    first = w.findings.current_item()
    assert first is not None
    assert w.view.selected_segments() == [
        s for s in first.finding.segments if w.view.segment_span(s)
    ]
    assert w.details.finding_id == first.finding.id
    w.menus.next_action.trigger()
    second = w.findings.current_item()
    w.menus.prev_action.trigger()
    assert w.findings.current_item().finding.id == first.finding.id
    if any(i.level == RiskLevel.HIGH for i in w._items):
        w.menus.next_high_action.trigger()
        assert w.findings.current_item().level == RiskLevel.HIGH

    # a click on a clause in the document selects its finding everywhere
    w.view.anchorClicked.emit(QUrl("#" + second.finding.segments[0]))
    assert w.findings.current_item().finding.id == second.finding.id
    assert w.details.finding_id == second.finding.id

    # annotate: status, risk override and note, each saved at once
    fid = second.finding.id
    with qtbot.waitSignal(w.annotations_changed, timeout=10_000):
        w.details.status.setCurrentIndex(w.details.status.findData("needs negotiation"))
    with qtbot.waitSignal(w.annotations_changed, timeout=10_000):
        w.details.override.setCurrentIndex(w.details.override.findData("low"))
    with qtbot.waitSignal(w.annotations_changed, timeout=10_000):
        w.details.note.setPlainText("Ask for a cap of 12 months' fees.")
    item = w.item(fid)
    assert item.status.value == "needs negotiation"
    assert item.level == RiskLevel.LOW
    assert item.overridden
    assert item.note == "Ask for a cap of 12 months' fees."
    row = model.row_of(fid)
    assert model.index(row, 4).data() == "✎"
    assert model.index(row, 0).data().endswith("*")

    # undo the note, redo it
    assert w.menus.undo_action.isEnabled()
    with qtbot.waitSignal(w.annotations_changed, timeout=10_000):
        w.menus.undo_action.trigger()
    assert w.item(fid).note == ""
    assert w.details.note.toPlainText() == ""
    with qtbot.waitSignal(w.annotations_changed, timeout=10_000):
        w.menus.redo_action.trigger()
    assert w.item(fid).note == "Ask for a cap of 12 months' fees."

    # exports, each through the core exporter on the save thread
    out = tmp_path / "out"
    out.mkdir()
    for kind, name in (
        ("annotated-docx", "annotated.docx"),
        ("json", "register.json"),
        ("memo", "memo.docx"),
        ("csv", "register.csv"),
        ("html", "report.html"),
    ):
        with qtbot.waitSignal(w.export_finished, timeout=30_000) as sig:
            w.export(kind, out / name)
        assert sig.args == [str(out / name)]
        assert (out / name).stat().st_size > 0
        w.last_message.close()
    with zipfile.ZipFile(out / "annotated.docx") as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "12 months" in comments
    rows = list(csv.reader((out / "register.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert any("Ask for a cap" in cell for r in rows for cell in r)
    w.close()

    # reopen the same file in a new window: the annotation is restored from the store
    w2 = make_window()
    _open_and_analyse(qtbot, w2, SAMPLE)
    qtbot.waitUntil(lambda: w2.item(fid) is not None and w2.item(fid).note != "")
    restored = w2.item(fid)
    assert restored.note == "Ask for a cap of 12 months' fees."
    assert restored.status.value == "needs negotiation"
    assert restored.level == RiskLevel.LOW


@pytest.mark.slow
@needs_model
@needs_sample
def test_filters_search_and_terms(make_window, qtbot) -> None:
    w = make_window()
    _open_and_analyse(qtbot, w, SAMPLE)
    proxy = w.findings.proxy
    total = proxy.rowCount()
    w.findings.risk.setCurrentIndex(1)  # high only
    assert all(
        proxy.index(r, 0).data(OBJECT_ROLE).level == RiskLevel.HIGH for r in range(proxy.rowCount())
    )
    w.findings.risk.setCurrentIndex(0)
    w.menus.find_action.trigger()
    w.findings.search.setText("zzzz-not-in-any-clause")
    assert proxy.rowCount() == 0
    w.findings.search.clear()
    assert proxy.rowCount() == total
    assert w.summary.terms_model.rowCount() == len(w.result.terms)
    assert "Contract type" in w.summary.headline.text()
    if w.result.terms:
        term = w.result.terms[0]
        w.summary.term_clicked.emit(term.segment)
        selected = w.view.selected_segments()
        assert selected
        assert term.segment in selected
    w.menus.highlight_action.trigger()  # highlighting off keeps every clause clickable
    assert len(w.view.segment_ids()) == len(w.result.segments)


def test_note_on_selected_text(make_window, qtbot, tmp_path: Path) -> None:
    """Select any text, right-click, "Add note on selection": saved as a block + span note,
    listed in the Notes tab, shown again in the document, deleted, restored by undo."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor, QTextDocument

    from contractreview_ui.dialogs import NoteDialog

    w = make_window()
    with qtbot.waitSignal(w.annotations_changed, timeout=ANALYSIS_TIMEOUT_MS):
        w.open_path(_docx(tmp_path / "consulting.docx"))
    _wait_idle(qtbot, w)  # with or without the clause model installed

    cur = w.view.document().find("total liability", 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not cur.isNull()
    w.view.setTextCursor(cur)
    sel = w.view.selection()
    assert sel is not None
    block = next(b for b in w.document.blocks if b.id == sel.block)
    assert block.text[sel.start : sel.end] == sel.quote == "total liability"

    menu = w.view.context_menu_at(w.view.cursorRect(cur).center())
    act = next(a for a in menu.actions() if a.text().startswith("Add note on selection"))
    assert act.isEnabled()
    act.trigger()
    menu.deleteLater()
    dialog = w.note_dialog_shown
    assert isinstance(dialog, NoteDialog)
    assert "total liability" in dialog.quote.text()
    dialog.note.setPlainText("Uncapped: ask for a cap at 12 months' fees.")
    with qtbot.waitSignal(w.annotations_changed):
        dialog.accept()

    assert w.tabs.currentWidget() is w.notes
    assert w.notes.model.rowCount() == 1
    note = w.notes.model.row_object(0)
    assert (note.block, note.start, note.end) == (sel.block, sel.start, sel.end)
    assert note.finding_id is None
    assert note.note.startswith("Uncapped")
    if (models_dir() / "clause_model.onnx").is_file():  # analysed: the note is shown again
        assert w.result is not None
        w.view.setTextCursor(QTextCursor(w.view.document()))
        w.show_note(note)
        assert w.view.textCursor().selectedText() == "total liability"
        from contractreview_ui.document_view import NOTE_BACKGROUND

        marked = [
            x.cursor.selectedText()
            for x in w.view.extraSelections()
            if x.format.background().color().name() == NOTE_BACKGROUND
        ]
        assert marked == ["total liability"]  # the noted text is marked in the document

    with qtbot.waitSignal(w.annotations_changed):
        w.delete_note(note.id)
    assert w.notes.model.rowCount() == 0
    with qtbot.waitSignal(w.annotations_changed):
        w.undo()
    assert w.notes.model.rowCount() == 1

    # nothing selected: the menu's action is there but off
    w.view.setTextCursor(QTextCursor(w.view.document()))
    menu = w.view.context_menu_at(QPoint(5, 5))
    act = next(a for a in menu.actions() if a.text().startswith("Add note on selection"))
    assert not act.isEnabled()
    menu.deleteLater()


def test_toolbar_actions_have_icons(make_window) -> None:
    w = make_window()
    for act in (
        w.menus.open_action,
        w.menus.export_actions["annotated-docx"],
        w.menus.next_action,
        w.menus.undo_action,
    ):
        assert not act.icon().isNull(), act.text()
