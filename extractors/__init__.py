"""Pure extractors: text (and a publication date) in, typed records out.

Nothing in this package touches Prefect or DuckDB, so every function here can be
tested alone and reused by other tools.
"""
