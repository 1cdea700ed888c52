"""Several outlets on one event, written in other words than the bundled articles.

``tests/fixtures/other_outlets`` (written for the project): three reports of one
inspection, three of an inquiry's cost, two of a council budget and two
inspections of one force two years apart. The manifest has no story column, so
stories come from content. One real ``newsfacts run`` (Prefect, spaCy, DuckDB).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from tests.reliability.conftest import run_cli

pytestmark = pytest.mark.slow

FIXTURE = REPO / "tests" / "fixtures" / "other_outlets"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = tmp_path_factory.mktemp("other_outlets") / "newsfacts.duckdb"
    result = run_cli("run", "--corpus", str(FIXTURE), "--db", str(db), timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def story_of(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        "SELECT a.path, s.story_id FROM article_stories s JOIN articles a USING (article_id)"
    ).fetchall()
    return {Path(path).name: story for path, story in rows}


def claim_of(con: duckdb.DuckDBPyConnection, wording: str) -> dict:
    """The reconciled claim of the one mention worded ``wording``."""
    cursor = con.execute(
        "SELECT r.*, list(m.value ORDER BY m.value) AS values, list(m.outlet) AS outlets"
        " FROM reconciled_claims r JOIN claim_mentions m USING (claim_id)"
        " WHERE claim_id IN (SELECT claim_id FROM claim_mentions WHERE text = ?)"
        " GROUP BY ALL",
        [wording],
    )
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    assert len(found) == 1, (wording, found)
    return found[0]


def test_reports_of_one_event_form_a_story_without_a_story_column(con):
    story = story_of(con)
    assert story["01.txt"] == story["02.txt"] == story["03.txt"]
    assert story["04.txt"] == story["05.txt"] == story["06.txt"]
    assert story["07.txt"] == story["08.txt"]
    assert len({story["01.txt"], story["04.txt"], story["07.txt"], story["09.txt"]}) == 4


@pytest.mark.parametrize(
    ("wording", "values", "chosen"),
    [
        ("384 cases", [374.0, 374.0, 384.0], 374.0),
        ("277", [277.0, 278.0, 278.0], 278.0),
        ("£1.8m", [1.7e6, 1.7e6, 1.8e6], 1.7e6),
        ("£2.5m", [2.0e6, 2.5e6], None),  # one outlet each: unresolved
    ],
)
def test_each_outlets_differing_figure_is_one_conflicted_claim(con, wording, values, chosen):
    claim = claim_of(con, wording)
    assert claim["values"] == values
    assert claim["is_conflicted"] is True
    assert not claim["is_updated"]
    if chosen is not None:
        assert claim["value"] == chosen
        assert "2 independent sources state it against 1" in claim["rationale"]


def test_a_value_is_supported_only_by_the_outlets_whose_wording_allows_it(con):
    """£2m is read as £1.5m-£2.5m, which reaches £2.5m, but the tolerance rule says the
    two wordings cannot both hold: each value has its own outlet, not both."""
    claim = claim_of(con, "£2m")
    candidates = dict(
        con.execute(
            "SELECT wording, sources_text FROM claim_candidates WHERE claim_id = ?",
            [claim["claim_id"]],
        ).fetchall()
    )
    assert candidates == {"£2m": "Northfield Herald", "£2.5m": "County Post"}
    assert "unresolved" in claim["rationale"]


def test_two_inspections_two_years_apart_are_not_a_conflict(con):
    share_2016, share_2018 = claim_of(con, "more than 75%"), claim_of(con, "89%")
    assert share_2016["claim_id"] != share_2018["claim_id"]
    assert not share_2016["is_conflicted"] and not share_2018["is_conflicted"]


def test_a_disputed_claims_reading_is_its_typical_values_own_not_the_overlap(con):
    """Consistency checks read a claim as one value and interval. '£2m' (£1.5m-£2.5m)
    and '£2.5m' (£2.45m-£2.55m) overlap, but the rule keeps them apart: the reading is
    £2m's interval, not the sliver between them that no source gave."""
    claim = claim_of(con, "£2m")
    reading = con.execute(
        "SELECT typical_value, low, high, wording FROM claim_readings WHERE claim_id = ?",
        [claim["claim_id"]],
    ).fetchone()
    assert reading[0] == 2.0e6 and reading[3] == "£2m"
    assert reading[1] == pytest.approx(1.5e6) and reading[2] == pytest.approx(2.5e6, rel=1e-6)
