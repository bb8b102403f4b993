"""The main window's actions, menus and toolbar (with the side the firm acts for)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QMenu, QMenuBar, QStyle, QToolBar

from contractreview_ui.export_actions import EXPORTS

if TYPE_CHECKING:
    from contractreview_ui.findings_panel import FindingsPanel
    from contractreview_ui.settings import Settings


class MenuHost(Protocol):
    """What the menus use of the main window (``MainWindow`` has it all), declared here so that
    this module and the window's do not import each other."""

    settings: Settings
    findings: FindingsPanel
    review_dock: QDockWidget
    details_dock: QDockWidget

    def open_dialog(self) -> None: ...
    def open_path(self, path: str | Path) -> None: ...
    def close_document(self) -> None: ...
    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def open_settings(self) -> None: ...
    def step(self, delta: int, *, high_only: bool = False) -> None: ...
    def cancel_analysis(self) -> None: ...
    def toggle_highlight(self) -> None: ...
    def show_about(self) -> None: ...
    def export_dialog(self, kind: str) -> None: ...
    def close(self) -> bool: ...
    def menuBar(self) -> QMenuBar: ...  # noqa: N802 (Qt's names)
    def addToolBar(self, title: str) -> QToolBar: ...  # noqa: N802
    def addAction(self, action: QAction) -> None: ...  # noqa: N802
    def style(self) -> QStyle: ...


SIDE_LABEL = "Acting for:"
SIDE_TIP = (
    "The side your firm acts for in this review; risk levels follow it. Stored with the "
    "review of this file."
)

Shortcut = QKeySequence | QKeySequence.StandardKey | str | list[QKeySequence] | None


class Menus:
    """Builds and holds the window's actions; the window enables them (``update``)."""

    def __init__(self, window: MenuHost) -> None:
        self._window = window
        w = window
        std = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", w.open_dialog, std.Open, "Open a Word contract")
        self.close_action = self._action("&Close", w.close_document, std.Close)
        self.quit_action = self._action("&Quit", w.close, std.Quit)
        self.undo_action = self._action("&Undo annotation edit", w.undo, std.Undo)
        self.redo_action = self._action(
            "&Redo annotation edit", w.redo, [QKeySequence(std.Redo), QKeySequence("Ctrl+Y")]
        )
        self.find_action = self._action("&Search findings", w.findings.focus_search, std.Find)
        self.settings_action = self._action("&Settings…", w.open_settings, "Ctrl+,")
        self.next_action = self._action(
            "&Next finding", lambda: w.step(1), "F8", "Next finding (F8)"
        )
        self.prev_action = self._action(
            "&Previous finding", lambda: w.step(-1), "Shift+F8", "Previous finding (Shift+F8)"
        )
        self.next_high_action = self._action(
            "Next &high risk",
            lambda: w.step(1, high_only=True),
            "Ctrl+F8",
            "Next high-risk finding (Ctrl+F8)",
        )
        self.cancel_action = self._action("&Cancel analysis", w.cancel_analysis, "Ctrl+.")
        self.highlight_action = self._action(
            "&Highlight flagged clauses", w.toggle_highlight, "Ctrl+Shift+H"
        )
        self.highlight_action.setCheckable(True)
        self.highlight_action.setChecked(w.settings.get("highlight"))
        self.about_action = self._action("&About and model card", w.show_about)
        self.export_actions = {
            kind: self._action(spec.title, partial(w.export_dialog, kind))
            for kind, spec in EXPORTS.items()
        }
        self._set_icons()
        self._build_menu_bar()
        self._build_toolbar()

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: Shortcut = None, tip: str = ""
    ) -> QAction:
        act = QAction(text, cast("QObject", self._window))  # the window owns its actions
        if isinstance(shortcut, list):
            act.setShortcuts(shortcut)
        elif shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(act)
        return act

    def _build_menu_bar(self) -> None:
        w = self._window
        bar = w.menuBar()
        m = bar.addMenu("&File")
        m.addAction(self.open_action)
        self.recent_menu: QMenu = m.addMenu("Open &recent")
        self.fill_recent(w.settings.get("recent_files"))
        m.addAction(self.close_action)
        m.addSeparator()
        self.export_menu: QMenu = m.addMenu("&Export")
        for act in self.export_actions.values():
            self.export_menu.addAction(act)
        m.addSeparator()
        m.addAction(self.settings_action)
        m.addSeparator()
        m.addAction(self.quit_action)
        m = bar.addMenu("&Edit")
        m.addActions([self.undo_action, self.redo_action, self.find_action])
        m = bar.addMenu("&Review")
        m.addActions([self.next_action, self.prev_action, self.next_high_action])
        m.addSeparator()
        m.addAction(self.cancel_action)
        m = bar.addMenu("&View")
        m.addAction(self.highlight_action)
        m.addAction(w.review_dock.toggleViewAction())
        m.addAction(w.details_dock.toggleViewAction())
        m = bar.addMenu("&Help")
        m.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        tb = self._window.addToolBar("Main")
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.open_action)
        docx = self.export_actions["annotated-docx"]
        tb.addAction(docx)
        docx.setIconText("Export annotated")
        tb.addSeparator()
        tb.addActions([self.prev_action, self.next_action, self.next_high_action])
        tb.addSeparator()
        tb.addAction(self.undo_action)
        self.undo_action.setIconText("Undo")
        tb.addAction(self.redo_action)
        self.redo_action.setIconText("Redo")
        tb.addSeparator()
        self.side_label = QLabel(f" {SIDE_LABEL} ")
        self.side_label.setToolTip(SIDE_TIP)
        tb.addWidget(self.side_label)
        self.side_box = QComboBox()
        self.side_box.setObjectName("side_box")
        self.side_box.setToolTip(SIDE_TIP)
        self.side_box.setAccessibleName("The side we act for")
        self.side_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.side_box.setEnabled(False)
        tb.addWidget(self.side_box)

    def _set_icons(self) -> None:
        """The desktop theme's icon where it has one, else the Qt style's standard one."""
        sp = QStyle.StandardPixmap
        icons = {
            self.open_action: ("document-open", sp.SP_DialogOpenButton),
            self.close_action: ("document-close", sp.SP_DialogCloseButton),
            self.export_actions["annotated-docx"]: ("document-save-as", sp.SP_DialogSaveButton),
            self.prev_action: ("go-up", sp.SP_ArrowUp),
            self.next_action: ("go-down", sp.SP_ArrowDown),
            self.next_high_action: ("dialog-warning", sp.SP_MessageBoxWarning),
            self.undo_action: ("edit-undo", sp.SP_ArrowBack),
            self.redo_action: ("edit-redo", sp.SP_ArrowForward),
            self.settings_action: ("preferences-system", sp.SP_FileDialogDetailedView),
            self.cancel_action: ("process-stop", sp.SP_BrowserStop),
            self.about_action: ("help-about", sp.SP_MessageBoxInformation),
        }
        style = self._window.style()
        for action, (theme, fallback) in icons.items():
            action.setIcon(QIcon.fromTheme(theme, style.standardIcon(fallback)))

    def fill_recent(self, recent: list[str]) -> None:
        self.recent_menu.clear()
        for i, path in enumerate(recent):
            act = self.recent_menu.addAction(f"&{i + 1} {Path(path).name}")
            act.setToolTip(path)
            act.triggered.connect(lambda _c=False, p=path: self._window.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def set_sides(self, sides: list[tuple[str, str]], current: str) -> None:
        """Offer ``sides`` (id, label) with ``current`` selected; no signal is emitted."""
        box = self.side_box
        box.blockSignals(True)
        try:
            box.clear()
            for side, label in sides:
                box.addItem(label, side)
            box.setCurrentIndex(max(0, box.findData(current)))
        finally:
            box.blockSignals(False)
        box.setEnabled(len(sides) > 1)

    def update(
        self, *, has_document: bool, can_export: bool, can_undo: bool, can_redo: bool,
        has_findings: bool,
    ) -> None:  # fmt: skip
        for act in self.export_actions.values():
            act.setEnabled(can_export)
        self.export_menu.setEnabled(can_export)
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        for act in (self.next_action, self.prev_action, self.next_high_action):
            act.setEnabled(has_findings)
        self.close_action.setEnabled(has_document)
