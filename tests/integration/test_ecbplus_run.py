"""``newsfacts run`` on real news: 111 ECB+ documents (tests/fixtures/ecbplus, CC BY 3.0).

The code was not written around these texts: older wire copies, web pages that
start with a URL, a title and a date line, garbled detokenized sentences, vague
amounts and figures that disagree. The run must complete and publish, and its
counts must be sane. The bounds are loose on purpose (quality is measured by
``make bench-quality``, on the whole dev split); they fail when a stage breaks,
not when a score moves.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import duckdb
import pytest

from tests.conftest import REPO
from tests.reliability.conftest import consistency_problems, run_cli

pytestmark = pytest.mark.slow

FIXTURE = REPO / "tests" / "fixtures" / "ecbplus"
MENTION_TABLES = ("figure_mentions", "entity_mentions", "date_mentions")


@pytest.fixture(scope="module")
def ecbplus_run(tmp_path_factory):
    db = tmp_path_factory.mktemp("ecbplus") / "newsfacts.duckdb"
    result = run_cli("run", "--corpus", str(FIXTURE), "--db", str(db), timeout=600)
    con = duckdb.connect(str(db), read_only=True) if db.exists() else None
    yield result, db, con
    if con is not None:
        con.close()


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def test_the_run_completes_and_publishes(ecbplus_run):
    result, db, con = ecbplus_run
    assert result.returncode == 0, result.stderr[-3000:]
    assert con is not None and not db.with_name(db.name + ".building").exists()
    assert "111 discovered, 111 processed" in result.stdout and "0 rejected" in result.stdout
    assert consistency_problems(db) == []
    status = con.execute(
        "SELECT status, failed_stage FROM pipeline_runs ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    assert status == ("completed", None)
    assert (db.parent / "reports" / "factcheck.html").stat().st_size > 10_000


def test_stories_are_neither_one_per_article_nor_one_for_all(ecbplus_run):
    _, _, con = ecbplus_run
    truth = {
        row["file"]: row
        for row in csv.DictReader((FIXTURE / "stories.csv").open(encoding="utf-8"))
    }
    topics = defaultdict(set)
    for path, story in con.execute(
        "SELECT a.path, s.story_id FROM articles a JOIN article_stories s USING (article_id)"
    ).fetchall():
        topics[story].add(truth[path]["topic"])
    n_true = len({row["story"] for row in truth.values()})
    assert n_true <= len(topics) <= len(truth) // 2
    # Two events of one kind may be confused; events of different topics never are.
    assert [story for story, found in topics.items() if len(found) > 1] == []


def test_claims_are_found_and_point_at_mentions(ecbplus_run):
    _, _, con = ecbplus_run
    claims = count(con, "SELECT count(*) FROM claims")
    figures = count(con, "SELECT count(*) FROM figure_mentions")
    assert 100 <= claims <= figures
    # Conflicts stay at most 14.5% of claims: a guard against over-merging, not a
    # measure of quality (held-out quality is in docs/claims.md). Measured on this
    # fixture: claims-13, 37 of 383 (among them the gold conflicts of the two
    # climbers' falls, metres against feet); claims-15, 38 of 380 (the exclusive pairs
    # add the gold OSCE conflict, three observers against eight experts). Weights that
    # over-merge flagged 46 of 402 and 55 of 385 (docs/claims-linking.md, "Round 3").
    # claims-20, 45 of 372: against claims-19's 44 the one added is the gold conflict of
    # the first quake's magnitude (7.6 / 7.7). claims-21, 51 of 363: of the 20 conflicted
    # claims it regroups or adds, 9 read as real (Buckley's fall, 2,000ft against 700
    # metres, a gold conflict; the Gaza toll; the people sheltering) and 11 do not (two
    # quantities in one claim; an age "then-15" and now 16) (docs/claims-linking.md,
    # "Round 15"): the bound moved for that trade, and is what catches the next one.
    # claims-22, 50 of 364: speakers no longer read past a clause ("all of whom said")
    # took "14 children" out of the 13 / 14 countries claim.
    conflicted = count(con, "SELECT count(*) FROM claims WHERE is_conflicted")
    assert 1000 * conflicted <= 145 * claims
    assert (
        count(
            con,
            "SELECT count(*) FROM claim_assignments"
            " WHERE mention_id NOT IN (SELECT mention_id FROM figure_mentions)",
        )
        == 0
    )


@pytest.mark.parametrize("table", MENTION_TABLES)
def test_every_mention_keeps_its_contract(ecbplus_run, table):
    """Provenance holds: text at its offsets, inside its sentence, never in furniture."""
    _, _, con = ecbplus_run
    assert count(con, f"SELECT count(*) FROM {table}") > 0
    assert (
        count(
            con,
            f"SELECT count(*) FROM {table} m JOIN articles a USING (article_id)"
            " WHERE substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.text"
            " OR m.extractor_version IS NULL",
        )
        == 0
    )
    outside = count(
        con,
        f"SELECT count(*) FROM {table} m JOIN sentences s USING (sentence_id)"
        " WHERE m.start_char < s.start_char OR m.end_char > s.end_char",
    )
    assert outside == 0
    in_furniture = count(
        con,
        f"SELECT count(*) FROM {table} m JOIN furniture_spans f USING (article_id)"
        " WHERE m.start_char < f.end_char AND m.end_char > f.start_char",
    )
    assert in_furniture == 0


def test_the_source_url_line_of_every_web_page_is_furniture(ecbplus_run):
    _, _, con = ecbplus_run
    pages, covered = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM furniture_spans f"
        "  WHERE f.article_id = a.article_id AND f.start_char = 0"
        "  AND f.end_char >= strpos(a.text, chr(10)) - 1))"
        " FROM articles a WHERE path LIKE '%ecbplus.txt'"
    ).fetchone()
    assert pages == 70 and covered == pages


def test_the_report_reads_conflicts_of_one_counted_thing_first_and_flags_mixed_and_unsure_ones(ecbplus_run):
    from flows.report import gather

    _, db, con = ecbplus_run
    stories = gather(con)["stories"]
    mixed = unsure = 0
    for story in stories:
        # one-thing claims, then mixed; the surest of one quantity first within each
        keys = [(len(c["counts"]) > 1, -c["same_quantity"]) for c in story["conflicted"]]
        assert keys == sorted(keys), story["story_id"]
        mixed += sum(k[0] for k in keys)
        unsure += sum(c["unsure"] for c in story["conflicted"])
    assert mixed >= 1  # the fixture has claims mixing counted nouns ("three women", "three shells")
    assert unsure >= 1  # and claims whose values in conflict are likelier two quantities
    html = (db.parent / "reports" / "factcheck.html").read_text(encoding="utf-8")
    assert html.count('class="caution"') == mixed + unsure
