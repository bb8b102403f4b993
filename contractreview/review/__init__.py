"""The lawyer's review: annotations as plain values, the SQLite store with its schema, migrations
and audit chain, and carry-over between analyses.
"""
