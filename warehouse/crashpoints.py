"""Named points at which a run can be made to kill itself, for the crash tests.

A crash test that kills a run from outside when it *sees* a stage (a file
appearing) races the run: a fast machine finishes the stage between two looks.
Instead the test sets ``NEWSFACTS_CRASH_AT=POINT[:N]`` and the run sends itself
SIGKILL the N-th time (default 1) it reaches ``POINT``: the same signal a deploy
or the OOM killer sends, at exactly the moment the test names, every time.

Unset (always, outside the tests), a point costs one environment look-up.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "NEWSFACTS_CRASH_AT"

# Where the writing code calls reach(); the tests name these.
POINTS = {
    "load": "inside a batch's load transaction, its rows inserted, before COMMIT",
    "link_claims": "inside the claim-link transaction, before COMMIT",
    "models": "inside the SQL-model transaction, before COMMIT",
    "publish": "report written and build copy synced, before the atomic rename",
}

_reached: Counter[str] = Counter()


def reach(point: str) -> None:
    """SIGKILL this process if ``NEWSFACTS_CRASH_AT`` names this point and count."""
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
