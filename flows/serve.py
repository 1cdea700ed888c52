"""Serve the pipeline as a Prefect deployment on a cron schedule.

Against a Prefect server (``prefect server start`` and ``PREFECT_API_URL``) the
schedule fires runs. Prefect's ephemeral mode registers the deployment but runs
no scheduler, which :func:`serve` says plainly instead of appearing to work.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import signal
import sys
import threading
import warnings
from typing import Any

DEPLOYMENT_NAME = "newsfacts-scheduled"


def serve(parameters: dict[str, Any], cron: str, timezone: str, out=sys.stdout) -> int:
    """Register the scheduled deployment and serve it until SIGINT or SIGTERM."""
    from prefect.client.orchestration import get_client
    from prefect.runner import Runner
    from prefect.schedules import Cron
    from prefect.settings import PREFECT_API_URL

    from .pipeline import newsfacts_pipeline

    # From the first moment, SIGTERM only records the request (the default action
    # would kill us before Prefect's temporary server is stopped, and raising into
    # asyncio's start-up can leave threads hanging); the supervisor below honours
    # it. Once started, Prefect's runner handles SIGTERM itself and exits with
    # status 0 (leaving an un-awaited stop coroutine that would only print a
    # RuntimeWarning), so the goodbye and the clean-up happen at exit.
    stop_requested = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())
    warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited")
    atexit.register(_stop_ephemeral_servers)
    atexit.register(print, "newsfacts serve: stopped", file=out, flush=True)

    runner = Runner(name="newsfacts", pause_on_shutdown=False)
    deployment_id = runner.add_flow(
        newsfacts_pipeline,
        name=DEPLOYMENT_NAME,
        schedule=Cron(cron, timezone=timezone),
        parameters=parameters,
        description="newsfacts pipeline over a corpus folder, on a schedule",
    )

    async def registered() -> Any:
        async with get_client() as client:
            return await client.read_deployment(deployment_id)

    deployment = asyncio.run(registered())
    schedules = ", ".join(
        f"{s.schedule.cron} ({s.schedule.timezone})" for s in deployment.schedules
    )
    print(
        f"newsfacts serve: deployment 'newsfacts-pipeline/{deployment.name}' registered"
        f" (id {deployment_id}), schedule {schedules}",
        file=out,
        flush=True,
    )
    if not PREFECT_API_URL.value():
        print(
            "newsfacts serve: Prefect is in ephemeral mode, which runs no scheduler; start"
            " `prefect server start` and set PREFECT_API_URL for the schedule to fire",
            file=out,
            flush=True,
        )

    async def serve_until_stopped() -> None:
        started = asyncio.create_task(runner.start())
        while not started.done():
            if stop_requested.is_set():
                started.cancel()
                break
            await asyncio.sleep(0.2)
        with contextlib.suppress(asyncio.CancelledError):
            await started

    try:
        asyncio.run(serve_until_stopped())
    except KeyboardInterrupt:
        pass
    except BaseExceptionGroup as group:
        # Prefect's runner answers SIGTERM with sys.exit(0); when the signal lands
        # while the runner is still starting its task group, that exit arrives
        # wrapped in an exception group, and would make a clean stop exit 1.
        if not only_clean_exits(group):
            raise
    return 0


def only_clean_exits(group: BaseExceptionGroup) -> bool:
    """True when every exception in ``group`` (nested groups too) is a status-0 exit."""
    _, rest = group.split(lambda e: isinstance(e, SystemExit) and e.code in (0, None))
    return rest is None


def _stop_ephemeral_servers() -> None:
    """End Prefect's temporary API server, which outlives an interrupted runner otherwise."""
    try:
        from prefect.server.api.server import SubprocessASGIServer
    except ImportError:  # a future Prefect without it: nothing of ours to stop
        return
    for server in list(SubprocessASGIServer._instances.values()):
        server.stop()
