"""The data dictionary (``dictionary.toml``): load it, check it, render it as Markdown.

``python -m warehouse.dictionary`` prints the Markdown that docs/schema.md carries
between its ``dictionary`` markers; a test keeps the two identical.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class TableDoc:
    name: str
    layer: str
    grain: str
    description: str
    columns: dict[str, str]


@lru_cache(maxsize=1)
def _raw() -> dict:
    source = resources.files(__package__).joinpath("dictionary.toml")
    return tomllib.loads(source.read_text("utf-8"))


def tables() -> dict[str, TableDoc]:
    """Every documented table and view, in the dictionary's order."""
    raw = _raw()
    return {
        name: TableDoc(name, t["layer"], t["grain"], t["description"], t.get("columns", {}))
        for name, t in raw["tables"].items()
    }


def describe(table: str, column: str) -> str | None:
    """A column's description: the table's own, else the common one, else None."""
    doc = tables().get(table)
    if doc and column in doc.columns:
        return doc.columns[column]
    return _raw()["common"].get(column)


def undocumented(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables, views and columns of a warehouse that the dictionary does not describe."""
    missing = []
    documented = tables()
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    for table, column in rows:
        if table not in documented:
            if table not in missing:
                missing.append(table)
        elif describe(table, column) is None:
            missing.append(f"{table}.{column}")
    return missing


def render_markdown(con: duckdb.DuckDBPyConnection) -> str:
    """The schema, table by table, column by column, in the warehouse's column order."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall():
        columns.setdefault(table, []).append((column, dtype))
    out = []
    for doc in tables().values():
        out.append(f"#### `{doc.name}` — {doc.layer}, {doc.grain}\n")
        out.append(f"{doc.description}\n")
        out.append("| column | type | meaning |")
        out.append("|---|---|---|")
        for column, dtype in columns.get(doc.name, []):
            meaning = (describe(doc.name, column) or "").replace("|", "\\|")
            out.append(f"| `{column}` | {dtype} | {meaning} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _built_warehouse() -> duckdb.DuckDBPyConnection:
    from .claims import link_claims
    from .db import build_models, migrate

    con = duckdb.connect()
    migrate(con)
    link_claims(con)
    build_models(con)
    return con


PAGE_START, PAGE_END = "<!-- dictionary:start -->", "<!-- dictionary:end -->"


def update_page(readme: Path) -> None:
    """Replace a page's schema section (between the markers) with the dictionary."""
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(PAGE_START, 1)
    _, tail = rest.split(PAGE_END, 1)
    rendered = render_markdown(_built_warehouse())
    readme.write_text(f"{head}{PAGE_START}\n{rendered}{PAGE_END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    import sys

    # `python -m warehouse.dictionary docs/schema.md` rewrites that page's schema section;
    # with no argument the dictionary is printed.
    if len(sys.argv) > 1:
        update_page(Path(sys.argv[1]))
    else:
        print(render_markdown(_built_warehouse()), end="")
