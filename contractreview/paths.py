"""Where the shipped files and the user's data live. Everything is local; nothing is fetched."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def install_root() -> Path:
    """The folder holding ``models/`` and ``resources/``: the source tree or a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def models_dir() -> Path:
    override = os.environ.get("CONTRACTREVIEW_MODELS")
    return Path(override) if override else install_root() / "models"


def resources_dir() -> Path:
    return install_root() / "resources"


def sample_contract() -> Path:
    return resources_dir() / "samples" / "sample_services_agreement.docx"


def default_playbook() -> Path:
    return resources_dir() / "playbooks" / "default.yaml"


def user_data_dir() -> Path:
    """The per-user data folder (review store, crash log); ``CONTRACTREVIEW_DATA`` overrides it."""
    override = os.environ.get("CONTRACTREVIEW_DATA")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("ContractReview", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    override = os.environ.get("CONTRACTREVIEW_DATA")
    if override:
        path = Path(override) / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_dir("ContractReview", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
