"""Text bound for the terminal: control characters are shown escaped, never sent raw.

A contract can carry characters a terminal obeys (ESC and the C1 controls such as U+009B start
escape sequences that retitle the window, move the cursor or rewrite what was printed). The CLI
prints them as ``\\u001b``; line feeds and tabs pass. The form is also a valid JSON escape, so
JSON printed to a terminal stays valid JSON.

The commands that print a result or write it as JSON (``--json OUT``, ``-`` for the terminal)
share :func:`check_json_destination` and :func:`emit`.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TextIO

from contractreview.atomic_write import check_destination, write_text_atomic

_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with every control character but tab and line feed written as ``\\uXXXX``."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shorten(text: str, n: int) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def check_json_destination(args: argparse.Namespace) -> None:
    """Refuse ``--json OUT`` onto the command's input before any work, not only at the write."""
    if args.json_out and args.json_out != "-":
        check_destination(Path(args.json_out), [args.file])


def emit(
    args: argparse.Namespace,
    data: dict[str, Any],
    print_text: Callable[[TextIO], None],
    *,
    file_end: str = "",
) -> None:
    """``data`` as JSON to ``--json OUT`` (``-``: the terminal), else ``print_text``'s text to the
    terminal; what reaches the terminal has its control characters escaped, and the file is
    written atomically, never onto ``args.file``."""
    if args.json_out:
        text = json.dumps(data, ensure_ascii=False, indent=1)
        if args.json_out == "-":
            sys.stdout.write(escape_controls(text) + "\n")
        else:
            write_text_atomic(Path(args.json_out), text + file_end, protect=[args.file])
        return
    out = io.StringIO()
    print_text(out)
    sys.stdout.write(escape_controls(out.getvalue()))
