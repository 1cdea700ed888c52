"""Every SQL example in the README and the docs runs on the bundled corpus and finds rows."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
BLOCKS = [
    (page.relative_to(REPO).as_posix(), block)
    for page in PAGES
    for block in re.findall(r"```sql\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
]


def statements(block: str) -> list[str]:
    body = "\n".join(line for line in block.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def test_the_readme_and_the_cookbook_have_sql_examples():
    pages = [page for page, _ in BLOCKS]
    assert pages.count("README.md") >= 1
    assert pages.count("docs/cookbook.md") >= 4


@pytest.mark.parametrize(
    ("page", "block"), BLOCKS, ids=[f"{page}#{i}" for i, (page, _) in enumerate(BLOCKS)]
)
def test_every_documented_query_answers_on_the_bundled_corpus(warehouse, page, block):
    # A block about something the bundled corpus lacks says so, and must still run.
    may_be_empty = "no rows there" in block
    for statement in statements(block):
        rows = warehouse.execute(statement).fetchall()
        assert rows or may_be_empty, f"{page}: no rows from {statement}"
