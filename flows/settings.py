"""Defaults that let Prefect run offline and quietly; set before prefect is imported.

Each is only a default: a variable the user already set wins. Measured on this
stack: without analytics off Prefect tries a telemetry DNS lookup and logs an
error; the ephemeral server's 20 s start-up timeout was once too short under load.
"""

from __future__ import annotations

import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def apply_prefect_defaults() -> None:
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
