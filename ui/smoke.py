"""A non-interactive run of the whole GUI flow, for the frozen bundle's smoke test and benches.

``contractreview-gui [FILE.docx] --smoke-test OUT.docx`` opens FILE (the shipped sample
contract when none is given), waits for the analysis, writes a note on the first finding,
exports the annotated copy to OUT and quits. The exit status says how it went: 0 done, 2 an
error message was shown (the message goes to stderr), 3 it did not finish in time. Progress
lines on stdout (``smoke: <event> <seconds>``) let a bench time the stages from outside;
they carry counts and timings, never contract text.
"""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from contractreview_ui.main_window import OPENED_WITH_WARNINGS

SMOKE_NOTE = "Smoke test: checked by the packaging smoke test."
TIMEOUT_S = 300
_IGNORED_MESSAGES = {"Export finished", OPENED_WITH_WARNINGS}


class SmokeRun:
    """The state machine of one smoke run, driven by the main window's signals."""

    def __init__(self, app: Any, window: Any, out: Path, timeout_s: float = TIMEOUT_S) -> None:
        self.app = app
        self.window = window
        self.out = out
        self.started = time.perf_counter()
        self.annotated = False
        self.exporting = False
        self.finished = False
        window.analysis_finished.connect(lambda _r: self._step())
        window.annotations_changed.connect(self._step)
        window.analysis_failed.connect(lambda text: self._fail(f"analysis failed: {text}"))
        window.message_shown.connect(self._message)
        window.export_finished.connect(self._exported)
        window.document_shown.connect(lambda _d: self._say("document-shown"))
        QTimer.singleShot(0, lambda: self._say("window-shown"))
        QTimer.singleShot(int(timeout_s * 1000), self._timeout)

    def _say(self, event: str, extra: str = "") -> None:
        elapsed = time.perf_counter() - self.started
        rss = _rss_mb()
        extra = " ".join(x for x in (extra, f"rss_mb={rss:.0f}" if rss else "") if x)
        print(f"smoke: {event} {elapsed:.3f}{' ' + extra if extra else ''}", flush=True)

    def _step(self) -> None:
        w = self.window
        if self.finished or w.result is None or w.snapshot is None:
            return
        if not self.annotated:
            self.annotated = True
            self._say("analysis-done", f"findings={len(w.result.findings)}")
            if w.result.findings:
                w.edit_annotation(w.result.findings[0].id, {"note": SMOKE_NOTE})
                return
        if self.exporting:
            return
        if w.result.findings and not any(a.note == SMOKE_NOTE for a in w.snapshot.annotations):
            return  # the note is still being saved
        self.exporting = True
        self._say("annotated")
        w.export("annotated-docx", self.out)

    def _exported(self, path: str) -> None:
        try:
            with zipfile.ZipFile(path) as z:
                has_comments = "word/comments.xml" in z.namelist()
                comments = z.read("word/comments.xml").decode("utf-8") if has_comments else ""
        except (OSError, zipfile.BadZipFile) as e:
            self._fail(f"the exported file cannot be read back: {e}")
            return
        if self.window.result.findings and SMOKE_NOTE not in comments:
            self._fail("the exported copy lacks the note written during the smoke test")
            return
        self._say("exported", f"bytes={Path(path).stat().st_size}")
        self._exit(0)

    def _message(self, title: str, text: str) -> None:
        if title not in _IGNORED_MESSAGES:
            self._fail(f"{title}: {text}")

    def _fail(self, reason: str) -> None:
        print(f"smoke: FAILED {reason}", file=sys.stderr, flush=True)
        self._exit(2)

    def _timeout(self) -> None:
        if not self.finished:
            print("smoke: FAILED did not finish in time", file=sys.stderr, flush=True)
            self._exit(3)

    def _exit(self, code: int) -> None:
        if not self.finished:
            self.finished = True
            self.app.exit(code)


def _rss_mb() -> float:
    """The process's resident memory now (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def start_smoke_test(app: Any, window: Any, source: str | None, out: str) -> SmokeRun:
    """Drive ``window`` through open → analyse → annotate → export; ``app.exec()`` returns the
    exit status. ``source`` was already opened by the caller when given."""
    run = SmokeRun(app, window, Path(out).resolve())
    if source is None:
        from contractreview.paths import sample_contract

        window.open_path(sample_contract())
    return run
