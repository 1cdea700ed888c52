"""Export every table and view of the warehouse as Parquet files."""

from __future__ import annotations

import os
from pathlib import Path

from .db import connect


def export_parquet(db_path: str | os.PathLike, out_dir: str | os.PathLike) -> dict[str, int]:
    """Write ``<name>.parquet`` for each table and view; return row counts by name.

    Names come from the warehouse's own catalogue and are quoted as identifiers;
    the target path is bound as a parameter, never pasted into SQL.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    con = connect(db_path, read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'main' ORDER BY table_name"
            ).fetchall()
        ]
        counts = {}
        for name in names:
            quoted = '"' + name.replace('"', '""') + '"'
            target = out / f"{name}.parquet"
            con.execute(
                f"COPY (SELECT * FROM {quoted}) TO $target (FORMAT parquet)",
                {"target": str(target)},
            )
            counts[name] = con.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
        return counts
    finally:
        con.close()
