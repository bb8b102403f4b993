"""Start the desktop application: ``contractreview-gui [FILE.docx]``.

The window appears before anything heavy is imported (the DOCX reader, spaCy and ONNX Runtime
load on background threads when a contract is opened).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

log = logging.getLogger(__name__)


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="contractreview-gui", description="Review a Word contract on this machine."
    )
    p.add_argument("file", nargs="?", help="a .docx contract to open")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--smoke-test", metavar="OUT.docx", help="open, analyse, annotate, export, quit")
    args, _qt_args = p.parse_known_args(list(argv))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from contractreview.offline import enforce_offline_environment

    enforce_offline_environment()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parse_args(argv)
    if args.version:
        from contractreview import __version__

        print(f"ContractReview {__version__}")
        return 0

    from contractreview_ui.qt_platform_check import platform_problem

    problem = platform_problem()  # before Qt: a missing library aborts it without a word
    if problem:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from contractreview.paths import private_file
    from contractreview_ui import crash_handler

    private_file(crash_handler.setup_logging())  # owner-only: 0600 in a 0700 folder
    try:
        private_file(crash_handler.crash_log_path())
        crash_handler.enable_faulthandler()
    except OSError as e:  # a read-only data folder: start anyway, without a crash log
        log.warning("no crash log: %s", e.strerror or e)
    previous_crash = crash_handler.take_previous_crash()

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("ContractReview")
    app.setOrganizationName("ContractReview")

    from contractreview_ui.dialogs import ErrorReportDialog
    from contractreview_ui.main_window import MainWindow

    window = MainWindow()
    dialogs: list[ErrorReportDialog] = []

    def show_report(title: str, report: str) -> None:
        dlg = ErrorReportDialog(title, report, window)
        dialogs.append(dlg)
        dlg.open()

    hooks = crash_handler.ExceptionHooks(show_report)
    hooks.install()
    window.show()
    if previous_crash:
        show_report("ContractReview closed unexpectedly last time", previous_crash)
    if args.file:
        window.open_path(args.file)
    log.info("window shown")
    if args.smoke_test:  # packaging/smoke_test.py: the whole flow without a user
        from contractreview_ui.smoke import start_smoke_test

        smoke = start_smoke_test(app, window, args.file, args.smoke_test)  # noqa: F841
    try:
        return app.exec()
    finally:
        window.shutdown()
        hooks.uninstall()


if __name__ == "__main__":
    sys.exit(main())
