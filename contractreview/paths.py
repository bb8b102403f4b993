"""Where the shipped files and the user's data live. Everything is local; nothing is fetched."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
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
    """The per-user data folder (review store, crash log, settings), owner-only (0700);
    ``CONTRACTREVIEW_DATA`` overrides it. It is returned even when it cannot be created (a
    read-only disk): whatever writes into it then reports that, in its own words."""
    override = os.environ.get("CONTRACTREVIEW_DATA")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("ContractReview", appauthor=False))
    return private_dir(path)


def user_log_dir() -> Path:
    """The per-user log folder, owner-only (0700). Logs are not worth failing for: when the
    usual folder cannot be written, a private folder in the temporary directory is used."""
    override = os.environ.get("CONTRACTREVIEW_DATA")
    if override:
        path = Path(override) / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_dir("ContractReview", appauthor=False))
    private_dir(path)
    if writable_dir(path):
        return path
    uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
    return private_dir(Path(tempfile.gettempdir()) / f"contractreview-{uid}" / "logs")


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by its owner only, and tighten it if it
    exists with wider permissions; it holds clause quotes and notes. Never raises."""
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        _tighten(path, PRIVATE_DIR_MODE)
    except OSError:
        pass
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it is missing, readable and writable by its owner only (0600),
    or tighten an existing one. For files other code then opens (logs, settings). Never raises."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        os.close(fd)
        _tighten(path, PRIVATE_FILE_MODE)
    except OSError:
        pass
    return path


def writable_dir(path: Path) -> bool:
    """Whether a file can be created in ``path`` (tried, not guessed from the mode bits)."""
    try:
        with tempfile.TemporaryFile(dir=path):
            return True
    except OSError:
        return False


def _tighten(path: Path, mode: int) -> None:
    """Remove the group and other bits beyond ``mode``; never add one (a read-only folder stays
    read-only)."""
    st = path.stat()
    current = stat.S_IMODE(st.st_mode)
    if os.name == "posix" and st.st_uid == os.getuid() and current & ~mode:
        path.chmod(current & mode)
