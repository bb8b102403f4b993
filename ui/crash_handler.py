"""Errors nobody expected (STYLE.md §5).

* Python exceptions on any thread (``sys.excepthook``, ``threading.excepthook``) are logged and
  shown in a dialog with the version and the traceback, which the user can copy.
* Native crashes (a segfault in Qt or ONNX Runtime) are written by ``faulthandler`` to
  ``crash.log`` in the data folder; the next start shows that log once and sets it aside.
* Logging goes to a rotating file in the platformdirs log folder; Qt's own messages are routed
  into it. Log lines name files, counts and timings — never contract text.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler

log = logging.getLogger(__name__)

CRASH_LOG = "crash.log"
_crash_file: IO[str] | None = None


def crash_log_path() -> Path:
    from contractreview.paths import user_data_dir

    return user_data_dir() / CRASH_LOG


def setup_logging(level: int = logging.INFO) -> Path:
    from contractreview.paths import user_log_dir

    path = user_log_dir() / "contractreview.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    qInstallMessageHandler(_qt_message)
    return path


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: Any, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def enable_faulthandler() -> Path:
    """Native crashes write their stack to crash.log (kept open for the process lifetime)."""
    global _crash_file
    path = crash_log_path()
    _crash_file = path.open("a", encoding="utf-8")
    faulthandler.enable(file=_crash_file, all_threads=True)
    return path


def take_previous_crash() -> str | None:
    """The crash log of an earlier run, if any; it is renamed so it is shown only once."""
    path = crash_log_path()
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return None
    if not text:
        return None
    path.replace(path.with_suffix(".log.old"))
    return text


def format_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    from contractreview import __version__

    lines = [
        f"ContractReview {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class ExceptionRelay(QObject):
    """Carries exception reports from any thread to the GUI thread."""

    report = Signal(str, str)  # title, report


class ExceptionHooks:
    """Installs the hooks; ``show`` is called on the GUI thread with (title, report)."""

    def __init__(self, show: Any) -> None:
        self.relay = ExceptionRelay()
        self.relay.report.connect(show)
        self._old_hook = sys.excepthook
        self._old_thread_hook = threading.excepthook

    def install(self) -> None:
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook = self._old_hook
        threading.excepthook = self._old_thread_hook

    def _hook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._old_hook(exc_type, exc, tb)
            return
        report = format_report(exc_type, exc, tb)
        log.error("uncaught exception: %s", exc_type.__name__, exc_info=(exc_type, exc, tb))
        self.relay.report.emit("ContractReview hit an unexpected error", report)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self._hook(args.exc_type, args.exc_value, args.exc_traceback)
