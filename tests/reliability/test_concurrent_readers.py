"""A researcher's read-only sessions keep working while a run writes: a multi-process test.

Two reader processes query the published warehouse in a loop: one holds a single
connection open the whole time, the other opens a fresh connection per query (as
``newsfacts sql`` and a ``duckdb -readonly`` session started later do). Meanwhile a
real ``newsfacts run`` process loads a changed corpus. No query may fail; the
held session keeps its snapshot, fresh connections see the new data once the run
has published.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.reliability.conftest import (
    cli_command,
    start_cli,
    stop_process_group,
    subprocess_env,
    wait_for,
    write_corpus,
)
from warehouse.crashpoints import PAUSE_ENV

pytestmark = pytest.mark.slow

READER = """
import json, os, sys, time
import duckdb

db, stop, mode, out = sys.argv[1:5]
held = duckdb.connect(db, read_only=True) if mode == "held" else None
queries, errors = [], []
print("ready", flush=True)
while not os.path.exists(stop):
    try:
        con = held if held is not None else duckdb.connect(db, read_only=True)
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        con.execute(
            "SELECT a.outlet, count(*) FROM figure_mentions f JOIN articles a USING (article_id)"
            " JOIN sentences s USING (sentence_id) GROUP BY ALL"
        ).fetchall()
        if held is None:
            con.close()
        queries.append((time.time(), articles))
    except Exception as exc:  # the test fails on any error: record it, keep reading
        errors.append(f"{time.time()}: {exc!r}")
    time.sleep(0.02)  # leave the CPU to the run
with open(out, "w") as handle:
    json.dump({"queries": queries, "errors": errors}, handle)
"""


def start_reader(tmp_path: Path, db: Path, mode: str) -> tuple[subprocess.Popen, Path]:
    script = tmp_path / "reader.py"
    script.write_text(READER, encoding="utf-8")
    out = tmp_path / f"reader-{mode}.json"
    process = subprocess.Popen(
        [sys.executable, str(script), str(db), str(tmp_path / "stop"), mode, str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return process, out


def test_readers_are_never_blocked_and_see_the_new_data_after_publishing(tmp_path):
    from flows.pipeline import newsfacts_pipeline

    db = tmp_path / "newsfacts.duckdb"
    old_corpus = write_corpus(tmp_path / "old", copies=1)  # 5 articles
    new_corpus = write_corpus(tmp_path / "new", copies=2)  # the same 5 and 5 more
    newsfacts_pipeline(corpus_dir=str(old_corpus), db_path=str(db))
    # The run waits, built but not yet published, until the test has read in the middle
    # of it: however fast the machine, the sql below runs while the run writes.
    release = tmp_path / "release"

    readers = {mode: start_reader(tmp_path, db, mode) for mode in ("held", "fresh")}
    writer = None
    try:
        for process, _ in readers.values():
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        writer = start_cli(
            "run", "--corpus", str(new_corpus), "--db", str(db), log=tmp_path / "writer.log",
            env={PAUSE_ENV: f"publish:{release}"},
        )  # fmt: skip
        building = db.with_name(db.name + ".building")
        wait_for(
            lambda: building.exists() or writer.poll() is not None, timeout=120, what="a build"
        )
        writing_from = time.time()
        waiting = release.with_name(release.name + ".waiting")
        wait_for(lambda: waiting.exists() or writer.poll() is not None, timeout=180,
                 what="the run to reach publishing")  # fmt: skip
        # A researcher's `newsfacts sql` in the middle of the run.
        sql = subprocess.run(
            cli_command("sql", "SELECT count(*) AS n FROM articles", "--db", str(db), "--format",
                        "csv"),
            capture_output=True, text=True, cwd=REPO, env=subprocess_env(), timeout=60,
        )  # fmt: skip
        sql_during_run = (sql.returncode, sql.stdout, building.exists())
        time.sleep(1.0)  # the readers query on while the run waits
        release.touch()
        wait_for(lambda: writer.poll() is not None, timeout=180, what="the run to finish")
        writing_until = time.time()
        time.sleep(0.3)  # let the fresh reader query the published result
    finally:
        (tmp_path / "stop").touch()
        for process, _ in readers.values():
            process.wait(timeout=30)
        if writer is not None:
            stop_process_group(writer)

    log = (tmp_path / "writer.log").read_text(errors="replace")
    assert writer.returncode == 0, log[-3000:]
    assert "10 discovered, 5 processed, 5 unchanged" in log
    assert sql_during_run[0] == 0 and sql_during_run[1].splitlines() == ["n", "5"]
    assert sql_during_run[2], "the run had already published: the sql check proved nothing"

    results = {mode: json.loads(out.read_text()) for mode, (_, out) in readers.items()}
    for mode, result in results.items():
        assert result["errors"] == [], mode
        during = [n for t, n in result["queries"] if writing_from <= t <= writing_until]
        assert len(during) >= 10, f"{mode}: only {len(during)} queries while the run wrote"
    # The held session keeps the snapshot it opened; fresh connections move on.
    assert {n for _, n in results["held"]["queries"]} == {5}
    fresh = [n for _, n in results["fresh"]["queries"]]
    assert fresh[0] == 5 and fresh[-1] == 10
    assert sorted(fresh) == fresh, "a fresh reader saw the warehouse go back in time"
