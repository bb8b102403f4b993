"""The first window's size and the split between the document and the review docks.

A first window (no saved geometry) is fitted to the screen's available area: a 1366x768
laptop gets a window that fits with its title bar, and on every screen the findings table,
the reasons and the lawyer's status and note are visible without scrolling the details.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

PREFERRED = QSize(1440, 900)  # on a large screen: room to read the contract beside the review
FRAME_ALLOWANCE = QSize(16, 48)  # the window manager's borders and title bar, not in geometry()
REVIEW_WIDTH_SHARE = 0.42  # the review docks' share of the width
REVIEW_HEIGHT_SHARE = 0.5  # the findings' share of the docks' height (the rest: details)
LARGE_SCREEN_HEIGHT = 1000  # from here the findings get a little more height
LARGE_REVIEW_HEIGHT_SHARE = 0.56


def fitted_geometry(available: QRect, preferred: QSize = PREFERRED) -> QRect:
    """The first window's client rectangle: the preferred size, shrunk to fit ``available``
    with its frame, centred there."""
    width = max(320, min(preferred.width(), available.width() - FRAME_ALLOWANCE.width()))
    height = max(240, min(preferred.height(), available.height() - FRAME_ALLOWANCE.height()))
    x = available.x() + (available.width() - width) // 2
    y = available.y() + max(FRAME_ALLOWANCE.height() - 8, (available.height() - height) // 2)
    return QRect(x, y, width, height)


def size_docks(window: QMainWindow, review: QDockWidget, details: QDockWidget) -> None:
    """Give the review docks their share of the width, and split their height between the
    findings (above) and the details (below)."""
    width = max(420, int(window.width() * REVIEW_WIDTH_SHARE))
    window.resizeDocks([review], [width], Qt.Orientation.Horizontal)
    share = (
        LARGE_REVIEW_HEIGHT_SHARE if window.height() >= LARGE_SCREEN_HEIGHT else REVIEW_HEIGHT_SHARE
    )
    docks_height = review.height() + details.height()
    top = max(200, int(docks_height * share))
    window.resizeDocks(
        [review, details], [top, max(200, docks_height - top)], Qt.Orientation.Vertical
    )
