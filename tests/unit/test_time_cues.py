"""Which wordings place a figure at a moment of a changing count: one table.

The rule is the SQL macro ``time_cue`` (warehouse/models/20_claims.sql); a pair of
disagreeing mentions is an update rather than a conflict when either carries a cue
(docs/claims.md, "Conflict or update").
"""

from __future__ import annotations

import pytest

from warehouse import db

TABLE = [
    # (sentence, the figure as written in it, cue)
    ("The death toll rose to 24 on Wednesday.", "24", "change"),
    ("That brought the confirmed death toll from the disaster to 11.", "11", "change"),
    ("Authorities said turnout reached 93.87 percent.", "93.87 percent", "change"),
    ("Arrests this year stand at 520, up from 400.", "520", "change"),
    ("The magnitude was later revised to 6.1 by the agency.", "6.1", "change"),
    ("41 bodies had been brought in so far, the director said.", "41 bodies", "snapshot"),
    ("Some 88.41 percent of voters had cast ballots as of 4:00 p.m.", "88.41 percent", "snapshot"),
    ("The UN said earlier that it had confirmed 30 dead.", "30", "phase"),
    ("Initially 12 people were reported missing.", "12 people", "phase"),
    # no cue: a fixed fact, a bound, a time word in another clause
    ("He fell about 600m while climbing to a small hut.", "600m", None),
    ("The quake killed at least five people.", "at least five people", None),
    ("Robert Buckley, originally from Essex, fell 2,000ft.", "2,000ft", None),
    ("Officers fired a total of 11 shots at the suspect.", "11 shots", None),
    ("Property damage is an estimated $2 million.", "$2 million", None),
]


@pytest.fixture(scope="module")
def con():
    con = db.connect(":memory:")
    db.migrate(con)
    db.build_models(con)
    return con


@pytest.mark.parametrize(("sentence", "figure", "cue"), TABLE)
def test_a_figure_is_placed_in_time_only_by_its_own_wording(con, sentence, figure, cue):
    at = sentence.index(figure)
    found = con.execute(
        "SELECT time_cue(?, ?)", [sentence[:at], sentence[at + len(figure) :]]
    ).fetchone()[0]
    assert found == cue
