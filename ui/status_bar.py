"""The window's status bar: the analysis stage, its progress, a Cancel button, and a warning
when the clause model cannot run."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget


class ReviewStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage_label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the analysis (the document stays open)")
        self.model_label = QLabel("")
        self.model_label.setStyleSheet("color:#8a3b00;")
        for widget in (self.model_label, self.stage_label, self.progress, self.cancel_button):
            self.addPermanentWidget(widget)
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def show_stage(self, text: str, percent: int | None = None) -> None:
        self.stage_label.setText(text)
        if percent is not None:
            self.progress.setValue(percent)

    def show_model_unavailable(self, reason: str) -> None:
        self.model_label.setText("Clause model unavailable")
        self.model_label.setToolTip(reason)
        self.showMessage(reason)
