"""The GUI under store faults: it starts with a read-only data folder, and the files it creates
(log, crash log, settings) are private to the user. The store side is in
tests/test_review_store_safety.py, whose helpers these tests use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import test_review_store_safety as store_tests

# -- the GUI's own files --------------------------------------------------------------------------

START_AND_QUIT = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from contractreview_ui import app, main_window

shown = main_window.MainWindow.show

def show(self):
    shown(self)
    QTimer.singleShot(200, lambda: (print("window shown", flush=True), QApplication.quit()))

main_window.MainWindow.show = show
print("exit", app.main([]))
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_window_starts_with_a_read_only_data_folder(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    out = store_tests._unprivileged(START_AND_QUIT, {"CONTRACTREVIEW_DATA": str(data)})
    assert out.splitlines()[-2:] == ["window shown", "exit 0"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_log_crash_log_and_settings_are_private(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", START_AND_QUIT],
        capture_output=True,
        text=True,
        env={**os.environ, "CONTRACTREVIEW_DATA": str(data)},
        cwd=store_tests.REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    files = [data / "logs" / "contractreview.log", data / "crash.log", data / "settings.ini"]
    assert {p.name: store_tests._mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert store_tests._mode(data) == store_tests._mode(data / "logs") == 0o700
