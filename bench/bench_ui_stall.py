"""The longest event-loop stall of the GUI while a contract is analysed.

A QTimer ticks every 10 ms on the GUI thread; the longest gap between two ticks, from opening
the file until the analysis result is shown, is how long the window was frozen. Measured
after the start-up warm-up (native imports and model load, which the window does while idle)
and, separately, for the warm-up itself. Target: < 100 ms during analysis.

    python bench/bench_ui_stall.py [FILE.docx ...]   # default: sample + longest corpus file
    python bench/bench_ui_stall.py --gist-model DIR    # also while a gist of the first
                                                       # finding's clause is written
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from contractreview.paths import sample_contract

    argv = list(argv)
    gist_model = ""
    if "--gist-model" in argv:
        at = argv.index("--gist-model")
        gist_model = argv[at + 1]
        del argv[at : at + 2]
    files = [Path(a) for a in argv]
    if not files:
        files = [sample_contract()]
        corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "docx"
        if corpus.is_dir():
            files.append(max(corpus.glob("*.docx"), key=lambda p: p.stat().st_size))
    os.environ["CONTRACTREVIEW_DATA"] = tempfile.mkdtemp(prefix="cr-bench-")
    app = QApplication([])
    from contractreview_ui.main_window import MainWindow

    clock = QElapsedTimer()
    state = {"last": 0, "max": 0}

    def tick() -> None:
        now = clock.elapsed()
        state["max"] = max(state["max"], now - state["last"])
        state["last"] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)

    def measure(start, signals) -> tuple[int, float]:
        loop = QEventLoop()
        for sig in signals:
            sig.connect(loop.quit)
        state.update(last=0, max=0)
        clock.start()
        timer.start()
        t = time.perf_counter()
        start()
        QTimer.singleShot(300_000, loop.quit)
        loop.exec()
        timer.stop()
        return state["max"], time.perf_counter() - t

    window = MainWindow()
    stall, secs = measure(window.show, [window.warmed_up])
    print(f"start-up warm-up (window idle): longest stall {stall} ms over {secs:.1f} s")
    for path in files:
        stall, secs = measure(
            lambda p=path: window.open_path(p), [window.analysis_finished, window.analysis_failed]
        )
        n = len(window.result.findings) if window.result else 0
        print(
            f"{path.name}: longest stall {stall} ms during {secs:.2f} s "
            f"(open + analysis, {n} findings)"
        )
    if gist_model and window.result is not None and window.result.findings:
        window.settings.set("gist_model_dir", gist_model)
        window._update_gist_availability()
        window.select_finding(window.result.findings[0].id)
        stall, secs = measure(window.explain_clause, [window.gist_finished])
        box = window.details.gist
        print(
            f"gist of one clause ({box.state}): longest stall {stall} ms during {secs:.2f} s "
            "(model load + writing + check)"
        )
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
