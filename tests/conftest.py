"""Shared fixtures and the suite's selection rules.

* Qt runs offscreen; every user path points into tmp_path.
* Everything under tests/gui/ is marked ``gui`` here, by directory: a GUI test is one that lives
  there, never one somebody remembered to mark. ``-m "not gui"`` is the core run.
* ``CONTRACTREVIEW_WITHOUT_QT=1`` makes PySide6 unimportable (scripts/test.sh runs the core that
  way): tests/gui/ is not even collected, and a core test that skips because PySide6 is missing
  fails instead, since the core must not need Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# the offline tests' guards (no sockets, private temporary files, DEBUG log), core and GUI
pytest_plugins = ["offline_support"]

WITHOUT_QT = os.environ.get("CONTRACTREVIEW_WITHOUT_QT") == "1"
if WITHOUT_QT:
    # The core must work where PySide6 is not installed: make every Qt import fail.
    for _name in ("PySide6", "shiboken6", "pytestqt"):
        sys.modules[_name] = None  # type: ignore[assignment]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "docx"
CUAD = SHARED / "data" / "cuad"
UNFAIR = SHARED / "data" / "unfair_tos"
GUI_TESTS = Path(__file__).resolve().parent / "gui"
# pytest-qt's settings in pyproject.toml; declared here when the plugin is not loaded (the
# Qt-less run disables it), so that --strict-config accepts them there too
QT_INI_KEYS = ("qt_api", "qt_log_level_fail", "qt_log_ignore")


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    if not pluginmanager.has_plugin("pytest-qt"):
        for key in QT_INI_KEYS:
            parser.addini(key, "pytest-qt's setting (pytest-qt is not loaded)", type="linelist")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if WITHOUT_QT and collection_path.is_relative_to(GUI_TESTS):
        return True
    return None


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(GUI_TESTS):
            item.add_marker(pytest.mark.gui)
        elif item.get_closest_marker("gui"):
            raise pytest.UsageError(
                f"{item.nodeid} is marked gui by hand: GUI tests live in tests/gui/ "
                "(the directory marks them)"
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    if WITHOUT_QT and report.skipped and "PySide6" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} skipped for want of PySide6 in the Qt-less run: a core test must "
            "not need Qt (a GUI test belongs in tests/gui/)"
        )
    return report


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
