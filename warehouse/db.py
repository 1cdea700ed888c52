"""Connect, migrate, load, model and publish the DuckDB warehouse.

A run never writes the published file in place. It copies it to a build file
beside it, writes there, and atomically renames the build file over the
published one when everything succeeded. Readers who open the published path
(``duckdb -readonly``, ``newsfacts sql``) are therefore never blocked by a run,
and a run killed at any point leaves the published warehouse as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.claims.units import CONVERSIONS
from warehouse.crashpoints import reach

DEFAULT_DB = Path("warehouse/newsfacts.duckdb")


# A folder of model files to build instead of the packaged ones (tests place a
# model that raises there; also a way to try a model change without reinstalling).
MODELS_DIR_ENV = "NEWSFACTS_MODELS_DIR"


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse's build lock."""


class ModelError(RuntimeError):
    """A SQL model failed to build; ``path`` is its file."""

    def __init__(self, path: str, error: Exception) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path


class BuildCopyError(OSError):
    """The build copy could not be written (a full disk, a file size limit)."""


@dataclass(frozen=True)
class SqlFile:
    number: int
    name: str
    sql: str
    origin: str = ""  # where the file is, for error messages

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()[:16]


def _sql_files(folder: str, override: str | None = None) -> list[SqlFile]:
    files = []
    where = Path(override) if override else resources.files(__package__).joinpath(folder)
    for entry in where.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            origin = str(entry) if override else f"{__package__}/{folder}/{entry.name}"
            files.append(SqlFile(number, entry.name, entry.read_text("utf-8"), origin))
    return sorted(files, key=lambda f: f.number)


def migrations() -> list[SqlFile]:
    """Schema migrations, in the order they apply."""
    return _sql_files("schema")


def models() -> list[SqlFile]:
    """SQL models (views and derived tables), in the order they build.

    ``$NEWSFACTS_MODELS_DIR``, when set, names the folder to read them from instead.
    """
    return _sql_files("models", os.environ.get(MODELS_DIR_ENV) or None)


def connect(path: str | os.PathLike, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file; read-only connections refuse every write."""
    if read_only and not Path(path).exists():
        raise FileNotFoundError(f"{path}: no warehouse here yet; run `newsfacts run` first")
    return duckdb.connect(str(path), read_only=read_only)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the schema migrations not yet applied, each in its own transaction.

    Returns the names applied. A migration whose file changed after it was applied
    is an error: schema history is append-only.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    applied = {
        row[0]: (row[1], row[2])
        for row in con.execute("SELECT version, name, checksum FROM schema_migrations").fetchall()
    }
    done = []
    for migration in migrations():
        if migration.number in applied:
            if applied[migration.number][1] != migration.checksum:
                raise RuntimeError(
                    f"migration {migration.name} changed after it was applied; "
                    "add a new migration instead of editing an applied one"
                )
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                [migration.number, migration.name, migration.checksum],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        done.append(migration.name)
    return done


def build_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)build every SQL model in order, in one transaction.

    A model that fails raises :class:`ModelError` naming its file; none of the
    models change (the previous build stays).
    """
    built = []
    con.execute("BEGIN TRANSACTION")
    try:
        _write_unit_conversions(con)
        for model in models():
            try:
                con.execute(model.sql)
            except duckdb.Error as exc:
                raise ModelError(model.origin or model.name, exc) from exc
            built.append(model.name)
        reach("models")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return built


def _write_unit_conversions(con: duckdb.DuckDBPyConnection) -> None:
    """The unit table the models read (``unit_factor``), from its one home, units.py."""
    con.execute("DELETE FROM unit_conversions")
    con.executemany(
        "INSERT INTO unit_conversions VALUES (?, ?, ?)",
        [(unit, base, factor) for unit, (base, factor) in sorted(CONVERSIONS.items())],
    )


# Tables that hold one article's facts, deleted and reloaded together.
ARTICLE_TABLES = (
    "figure_mentions",
    "entity_mentions",
    "date_mentions",
    "sentences",
    "furniture_spans",
    "articles",
)


def load_articles(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pa.Table],
    replace_article_ids: list[str],
) -> None:
    """Replace a batch of articles' facts in one transaction.

    ``replace_article_ids`` names every article whose old rows must go first: the
    batch's own ids (a re-extraction) and the ids that the batch's files held
    before they changed.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        if replace_article_ids:
            ids = pa.table({"article_id": pa.array(replace_article_ids, pa.string())})
            con.register("replaced_ids", ids)
            # A first load has nothing to replace: one primary-key lookup spares a
            # scan of every fact table per batch.
            held = con.execute(
                "SELECT count(*) FROM articles"
                " WHERE article_id IN (SELECT article_id FROM replaced_ids)"
            ).fetchall()[0][0]
            for table in ARTICLE_TABLES if held else ():
                con.execute(
                    f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM replaced_ids)"
                )
            con.unregister("replaced_ids")
        for table in reversed(ARTICLE_TABLES):
            if table in tables and tables[table].num_rows:
                _insert(con, table, tables[table])
        reach("load")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    # Table names come from ARTICLE_TABLES and friends, never from data; columns
    # from the Arrow schema the pipeline built. Values travel as Arrow, not SQL.
    columns = ", ".join(rows.column_names)
    # No unregister in a finally: inside an aborted transaction it would raise and
    # hide the real error; the caller rolls back and the view goes with it.
    con.register("incoming_rows", rows)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")
    con.unregister("incoming_rows")


def upsert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, key: list[str]) -> None:
    """Insert rows, replacing those with the same key, in one transaction."""
    if not rows.num_rows:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("upsert_keys", rows.select(key))
        match = " AND ".join(f"{table}.{k} = upsert_keys.{k}" for k in key)
        con.execute(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM upsert_keys WHERE {match})")
        con.unregister("upsert_keys")
        _insert(con, table, rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def build_path(published: Path) -> Path:
    return published.with_name(published.name + ".building")


def lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")


@contextmanager
def build_copy(published: str | os.PathLike) -> Iterator[Path]:
    """Yield a private build file seeded from the published warehouse.

    Holds an exclusive lock so two runs never build at once. On a clean exit the
    build file atomically replaces the published file; on an exception (or a
    kill) the published file is untouched and the build file is discarded by the
    next run.
    """
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    lock_file = open(lock_path(published), "a+")  # noqa: SIM115 - held for the whole build
    try:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseBusy(
                f"{published}: another newsfacts run is writing this warehouse"
            ) from exc
        building = build_path(published)
        for stale in (building, building.with_name(building.name + ".wal")):
            stale.unlink(missing_ok=True)
        if published.exists():
            try:
                shutil.copyfile(published, building)
            except OSError as exc:
                building.unlink(missing_ok=True)
                raise BuildCopyError(
                    exc.errno,
                    f"cannot write the build copy {building} ({exc.strerror}: the disk is full"
                    f" or a file size limit was reached); the published warehouse {published}"
                    " is unchanged",
                ) from exc
        try:
            yield building
        except BaseException:
            # Nothing reads a failed build; on a full disk its space is wanted back.
            for leftover in (building, building.with_name(building.name + ".wal")):
                leftover.unlink(missing_ok=True)
            raise
        _fsync(building)
        reach("publish")
        os.replace(building, published)
        _fsync(published.parent)
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
        lock_file.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
