"""For operators and researchers: settings, export, the served deployment, prefect.yaml."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time

import duckdb
import pytest
import yaml

from flows.config import ConfigError, resolve, settings_table
from tests.conftest import REPO
from warehouse.export import export_parquet


def test_the_documented_settings_table_is_the_settings_list():
    readme = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- settings:start -->\n(.*?)<!-- settings:end -->", readme, re.DOTALL)
    assert match and match.group(1) == settings_table()


def test_an_option_beats_a_variable_beats_the_file_beats_the_default(tmp_path, monkeypatch):
    config = tmp_path / "newsfacts.toml"
    config.write_text('corpus = "from-file"\nbatch_size = 7\ndb = "file.duckdb"\n')
    monkeypatch.setenv("NEWSFACTS_DB", "env.duckdb")
    monkeypatch.setenv("NEWSFACTS_BATCH_SIZE", "9")
    got = resolve("run", {"batch_size": 3, "corpus": None, "db": None}, str(config))
    assert got["batch_size"] == 3  # option
    assert got["db"] == "env.duckdb"  # variable over file
    assert got["corpus"] == "from-file"  # file over default
    assert got["report_dir"] is None  # default


def test_bad_settings_name_the_place_and_the_problem(tmp_path, monkeypatch):
    config = tmp_path / "newsfacts.toml"
    config.write_text('corpuss = "typo"\n')
    with pytest.raises(ConfigError, match="unknown setting.*corpuss"):
        resolve("run", {}, str(config))
    monkeypatch.setenv("NEWSFACTS_BATCH_SIZE", "lots")
    with pytest.raises(ConfigError, match="NEWSFACTS_BATCH_SIZE: batch_size must be int"):
        resolve("run", {}, None)
    with pytest.raises(ConfigError, match="not found"):
        resolve("run", {}, str(tmp_path / "missing.toml"))


def test_export_round_trips_every_table_and_view(pipeline_run, tmp_path):
    counts = export_parquet(pipeline_run.db_path, tmp_path / "parquet")
    con = duckdb.connect(pipeline_run.db_path, read_only=True)
    names = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert set(counts) == names
    for name, rows in counts.items():
        path = tmp_path / "parquet" / f"{name}.parquet"
        exported = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()
        assert exported == [(rows,)], name
    assert counts["figure_mentions"] > 0 and counts["reconciled_claims"] > 0


def test_prefect_yaml_describes_the_served_deployment():
    from prefect.flows import load_flow_from_entrypoint

    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = spec["deployments"]
    assert deployment["name"] == "newsfacts-scheduled"
    flow = load_flow_from_entrypoint(
        str(REPO / deployment["entrypoint"].split(":")[0])
        + ":"
        + deployment["entrypoint"].split(":")[1]
    )
    assert flow.name == "newsfacts-pipeline"
    assert set(deployment["parameters"]) <= set(flow.parameters.properties)
    assert deployment["schedules"][0]["cron"]


@pytest.mark.slow
def test_serve_registers_a_scheduled_deployment_and_stops_when_told(tmp_path):
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PYTHONUNBUFFERED="1")
    env.pop("PREFECT_API_URL", None)
    out_path = tmp_path / "stdout.txt"
    # Output goes to files, not pipes: a child that outlived its parent would
    # otherwise hold a pipe open and make the parent look hung.
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", "--cron", "30 6 * * *", "--timezone",
         "Europe/London", "--db", str(tmp_path / "w.duckdb")],
        cwd=REPO, env=env, stdout=out_path.open("w"), stderr=(tmp_path / "stderr.txt").open("w"),
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while "registered" not in out_path.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "stderr.txt").read_text()[-2000:]
            time.sleep(0.2)
        registered = out_path.read_text()
        assert "deployment 'newsfacts-pipeline/newsfacts-scheduled' registered" in registered
        assert "30 6 * * * (Europe/London)" in registered
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert "newsfacts serve: stopped" in out_path.read_text()
    finally:
        # Prefect's temporary server is a child process: end the whole group so
        # none is left behind, whatever happened above.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_every_module_the_makefile_runs_exists_and_has_a_main():
    import importlib

    modules = re.findall(r"python -m ([\w.]+)", (REPO / "Makefile").read_text())
    assert "tests.benchmarks.quality" in modules and "tests.benchmarks.throughput" in modules
    for name in modules:
        if name in ("pytest", "venv"):
            continue
        assert callable(getattr(importlib.import_module(name), "main", None)), name
