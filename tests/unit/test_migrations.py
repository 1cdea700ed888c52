"""The migration runner applies numbered SQL files once each, atomically."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import db


def test_fresh_database_gets_every_migration_recorded(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    applied = db.migrate(con)
    assert applied == [m.name for m in db.migrations()]
    recorded = con.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in recorded] == applied
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    for required in (
        "articles", "sentences", "entity_mentions", "figure_mentions", "date_mentions",
        "rejected_inputs", "pipeline_runs",
    ):  # fmt: skip
        assert required in tables


def test_second_migrate_applies_nothing(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    db.migrate(con)
    assert db.migrate(con) == []


def test_an_edited_applied_migration_is_refused(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    db.migrate(con)
    con.execute("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1")
    with pytest.raises(RuntimeError, match="changed after it was applied"):
        db.migrate(con)


def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    good = db.migrations()
    broken = db.SqlFile(
        999, "999_broken.sql", "CREATE TABLE half_done (x INT); SELECT * FROM nowhere;"
    )
    monkeypatch.setattr(db, "migrations", lambda: [*good, broken])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    with pytest.raises(duckdb.Error):
        db.migrate(con)
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert "half_done" not in tables
    versions = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    assert 999 not in versions and 1 in versions


def test_models_build_on_an_empty_warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    db.migrate(con)
    built = db.build_models(con)
    assert built == [m.name for m in db.models()]
    assert con.execute("SELECT count(*) FROM stg_figures").fetchone() == (0,)

