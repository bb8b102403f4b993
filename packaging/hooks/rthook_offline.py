"""PyInstaller runtime hook: the offline switches are set before any bundled module loads
(the app sets them again at start; this covers every entry point of the bundle)."""

from contractreview.offline import enforce_offline_environment

enforce_offline_environment()
