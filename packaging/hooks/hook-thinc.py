"""PyInstaller hook for thinc, replacing the contrib hook: the same, without thinc's tests."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files("thinc", excludes=["tests", "**/tests"])
hiddenimports = collect_submodules("thinc", filter=lambda name: ".tests" not in name)
