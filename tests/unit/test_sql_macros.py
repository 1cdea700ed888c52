"""The SQL models' shared rules (macros in 10_staging.sql), read like a table."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import db


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("w") / "w.duckdb"))
    db.migrate(con)
    db.build_models(con)
    yield con
    con.close()


@pytest.mark.parametrize(
    ("intervals", "held"),
    [
        # wordings whose intervals meet hold the part they share
        ([(380, 390), (384, 384)], (384, 384)),
        ([(1.65, 1.75), (1.7, 1.8)], (1.7, 1.75)),
        # wordings that do not meet hold the whole span, so neither is lost
        ([(1950, 2050), (2500, 3000)], (1950, 3000)),
        ([(10, 10)], (10, 10)),
    ],
)
def test_a_group_of_wordings_holds_their_shared_interval_or_else_their_span(con, intervals, held):
    rows = ", ".join(f"({lo}::DOUBLE, {hi}::DOUBLE)" for lo, hi in intervals)
    got = con.execute(
        f"SELECT held_low(lo, hi), held_high(lo, hi) FROM (VALUES {rows}) AS t(lo, hi)"
    ).fetchone()
    assert got == pytest.approx(held)
