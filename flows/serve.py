"""Serve the pipeline as a Prefect deployment on a cron schedule.

Against a Prefect server (``prefect server start`` and ``PREFECT_API_URL``) the
schedule fires runs. Prefect's ephemeral mode registers the deployment but runs
no scheduler, which :func:`serve` says plainly instead of appearing to work.
"""

from __future__ import annotations

import asyncio
import atexit
import signal
import sys
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

    # Ctrl-C ends the runner here; SIGTERM is handled by Prefect's runner, which
    # exits with status 0 from its own handler (leaving an un-awaited stop
    # coroutine that would only print a RuntimeWarning), so say goodbye at exit.
    warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited")
    atexit.register(print, "newsfacts serve: stopped", file=out, flush=True)
    # Until the runner installs its handler, a SIGTERM stops us the same way.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass
    return 0
