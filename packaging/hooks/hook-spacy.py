"""PyInstaller hook for spaCy, replacing the contrib hook that ships every language.

ContractReview uses ``spacy.blank("en")`` only: the core of spaCy, its English tokenizer data
and the shared ``spacy/lang/*.py`` modules. The other ~70 languages and spaCy's own test suite
are left out (several MB and thousands of files that slow the bundle's start).
"""

from pathlib import Path

import spacy
from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

_LANG_DIR = Path(spacy.__file__).parent / "lang"
_OTHER_LANGUAGES = {p.name for p in _LANG_DIR.iterdir() if p.is_dir() and p.name != "en"}


def _wanted(name: str) -> bool:
    parts = name.split(".")
    if len(parts) > 1 and parts[1] == "tests":
        return False
    return not (len(parts) > 2 and parts[1] == "lang" and parts[2] in _OTHER_LANGUAGES)


hiddenimports = collect_submodules("spacy", filter=_wanted)
datas = [
    (src, dest)
    for src, dest in collect_data_files("spacy")
    if not any(f"lang/{code}" in dest.replace("\\", "/") for code in _OTHER_LANGUAGES)
    and "/tests" not in dest.replace("\\", "/")
]
# spaCy reads its version from package metadata and registers factories via entry points.
datas += copy_metadata("spacy")
