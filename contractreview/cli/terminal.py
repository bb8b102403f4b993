"""Text bound for the terminal: control characters are shown escaped, never sent raw.

A contract can carry characters a terminal obeys (ESC and the C1 controls such as U+009B start
escape sequences that retitle the window, move the cursor or rewrite what was printed). The CLI
prints them as ``\\u001b``; line feeds and tabs pass. The form is also a valid JSON escape, so
JSON printed to a terminal stays valid JSON.
"""

from __future__ import annotations

import re
from typing import Final

_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with every control character but tab and line feed written as ``\\uXXXX``."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
