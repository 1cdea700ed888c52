"""The Dask path: extraction on a 2-worker LocalCluster builds the same warehouse as the local path.

Real Prefect, prefect-dask, Dask, spaCy and DuckDB. Workers return Arrow tables and
the flow process loads them, so every table must match the local run row for row
(run ids and timestamps aside).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS, warehouse_rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dask_run(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("prefect_dask")
    from flows.pipeline import run_pipeline

    corpus = tmp_path_factory.mktemp("dask-corpus") / "corpus"
    shutil.copytree(CORPUS, corpus)
    db_path = tmp_path_factory.mktemp("dask-warehouse") / "newsfacts.duckdb"
    # Batches of two articles: the five-article corpus makes three tasks, spread
    # over both workers and loaded in order by the flow process.
    return run_pipeline(
        corpus_dir=str(corpus), db_path=str(db_path), batch_size=2, runner="dask", workers=2
    )


def test_dask_run_processes_every_article(dask_run, pipeline_run):
    assert dask_run.processed == pipeline_run.processed == 5
    assert dask_run.rejected == []


def test_dask_warehouse_equals_local_warehouse_row_for_row(dask_run, warehouse):
    dask_con = duckdb.connect(dask_run.db_path, read_only=True)
    try:
        dask_rows = warehouse_rows(dask_con)
    finally:
        dask_con.close()
    local_rows = warehouse_rows(warehouse)
    assert sorted(dask_rows) == sorted(local_rows)
    assert sum(len(r) for r in local_rows.values()) > 100  # the comparison compares something
    for relation, rows in local_rows.items():
        assert dask_rows[relation] == rows, relation


def test_address_without_dask_runner_is_refused():
    from flows.runners import make_task_runner

    with pytest.raises(ValueError, match="Dask scheduler"):
        make_task_runner("process", address="tcp://127.0.0.1:8786")


def test_cli_refuses_address_without_dask(tmp_path: Path, capsys):
    from flows.cli import EXIT_USAGE, main

    code = main(["run", "--corpus", str(CORPUS), "--db", str(tmp_path / "w.duckdb"),
                 "--address", "tcp://127.0.0.1:8786"])  # fmt: skip
    assert code == EXIT_USAGE
    assert "--runner dask" in capsys.readouterr().err
