"""The fact-check report, rendered from the warehouse as HTML and Markdown.

Everything shown comes from SQL over the warehouse, so the report and a
researcher's query always agree. The HTML is one self-contained file (inline CSS,
no scripts, no network) and every article string is escaped by Jinja2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape


@dataclass(frozen=True)
class ReportPaths:
    html: Path
    markdown: Path


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()[0]
    )


def gather(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the report shows, as plain rows."""
    articles = _rows(
        con,
        "SELECT article_id, path, outlet, headline, url, published, story"
        " FROM articles ORDER BY published NULLS LAST, path",
    )
    figures = _rows(
        con,
        "SELECT f.article_id, f.text, f.value, f.value_high, f.kind, f.unit, f.qualifier,"
        " f.counted_noun, f.start_char, f.end_char, s.quote AS sentence"
        " FROM figure_mentions f JOIN sentences s USING (sentence_id)"
        " ORDER BY f.article_id, f.start_char",
    )
    entities = _rows(
        con,
        "SELECT article_id, label, canonical, count(*) AS mentions,"
        " string_agg(DISTINCT text, ' | ') AS forms"
        " FROM entity_mentions GROUP BY ALL ORDER BY article_id, label, mentions DESC, canonical",
    )
    dates = _rows(
        con,
        "SELECT article_id, text, value, granularity, reason FROM date_mentions"
        " ORDER BY article_id, start_char",
    )
    by_article: dict[str, dict[str, list]] = {
        a["article_id"]: {"figures": [], "entities": [], "dates": []} for a in articles
    }
    for kind, rows in (("figures", figures), ("entities", entities), ("dates", dates)):
        for row in rows:
            by_article.setdefault(row["article_id"], {"figures": [], "entities": [], "dates": []})
            by_article[row["article_id"]][kind].append(row)
    last_run = (
        _rows(con, "SELECT * FROM pipeline_runs ORDER BY started_at DESC LIMIT 1")
        if _table_exists(con, "pipeline_runs")
        else []
    )
    rejected = _rows(
        con,
        "SELECT path, reason, detail FROM rejected_inputs"
        " WHERE run_id = (SELECT max_by(run_id, started_at) FROM pipeline_runs) ORDER BY path",
    )
    return {
        "articles": articles,
        "by_article": by_article,
        "last_run": last_run[0] if last_run else None,
        "rejected": rejected,
    }


def _format_value(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _markdown_text(value: object) -> str:
    """One-line Markdown-safe text: no table breaks, no raw HTML a viewer would run."""
    text = " ".join(str(value if value is not None else "").split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("flows", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _format_value
    env.filters["md"] = _markdown_text
    return env


def write_report(con: duckdb.DuckDBPyConnection, out_dir: Path) -> Path:
    """Write ``factcheck.html`` and ``factcheck.md`` into ``out_dir``; return the HTML path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    context = gather(con)
    env = _environment()
    html = env.get_template("factcheck.html.j2").render(**context)
    markdown_env = _environment()
    markdown_env.autoescape = False  # Markdown text goes through the md filter instead
    markdown = markdown_env.get_template("factcheck.md.j2").render(**context)
    paths = ReportPaths(out_dir / "factcheck.html", out_dir / "factcheck.md")
    _atomic_write(paths.html, html)
    _atomic_write(paths.markdown, markdown)
    return paths.html


def _atomic_write(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)
