"""The side we act for belongs to each review: chosen in the toolbar from the contract type's
sides, stored with the review, and every view (the details panel included) shows the levels
for it at once (issue 21, item 3). Real sample contract, real shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytestmark = [pytest.mark.gui, pytest.mark.slow]

from contractreview.analysis.playbook import load_playbook  # noqa: E402
from contractreview.paths import models_dir, sample_contract  # noqa: E402
from contractreview_ui.main_window import MainWindow  # noqa: E402
from contractreview_ui.risk_style import style  # noqa: E402

SAMPLE = sample_contract()
ANALYSIS_TIMEOUT_MS = 180_000
pytestmark.append(
    pytest.mark.skipif(
        not (models_dir() / "clause_model.onnx").is_file() or not SAMPLE.is_file(),
        reason="needs the shipped model and the sample contract",
    )
)


def _settle(qtbot, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: w.analysis.job is None and not w.pools.jobs(), timeout=60_000)


def _open(qtbot, w: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(w.analysis_finished, timeout=ANALYSIS_TIMEOUT_MS):
        w.open_path(path)
    _settle(qtbot, w)


def _choose(qtbot, w: MainWindow, side: str) -> None:
    box = w.menus.side_box
    with qtbot.waitSignal(w.analysis_finished, timeout=ANALYSIS_TIMEOUT_MS):
        box.setCurrentIndex(box.findData(side))  # as the user picks it in the toolbar
    _settle(qtbot, w)


def _levels(w: MainWindow) -> dict[str, object]:
    return {i.finding.id: i.level for i in w._items}


def _title_level(w: MainWindow, level: object) -> bool:
    st = style(level)  # type: ignore[arg-type]
    return w.details.title.text().startswith(f"{st.glyph} {st.name} risk")


def _consulting(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("Consulting Services Agreement", level=1)
    d.add_paragraph("1. Services. The Consultant shall provide the services to the Customer.")
    d.add_paragraph("2. Liability. The Consultant's total liability is unlimited.")
    d.save(path)
    return path


def test_the_side_is_per_review_and_refreshes_the_details(make_window, qtbot, tmp_path) -> None:
    playbook = load_playbook()
    w = make_window()
    _open(qtbot, w, SAMPLE)
    assert w.result is not None
    first = w.result.side
    ctype = w.result.document.contract_type
    box = w.menus.side_box
    offered = [box.itemData(i) for i in range(box.count())]
    assert offered == list(playbook.sides_for(ctype))  # the contract type's sides
    assert [box.itemText(i) for i in range(box.count())] == [
        playbook.side_label(s) for s in offered
    ]
    assert box.currentData() == first
    assert box.isEnabled()
    before = _levels(w)

    other = next(s for s in offered if s != first)
    _choose(qtbot, w, other)
    assert w.result.side == other
    after = _levels(w)
    changed = [f for f in after if f in before and after[f] != before[f]]
    assert changed, "the sample has findings whose level depends on the side"
    fid = changed[0]
    w.select_finding(fid)
    assert _title_level(w, after[fid])

    # another contract starts from its own type's default, not the last side chosen
    _open(qtbot, w, _consulting(tmp_path / "consulting.docx"))
    assert w.result.side == playbook.default_side(w.result.document.contract_type)

    # the sample's review remembers its side
    _open(qtbot, w, SAMPLE)
    assert w.result.side == other
    assert w.menus.side_box.currentData() == other

    # the details panel shows the level for the side just chosen, without reselecting
    w.select_finding(fid)
    _choose(qtbot, w, first)
    assert w.details.finding_id == fid
    assert _title_level(w, before[fid])
    assert w.menus.side_box.currentData() == first
