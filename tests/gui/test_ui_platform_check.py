"""The GUI says which system libraries Qt's X11 plugin lacks, before Qt aborts without a word
(issue 21, item 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

from contractreview_ui import qt_platform_check as check  # noqa: E402

# ldd on PySide6 6.x's libqxcb.so on a fresh Debian 12 (the report of issue 21)
LDD_FRESH_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd6b1f5000)
\tlibQt6XcbQpa.so.6 => /venv/lib/python3.11/site-packages/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x0)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f1c4a5d0000)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f1c4a1e0000)
"""


def test_missing_libraries_are_named_with_their_packages() -> None:
    assert check.missing_libraries(LDD_FRESH_DEBIAN) == [
        "libxcb-cursor.so.0",
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
    ]
    message = check.platform_problem(
        {"QT_QPA_PLATFORM": "xcb"}, ldd=lambda _p: LDD_FRESH_DEBIAN, plugin=Path("libqxcb.so")
    )
    assert message is not None
    assert "libxcb-icccm.so.4  (package libxcb-icccm4)" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in message


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libxcb-foo.so.1", "libxcb-foo1"),  # not in the table: Debian's naming rule
        ("libXrender.so.1", "libxrender1"),
        ("libfoo2.so.3", "libfoo2-3"),
    ],
)
def test_package_names_follow_debian(soname: str, package: str) -> None:
    assert check.package_for(soname) == package


@pytest.mark.parametrize("platform", ["offscreen", "wayland", "minimal", "eglfs"])
def test_other_platforms_are_not_checked(platform: str) -> None:
    def ldd(_path: Path) -> str:
        raise AssertionError("ldd must not run for another platform")

    env = {"QT_QPA_PLATFORM": platform}
    assert check.platform_problem(env, ldd=ldd, plugin=Path("libqxcb.so")) is None


@pytest.mark.parametrize("platform", ["", "xcb", "xcb;wayland", "xcb:dpi=96"])
def test_the_default_platform_is_checked(platform: str) -> None:
    assert check.checks_xcb({"QT_QPA_PLATFORM": platform}) == check.sys.platform.startswith("linux")


def test_the_app_names_the_libraries_instead_of_aborting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from contractreview_ui import app

    if not check.checks_xcb({"QT_QPA_PLATFORM": "xcb"}) or check.xcb_plugin() is None:
        pytest.skip("the xcb plugin is checked on Linux with a PySide6 wheel only")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(check, "run_ldd", lambda _p: LDD_FRESH_DEBIAN)
    assert app.main(["sample.docx"]) == 1
    err = capsys.readouterr().err
    assert "cannot open its window" in err
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in err


def test_this_machine_has_the_libraries() -> None:
    plugin = check.xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no PySide6 xcb plugin or no ldd here")
    assert check.missing_libraries(check.run_ldd(plugin)) == [], (
        "install the system packages: " + " ".join(check.SYSTEM_PACKAGES)
    )
