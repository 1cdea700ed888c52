"""A late stage that fails loses none of the run's early work.

Each derived stage is made to fail for real: claim linking raises inside its own
transaction (``NEWSFACTS_FAIL_AT=link_claims``, :mod:`warehouse.crashpoints`),
a SQL model file that raises is built (``NEWSFACTS_MODELS_DIR``), a report
template that raises is rendered (``NEWSFACTS_TEMPLATES_DIR``). Each time the
run publishes the articles it loaded, records the failed stage, its error and
the file in ``pipeline_runs``, keeps the previous report and fails; the next
run, with nothing changed, redoes what failed and completes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.reliability.conftest import consistency_problems, run_cli, write_corpus
from warehouse.crashpoints import FAIL_ENV
from warehouse.db import MODELS_DIR_ENV

pytestmark = pytest.mark.slow

PACKAGE = Path(__file__).resolve().parents[2]


def edit(corpus: Path) -> None:
    """A new article and an edited one: the next run has something to load."""
    files = sorted((corpus / "articles").glob("*.txt"))
    files[0].write_text(
        files[0].read_text(encoding="utf-8") + "\nA later count put the total at 321.\n",
        encoding="utf-8",
    )
    (corpus / "articles" / "zz_added.txt").write_text(
        files[1].read_text(encoding="utf-8") + "\nThe added report cost £4m.\n", encoding="utf-8"
    )


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def last_run(db: Path) -> tuple:
    return query(
        db,
        "SELECT status, failed_stage, error, error_file, processed FROM pipeline_runs"
        " ORDER BY started_at DESC LIMIT 1",
    )[0]


def loaded_paths(db: Path) -> set[str]:
    return {row[0] for row in query(db, "SELECT path FROM article_files")}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A corpus loaded once (warehouse and report), and the same corpus edited."""
    from flows.pipeline import newsfacts_pipeline

    root = tmp_path_factory.mktemp("late")
    corpus = write_corpus(root / "corpus", 1)
    db = root / "newsfacts.duckdb"
    newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db))
    edited = root / "edited"
    shutil.copytree(corpus, edited)
    edit(edited)
    return corpus, edited, db


@pytest.fixture
def setup(published, tmp_path):
    """Private copies: the edited corpus, the published warehouse and its report."""
    _, edited, db = published
    shutil.copytree(edited, tmp_path / "corpus")
    shutil.copyfile(db, tmp_path / "newsfacts.duckdb")
    shutil.copytree(db.parent / "reports", tmp_path / "reports")
    return tmp_path / "corpus", tmp_path / "newsfacts.duckdb", tmp_path / "reports"


def reports(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_in_process(corpus: Path, db: Path):
    from flows.pipeline import newsfacts_pipeline

    return newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db))


def test_claim_linking_fails_then_the_next_run_links_again(setup, monkeypatch):
    from flows.pipeline import StageFailed

    corpus, db, report_dir = setup
    report_before = reports(report_dir)
    monkeypatch.setenv(FAIL_ENV, "link_claims")
    with pytest.raises(StageFailed) as failed:
        run_in_process(corpus, db)
    summary = failed.value.summary
    assert summary.failed_stage == "link_claims"
    assert summary.processed == 2  # the edited and the added article were loaded...
    assert "zz_added.txt" in loaded_paths(db)  # ...and published
    status, stage, error, error_file, processed = last_run(db)
    assert (status, stage, processed) == ("failed", "link_claims", 2)
    assert "InjectedFault" in error and error_file.startswith("warehouse/crashpoints.py:")
    assert consistency_problems(db) == []
    assert reports(report_dir) == report_before, "a failed run rewrote the report"

    # Nothing changed since, yet the claims are stale: the next run links them.
    monkeypatch.delenv(FAIL_ENV)
    summary = run_in_process(corpus, db)
    assert (summary.processed, summary.claims_relinked) == (0, True)
    assert last_run(db)[:2] == ("completed", None)
    unlinked = query(
        db,
        "SELECT count(*) FROM figure_mentions f JOIN articles a USING (article_id)"
        " WHERE a.path = 'zz_added.txt'"
        " AND mention_id NOT IN (SELECT mention_id FROM claim_assignments)",
    )[0][0]
    assert unlinked == 0
    assert reports(report_dir) != report_before


def broken_models(target: Path) -> Path:
    shutil.copytree(PACKAGE / "warehouse" / "models", target)
    (target / "35_broken.sql").write_text(
        "CREATE OR REPLACE TABLE broken_model AS"
        " SELECT error('this model fails on purpose') AS x FROM claims;\n",
        encoding="utf-8",
    )
    return target


def test_a_failing_sql_model_exits_non_zero_naming_its_file(setup, tmp_path):
    corpus, db, report_dir = setup
    report_before = reports(report_dir)
    models = broken_models(tmp_path / "models")
    result = run_cli(
        "run", "--corpus", str(corpus), "--db", str(db), "--runner", "local",
        env={MODELS_DIR_ENV: str(models)},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-3000:]
    assert "build_models failed" in result.stderr
    assert "35_broken.sql" in result.stderr and "fails on purpose" in result.stderr
    assert "articles this run extracted and loaded are published" in result.stderr
    assert "zz_added.txt" in loaded_paths(db)
    status, stage, error, error_file, processed = last_run(db)
    assert (status, stage, processed) == ("failed", "build_models", 2)
    assert error_file.endswith("35_broken.sql") and "fails on purpose" in error
    # The models are the previous run's, whole: the transaction was rolled back.
    assert query(db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'broken_model'") == [
        (0,)
    ]
    assert reports(report_dir) == report_before

    # Fixed models, nothing changed: only the models and the report are redone.
    summary = run_in_process(corpus, db)
    assert (summary.processed, summary.claims_relinked) == (0, False)
    assert "build_models" in summary.stage_seconds and "link_claims" not in summary.stage_seconds
    assert last_run(db)[:2] == ("completed", None)
    assert reports(report_dir) != report_before


def test_a_failing_report_template_keeps_the_previous_report(setup, tmp_path, monkeypatch):
    from flows.pipeline import StageFailed
    from flows.report import TEMPLATES_DIR_ENV

    corpus, db, report_dir = setup
    report_before = reports(report_dir)
    templates = tmp_path / "templates"
    shutil.copytree(PACKAGE / "flows" / "templates", templates)
    html = templates / "factcheck.html.j2"
    broken = html.read_text(encoding="utf-8").replace(
        "<h1>", "{{ articles[0].no_such_column.deeper }}<h1>", 1
    )
    html.write_text(broken, encoding="utf-8")
    broken_line = broken[: broken.index("no_such_column")].count("\n") + 1
    monkeypatch.setenv(TEMPLATES_DIR_ENV, str(templates))
    with pytest.raises(StageFailed) as failed:
        run_in_process(corpus, db)
    assert failed.value.summary.failed_stage == "report"
    status, stage, error, error_file, _ = last_run(db)
    assert (status, stage) == ("failed", "report")
    assert "no_such_column" in error and error_file.endswith(f"factcheck.html.j2:{broken_line}")
    assert "zz_added.txt" in loaded_paths(db)
    assert reports(report_dir) == report_before

    monkeypatch.delenv(TEMPLATES_DIR_ENV)
    summary = run_in_process(corpus, db)
    assert (summary.processed, summary.claims_relinked) == (0, False)
    assert last_run(db)[:2] == ("completed", None)
    assert reports(report_dir) != report_before
