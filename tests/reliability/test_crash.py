"""``kill -9`` at several points of a real run: the published warehouse stays consistent.

Each attempt starts ``newsfacts run`` as its own process and has it killed with
SIGKILL at a named point: inside a load transaction on a first run and on a run
over a published warehouse, inside the claim-link and SQL-model transactions,
and after the report is written, just before publishing. Those runs kill
themselves at the point (``NEWSFACTS_CRASH_AT``, see :mod:`warehouse.crashpoints`),
so the kill lands where the test says however fast the machine is; one more is
killed from outside while its build copy is being written, as a deploy would.
After each kill the published warehouse is exactly as before (or, for a first
run, absent) and never half-loaded; the next run completes and gives the same
rows as a run that was never interrupted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    consistency_problems,
    run_cli,
    snapshot,
    start_cli,
    stop_process_group,
    table_counts,
    wait_for,
    write_corpus,
)
from warehouse.crashpoints import ENV as CRASH_AT

pytestmark = pytest.mark.slow

COPIES = 2  # 10 articles
BATCH = "2"  # five load transactions per run


def building(db: Path) -> Path:
    return db.with_name(db.name + ".building")


def start_run(corpus: Path, db: Path, report_dir: Path, log: Path, env: dict | None = None):
    # Extraction in the run's own process (--runner local): the warehouse is written
    # by that process whatever the runner, and worker start-up would only add time.
    return start_cli(
        "run", "--corpus", str(corpus), "--db", str(db), "--batch-size", BATCH,
        "--report-dir", str(report_dir), "--runner", "local", log=log, env=env,
    )  # fmt: skip


def assert_killed(process: subprocess.Popen, log: Path) -> None:
    assert process.returncode == -signal.SIGKILL, (
        f"the run was not killed (exit {process.returncode}): "
        f"{log.read_text(errors='replace')[-2000:]}"
    )


def kill_at(point: str, corpus: Path, db: Path, report_dir: Path, log: Path) -> None:
    """Run until the run kills itself at crash point ``point`` (``NAME[:N]``), and reap it."""
    process = start_run(corpus, db, report_dir, log, env={CRASH_AT: point})
    try:
        process.wait(timeout=240)
        assert_killed(process, log)
    finally:
        stop_process_group(process)


def kill_from_outside_when(
    corpus: Path, db: Path, report_dir: Path, trigger: Callable[[], bool], log: Path
) -> None:
    """Start a run, SIGKILL it from this process as soon as ``trigger()`` holds, and reap it."""
    process = start_run(corpus, db, report_dir, log)
    try:
        wait_for(
            lambda: trigger() or process.poll() is not None, timeout=120, what=f"trigger ({log})"
        )
        assert process.poll() is None, (
            f"the run ended before the kill point: {log.read_text(errors='replace')[-2000:]}"
        )
        os.kill(process.pid, signal.SIGKILL)  # the run itself, as a deploy would
        process.wait(timeout=30)
        assert_killed(process, log)
    finally:
        stop_process_group(process)


def edit_corpus(corpus: Path) -> None:
    """Change every article, remove one and add one: the next run rewrites everything."""
    files = sorted((corpus / "articles").glob("*.txt"))
    for path in files:
        path.write_text(
            path.read_text(encoding="utf-8") + "\nA later review counted 77 more cases.\n",
            encoding="utf-8",
        )
    files[0].unlink()
    (corpus / "articles" / "zz_new.txt").write_text(
        files[1].read_text(encoding="utf-8") + "\nThe new inquiry will cost £2m.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Corpus v1 (already published) and v2 (what the killed runs try to load)."""
    root = tmp_path_factory.mktemp("crash")
    v1 = write_corpus(root / "v1", COPIES)
    v2 = write_corpus(root / "v2", COPIES)
    edit_corpus(v2)
    return root, v1, v2


@pytest.fixture(scope="module")
def uninterrupted(corpora):
    """Reference: v1 then v2 loaded without interruption (in-process, same flow)."""
    from flows.pipeline import newsfacts_pipeline

    root, v1, v2 = corpora
    db = root / "reference" / "newsfacts.duckdb"
    # One batch each: the rows do not depend on the batch size, and this runs inline.
    newsfacts_pipeline(corpus_dir=str(v1), db_path=str(db))
    published_v1 = root / "published_v1.duckdb"
    published_v1.write_bytes(db.read_bytes())
    newsfacts_pipeline(corpus_dir=str(v2), db_path=str(db))
    return published_v1, db


def comparable(db: Path) -> dict[str, list]:
    """Rows as a reader sees them, minus the run id that differs from run to run."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT article_id, path, text, extractor_versions FROM articles ORDER BY 1"
            ).fetchall(),
            "files": con.execute(
                "SELECT path, article_id, content_sha256 FROM article_files ORDER BY 1"
            ).fetchall(),
            "figures": con.execute(
                "SELECT mention_id, text, value, kind FROM figure_mentions ORDER BY 1"
            ).fetchall(),
            "entities": con.execute(
                "SELECT mention_id, canonical FROM entity_mentions ORDER BY 1"
            ).fetchall(),
            "dates": con.execute(
                "SELECT mention_id, value FROM date_mentions ORDER BY 1"
            ).fetchall(),
            "sentences": con.execute(
                "SELECT sentence_id, text FROM sentences ORDER BY 1"
            ).fetchall(),
        }
    finally:
        con.close()


def test_kill_at_several_points_then_the_next_run_completes(corpora, uninterrupted, tmp_path):
    _, _, v2 = corpora
    published_v1, reference = uninterrupted
    db = tmp_path / "newsfacts.duckdb"

    # A first run (nothing published yet) killed inside its third load publishes nothing.
    kill_at("load:3", v2, db, tmp_path / "reports-first", tmp_path / "kill-first.log")
    assert not db.exists(), "a killed first run published a warehouse"
    assert building(db).exists()  # the half-built copy is left for the next run to discard

    # With a published warehouse, a kill anywhere before the rename leaves it as it was.
    db.write_bytes(published_v1.read_bytes())
    before = snapshot(db)
    kill_points = {
        "load:2": "inside the second load transaction",
        "link_claims": "inside the claim-link transaction",
        "models": "inside the SQL-model transaction",
        "publish": "after the report is written, just before the rename",
    }
    for point, stage in kill_points.items():
        name = point.replace(":", "-")
        kill_at(point, v2, db, tmp_path / f"reports-{name}", tmp_path / f"kill-{name}.log")
        assert db.exists(), f"killed {stage}: the published warehouse vanished"
        assert consistency_problems(db) == [], f"killed {stage}"
        assert snapshot(db) == before, f"killed {stage}: the published warehouse changed"
    assert any((tmp_path / "reports-publish").glob("*")), "the publish kill came before the report"

    # Killed from outside while the build copy is written (its WAL exists): the same.
    wal = building(db).with_name(building(db).name + ".wal")
    kill_from_outside_when(
        v2, db, tmp_path / "reports-outside", wal.exists, tmp_path / "kill-outside.log"
    )
    assert consistency_problems(db) == []
    assert snapshot(db) == before

    # The default runner (worker processes) completes after the kills.
    result = run_cli("run", "--corpus", str(v2), "--db", str(db), "--batch-size", BATCH)
    assert result.returncode == 0, result.stderr[-3000:]
    assert consistency_problems(db) == []
    assert table_counts(db) == table_counts(reference)
    assert comparable(db) == comparable(reference)
    assert not building(db).exists()


def test_a_run_waits_for_nobody_after_a_kill(corpora, tmp_path):
    """The build lock dies with the killed process: a later run is not refused."""
    import fcntl

    from warehouse.db import lock_path

    _, v1, _ = corpora
    db = tmp_path / "lock.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl,sys,time; f=open(sys.argv[1],'a+');"
         "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
         str(lock_path(db))],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        with open(lock_path(db), "a+") as handle, pytest.raises(BlockingIOError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        with open(lock_path(db), "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
