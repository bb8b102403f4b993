"""Messages that never block the event loop (the analysis keeps running behind them)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from contractreview_ui.crash_handler import format_report
from contractreview_ui.dialogs import ErrorReportDialog

log = logging.getLogger(__name__)


def open_message(parent: QWidget, title: str, text: str, *, warning: bool = False) -> QMessageBox:
    """An expected problem or a result, in words; the text can be selected and copied."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_error_report(parent: QWidget, error: BaseException) -> ErrorReportDialog:
    """An error no one expected: logged with its traceback, and shown with "copy"."""
    log.error(
        "unexpected error: %s",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
    report = format_report(type(error), error, error.__traceback__)
    dialog = ErrorReportDialog("ContractReview hit an unexpected error", report, parent)
    dialog.open()
    return dialog
