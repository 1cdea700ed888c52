"""Helpers for the reliability tests: generated corpora, real CLI processes, consistency checks.

Subprocess runs pay Prefect's ephemeral start-up (~10 s each); they share one
throw-away ``PREFECT_HOME`` so only the first pays for creating its database.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS, REPO

ARTICLE_TABLES = (
    "articles", "sentences", "furniture_spans",
    "figure_mentions", "entity_mentions", "date_mentions",
)  # fmt: skip
MENTION_TABLES = ("figure_mentions", "entity_mentions", "date_mentions")
# Tables a run over an unchanged corpus must leave exactly as they were.
STABLE_TABLES = ARTICLE_TABLES + ("article_files", "schema_migrations", "entities")

_SUBPROCESS_PREFECT_HOME = tempfile.mkdtemp(prefix="newsfacts-prefect-sub-")


def subprocess_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=_SUBPROCESS_PREFECT_HOME,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_LOGGING_LEVEL="CRITICAL",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90",
    )
    env.update(extra or {})
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.cli", *args]


def run_cli(
    *args: str, timeout: float = 240, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``newsfacts ARGS`` as a real process (``env`` added to its environment) and wait."""
    return subprocess.run(
        cli_command(*args), capture_output=True, text=True, cwd=REPO, env=subprocess_env(env),
        timeout=timeout,
    )  # fmt: skip


def start_cli(*args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start ``newsfacts ARGS`` in the background in its own process group, output to ``log``.

    Prefect's ephemeral server runs as a child of the run; when the run is killed
    it is left behind, so :func:`stop_process_group` ends it by the group's id.
    """
    with log.open("wb") as handle:
        return subprocess.Popen(
            cli_command(*args), cwd=REPO, env=subprocess_env(env), stdout=handle,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGKILL what is left of a process group started by :func:`start_cli`, and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the whole group has already ended
    process.wait(timeout=30)


def wait_for(condition: Callable[[], bool], timeout: float, what: str, poll: float = 0.02) -> None:
    """Poll until ``condition()`` holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


def write_corpus(target: Path, copies: int, edit: str = "") -> Path:
    """A corpus of ``copies`` distinct articles per bundled article, with a manifest.

    Each copy gets its own closing sentence with its own figure, so every copy is a
    distinct text (distinct article id); ``edit`` changes every text once more.
    """
    articles = target / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    sources = sorted((CORPUS / "articles").glob("*.txt"))
    manifest = (CORPUS / "manifest.csv").read_text(encoding="utf-8").splitlines()
    header, rows = manifest[0], {line.split(",", 1)[0]: line for line in manifest[1:]}
    lines = [header]
    for n in range(copies):
        for source in sources:
            name = f"{source.stem}_{n:02d}.txt"
            text = source.read_text(encoding="utf-8")
            extra = f"\n\nFollow-up {n}: officers reviewed {100 + n} further cases.{edit}\n"
            (articles / name).write_text(text.rstrip("\n") + extra, encoding="utf-8")
            if source.name in rows:
                lines.append(name + "," + rows[source.name].split(",", 1)[1])
    (target / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def consistency_problems(db_path: Path) -> list[str]:
    """Every way the warehouse could be half-loaded; empty when it is consistent."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        problems = []

        def count(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        for table in ARTICLE_TABLES[1:]:
            orphans = count(
                f"SELECT count(*) FROM {table}"
                " WHERE article_id NOT IN (SELECT article_id FROM articles)"
            )
            if orphans:
                problems.append(f"{orphans} {table} rows without their article")
        for table in MENTION_TABLES:
            loose = count(
                f"SELECT count(*) FROM {table}"
                " WHERE sentence_id NOT IN (SELECT sentence_id FROM sentences)"
            )
            if loose:
                problems.append(f"{loose} {table} rows without their sentence")
        no_sentences = count(
            "SELECT count(*) FROM articles"
            " WHERE article_id NOT IN (SELECT article_id FROM sentences)"
        )
        if no_sentences:
            problems.append(f"{no_sentences} articles without sentences")
        unfiled = count(
            "SELECT count(*) FROM articles"
            " WHERE article_id NOT IN (SELECT article_id FROM article_files)"
        )
        if unfiled:
            problems.append(f"{unfiled} articles no corpus file holds")
        dangling = count(
            "SELECT count(*) FROM article_files"
            " WHERE article_id NOT IN (SELECT article_id FROM articles)"
        )
        if dangling:
            problems.append(f"{dangling} article_files rows pointing at no article")
        unfinished = count(
            "SELECT count(*) FROM pipeline_runs"
            " WHERE status NOT IN ('completed', 'failed') OR finished_at IS NULL"
        )
        if unfinished:
            problems.append(f"{unfinished} runs published without an outcome")
        return problems
    finally:
        con.close()


def table_counts(db_path: Path) -> dict[str, int]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in STABLE_TABLES}
    finally:
        con.close()


def snapshot(db_path: Path) -> dict[str, list[str]]:
    """Every row of the tables a re-run must leave alone (runs and rejections grow)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {
            table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
            for table in STABLE_TABLES
        }
    finally:
        con.close()


@pytest.fixture(scope="session", autouse=True)
def _drop_subprocess_prefect_home():
    yield
    shutil.rmtree(_SUBPROCESS_PREFECT_HOME, ignore_errors=True)
