"""Named points at which a run can be made to kill itself, for the crash tests.

A crash test that kills a run from outside when it *sees* a stage (a file
appearing) races the run: a fast machine finishes the stage between two looks.
Instead the test sets ``NEWSFACTS_CRASH_AT=POINT[:N]`` and the run sends itself
SIGKILL the N-th time (default 1) it reaches ``POINT``: the same signal a deploy
or the OOM killer sends, at exactly the moment the test names, every time.

``NEWSFACTS_FAIL_AT=POINT`` instead makes the point raise :class:`InjectedFault`,
an ordinary exception inside the stage's own transaction: the tests use it for a
stage that fails (rather than dies) where no input can be made to break it.

``NEWSFACTS_PAUSE_AT=POINT:FILE`` makes the run wait at the point until ``FILE``
exists (having written ``FILE.waiting``), so a test can act in the middle of a run,
every time, however fast the machine (at most :data:`PAUSE_LIMIT` seconds).

Unset (always, outside the tests), a point costs three environment look-ups.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

ENV = "NEWSFACTS_CRASH_AT"
FAIL_ENV = "NEWSFACTS_FAIL_AT"
PAUSE_ENV = "NEWSFACTS_PAUSE_AT"
PAUSE_LIMIT = 300.0  # a test that never releases the run does not hang it for ever

# Where the writing code calls reach(); the tests name these.
POINTS = {
    "load": "inside a batch's load transaction, its rows inserted, before COMMIT",
    "link_claims": "inside the claim-link transaction, before COMMIT",
    "models": "inside the SQL-model transaction, before COMMIT",
    "publish": "report written and build copy synced, before the atomic rename",
}

_reached: Counter[str] = Counter()


class InjectedFault(RuntimeError):
    """Raised at the point ``NEWSFACTS_FAIL_AT`` names."""


def reach(point: str) -> None:
    """SIGKILL this process if ``NEWSFACTS_CRASH_AT`` names this point and count;
    raise :class:`InjectedFault` if ``NEWSFACTS_FAIL_AT`` names it; wait if
    ``NEWSFACTS_PAUSE_AT`` names it."""
    pausing = os.environ.get(PAUSE_ENV)
    if pausing:
        name, _, release = pausing.partition(":")
        if name not in POINTS or not release:
            raise ValueError(f"{PAUSE_ENV}={pausing!r}: expected POINT:FILE, POINT one of"
                             f" {', '.join(POINTS)}")  # fmt: skip
        if name == point:
            _pause(Path(release))
    failing = os.environ.get(FAIL_ENV)
    if failing:
        if failing not in POINTS:
            raise ValueError(f"{FAIL_ENV}={failing!r}: unknown point (known: {', '.join(POINTS)})")
        if failing == point:
            raise InjectedFault(f"{FAIL_ENV}={point}: failure injected at {POINTS[point]}")
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name not in POINTS:
        raise ValueError(f"{ENV}={wanted!r}: unknown crash point (known: {', '.join(POINTS)})")
    if name != point:
        return
    _reached[point] += 1
    if _reached[point] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def _pause(release: Path) -> None:
    release.with_name(release.name + ".waiting").touch()
    until = time.monotonic() + PAUSE_LIMIT
    while not release.exists() and time.monotonic() < until:
        time.sleep(0.05)
