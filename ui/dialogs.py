"""Dialogs: settings, about + model card, and the report of an unexpected error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from contractreview_ui.settings import Settings
from contractreview_ui.table_model import SORT_ROLE, Column, RowTableModel

LOCAL_STATEMENT = (
    "Nothing leaves this machine. ContractReview reads your contract, runs its legal model and "
    "stores your notes on this computer only; it makes no network connections."
)


class ErrorReportDialog(QDialog):
    """An unexpected error: what happened, and a report the user can copy for IT."""

    def __init__(self, title: str, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                "Something went wrong inside ContractReview. Your annotations are saved as you "
                "make them. Please copy this report and send it to your IT contact."
            )
        )
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        lay.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy report")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)


class NoteDialog(QDialog):
    """A note on selected text: the text quoted, and the note to write."""

    def __init__(self, quote: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add note on selection")
        self.resize(520, 300)
        lay = QVBoxLayout(self)
        shown = quote if len(quote) <= 400 else quote[:399] + "…"
        self.quote = QLabel(f"“{shown}”")
        self.quote.setWordWrap(True)
        self.quote.setStyleSheet("color:#333333; font-style:italic;")
        lay.addWidget(self.quote)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Your note on this text")
        lay.addWidget(self.note, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.note.setFocus()

    def text(self) -> str:
        return self.note.toPlainText().strip()


GIST_HOW_TO = (
    "<small>Plain-English gists need a generative model your firm approved: export it with "
    "<code>python -m contractreview_training.gist_export</code> (docs/generative_models.md) "
    "and choose its folder here.</small>"
)


class SettingsDialog(QDialog):
    """Reviewer name, playbook file, highlighting, the generative model for gists.
    ``apply`` writes the settings. (The side we act for belongs to each review: the window's
    toolbar chooses it.)
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout()
        self.reviewer = QLineEdit(settings.get("reviewer"))
        self.playbook = QLineEdit(settings.get("playbook"))
        self.playbook.setPlaceholderText("The playbook shipped with ContractReview")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.playbook, 1)
        row.addWidget(browse)
        self.highlight = QCheckBox("Highlight flagged clauses in the document")
        self.highlight.setChecked(settings.get("highlight"))

        self.gist_dir = QLineEdit(settings.get("gist_model_dir"))
        self.gist_dir.setPlaceholderText("None: plain-English gists are off")
        self.gist_dir.setToolTip(
            "A folder made by 'python -m contractreview_training.gist_export' from a model "
            "your firm "
            "approved (see docs/generative_models.md)"
        )
        gist_browse = QPushButton("Browse…")
        gist_browse.clicked.connect(self._browse_gist)
        gist_row = QHBoxLayout()
        gist_row.addWidget(self.gist_dir, 1)
        gist_row.addWidget(gist_browse)
        self.gist_policy = QComboBox()
        self.gist_policy.addItem("Show it, with the unsupported words marked", "mark")
        self.gist_policy.addItem("Withhold it", "withhold")
        self.gist_policy.setCurrentIndex(
            max(0, self.gist_policy.findData(settings.get("gist_policy")))
        )

        form.addRow("Reviewer name", self.reviewer)
        form.addRow("Playbook", row)
        form.addRow("", self.highlight)
        form.addRow("Generative model folder", gist_row)
        form.addRow("", QLabel(GIST_HOW_TO))
        form.addRow("A gist stating facts\nthe contract does not", self.gist_policy)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a playbook", "", "Playbook (*.yaml *.yml)"
        )
        if path:
            self.playbook.setText(path)

    def _browse_gist(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Choose the generative model folder")
        if path:
            self.gist_dir.setText(path)

    def apply(self) -> None:
        self.settings.set("reviewer", self.reviewer.text().strip())
        self.settings.set("playbook", self.playbook.text().strip())
        self.settings.set("highlight", self.highlight.isChecked())
        self.settings.set("gist_model_dir", self.gist_dir.text().strip())
        self.settings.set("gist_policy", str(self.gist_policy.currentData()))
        self.settings.sync()


_METRIC_NAMES = {
    "aupr": "AUPR",
    "p_at_80r": "Precision at 80% recall",
    "f1": "F1",
    "precision": "Precision",
    "recall": "Recall",
    "accuracy": "Accuracy",
    "support": "Examples",
    "segment_ap": "Clause AP",
    "dev_excerpts": "Test excerpts",
}
_COUNTS = {"support", "dev_excerpts"}  # whole numbers, however the file writes them


def _per_label(metrics_json: Path | None) -> dict[str, dict[str, Any]]:
    """``per_label`` of the evaluation's metrics.json (label id -> figures), or nothing."""
    if metrics_json is None:
        return {}
    try:
        data = json.loads(metrics_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    per_label = data.get("per_label") if isinstance(data, dict) else None
    if not isinstance(per_label, dict):
        return {}
    return {str(k): v for k, v in per_label.items() if isinstance(v, dict)}


def model_metrics(
    labels_json: Path, metrics_json: Path | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Per-label rows of ``labels.json``, with the held-out figures of ``metrics.json``
    (``per_label``) where it has them, and the metric keys they carry (numbers only)."""
    evaluated = _per_label(metrics_json)
    try:
        meta = json.loads(labels_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    rows: list[dict[str, Any]] = []
    keys: list[str] = []
    for lab in meta.get("labels", []):
        row = {"id": lab.get("id", ""), "source": lab.get("source", "")}
        metrics = lab.get("metrics", {}) if isinstance(lab.get("metrics"), dict) else {}
        merged = {
            **{k: v for k, v in lab.items() if k not in ("id", "source", "threshold")},
            **metrics,
            **{k: v for k, v in evaluated.get(str(row["id"]), {}).items() if k != "source"},
        }
        for k, v in merged.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                row[k] = v
                if k not in keys:
                    keys.append(k)
        rows.append(row)
    return rows, keys


class MetricsModel(RowTableModel[dict]):
    """Per-category figures of the shipped model (columns depend on what the card holds)."""

    def __init__(self, keys: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        cols: list[Column[dict]] = [
            Column("Category", lambda r: str(r["id"])),
            Column("Data set", lambda r: "UNFAIR-ToS" if r["source"] == "unfair_tos" else "CUAD"),
        ]
        for k in keys:
            cols.append(
                Column(
                    _METRIC_NAMES.get(k, k.replace("_", " ").capitalize()),
                    lambda r, k=k: _fmt(r.get(k), count=k in _COUNTS),
                    sort=lambda r, k=k: r.get(k, -1.0),
                    align_right=True,
                )
            )
        self.COLUMNS = tuple(cols)


def _fmt(v: Any, *, count: bool = False) -> str:
    if v is None:
        return "—"
    if isinstance(v, int) or count:
        return str(int(v))
    return f"{100 * v:.1f}%" if 0 <= v <= 1 else f"{v:.2f}"


class AboutDialog(QDialog):
    """Version, the 'nothing leaves this machine' statement and the model card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from contractreview import __version__
        from contractreview.paths import models_dir

        self.setWindowTitle("About ContractReview")
        self.resize(760, 560)
        lay = QVBoxLayout(self)
        head = QLabel(f"<h2>ContractReview {__version__}</h2><p><b>{LOCAL_STATEMENT}</b></p>")
        head.setWordWrap(True)
        lay.addWidget(head)
        tabs = QTabWidget()
        lay.addWidget(tabs, 1)

        rows, keys = model_metrics(models_dir() / "labels.json", models_dir() / "metrics.json")
        self.metrics_model = MetricsModel(keys, self)
        self.metrics_model.set_rows(rows)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.metrics_model)
        proxy.setSortRole(SORT_ROLE)
        table = QTableView()
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        page = QWidget()
        pl = QVBoxLayout(page)
        if not rows:
            note = "The clause model is not installed, so there are no figures to show."
        elif not keys:
            note = "The installed model's label file records no per-category figures."
        else:
            note = (
                "How well the model finds each kind of clause on held-out contracts. "
                "Where a figure is low, read those clauses yourself."
            )
        info = QLabel(note)
        info.setWordWrap(True)
        pl.addWidget(info)
        pl.addWidget(table)
        tabs.addTab(page, "Accuracy by category")

        card = QTextBrowser()
        card_path = models_dir() / "MODEL_CARD.md"
        try:
            card.setMarkdown(card_path.read_text(encoding="utf-8"))
        except OSError:
            card.setPlainText("The model card is not installed.")
        tabs.addTab(card, "Model card")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
