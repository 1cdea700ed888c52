"""Where extraction batches run: in the flow process, on local worker processes, or on Dask.

Only extraction (read, clean, spaCy, extract) runs on the task runner; its
result is Arrow tables, which the flow process loads into DuckDB as the single
writer. Every worker process loads spaCy once (``extractors.nlp.get_nlp`` is
cached per process) and keeps it for all the batches it is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

RunnerKind = Literal["local", "process", "dask"]
RUNNER_KINDS: tuple[str, ...] = ("local", "process", "dask")


def default_workers() -> int:
    """One extraction worker per CPU the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def make_task_runner(
    kind: str = "process", address: str | None = None, workers: int | None = None
) -> TaskRunner:
    """The Prefect task runner for extraction batches.

    ``local`` runs batches one after another in the flow process (one thread:
    spaCy holds the GIL, so more threads would not parse faster); ``process``
    runs them on ``workers`` local processes (default: one per CPU); ``dask``
    runs them on the Dask cluster at ``address`` (``tcp://HOST:PORT``), or on a
    new LocalCluster of ``workers`` single-threaded processes when no address is given.
    """
    if kind not in RUNNER_KINDS:
        raise ValueError(f"unknown runner {kind!r}; choose one of {', '.join(RUNNER_KINDS)}")
    if address and kind != "dask":
        raise ValueError("--address names a Dask scheduler; use it with --runner dask")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if kind == "local":
        return ThreadPoolTaskRunner(max_workers=1)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=workers or default_workers())
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:  # pragma: no cover - prefect-dask is a dependency
        raise RuntimeError("--runner dask needs prefect-dask: pip install prefect-dask") from exc
    if address:
        return DaskTaskRunner(address=address)
    # Processes, one thread each: spaCy parsing holds the GIL, so threads would
    # only contend; one process per worker gives each its own model copy.
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers or default_workers(),
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )


@contextmanager
def workers_share_api() -> Iterator[None]:
    """Make task workers report to this process's Prefect API, not start their own.

    In ephemeral mode (no ``PREFECT_API_URL``) Prefect starts a local API server
    in each process on first use. Spawned workers hydrate the flow's settings,
    which still name no URL, so each worker started a server of its own: about
    7 s of CPU per worker and several seconds before its first batch, measured
    on 2 cores. Naming the flow process's server in the settings that workers
    receive (they are serialized when the first task is submitted) lets them
    all use that one.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        temporary_settings,
    )

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()  # already running for this flow run: returns at once
    with temporary_settings({PREFECT_API_URL: server.api_url}):
        yield
