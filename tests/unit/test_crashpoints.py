"""Crash points: a run told NEWSFACTS_CRASH_AT=POINT[:N] dies by SIGKILL there, and only there."""

import signal
import subprocess
import sys

import pytest

from warehouse import crashpoints

SCRIPT = """
from warehouse.crashpoints import reach
for point in ("load", "models", "load", "load"):
    reach(point)
    print(point, flush=True)
"""


def run_script(crash_at: str | None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin"}
    if crash_at is not None:
        env[crashpoints.ENV] = crash_at
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )


def test_without_the_variable_every_point_passes():
    result = run_script(None)
    assert result.returncode == 0
    assert result.stdout.split() == ["load", "models", "load", "load"]


@pytest.mark.parametrize(
    ("crash_at", "printed"),
    [("load", []), ("load:2", ["load", "models"]), ("models", ["load"]), ("publish", None)],
)
def test_the_process_kills_itself_the_nth_time_it_reaches_the_point(crash_at, printed):
    result = run_script(crash_at)
    if printed is None:  # a known point the script never reaches
        assert result.returncode == 0
        return
    assert result.returncode == -signal.SIGKILL
    assert result.stdout.split() == printed


def test_an_unknown_point_is_an_error_naming_the_known_ones(monkeypatch):
    monkeypatch.setenv(crashpoints.ENV, "lod:2")
    with pytest.raises(ValueError, match="unknown crash point.*load, link_claims"):
        crashpoints.reach("load")


def test_a_pause_waits_at_its_point_until_the_release_file_exists(tmp_path, monkeypatch):
    import threading
    import time

    release = tmp_path / "go"
    monkeypatch.setenv(crashpoints.PAUSE_ENV, f"models:{release}")
    crashpoints.reach("load")  # another point: no wait, no marker
    assert not (tmp_path / "go.waiting").exists()
    threading.Timer(0.3, release.touch).start()
    started = time.monotonic()
    crashpoints.reach("models")
    assert time.monotonic() - started >= 0.25 and (tmp_path / "go.waiting").exists()


@pytest.mark.parametrize("value", ["models", "nowhere:/tmp/x", ":/tmp/x"])
def test_a_pause_that_names_no_known_point_and_file_is_refused(value, monkeypatch):
    monkeypatch.setenv(crashpoints.PAUSE_ENV, value)
    with pytest.raises(ValueError, match="NEWSFACTS_PAUSE_AT"):
        crashpoints.reach("load")
