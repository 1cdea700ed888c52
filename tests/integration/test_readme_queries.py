"""Every SQL example in the README runs on the bundled corpus; cookbook ones find rows."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sql\n(.*?)```", README, re.DOTALL)
COOKBOOK = re.findall(
    r"```sql\n(.*?)```", README.split("## Cookbook", 1)[1].split("\n## ", 1)[0], re.DOTALL
)


def statements(block: str) -> list[str]:
    body = "\n".join(line for line in block.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def test_the_readme_has_sql_examples_and_a_cookbook():
    assert len(BLOCKS) >= 4 and len(COOKBOOK) >= 4


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_every_readme_query_runs(warehouse, block):
    for statement in statements(block):
        warehouse.execute(statement).fetchall()


@pytest.mark.parametrize("block", COOKBOOK, ids=[f"cookbook{i}" for i in range(len(COOKBOOK))])
def test_every_cookbook_query_answers_on_the_bundled_corpus(warehouse, block):
    for statement in statements(block):
        assert warehouse.execute(statement).fetchall(), statement
