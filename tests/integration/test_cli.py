"""The ``newsfacts`` command: its contract for other tools and its read-only SQL."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from flows.cli import COMMANDS, build_parser
from tests.conftest import CORPUS, REPO

ARTICLE = CORPUS / "articles" / "003_63c0137ee627a37e.txt"


def newsfacts(*args: str, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: newsfacts {command}" in capsys.readouterr().out
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"newsfacts {command}" in readme


@pytest.fixture(scope="module")
def extract_output() -> list[dict]:
    result = newsfacts("extract", str(ARTICLE), "--published", "2016-11-25")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_extract_prints_one_json_object_per_mention(extract_output):
    assert extract_output
    assert {r["type"] for r in extract_output} <= {"figure", "entity", "date"}
    assert {r["type"] for r in extract_output} >= {"figure", "entity"}


def test_extract_offsets_index_the_file_text(extract_output):
    text = ARTICLE.read_text(encoding="utf-8")
    for record in extract_output:
        assert record["file"] == str(ARTICLE)
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["text"] in record["sentence"] or " ".join(record["text"].split()) in " ".join(
            record["sentence"].split()
        )


def test_extract_records_have_the_contract_keys(extract_output):
    common = {"file", "type", "text", "start", "end", "sentence"}
    extra = {
        "figure": {"value", "unit", "kind", "qualifier", "value_high"},
        "entity": {"label", "canonical"},
        "date": {"value", "granularity"},
    }
    for record in extract_output:
        assert common | extra[record["type"]] <= set(record), record


def test_extract_names_a_missing_file(tmp_path):
    result = newsfacts("extract", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert "nope.txt" in result.stderr


def test_sql_reads_with_bound_parameters(pipeline_run):
    result = newsfacts(
        "sql", "SELECT path FROM articles WHERE path = $p", "--db", pipeline_run.db_path,
        "--param", "p=003_63c0137ee627a37e.txt", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"path": "003_63c0137ee627a37e.txt"}
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM articles",
        "CREATE TABLE x AS SELECT 1",
        "COPY articles TO 'stolen.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "ATTACH 'other.duckdb' AS other",
    ],
)
def test_sql_refuses_writes_and_file_access(pipeline_run, statement, tmp_path):
    result = newsfacts("sql", statement, "--db", pipeline_run.db_path, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("newsfacts sql:")
    assert not list(tmp_path.iterdir())


def test_a_user_alias_file_extends_the_canonical_names(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("canonical,label,alias\nNorthshire Constabulary,ORG,NSC\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("A spokesperson for NSC said 3 people were charged.\n", encoding="utf-8")
    plain = [json.loads(x) for x in newsfacts("extract", str(article)).stdout.splitlines()]
    extended = newsfacts("extract", str(article), "--aliases", str(aliases))
    assert extended.returncode == 0, extended.stderr
    entities = [json.loads(x) for x in extended.stdout.splitlines() if '"entity"' in x]
    assert [e["canonical"] for e in entities] == ["Northshire Constabulary"]
    assert "Northshire Constabulary" not in {r.get("canonical") for r in plain}


def test_a_missing_alias_file_is_a_clear_error(tmp_path):
    result = newsfacts("extract", str(ARTICLE), "--aliases", str(tmp_path / "nope.csv"))
    assert result.returncode == 2
    assert "nope.csv: alias file not found" in result.stderr


def test_the_progress_bar_renders_on_a_terminal_and_moves_with_the_run():
    from io import StringIO

    from rich.console import Console

    from flows.cli import progress_bar

    screen = StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    with progress_bar(console) as hook:
        hook("discover", None, None)
        hook("extract_and_load", 0, 10)
        hook("extract_and_load", 4, 10)
        hook("link_claims", None, None)
    # Leaving the bar draws its last state, then erases it for the summary.
    drawn = screen.getvalue()
    assert "\x1b[" in drawn, "a terminal gets cursor control codes"
    (last,) = [frame for frame in drawn.split("\r") if "4/10 articles" in frame]
    assert "linking claims" in last
    assert "━" * 16 + " " * 24 in last, "4 of 10 fills 16 of the bar's 40 cells"
