"""The first window fits the screen, and at 1366x768 the findings table, the reason and the
lawyer's own status and note are visible without scrolling the details (issue 21, item 2).
Real sample contract, real shipped model."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.gui

from PySide6.QtCore import QPoint, QRect, QSize  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from contractreview.paths import models_dir, sample_contract  # noqa: E402
from contractreview_ui.window_layout import FRAME_ALLOWANCE, fitted_geometry  # noqa: E402

SAMPLE = sample_contract()


@pytest.mark.parametrize(
    "available",
    [
        QRect(0, 0, 1366, 768),  # no panel
        QRect(0, 0, 1366, 728),  # a 40 px task bar
        QRect(0, 27, 1366, 741),  # a top bar (GNOME)
        QRect(1920, 0, 1280, 720),  # a second screen to the right
        QRect(0, 0, 1920, 1040),
    ],
)
def test_the_first_window_fits_the_available_area_with_its_frame(available: QRect) -> None:
    geo = fitted_geometry(available)
    frame = geo.adjusted(
        -FRAME_ALLOWANCE.width() // 2,
        -(FRAME_ALLOWANCE.height() - FRAME_ALLOWANCE.width() // 2),
        FRAME_ALLOWANCE.width() // 2,
        FRAME_ALLOWANCE.width() // 2,
    )
    assert available.contains(frame), (geo, available)
    assert geo.width() >= min(1200, available.width() - 100)  # still a useful size


def test_a_large_screen_gets_the_preferred_size_not_all_of_it() -> None:
    geo = fitted_geometry(QRect(0, 0, 2560, 1400))
    assert geo.size() == QSize(1440, 900)


def _fully_visible(widget: QWidget, viewport: QWidget) -> bool:
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return widget.isVisible() and viewport.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.slow
@pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file() or not SAMPLE.is_file(),
    reason="needs the shipped model and the sample contract",
)
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_findings_reason_status_and_note_visible_without_scrolling(
    make_window, qtbot, width: int, height: int
) -> None:
    w = make_window()
    available = QRect(0, 0, width, height)
    w.fit_to(available)
    assert available.contains(w.geometry())
    with qtbot.waitSignal(w.analysis_finished, timeout=180_000):
        w.open_path(SAMPLE)
    qtbot.waitUntil(lambda: w.snapshot is not None and not w.pools.jobs(), timeout=60_000)
    w.step(1, high_only=True)
    assert w.details.finding_id is not None
    qtbot.wait(50)  # one layout pass (the reasons table fits its rows)

    assert w.statusBar().isVisible()
    assert w.statusBar().geometry().bottom() <= w.height()
    table = w.findings.table
    assert table.isVisible()
    assert table.viewport().height() >= 4 * table.rowHeight(0)  # several findings in view

    details = w.details
    assert details.verticalScrollBar().value() == 0
    viewport = details.viewport()
    for widget in (details.title, details.reasons_view, details.status, details.note):
        assert _fully_visible(widget, viewport), widget.metaObject().className()
    assert details.reasons_view.viewport().height() >= details.reasons_view.rowHeight(0)
