"""Is a refactoring output-neutral? Dump the warehouse of two runs, row for row.

``python -m tests.benchmarks.same_warehouse OUT`` runs ``newsfacts run`` on the bundled
corpus and on the ECB+ slice (``tests/fixtures/ecbplus``, CC BY 3.0) into ``OUT/`` and
writes every table and view there, ordered, as ``OUT/corpus.txt`` and ``OUT/ecbplus.txt``
(one line per row, each table headed by its column names). Run it before and after a
change into two folders and ``diff`` the text files: a change that keeps outputs
identical leaves them equal. What differs between any two runs (run ids, clock times)
is left out.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
CORPORA = {"corpus": REPO / "corpus", "ecbplus": REPO / "tests" / "fixtures" / "ecbplus"}
# Columns that name or time a run: different in every run, whatever the code.
RUN_COLUMNS = {
    "run_id", "started_at", "finished_at", "applied_at", "loaded_by_run", "scanned_by_run",
    "linked_by_run",
}  # fmt: skip
# pipeline_runs also holds the corpus path and stage timings: only its outcome is compared.
RUN_OUTCOME = ("status", "failed_stage")


def dump(db: Path) -> list[str]:
    """Every table and view of ``db``, rows sorted, run ids and clock times left out."""
    lines = []
    with duckdb.connect(str(db), read_only=True) as con:
        names = con.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'main' ORDER BY 1"
        ).fetchall()
        for (table,) in names:
            columns = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            kept = [c for c in columns if c not in RUN_COLUMNS]
            if table == "pipeline_runs":
                kept = [c for c in kept if c in RUN_OUTCOME]
            selected = ", ".join(f'"{c}"' for c in kept)
            rows = con.execute(f'SELECT {selected} FROM "{table}" ORDER BY ALL').fetchall()
            lines.append(f"## {table} columns={columns} rows={len(rows)}")
            lines += [repr(row) for row in rows]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the warehouses and their dumps")
    args = parser.parse_args(argv)
    newsfacts = Path(sys.executable).with_name("newsfacts")
    for name, corpus in CORPORA.items():
        folder = args.out / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        db = folder / "newsfacts.duckdb"
        run = [str(newsfacts), "run", "--corpus", str(corpus), "--db", str(db)]
        result = subprocess.run(run, cwd=REPO, capture_output=True, text=True)
        (folder / "run.log").write_text(result.stdout + result.stderr, encoding="utf-8")
        if result.returncode:
            print(f"{name}: newsfacts run failed ({result.returncode}), see {folder / 'run.log'}")
            return 1
        lines = dump(db)
        (args.out / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} lines in {args.out / f'{name}.txt'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
