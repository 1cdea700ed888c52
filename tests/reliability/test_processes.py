"""No process outlives its run: Ctrl-C, SIGTERM and a kill of the process group.

Each run is a real ``newsfacts run`` in its own session, stopped while its
workers extract. Every process it starts inherits a marker variable, so after
the run the whole process table is searched for the marker: a Prefect server,
worker or Dask process left behind is found wherever it was re-parented.
"""

from __future__ import annotations

import os
import signal
import subprocess
import uuid
from pathlib import Path

import psutil
import pytest

from tests.reliability.conftest import start_cli, stop_process_group, wait_for, write_corpus

pytestmark = pytest.mark.slow

MARKER = "NEWSFACTS_TEST_PROCESS_MARKER"


def marked(tag: str) -> list[psutil.Process]:
    """Every live process on the machine whose environment carries ``tag``."""
    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            if process.environ().get(MARKER) == tag and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.Error:
            continue  # gone, or another user's
    return found


def described(process: psutil.Process) -> tuple[int, int | None, list[str]]:
    """(pid, parent pid, start of the command line) of a process, as far as it still exists."""
    try:
        return process.pid, process.ppid(), process.cmdline()[:6]
    except psutil.Error:
        return process.pid, None, []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    # 60 articles: more than a run extracts in its own process, so workers start.
    return write_corpus(tmp_path_factory.mktemp("procs") / "corpus", 12)


def start(corpus: Path, tmp_path: Path, runner: str, tag: str) -> subprocess.Popen:
    return start_cli(
        "run", "--corpus", str(corpus), "--db", str(tmp_path / "w.duckdb"), "--runner", runner,
        "--batch-size", "4", log=tmp_path / "run.log", env={MARKER: tag},
    )  # fmt: skip


def wait_for_workers(process: subprocess.Popen, tag: str, at_least: int, log: Path) -> None:
    """Until the run has its server and workers up (the run process itself is marked too)."""
    wait_for(
        lambda: len(marked(tag)) >= 1 + at_least or process.poll() is not None,
        timeout=180, what=f"{at_least} child processes",
    )  # fmt: skip
    assert process.poll() is None, log.read_text(errors="replace")[-2000:]


@pytest.mark.parametrize(
    ("runner", "how", "workers"),
    [
        ("process", "sigint-group", 3),  # Ctrl-C in a terminal: SIGINT to the foreground group
        ("dask", "sigterm-run", 3),  # `kill PID`, systemd's KillMode=process
        ("process", "sigkill-group", 3),  # kill -9 of the group, systemd's final kill
    ],
)
def test_no_process_outlives_a_stopped_run(corpus, tmp_path, runner, how, workers):
    tag = uuid.uuid4().hex
    assert marked(tag) == []  # the table before
    process = start(corpus, tmp_path, runner, tag)
    log = tmp_path / "run.log"
    try:
        wait_for_workers(process, tag, workers, log)
        if how == "sigint-group":
            os.killpg(process.pid, signal.SIGINT)
        elif how == "sigterm-run":
            os.kill(process.pid, signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGKILL)
        code = process.wait(timeout=60)
        try:
            wait_for(lambda: marked(tag) == [], timeout=15, what="the run's processes to end")
        except AssertionError:
            pass  # named below, with what was left
    finally:
        leftover = [described(p) for p in marked(tag)]
        stop_process_group(process)
    output = log.read_text(errors="replace")
    assert leftover == [], f"left behind (pid, parent, command): {leftover}\n{output[-2000:]}"
    expected = {"sigint-group": 130, "sigterm-run": 143, "sigkill-group": -signal.SIGKILL}[how]
    assert code == expected, output[-2000:]
    if how != "sigkill-group":
        assert "nothing of this run was published" in output
        assert not (tmp_path / "w.duckdb").exists()
        assert not (tmp_path / "w.duckdb.building").exists()
