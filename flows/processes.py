"""No process outlives its run: Ctrl-C and SIGTERM end everything the run started.

A run starts Prefect's ephemeral API server (a uvicorn child, stopped by an
``atexit`` hook), extraction worker processes, or a Dask LocalCluster. Two ways
this used to go wrong, both seen:

- Python's default SIGTERM kills the interpreter without ``atexit``: the server
  (and sometimes workers) stayed behind;
- Ctrl-C reaches the whole foreground group, so the server died with the run;
  the run's ``KeyboardInterrupt`` then unwound through Prefect, which retried its
  calls to the dead server for minutes.

So while a run is in progress SIGINT and SIGTERM are handled here, decisively:
every process the run started is sent SIGTERM, then SIGKILL if still there
after :data:`GRACE_SECONDS`, the build copy is removed, and the process exits
at once with 128 + the signal's number. Exiting without unwinding is safe: the
published warehouse is only ever replaced by an atomic rename of a complete
build (the crash tests kill runs with SIGKILL at every stage). A SIGKILL of the
run's whole process group ends every process of it, since none starts a session
of its own; a SIGKILL of the run's process alone cannot be caught: stop the
group, as systemd does.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import psutil

# How long a process is given to stop after SIGTERM before it is killed.
GRACE_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How many times the run's processes are looked for and ended before it exits, and
# the pause before the look that confirms none is left.
MAX_LOOKS = 10
LOOK_PAUSE_SECONDS = 0.2


def end_processes(processes: list[psutil.Process], grace: float = GRACE_SECONDS) -> None:
    """SIGTERM ``processes``, wait up to ``grace`` seconds, SIGKILL the ones left."""
    for process in processes:
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=grace)


def _descendants() -> list[psutil.Process]:
    try:
        return psutil.Process().children(recursive=True)
    except psutil.Error:
        return []


def _identity(process: psutil.Process) -> tuple[int, float | None]:
    try:
        return process.pid, process.create_time()
    except psutil.Error:
        return process.pid, None


@contextmanager
def ended_with_the_run(on_stop: Callable[[str], None]) -> Iterator[None]:
    """Within the block, SIGINT or SIGTERM ends the run's processes and this one.

    ``on_stop`` is called first with the signal's name (to say what happens and
    to remove the build copy). Processes that existed before the block (a test
    session's own Prefect server) are left alone. Outside the main thread
    signals cannot be handled, and the block runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {_identity(p) for p in _descendants()}

    def stop(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001
        for number in STOP_SIGNALS:  # a second Ctrl-C must not cut the clean-up short
            signal.signal(number, signal.SIG_IGN)
        try:
            on_stop(signal.Signals(signum).name)
            # Other threads go on while this runs: a process pool replaces the workers
            # the signal ended, and a worker spawned after one look survives us (seen:
            # re-parented to init, waiting on its call queue for ever). So look again
            # until two looks a moment apart find nothing new.
            quiet = 0
            for _ in range(MAX_LOOKS):
                started = [p for p in _descendants() if _identity(p) not in before]
                if started:
                    quiet = 0
                    end_processes(started)
                elif (quiet := quiet + 1) == 2:
                    break
                else:
                    time.sleep(LOOK_PAUSE_SECONDS)
        finally:
            sys.stderr.flush()
            os._exit(128 + signum)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
