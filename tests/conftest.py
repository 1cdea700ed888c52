"""Shared fixtures: the gold files, the bundled corpus, and one real pipeline run.

Prefect runs in its ephemeral mode with a throw-away home, so tests never touch
the user's Prefect settings or database.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="newsfacts-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
ECBPLUS_ARTICLES = REPO / "tests" / "fixtures" / "ecbplus" / "articles"
# Three stories of three ECB+ topics: a shooting (3), a murder (33), a military strike
# (41); 3_7ecb.txt, of the first, is left out for tests that add it later.
THREE_STORIES = (
    [f"3_{i}ecb.txt" for i in range(1, 7)]
    + [f"33_{i}ecb.txt" for i in range(1, 6)]
    + [f"41_{i}ecb.txt" for i in range(1, 6)]
)
# The seeds' gold: this project's own annotation of corpus/articles.
GOLD = REPO / "tests" / "fixtures" / "seed_gold"


# Columns that name the run or the moment, not the facts.
RUN_COLUMNS = frozenset({
    "loaded_by_run", "run_id", "applied_at", "started_at", "finished_at", "scanned_by_run",
    "linked_by_run",
})  # fmt: skip


def warehouse_rows(
    con: duckdb.DuckDBPyConnection, leave_out: Iterable[str] = ("pipeline_runs",)
) -> dict[str, list[tuple]]:
    """Every row of every table and view but ``leave_out``, run columns left out, sorted:
    two warehouses that hold the same facts compare equal."""
    skipped = set(leave_out)
    relations = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal"
            " UNION SELECT view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
        if row[0] not in skipped
    ]
    rows = {}
    for relation in sorted(relations):
        columns = [
            name
            for (name,) in con.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = ? ORDER BY ordinal_position",
                [relation],
            ).fetchall()
            if name not in RUN_COLUMNS
        ]
        select = ", ".join(f'"{c}"' for c in columns)
        rows[relation] = sorted(
            con.execute(f'SELECT {select} FROM "{relation}"').fetchall(), key=repr
        )
    return rows


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def article_text(name: str) -> str:
    return (CORPUS / "articles" / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def noise_rows(gold_dir: Path) -> list[dict[str, str]]:
    return read_csv(gold_dir / "noise.csv")


def noise_spans(rows: list[dict[str, str]]) -> dict[str, list[tuple[int, int]]]:
    """Where each furniture line stands, by article file.

    A furniture line is a whole line of the file (the same words may also occur
    inside a real sentence, which is article text); inline traps such as a name
    inside a sentence are matched wherever they occur.
    """
    import re

    spans: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        text = article_text(row["file"])
        whole_line = re.compile(r"(?m)^[ \t]*(" + re.escape(row["text"]) + r")[ \t]*$")
        found = [m.span(1) for m in whole_line.finditer(text)]
        if not found:
            found = [m.span() for m in re.finditer(re.escape(row["text"]), text)]
        assert found, f"noise line not found in {row['file']}: {row['text']!r}"
        spans.setdefault(row["file"], []).extend(found)
    return spans


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def pipeline_run(corpus_copy: Path, tmp_path_factory: pytest.TempPathFactory):
    """One real run of the Prefect flow over a copy of the bundled corpus."""
    from flows.pipeline import newsfacts_pipeline

    db_path = tmp_path_factory.mktemp("warehouse") / "newsfacts.duckdb"
    summary = newsfacts_pipeline(corpus_dir=str(corpus_copy), db_path=str(db_path))
    return summary


@pytest.fixture(scope="session")
def warehouse(pipeline_run):
    import duckdb

    con = duckdb.connect(pipeline_run.db_path, read_only=True)
    yield con
    con.close()


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001 - pytest hook signature
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)
