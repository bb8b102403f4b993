"""ContractReview's desktop application (PySide6): a thin view over the ``contractreview``
core library. The UI is English-only (no tr() workflow)."""
