"""The fact-check report, rendered from the warehouse as HTML and Markdown.

Everything shown comes from SQL over the warehouse, so the report and a
researcher's query always agree. The HTML is one self-contained file (inline CSS,
no scripts, no network) and every article string is escaped by Jinja2.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import BaseLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

from warehouse.claims.features import noun_head
from warehouse.claims.units import factor

# A folder of report templates to use instead of the packaged ones (tests place a
# template that raises there; also a way to try a template change).
TEMPLATES_DIR_ENV = "NEWSFACTS_TEMPLATES_DIR"


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
        "stories": gather_stories(con, articles),
        "last_run": last_run[0] if last_run else None,
        "rejected": rejected,
    }


def _highlight(sentence: str, stated: str) -> tuple[str, str, str]:
    """Split a quote around the figure so the template can mark it (escaping each part)."""
    needle = " ".join(stated.split())
    at = sentence.find(needle)
    if at < 0:
        return sentence, "", ""
    return sentence[:at], needle, sentence[at + len(needle) :]


def _bars(mentions: list[dict]) -> list[dict]:
    """Bar geometry for the values-by-source chart of a conflicted claim: lengths in
    the dimension's base unit, so "2,000ft" and "700 metres" are drawn to one scale."""
    # A mention without a value (a vague amount, "dozens") has nothing to draw.
    valued = [m for m in mentions if m["value"] is not None]
    size = [abs(m["value"]) * factor(m.get("unit")) for m in valued]
    top = max(size, default=0) or 1
    return [
        {"label": f"{m['outlet'] or 'unknown outlet'}: {m['text']}",
         "width": round(300 * s / top, 1), "value": m["value"],
         "reading": m.get("reading_value", m["value"]), "y": 22 * i}
        for i, (m, s) in enumerate(zip(valued, size, strict=True))
    ]  # fmt: skip


def _line(points: list[dict]) -> dict:
    """Polyline geometry for the timeline of an updated claim: value against step."""
    valued = [p for p in points if p["value"] is not None]
    top = max((p["value"] for p in valued), default=0)
    low = min((p["value"] for p in valued), default=0)
    span = (top - low) or 1
    step_x = 520 / max(len(valued) - 1, 1)
    dots = [
        {"x": round(60 + step_x * i, 1), "y": round(110 - 90 * (p["value"] - low) / span, 1),
         "value": p["value"]}
        for i, p in enumerate(valued)
    ]  # fmt: skip
    return {"dots": dots, "points": " ".join(f"{d['x']},{d['y']}" for d in dots)}


def _story_rank(story: dict) -> tuple:
    """What a fact-checker reads first: conflicts and updates, then claims several
    sources state, then the rest; larger stories first within each."""
    return (
        -(len(story["conflicted"]) + len(story["updated"])),
        -len(story["shared"]),
        -story["n_sources"],
        -story["n_articles"],
    )


def counted_things(mentions: list[dict]) -> list[str]:
    """The different things a claim's mentions count, by the head of their counted noun
    (the key claim linking compares): "three women", "three shells" count two things."""
    return sorted({h for m in mentions if (h := noun_head(m.get("counted_noun")))})


# Under this, the pair model finds it less likely than not that a conflict's values
# state one quantity (its own scale, not a fitted cut): the report asks for a check.
SAME_QUANTITY_CAUTION = 0.5


def unsure_of_one_quantity(claim: dict) -> bool:
    """The claim's values in conflict are less likely than not one quantity."""
    return claim.get("same_quantity") is not None and claim["same_quantity"] < SAME_QUANTITY_CAUTION


def conflicts_first_to_read(claims: list[dict]) -> list[dict]:
    """Conflicted claims whose mentions count one thing (or name no counted noun) first,
    then those mixing several counted nouns; within each, the surest first that the
    values in conflict state one quantity (``same_quantity``), then in their given
    order. A claim of "three women", "three shells" and "six gunmen" is more often two
    quantities linked than one quantity in dispute, so the report says so and puts
    it after (docs/claims.md, "4. The report")."""
    return sorted(claims, key=lambda c: (len(c["counts"]) > 1, -(c.get("same_quantity") or 0.0)))


def gather_stories(con: duckdb.DuckDBPyConnection, articles: list[dict]) -> list[dict]:
    """Stories with their claims, conflicts, updates, checks and reconciled values.

    Each story's claims come split for reading: ``conflicted`` (sources disagree),
    ``updated`` (the value changed over time, with its ``timeline``), ``shared``
    (stated by several independent sources) and ``single`` (one source only, which
    the report folds away). Stories with conflicts or updates come first.
    """
    if not _table_exists(con, "stories"):
        return []
    stories = _rows(con, "SELECT * FROM stories ORDER BY first_published NULLS LAST, story_id")
    claims = _rows(
        con,
        "SELECT c.*, r.value AS reconciled_value, r.wording, r.value_low, r.value_high,"
        " r.confidence, r.rationale, r.majority_value, r.agrees_with_majority"
        " FROM claims c JOIN reconciled_claims r USING (claim_id, story_id)"
        " ORDER BY c.is_conflicted DESC, c.n_sources DESC, c.n_mentions DESC, c.claim_id",
    )
    mentions = _rows(
        con,
        "SELECT claim_id, mention_id, outlet, url, published, source_group, is_primary, text,"
        " value, reading_value, unit, qualifier, counted_noun, sentence, interval_note, low, high"
        " FROM claim_mentions"
        " ORDER BY claim_id, value, outlet, mention_id",
    )
    timeline = _rows(
        con,
        "SELECT claim_id, step, as_of, time_cue, value, stated, outlet, sentence, url"
        " FROM claim_timeline ORDER BY claim_id, step",
    )
    checks = _rows(
        con,
        "SELECT story_id, tested_claim_id, relation, check_name, candidate_value, description,"
        " verdict FROM consistency_checks ORDER BY story_id, tested_claim_id, candidate_value,"
        " check_name, description",
    )
    by_claim: dict[str, list[dict]] = {}
    for m in mentions:
        m["quote"] = _highlight(m["sentence"], m["text"])
        by_claim.setdefault(m["claim_id"], []).append(m)
    checks_by_claim: dict[str, list[dict]] = {}
    checks_by_story: dict[str, list[dict]] = {}
    for c in checks:
        checks_by_claim.setdefault(c["tested_claim_id"], []).append(c)
        checks_by_story.setdefault(c["story_id"], []).append(c)
    timeline_by_claim: dict[str, list[dict]] = {}
    for point in timeline:
        timeline_by_claim.setdefault(point["claim_id"], []).append(point)
    claims_by_story: dict[str, list[dict]] = {}
    for claim in claims:
        claim["mentions"] = by_claim.get(claim["claim_id"], [])
        # An age's "noun" is whose age it is, a sum's or a share's what it is of: only
        # counts count things.
        claim["counts"] = counted_things(claim["mentions"]) if claim["kind"] == "count" else []
        claim["checks"] = checks_by_claim.get(claim["claim_id"], [])
        claim["bars"] = _bars(claim["mentions"]) if claim["is_conflicted"] else []
        claim["unsure"] = unsure_of_one_quantity(claim)
        claim["timeline"] = timeline_by_claim.get(claim["claim_id"], [])
        claim["line"] = _line(claim["timeline"]) if claim["timeline"] else None
        claims_by_story.setdefault(claim["story_id"], []).append(claim)
    article_by_id = {a["article_id"]: a for a in articles}
    for story in stories:
        story["articles"] = [article_by_id[i] for i in story["article_ids"] if i in article_by_id]
        story["claims"] = claims_by_story.get(story["story_id"], [])
        story["conflicted"] = conflicts_first_to_read(
            [c for c in story["claims"] if c["is_conflicted"]]
        )
        story["updated"] = [
            c for c in story["claims"] if c["is_updated"] and not c["is_conflicted"]
        ]
        rest = [c for c in story["claims"] if not (c["is_conflicted"] or c["is_updated"])]
        story["shared"] = [c for c in rest if c["n_sources"] > 1]
        story["single"] = [c for c in rest if c["n_sources"] <= 1]
        story["checks"] = checks_by_story.get(story["story_id"], [])
    return sorted(stories, key=_story_rank)


def _format_value(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _two_places(value: float | None) -> str:
    """A score from 0 to 1 (a confidence, a probability) as the report prints it."""
    return "none" if value is None else f"{value:.2f}"


def _markdown_text(value: object) -> str:
    """One-line Markdown-safe text: no table breaks, no raw HTML a viewer would run."""
    text = " ".join(str(value if value is not None else "").split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _safe_url(value: object) -> str | None:
    """A link target only when it is a plain web address: no javascript:, data: or markup."""
    url = str(value or "").strip()
    if re.match(r"^https?://[^\s<>\"'`]+$", url, re.IGNORECASE):
        return url
    return None


class _RowsEnvironment(Environment):
    """Templates read rows (plain dicts) as ``row.column``.

    Jinja tries an attribute first and the key after a caught AttributeError; for
    the report's hundreds of thousands of lookups that exception was a third of
    the rendering time, so a dict's key is tried first (no column is named like a
    dict method).
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _environment() -> Environment:
    override = os.environ.get(TEMPLATES_DIR_ENV)
    loader: BaseLoader = (
        FileSystemLoader(override) if override else PackageLoader("flows", "templates")
    )
    env = _RowsEnvironment(
        loader=loader,
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _format_value
    env.filters["two_places"] = _two_places
    env.filters["md"] = _markdown_text
    env.filters["safe_url"] = _safe_url
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
