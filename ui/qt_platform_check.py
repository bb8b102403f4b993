"""Before the application exists: can Qt's X11 (xcb) platform plugin load on this machine?

Without some system libraries the plugin fails to load and Qt aborts the process (exit 134,
"Fatal Python error: Aborted") with, at best, a log line that names the wrong library. This
check runs ``ldd`` on the plugin first and names every missing library and the Debian/Ubuntu
packages that provide them. It runs only for the xcb platform (QT_QPA_PLATFORM unset or
"xcb" on Linux); offscreen, wayland and the others are left to Qt.

    python -m contractreview_ui.qt_platform_check   # prints what is missing; exit 1 if any
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# soname -> the Debian/Ubuntu package that provides it (what the PySide6 wheels do not bundle)
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
# every package above that a fresh Debian/Ubuntu desktop may lack (for the README)
SYSTEM_PACKAGES = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxkbcommon-x11-0",
    "libegl1",
)

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)

Ldd = Callable[[Path], str]


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the installed PySide6 (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def run_ldd(path: Path) -> str:
    """``ldd``'s report on a shared library (empty where ldd is absent or fails)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    try:
        out = subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ldd reports as "not found", each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def package_for(soname: str) -> str:
    """The Debian package that provides ``soname``: libxcb-foo.so.1 -> libxcb-foo1."""
    if soname in DEBIAN_PACKAGES:
        return DEBIAN_PACKAGES[soname]
    stem, _, version = soname.partition(".so.")
    name = stem.lower().replace("_", "-")
    major = version.split(".")[0]
    if major and name[-1:].isdigit():
        return f"{name}-{major}"
    return f"{name}{major}"


def checks_xcb(env: Mapping[str, str]) -> bool:
    """Only the xcb platform on Linux is checked; offscreen, wayland and the rest skip it."""
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "").strip()
    first = platform.split(";")[0].split(":")[0].strip().lower()  # "xcb;wayland", "xcb:args"
    return first in ("", "xcb")


def platform_problem(
    env: Mapping[str, str] | None = None, ldd: Ldd | None = None, plugin: Path | None = None
) -> str | None:
    """A message naming the missing libraries and how to install them, or None."""
    env = os.environ if env is None else env
    ldd = ldd or run_ldd
    if not checks_xcb(env):
        return None
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return None  # not a PySide6 wheel layout: Qt reports its own problem
    missing = missing_libraries(ldd(plugin))
    if not missing:
        return None
    packages = list(dict.fromkeys(package_for(s) for s in missing))
    return (
        "ContractReview cannot open its window: Qt's X11 platform plugin needs system "
        "libraries that are not installed:\n"
        + "".join(f"  {soname}  (package {package_for(soname)})\n" for soname in missing)
        + "Install them (Debian/Ubuntu):\n"
        + f"  sudo apt-get install {' '.join(packages)}\n"
        + "or run without a window: QT_QPA_PLATFORM=offscreen, or use the command line "
        "(contractreview analyze FILE.docx)."
    )


def main() -> int:
    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print("Qt's platform libraries are installed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
