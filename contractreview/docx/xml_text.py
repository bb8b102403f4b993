"""Text fit for a Word document: the one place every exporter cleans what it writes to DOCX.

XML 1.0 (and so WordprocessingML) cannot hold control characters other than tab, line feed and
carriage return, the non-characters U+FFFE/U+FFFF, or lone surrogates; lxml and python-docx
refuse such text with a ``ValueError``. A reviewer's note pasted from elsewhere can hold them.
Control characters and non-characters are dropped (they show nothing); a lone surrogate, which
stood for a character that was lost, becomes U+FFFD.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Final, TypeVar

_INVISIBLE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")

T = TypeVar("T")


def xml_text(text: str) -> str:
    """``text`` with every character XML cannot hold dropped or replaced."""
    return _SURROGATE.sub("\ufffd", _INVISIBLE.sub("", text))


def xml_safe(item: T) -> T:
    """A copy of the dataclass ``item`` with :func:`xml_text` applied to each ``str`` field."""
    if not dataclasses.is_dataclass(item) or isinstance(item, type):
        raise TypeError(f"xml_safe needs a dataclass instance, not {type(item).__name__}")
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if isinstance(value, str):
            clean = xml_text(value)
            if clean != value:
                changes[f.name] = clean
    return dataclasses.replace(item, **changes) if changes else item
