"""A full disk: a run that cannot write its build copy stops with a clear message,
and the published warehouse is untouched.

The limit is real: the run is a ``newsfacts run`` process started with
``RLIMIT_FSIZE`` (``ulimit -f``), so every write past the limit fails with
EFBIG, as on a full disk (Python ignores SIGXFSZ, so the write fails rather
than the process dying). The published warehouse is padded with a researcher's
own table, so that it is larger than anything Prefect writes under the same limit.
"""

from __future__ import annotations

import hashlib
import resource
import subprocess
import tempfile
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from tests.reliability.conftest import cli_command, subprocess_env, write_corpus

pytestmark = pytest.mark.slow

PAD_ROWS = 500_000  # ~30 MB of incompressible text


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A published warehouse of 5 articles plus a large table of a researcher's notes."""
    from flows.pipeline import newsfacts_pipeline

    root = tmp_path_factory.mktemp("diskfull")
    corpus = write_corpus(root / "corpus", 1)
    db = root / "newsfacts.duckdb"
    newsfacts_pipeline(corpus_dir=str(corpus), db_path=str(db))
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE my_notes AS SELECT range AS i, uuid()::VARCHAR || uuid()::VARCHAR AS note"
        f" FROM range({PAD_ROWS})"
    )
    con.close()
    edited = root / "edited"
    write_corpus(edited, 2)  # 5 more articles to load
    return edited, db


def run_limited(corpus: Path, db: Path, limit: int) -> subprocess.CompletedProcess:
    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # A Prefect home of its own: the shared one may have grown past the limit.
    with tempfile.TemporaryDirectory(prefix="newsfacts-prefect-full-") as home:
        return subprocess.run(
            cli_command("run", "--corpus", str(corpus), "--db", str(db), "--runner", "local"),
            capture_output=True, text=True, cwd=REPO, timeout=300,
            env=subprocess_env({"PREFECT_HOME": home}), preexec_fn=limit_file_size,
        )  # fmt: skip


def test_a_build_copy_that_cannot_be_written_stops_the_run(published, tmp_path):
    corpus, original = published
    db = tmp_path / "newsfacts.duckdb"
    db.write_bytes(original.read_bytes())
    size, before = db.stat().st_size, sha256(db)
    assert size > 24 * 2**20  # half of it is still far more than Prefect writes
    result = run_limited(corpus, db, limit=size // 2)  # the copy fails half-way
    assert result.returncode == 1, result.stderr[-3000:]
    assert "cannot write the build copy" in result.stderr
    assert "File too large" in result.stderr and "is unchanged" in result.stderr
    assert sha256(db) == before, "the published warehouse changed"
    assert not db.with_name(db.name + ".building").exists(), "the half copy was left on disk"
