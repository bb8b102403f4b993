"""Issue 21, item 7 (the GUI parts): no greyed gist box without a generative model (Settings
says how to add one); the About box shows the per-category figures of models/metrics.json;
"Add note on selection" works on a selection from a numbered paragraph's beginning; the
"Notes (n)" count and list include the notes on findings. Real sample, real shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.gui

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from contractreview.paths import models_dir, sample_contract  # noqa: E402
from contractreview_ui.main_window import MainWindow  # noqa: E402

SAMPLE = sample_contract()
needs_model = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file() or not SAMPLE.is_file(),
    reason="needs the shipped model and the sample contract",
)


def test_no_gist_box_without_a_generative_model(make_window, tmp_path: Path) -> None:
    w = make_window()
    assert w.details.gist.isHidden()
    assert w.summary.overview.isHidden()
    w.open_settings()
    texts = " ".join(lbl.text() for lbl in w.settings_dialog.findChildren(QLabel))
    assert "contractreview_training.gist_export" in texts  # one line says how to add one
    w.settings_dialog.reject()

    w.settings.set("gist_model_dir", str(tmp_path / "nowhere"))  # chosen, then moved away
    w._update_gist_availability()
    assert not w.details.gist.isHidden()
    assert "cannot be found" in w.details.gist.hint.text()
    w.settings.set("gist_model_dir", str(tmp_path))
    w._update_gist_availability()
    assert not w.details.gist.isHidden()
    assert not w.summary.overview.isHidden()


@pytest.mark.skipif(
    not (models_dir() / "metrics.json").is_file(), reason="models/metrics.json is absent"
)
def test_about_shows_the_per_category_figures_of_metrics_json(make_window) -> None:
    w = make_window()
    w.menus.about_action.trigger()
    dlg = w.about_dialog
    model = dlg.metrics_model
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert "AUPR" in headers
    assert "F1" in headers
    texts = " ".join(lbl.text() for lbl in dlg.findChildren(QLabel))
    assert "no per-category figures" not in texts
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    aupr = headers.index("AUPR")
    assert model.index(rows["Governing Law"], aupr).data().endswith("%")
    dlg.close()


def _open(qtbot, w: MainWindow) -> None:
    with qtbot.waitSignal(w.analysis_finished, timeout=180_000):
        w.open_path(SAMPLE)
    qtbot.waitUntil(
        lambda: w.snapshot is not None and w.analysis.job is None and not w.pools.jobs(),
        timeout=60_000,
    )


@needs_model
def test_notes_from_a_numbered_paragraph_and_on_findings(make_window, qtbot) -> None:
    w = make_window()
    _open(qtbot, w)
    assert w.result is not None
    assert w.document is not None
    labelled = {b.id: b for b in w.document.blocks if b.list_label and b.text.strip()}
    seg = next(s for s in w.result.segments if s.block in labelled and s.start == 0)
    span = w.view.segment_span(seg.id)
    line = w.view.document().findBlock(span[0])  # the paragraph as shown: "2.1 The Supplier…"
    cur = QTextCursor(w.view.document())
    cur.setPosition(line.position())
    cur.setPosition(span[0] + 20, QTextCursor.MoveMode.KeepAnchor)
    assert cur.selectedText().startswith(labelled[seg.block].list_label)
    w.view.setTextCursor(cur)
    menu = w.view.context_menu_at(w.view.cursorRect(cur).center())
    action = next(a for a in menu.actions() if a.text().startswith("Add note on selection"))
    assert action.isEnabled()
    sel = w.view.selection()
    assert sel is not None
    assert sel.block == seg.block
    assert labelled[seg.block].text[sel.start : sel.end] == sel.quote
    assert sel.start == 0

    notes_tab = w.tabs.indexOf(w.notes)
    assert w.tabs.tabText(notes_tab) == "Notes (0)"
    finding = w.result.findings[0]
    with qtbot.waitSignal(w.annotations_changed):
        w.edit_annotation(finding.id, {"note": "Ask for a mutual cap"})
    assert w.tabs.tabText(notes_tab) == "Notes (1)"  # a note on a finding counts
    with qtbot.waitSignal(w.annotations_changed):
        w.add_note(sel, "Numbered clause noted")
    assert w.tabs.tabText(notes_tab) == "Notes (2)"
    listed = [w.notes.model.row_object(r) for r in range(w.notes.model.rowCount())]
    assert {n.note for n in listed} == {"Ask for a mutual cap", "Numbered clause noted"}
    on_finding = next(n for n in listed if n.finding_id == finding.id)
    w.show_note(on_finding)  # a click on it shows the finding
    assert w.details.finding_id == finding.id
