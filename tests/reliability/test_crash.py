"""``kill -9`` at several points of a real run: the published warehouse stays consistent.

Each attempt starts ``newsfacts run`` as its own process and sends SIGKILL when
the run reaches a stage the test can see from outside: a load transaction is
open (the build copy's write-ahead log exists) on a first run and on a run over
a published warehouse, or the report is written (the last step before
publishing). After each
kill the published warehouse is either exactly as before or a complete run, and
never half-loaded; the next run completes and gives the same rows as a run that
was never interrupted.
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

pytestmark = pytest.mark.slow

COPIES = 2  # 10 articles
BATCH = "2"  # five load transactions per run


def building(db: Path) -> Path:
    return db.with_name(db.name + ".building")


def wal_seen(db: Path, times: int) -> Callable[[], bool]:
    """True once the build copy's WAL has been seen ``times`` separate times.

    DuckDB keeps a WAL beside the file while a transaction writes and until the
    checkpoint at close, so a kill while it exists lands inside a load.
    """
    wal = db.with_name(db.name + ".building.wal")
    state = {"seen": 0, "present": False}

    def check() -> bool:
        present = wal.exists()
        if present and not state["present"]:
            state["seen"] += 1
        state["present"] = present
        return state["seen"] >= times

    return check


def kill_when(
    corpus: Path, db: Path, report_dir: Path, trigger: Callable[[], bool], log: Path
) -> None:
    """Start a run, SIGKILL it as soon as ``trigger()`` holds, and reap it."""
    # Extraction in the run's own process (--runner local): the warehouse is written
    # by that process whatever the runner, and worker start-up would only add time.
    process = start_cli(
        "run", "--corpus", str(corpus), "--db", str(db), "--batch-size", BATCH,
        "--report-dir", str(report_dir), "--runner", "local", log=log,
    )  # fmt: skip
    try:
        wait_for(
            lambda: trigger() or process.poll() is not None, timeout=120, what=f"trigger ({log})"
        )
        assert process.poll() is None, (
            f"the run ended before the kill point: {log.read_text(errors='replace')[-2000:]}"
        )
        os.kill(process.pid, signal.SIGKILL)  # the run itself, as a deploy would
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
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

    # A first run (nothing published yet) killed inside a load publishes nothing.
    kill_when(v2, db, tmp_path / "reports0", wal_seen(db, 3), tmp_path / "kill0.log")
    assert not db.exists(), "a killed first run published a warehouse"
    assert building(db).exists()  # the half-built copy is left for the next run to discard

    # With a published warehouse, kills leave it as it was (or, at the very end,
    # fully replaced by the complete run), never half-loaded.
    db.write_bytes(published_v1.read_bytes())
    before = snapshot(db)
    reports = [tmp_path / f"reports{i}" for i in (1, 2)]
    kill_points = [
        ("inside the second load transaction", wal_seen(db, 2)),
        ("the report is written (just before publishing)", lambda: any(reports[1].glob("*"))),
    ]
    for (stage, trigger), report_dir in zip(kill_points, reports, strict=True):
        kill_when(v2, db, report_dir, trigger, tmp_path / f"kill-{report_dir.name}.log")
        assert db.exists(), f"killed when {stage}: the published warehouse vanished"
        assert consistency_problems(db) == [], f"killed when {stage}"
        after = snapshot(db)
        assert after == before or comparable(db) == comparable(reference), f"killed when {stage}"

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
