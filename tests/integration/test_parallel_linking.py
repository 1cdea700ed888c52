"""Half of the stories linked on an extraction worker: the same warehouse as serial linking.

Real flow, real spaCy, real DuckDB and real worker processes, on three ECB+ stories of
the test fixture (real news, CC BY 3.0, see tests/fixtures/ecbplus/README.md). The
corpus is small, so the size below which linking stays in one process is lowered.
"""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ECBPLUS_ARTICLES, THREE_STORIES, warehouse_rows

pytestmark = pytest.mark.slow

FIXTURE = ECBPLUS_ARTICLES
ARTICLES = THREE_STORIES
RUN_LOG = {"pipeline_runs", "rejected_inputs", "schema_migrations", "article_files"}


def everything(db_path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return warehouse_rows(con, leave_out=RUN_LOG)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel-linking") / "corpus"
    (root / "articles").mkdir(parents=True)
    for name in ARTICLES:
        shutil.copy(FIXTURE / name, root / "articles" / name)
    return root


@pytest.fixture(scope="module")
def serial_warehouse(corpus: Path) -> Path:
    """Extraction and linking in the flow process alone (the local runner)."""
    from flows.pipeline import run_pipeline

    db_path = corpus.parent / "serial" / "wh.duckdb"
    db_path.parent.mkdir()
    run_pipeline(str(corpus), str(db_path), runner="local")
    return db_path


def test_a_run_on_worker_processes_links_half_the_stories_there_with_the_same_result(
    corpus: Path, serial_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.pipeline
    from flows.pipeline import run_pipeline
    from warehouse.claims import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_MENTIONS", 0)
    sent = []
    submit = flows.pipeline._submit_to_workers

    def counted(part, *arguments):  # noqa: ANN001, ANN202 - the submit signature
        sent.append(len(arguments[1]))  # the mentions handed over
        return submit(part, *arguments)

    monkeypatch.setattr(flows.pipeline, "_submit_to_workers", counted)
    db_path = corpus.parent / "parallel" / "wh.duckdb"
    db_path.parent.mkdir()
    summary = run_pipeline(str(corpus), str(db_path), runner="process", workers=2)
    assert summary.stories_total and summary.stories_total >= 3
    assert len(sent) == 1 and sent[0] > 0, "half of the stories should go to a worker"
    assert everything(db_path) == everything(serial_warehouse)


def test_link_claims_with_another_process_equals_link_claims_alone(
    serial_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every table the link step writes, in the order written, and the links it returns."""
    from warehouse import db
    from warehouse.claims import link_claims, parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_MENTIONS", 0)
    written = ("article_stories", "source_groups", "claim_assignments", "claim_relations")
    results = {}
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        for name, submit in (("serial", None), ("parallel", pool.submit)):
            copy = tmp_path / f"{name}.duckdb"
            shutil.copy(serial_warehouse, copy)
            con = db.connect(str(copy))
            try:
                run = link_claims(con, full=True, submit=submit)
                tables = {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in written}
            finally:
                con.close()
            results[name] = (run.links, tables)
    (serial_links, serial_tables), (parallel_links, parallel_tables) = results.values()
    assert serial_tables["claim_assignments"], "the fixture should give claims"
    assert parallel_tables == serial_tables
    assert parallel_links == serial_links
