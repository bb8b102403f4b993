"""Shared fixtures. Qt runs offscreen; every user path points into tmp_path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if os.environ.get("CONTRACTREVIEW_WITHOUT_QT") == "1":
    # The core must work where PySide6 is not installed: make every Qt import fail, so GUI
    # tests skip (they importorskip PySide6) and any core import of Qt breaks a test.
    for _name in ("PySide6", "shiboken6", "pytestqt"):
        sys.modules[_name] = None  # type: ignore[assignment]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "docx"
CUAD = SHARED / "data" / "cuad"
UNFAIR = SHARED / "data" / "unfair_tos"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else []


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus/docx is absent (real-contract tests skipped)"
)
needs_cuad = pytest.mark.skipif(
    not CUAD.is_dir(), reason="../shared/data/cuad is absent (dataset tests skipped)"
)


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the developer's own data folder or settings."""
    monkeypatch.setenv("CONTRACTREVIEW_DATA", str(tmp_path / "userdata"))


@pytest.fixture
def make_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Main windows that must stop every background thread when the test ends:
    ``make_window(settings={"key": "value"}, **MainWindow keyword arguments)``; the settings
    file lives in tmp_path."""
    pytest.importorskip("PySide6")
    from contractreview_ui.main_window import MainWindow
    from contractreview_ui.settings import Settings

    windows: list[MainWindow] = []

    def make(settings: dict[str, str] | None = None, **kw: object) -> MainWindow:
        stored = Settings(tmp_path / "settings.ini")
        for key, value in (settings or {}).items():
            stored.set(key, value)
        w = MainWindow(stored, **kw)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        assert w.shutdown(), "background work did not stop"
        assert w.pools.active_threads() == 0, "a worker thread leaked"
