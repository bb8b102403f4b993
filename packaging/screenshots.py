"""Screenshots of the main window for the README and for checking legibility.

Starts a virtual X server (Xvfb) per screen size, opens a contract in the real application,
waits for the analysis, selects the first high-risk finding and saves a PNG:

    python packaging/screenshots.py                 # sample contract + two corpus contracts
    python packaging/screenshots.py --out docs/screenshots --sizes 1366x768 1920x1080
    python packaging/screenshots.py --gist-model DIR   # also a "-gist" shot: the selected
                                                      # clause explained by that model (and
                                                      # "-gist-streaming": its first verified
                                                      # sentence while the rest is written)
    python packaging/screenshots.py --edits           # also a "-edits" shot: the sample for
                                                      # the customer, a suggested edit accepted

Needs ``Xvfb`` (apt-get install xvfb libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0
libxcb-cursor0). User data goes to a temporary folder, never the developer's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "docx"
CORPUS_PICKS = (
    "open-agreements__common-paper-cloud-service-agreement__template.docx",
    "Public-nEUro__InternalServiceAgreement.docx",
)
DEFAULT_SIZES = ("1366x768", "1920x1080")
WAIT_S = 240


def _documents() -> list[tuple[str, Path]]:
    from contractreview.paths import sample_contract

    docs = [("sample", sample_contract())]
    for i, name in enumerate(CORPUS_PICKS, 1):
        if (CORPUS / name).is_file():
            docs.append((f"corpus{i}", CORPUS / name))
    return docs


def _free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


def _wait(window: object, signal_name: str, start: object) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    getattr(window, signal_name).connect(lambda *_a: loop.quit())
    QTimer.singleShot(WAIT_S * 1000, loop.quit)
    start()  # type: ignore[operator]
    loop.exec()


def _show_edit(window: object, side: str = "customer") -> None:
    """The sample reviewed for the customer: the first finding with a suggested edit that has
    a fallback, the edit accepted, the details scrolled to it."""
    w = window
    if w.result is not None and w.result.side != side:  # type: ignore[attr-defined]
        _wait(w, "analysis_finished", lambda: w.choose_side(side))  # type: ignore[attr-defined]
    result = w.result  # type: ignore[attr-defined]
    found = {f.id for f in result.findings}
    edits = [e for e in result.edits if e.finding_id in found]
    edits.sort(key=lambda e: (len(e.options) < 2, e.kind != "replace_value"))
    if not edits:
        print("no suggested edit to show", file=sys.stderr)
        return
    w.select_finding(edits[0].finding_id)  # type: ignore[attr-defined]
    card = w.details.edits.cards[0]  # type: ignore[attr-defined]
    _wait(w, "annotations_changed", card.accept_button.click)
    w.details.ensureWidgetVisible(card, 0, 0)  # type: ignore[attr-defined]


def _ask_shot(window: Any, question: str, out: str) -> bool:
    """Ask ``question`` in the Ask tab, wait for the checked answer, save the window."""
    from PySide6.QtCore import QEventLoop, QTimer

    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText(question)
    wait = QEventLoop()
    window.asks.finished.connect(lambda _a: wait.quit())
    QTimer.singleShot(WAIT_S * 1000, wait.quit)
    window.ask_panel.button.click()
    wait.exec()
    settle = QEventLoop()
    QTimer.singleShot(400, settle.quit)
    settle.exec()
    return bool(window.grab().save(out))


def _shoot_child(
    doc: str,
    out: str,
    width: int,
    height: int,
    gist_model: str = "",
    *,
    edits: bool = False,
    question: str = "",
) -> int:
    """Runs inside Xvfb: open ``doc``, wait for the analysis, save the window to ``out``;
    with ``gist_model``, explain the selected clause first and wait for the checked gist; with
    ``edits``, show a suggested edit accepted; with ``question``, also ask it in the Ask tab
    and save that to ``out`` with ``-ask``."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from contractreview_ui.main_window import MainWindow

    window = MainWindow()
    if gist_model:
        window.settings.set("gist_model_dir", gist_model)
        window._update_gist_availability()
    window.show()  # a first start: the window fits itself to the screen
    loop = QEventLoop()
    window.analysis_finished.connect(lambda _r: loop.quit())
    window.analysis_failed.connect(lambda _m: loop.quit())
    window.message_shown.connect(lambda _t, _m: loop.quit())
    QTimer.singleShot(WAIT_S * 1000, loop.quit)
    window.open_path(doc)
    loop.exec()
    if window._items:
        window.step(1, high_only=True) if any(
            i.level.value == "high" for i in window._items
        ) else window.step(1)
    if gist_model and window.details.gist.button.isEnabled():
        wait = QEventLoop()
        poll = QTimer()
        poll.setInterval(100)  # shown, withheld, failed or stopped: the run is over

        streamed = out.replace(".png", "-streaming.png")
        grabbed: list[str] = []

        def _over() -> None:
            box = window.details.gist
            if box.state != "running":
                wait.quit()
            elif box.shown_text() and not grabbed:  # the first verified sentence, mid-gist
                window.details.ensureWidgetVisible(box, 0, 0)
                grabbed.append(streamed)
                window.grab().save(streamed)

        poll.timeout.connect(_over)
        QTimer.singleShot(WAIT_S * 1000, wait.quit)
        window.details.gist.button.click()
        poll.start()
        wait.exec()
        poll.stop()
        window.details.ensureWidgetVisible(window.details.gist, 0, 0)
    if edits:
        _show_edit(window)
    settle = QEventLoop()
    QTimer.singleShot(400, settle.quit)  # let layouts and the scroll settle before grabbing
    settle.exec()
    ok = window.grab().save(out)
    if question:
        ok = _ask_shot(window, question, out.replace(".png", "-ask.png")) and ok
    window.close()
    del app
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    p.add_argument("--sizes", nargs="+", default=list(DEFAULT_SIZES))
    p.add_argument("--gist-model", default="", help="generative model folder for a gist shot")
    p.add_argument("--edits", action="store_true", help="a shot of a suggested edit accepted")
    p.add_argument("--only-edits", action="store_true", help="the edits shot alone")
    p.add_argument("--question", default="", help="with --gist-model: also an Ask shot")
    p.add_argument("--child", nargs=4, metavar=("DOC", "OUT", "W", "H"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        doc, out, w, h = args.child
        return _shoot_child(
            doc, out, int(w), int(h), args.gist_model, edits=args.edits, question=args.question
        )

    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("Xvfb is not installed (apt-get install xvfb)", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    failures = 0
    for size in args.sizes:
        width, height = (int(x) for x in size.split("x"))
        display = _free_display()
        server = subprocess.Popen(
            [xvfb, f":{display}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while not Path(f"/tmp/.X11-unix/X{display}").exists():
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("Xvfb did not start")
                time.sleep(0.05)  # a script, not a test: waiting for an external server
            shots = [(name, doc, "", False) for name, doc in _documents()]
            if args.gist_model:
                shots.append(("sample-gist", _documents()[0][1], args.gist_model, False))
            if args.edits or args.only_edits:
                shots.append(("sample-edits", _documents()[0][1], "", True))
            if args.only_edits:
                shots = shots[-1:]
            for name, doc, gist_model, edit_shot in shots:
                out = out_dir / f"{name}-{width}x{height}.png"
                with tempfile.TemporaryDirectory() as data:
                    env = {
                        **os.environ,
                        "DISPLAY": f":{display}",
                        "QT_QPA_PLATFORM": "xcb",
                        "CONTRACTREVIEW_DATA": data,
                    }
                    rc = subprocess.call(
                        [
                            sys.executable,
                            __file__,
                            "--child",
                            str(doc),
                            str(out),
                            str(width),
                            str(height),
                            *(["--gist-model", gist_model] if gist_model else []),
                            *(["--edits"] if edit_shot else []),
                            *(["--question", args.question] if gist_model else []),
                        ],
                        env=env,
                        timeout=WAIT_S + 60,
                    )
                print(f"{'wrote' if rc == 0 else 'FAILED'} {out}")
                failures += rc != 0
        finally:
            server.terminate()
            server.wait(10)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
