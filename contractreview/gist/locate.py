"""Where the app finds the generative model folder: the folder Settings names, else the standard
place, the user data folder's ``models/generative/NAME`` that
``scripts/get_generative_model.sh NAME`` fills (the larger model first). Nothing is fetched."""

from __future__ import annotations

from pathlib import Path

from contractreview.gist.runtime import MANIFEST_FILE
from contractreview.paths import user_data_dir

# the folders get_generative_model.sh writes, the one preferred first
PREFERRED = ("qwen2.5-1.5b", "smollm2-135m")


def generative_models_root() -> Path:
    return user_data_dir() / "models" / "generative"


def installed_models() -> list[Path]:
    """The model folders in the standard place (each with its manifest), preferred first."""
    root = generative_models_root()
    try:
        found = [p for p in root.iterdir() if (p / MANIFEST_FILE).is_file()]
    except OSError:
        return []
    rank = {name: i for i, name in enumerate(PREFERRED)}
    return sorted(found, key=lambda p: (rank.get(p.name, len(rank)), p.name))


def default_model_dir() -> Path | None:
    """The standard place's preferred model folder, or None (gists off)."""
    models = installed_models()
    return models[0] if models else None


def resolve_model_dir(configured: str) -> Path | None:
    """The folder Settings names (even if missing: the caller says so), else the default."""
    configured = configured.strip()
    return Path(configured) if configured else default_model_dir()
