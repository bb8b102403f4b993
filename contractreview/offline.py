"""Defensive settings that keep every library we load from reaching a network."""

from __future__ import annotations

import os

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "SPACY_WARNING_IGNORE": "W008",
}


def enforce_offline_environment() -> None:
    """Set the libraries' own offline switches before anything heavy is imported."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
