"""Typed, versioned user settings (STYLE.md §6).

Each setting is declared once, with its type and default, in :data:`SETTINGS`. Values live in
an INI file in the user's data folder (``CONTRACTREVIEW_DATA`` in tests), written by
QSettings (which replaces the file atomically). A ``version`` key and :data:`MIGRATIONS` bring
an older file up to date; a value of the wrong type falls back to its default.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

log = logging.getLogger(__name__)

SETTINGS_VERSION = 4
MAX_RECENT = 10


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()  # the allowed values, when the setting is a choice


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some systems
        return ""


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("reviewer", str, "", "Reviewer name written on annotations and exports"),
        Setting("playbook", str, "", "Playbook YAML file; empty means the shipped one"),
        Setting("highlight", bool, True, "Highlight flagged clauses in the document"),
        Setting("recent_files", list, [], "Recently opened contracts, newest first"),
        Setting(
            "gist_model_dir",
            str,
            "",
            "Folder of the generative model for gists and questions; empty: the installed one "
            "(scripts/get_generative_model.sh), if any, else gists off",
        ),
        Setting(
            "gist_policy",
            str,
            "mark",
            "A gist stating a fact the clause does not: 'mark' the words or 'withhold' it",
            ("mark", "withhold"),
        ),
        Setting("window_geometry", QByteArray, QByteArray(), "Main window geometry"),
        Setting("window_state", QByteArray, QByteArray(), "Docks and toolbars"),
    )
}


def _migrate_1_to_2(qs: QSettings) -> None:
    # version 1 stored the recent files as one ';'-joined string under "recent"
    old = qs.value("recent")
    if isinstance(old, str):
        qs.setValue("recent_files", [p for p in old.split(";") if p])
    qs.remove("recent")


def _migrate_2_to_3(qs: QSettings) -> None:
    # version 3 adds the generative gists: an older file gets them written out, off (no model
    # folder) and marking unsupported facts, so the file states what is in force
    if qs.value("gist_model_dir") is None:
        qs.setValue("gist_model_dir", "")
    if qs.value("gist_policy") is None:
        qs.setValue("gist_policy", "mark")


def _migrate_3_to_4(qs: QSettings) -> None:
    # version 4: the side we act for is stored with each review (the review store), not as
    # one setting that stuck to every later document
    qs.remove("side")


MIGRATIONS: dict[int, Callable[[QSettings], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
}


def settings_path() -> Path:
    from contractreview.paths import user_data_dir

    return user_data_dir() / "settings.ini"


class Settings:
    """Typed access to the settings file: ``settings.get("side")``, ``settings.set(...)``."""

    def __init__(self, path: Path | None = None) -> None:
        from contractreview.paths import private_file

        self.path = private_file(path or settings_path())  # owner-only (0600)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._migrate()

    def _migrate(self) -> None:
        raw = self._qs.value("version")
        try:
            version = int(raw) if raw is not None else SETTINGS_VERSION
        except (TypeError, ValueError):
            version = SETTINGS_VERSION
        if raw is None and not self._qs.allKeys():
            version = SETTINGS_VERSION  # a fresh file needs no migration
        elif raw is None:
            version = 1
        while version < SETTINGS_VERSION:
            log.info("migrating settings from version %d", version)
            MIGRATIONS[version](self._qs)
            version += 1
        self._qs.setValue("version", SETTINGS_VERSION)

    def get(self, key: str) -> Any:
        spec = SETTINGS[key]
        default = spec.default
        if spec.key == "reviewer" and not default:
            default = _default_reviewer()
        raw = self._qs.value(key)
        if raw is None:
            return list(default) if isinstance(default, list) else default
        try:
            value = _coerce(raw, spec.type)
        except (TypeError, ValueError):
            log.warning("setting %s has an invalid value; using the default", key)
            return default
        if spec.choices and value not in spec.choices:
            log.warning("setting %s has an unknown value; using the default", key)
            return default
        return value

    def set(self, key: str, value: Any) -> None:
        spec = SETTINGS[key]
        if not isinstance(value, spec.type):
            raise TypeError(f"setting {key} must be {spec.type.__name__}")
        if spec.choices and value not in spec.choices:
            raise ValueError(f"setting {key} must be one of {', '.join(map(str, spec.choices))}")
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()

    # -- recent files --------------------------------------------------------------------
    def add_recent(self, path: str) -> list[str]:
        recent = [p for p in self.get("recent_files") if p != path]
        recent.insert(0, path)
        recent = recent[:MAX_RECENT]
        self.set("recent_files", recent)
        return recent


def _coerce(raw: Any, kind: type) -> Any:
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("true", "1", "yes"):
            return True
        if str(raw).lower() in ("false", "0", "no"):
            return False
        raise ValueError(raw)
    if kind is list:
        if isinstance(raw, str):  # QSettings stores a one-item list as a plain string
            return [raw]
        if isinstance(raw, list | tuple):
            return [str(x) for x in raw]
        raise TypeError(raw)
    if kind is QByteArray:
        if isinstance(raw, QByteArray):
            return raw
        if isinstance(raw, bytes):
            return QByteArray(raw)
        raise TypeError(raw)
    if kind is str:
        return str(raw)
    return kind(raw)
