"""Defensive settings that keep every library we load from reaching a network or leaving
identifiers on the machine.

ONNX Runtime 1.2x+ on Linux embeds Microsoft's 1DS telemetry client: on import it writes a
device id and an event database under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime`` and a
session file in the temporary folder, and would upload events over HTTPS where a network
exists. ``ORT_DISABLE_TELEMETRY=1`` before the import turns all of that off.
"""

from __future__ import annotations

import os
from typing import Final

OFFLINE_ENV: Final = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "ORT_DISABLE_TELEMETRY": "1",
    "SPACY_WARNING_IGNORE": "W008",
}
_OFFLINE_ENV = OFFLINE_ENV  # the name used before this module exported it


def enforce_offline_environment() -> None:
    """Set the libraries' own offline switches before anything heavy is imported.

    Values are forced, not defaulted: a leftover ``ORT_DISABLE_TELEMETRY=0`` in a user's
    environment must not turn telemetry back on.
    """
    os.environ.update(OFFLINE_ENV)
