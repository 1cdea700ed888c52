"""Extraction on local worker processes: real Prefect ProcessPoolTaskRunner, spaCy and DuckDB."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psutil
import pytest

from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def _prefect_servers(root: psutil.Process) -> set[int]:
    found = set()
    for proc in root.children(recursive=True):
        try:
            if "prefect.server.api.server:create_app" in " ".join(proc.cmdline()):
                found.add(proc.pid)
        except psutil.Error:
            pass  # exited while we looked
    return found


def test_process_workers_report_to_the_flow_processs_prefect_api(tmp_path: Path) -> None:
    """In ephemeral mode every spawned worker used to start a Prefect server of its own
    (seconds of start-up and CPU per worker); they must use the flow process's one."""
    from flows.pipeline import run_pipeline

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        me = psutil.Process()
        while not done.is_set():
            seen.update(_prefect_servers(me))
            done.wait(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        summary = run_pipeline(
            str(corpus), str(tmp_path / "wh.duckdb"), batch_size=2, runner="process", workers=2
        )
    finally:
        done.set()
        watcher.join()
    articles = len(list((corpus / "articles").iterdir()))
    assert summary.processed == articles and not summary.rejected
    assert len(seen) == 1, f"{len(seen)} Prefect servers ran for one flow: {sorted(seen)}"
