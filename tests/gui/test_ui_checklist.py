"""The Checklist tab: the table model over the core's answers, and the tab in the main window
on an NDA built here (runs unasked for an NDA, on the model thread; selecting an answer
selects its evidence in the document)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.gui

from nda_docx import build_nda  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from contractreview.analysis.checklist.answer import answer_checklist  # noqa: E402
from contractreview.analysis.checklist.definition import load_checklist  # noqa: E402
from contractreview.analysis.segmenter import segment_document  # noqa: E402
from contractreview.docx.reader import read_docx  # noqa: E402
from contractreview_ui.checklist_model import ChecklistModel  # noqa: E402
from contractreview_ui.checklist_panel import detail_html  # noqa: E402
from contractreview_ui.table_model import OBJECT_ROLE, SORT_ROLE  # noqa: E402

TIMEOUT_MS = 120_000


def _items(tmp_path: Path):  # type: ignore[no-untyped-def]
    document = read_docx(build_nda(tmp_path / "nda.docx"))
    return answer_checklist(load_checklist("nda"), segment_document(document), "recipient")


def test_checklist_model(qtmodeltester, tmp_path: Path) -> None:
    items = _items(tmp_path)
    model = ChecklistModel()
    model.set_rows(items)
    qtmodeltester.check(model)
    assert model.rowCount() == len(items)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Question", "Answer", "Level", "Confidence"]
    row = next(i for i, it in enumerate(items) if it.id == "firm-law")
    assert model.index(row, ChecklistModel.COL_ANSWER).data() == "Yes"
    assert model.index(row, 0).data(OBJECT_ROLE) is items[row]
    for r, it in enumerate(items):
        level = model.index(r, ChecklistModel.COL_LEVEL)
        assert (level.data() == "") == it.preferred  # a level only where the firm differs
        assert level.data(SORT_ROLE) == (0 if it.preferred else it.level.rank)
        text = detail_html(it)
        if not it.preferred and it.position:
            assert "Firm position" in text


def test_detail_shows_no_evidence_for_not_mentioned(tmp_path: Path) -> None:
    for it in _items(tmp_path):
        if it.answer == "not_mentioned":
            assert "no clause is cited" in detail_html(it)
        else:
            assert "“" in detail_html(it)  # the quote of the evidence


def test_checklist_tab_on_an_nda(make_window, qtbot, tmp_path: Path) -> None:
    path = build_nda(tmp_path / "mutual-nda.docx")
    w = make_window()
    tab = w.tabs.indexOf(w.checklist)
    assert tab >= 0
    assert w.tabs.tabText(tab) == "Checklist"
    with qtbot.waitSignal(w.checklist.finished, timeout=TIMEOUT_MS):
        w.open_path(path)  # an NDA: the checklist runs by itself after the analysis
    qtbot.waitUntil(lambda: not w.pools.jobs(), timeout=TIMEOUT_MS)
    panel = w.checklist
    assert panel.result is not None
    assert panel.result.side == "recipient"
    assert panel.model.rowCount() == len(load_checklist("nda").questions)
    assert "NDA checklist" in panel.headline.text()
    rows = {panel.proxy.index(r, 0).data(OBJECT_ROLE).id: r for r in range(panel.proxy.rowCount())}
    panel.select_row(rows["nda-4"])
    item = panel.current_item()
    assert item is not None
    assert item.answer == "entailment"
    assert w.view.selected_segments() == [c.segment for c in item.citations]
    assert "solely for the purpose" in panel.detail.text()
    w.close_document()
    assert panel.model.rowCount() == 0
    assert not panel.run_button.isEnabled()


def test_checklist_on_demand(make_window, qtbot, tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Consulting Agreement", level=1)
    d.add_paragraph("1. The Consultant shall keep the Client's information confidential.")
    d.save(tmp_path / "consulting.docx")
    w = make_window()
    with qtbot.waitSignal(w.analysis_finished, timeout=TIMEOUT_MS):
        w.open_path(tmp_path / "consulting.docx")
    qtbot.waitUntil(lambda: not w.pools.jobs(), timeout=TIMEOUT_MS)
    assert w.checklist.result is None
    assert w.checklist.run_button.isEnabled()
    with qtbot.waitSignal(w.checklist.finished, timeout=TIMEOUT_MS):
        w.checklist.run_button.click()
    qtbot.waitUntil(lambda: not w.pools.jobs(), timeout=TIMEOUT_MS)
    assert w.checklist.model.rowCount() > 0


def _cover_items(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The checklist's answers on a Common Paper cover page built here, and its path."""
    from docx_builder import build_docx, p

    path = build_docx(tmp_path / "cover.docx", [
        p("This Mutual Non-Disclosure Agreement consists of: (1) this Cover Page and (2) the "
          "Common Paper Mutual NDA Standard Terms Version 1.0 posted at commonpaper.com."),
        p("PARTY 1"),
        p("{party_1_name}"),
    ])  # fmt: skip
    items = answer_checklist(load_checklist("nda"), segment_document(read_docx(path)))
    return items, path


def test_cover_page_note_is_shown(tmp_path: Path) -> None:
    items, _path = _cover_items(tmp_path)
    noted = [i for i in items if i.note]
    assert noted
    html = detail_html(noted[0])
    assert "Common Paper Mutual NDA Standard Terms" in html
    assert "no clause is cited" not in html


def test_cover_page_note_heads_the_checklist(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A cover page's note is in the checklist's headline, not only behind a selected row."""
    from contractreview.analysis.checklist.answer import ChecklistResult
    from contractreview_ui.checklist_panel import ChecklistPanel
    from contractreview_ui.workers import Pools

    items, path = _cover_items(tmp_path)
    pools = Pools()
    panel = ChecklistPanel(pools)
    qtbot.addWidget(panel)
    panel.show_result(ChecklistResult("NDA checklist", "0" * 64, str(path), "0" * 64,
                                      "recipient", tuple(items)))  # fmt: skip
    headline = panel.headline.text()
    assert headline.count("Common Paper Mutual NDA Standard Terms") == 1
    assert "cover page" in headline
