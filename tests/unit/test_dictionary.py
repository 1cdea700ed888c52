"""The data dictionary describes every table, view and column, and docs/schema.md shows it."""

from __future__ import annotations

import re

from tests.conftest import REPO
from warehouse import dictionary

START, END = "<!-- dictionary:start -->", "<!-- dictionary:end -->"


def test_every_table_view_and_column_is_described():
    con = dictionary._built_warehouse()
    assert dictionary.undocumented(con) == []


def test_the_dictionary_names_no_table_the_warehouse_lacks():
    con = dictionary._built_warehouse()
    existing = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert set(dictionary.tables()) - existing == set()


def test_every_table_has_a_grain_and_a_description():
    for doc in dictionary.tables().values():
        assert doc.grain.startswith("one row per"), doc.name
        assert doc.description, doc.name


def test_the_schema_page_is_the_rendered_dictionary():
    page = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    match = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), page, re.DOTALL)
    assert match, "docs/schema.md lacks the dictionary markers"
    rendered = dictionary.render_markdown(dictionary._built_warehouse())
    assert match.group(1) == rendered, (
        "docs/schema.md is stale: run python -m warehouse.dictionary docs/schema.md"
    )
