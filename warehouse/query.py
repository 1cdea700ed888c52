"""Read-only, parameterised queries for researchers (``newsfacts sql``)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

import duckdb

from .db import connect


class QueryError(ValueError):
    """The query was refused or failed; the message says why."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool

    def as_table(self) -> str:
        cells = [[("NULL" if v is None else str(v)) for v in row] for row in self.rows]
        widths = [
            min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(self.columns)
        ]

        def line(values: list[str]) -> str:
            return " | ".join(v[:w].ljust(w) for v, w in zip(values, widths, strict=True))

        rule = "-+-".join("-" * w for w in widths)
        return "\n".join([line(self.columns), rule, *(line(r) for r in cells)])


def run_query(
    db_path: str | os.PathLike,
    query: str,
    params: dict[str, Any] | None = None,
    max_rows: int = 10_000,
    timeout: float | None = 60.0,
) -> QueryResult:
    """Run ``query`` on a read-only connection that cannot touch files or other databases.

    Writes fail (read-only database), and so do reads or writes of files outside
    the warehouse (``COPY``, ``read_csv``, ``ATTACH``): external access is off.
    """
    con = connect(db_path, read_only=True)
    try:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        # DuckDB has no statement timeout: a timer interrupts the connection instead.
        timer = threading.Timer(timeout, con.interrupt) if timeout else None
        if timer:
            timer.start()
        try:
            cursor = con.execute(query, params or None)
            if cursor.description is None:
                return QueryResult([], [], False)
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchmany(max_rows + 1)
        except duckdb.InterruptException as exc:
            raise QueryError(f"query stopped after {timeout:g} s (raise --timeout)") from exc
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
        finally:
            if timer:
                timer.cancel()
        return QueryResult(columns, rows[:max_rows], len(rows) > max_rows)
    finally:
        con.close()
