"""ContractReview core library: reads DOCX contracts, segments them into clauses, runs the
local legal model, and builds reviews. Never imports Qt (checked by import-linter)."""

__version__ = "0.1.0"
