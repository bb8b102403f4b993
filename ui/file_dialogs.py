"""Choosing a contract: the Open dialog and a file dropped on the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

DOCX_FILTER = "Word documents (*.docx);;All files (*)"
WORD_SUFFIXES = (".docx", ".docm", ".doc")  # .doc is refused with a clear message on opening


def ask_contract_path(parent: QWidget, recent: list[str]) -> str | None:
    """The contract to open, chosen by the user (starting in the last one's folder)."""
    start = str(Path(recent[0]).parent) if recent else ""
    path, _ = QFileDialog.getOpenFileName(parent, "Open a contract", start, DOCX_FILTER)
    return path or None


def dropped_docx(event: QDragEnterEvent | QDropEvent) -> str | None:
    """The first Word file among the dropped files, if any."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(WORD_SUFFIXES):
            return url.toLocalFile()
    return None
