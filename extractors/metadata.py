"""Article metadata: the manifest first, then what the text itself shows.

Each inferred field records its evidence (where it came from and the text that
shows it). Nothing is guessed: a field the manifest lacks and the text does not
show stays ``None``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qs, unquote, urlparse

from .calendar_words import months
from .records import ArticleMetadata, Evidence
from .stamps import HEADER_UNITS, header_stamps, parse_date

# metadata-3: values the input states (``given``: a page's markup, a WARC record, a
# JSON Lines row), URL and title lines, and the publication date from stamp lines.
VERSION = "metadata-3"

_MONTHS = months()
_URL = re.compile(r"https?://[^\s<>\"]+")
# /2016/nov/25/ (Guardian), /2016/11/25/ (most CMSs), /20130914/ and 2012-08-07 in a path
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/([a-z]{3}|\d{1,2})/(\d{1,2})/", re.IGNORECASE)
_URL_COMPACT_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?![\d])"
)
# Share buttons carry the article's own address in a query parameter.
_SHARE_PARAMS = ("href", "url", "u", "link")
_SHARE_HOSTS = ("facebook.", "twitter.", "x.com", "pinterest.", "linkedin.", "reddit.", "whatsapp.")
# A line that is only a date closes an embedded post (tweet, Instagram) in scraped text.
_DATED_EMBED = re.compile(
    r"^\s*(?:[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})\s*$", re.MULTILINE
)

MANIFEST_COLUMNS = ("file", "outlet", "headline", "url", "published")
OPTIONAL_MANIFEST_COLUMNS = ("story", "source_kind", "agency")


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    text = resources.files(__package__).joinpath("data/outlets.csv").read_text("utf-8")
    return {row["domain"]: row["outlet"] for row in csv.DictReader(text.splitlines())}


def outlet_for_url(url: str) -> str | None:
    """The outlet publishing at ``url``'s domain, if the outlet table knows it."""
    host = (urlparse(url).hostname or "").lower().removeprefix("www.")
    known = _outlets()
    while host:
        if host in known:
            return known[host]
        _, _, host = host.partition(".")
    return None


def date_from_url(url: str) -> date | None:
    """The publication date encoded in an article URL path, if any."""
    path = urlparse(url).path + "/"
    match = _URL_DATE.search(path) or _URL_COMPACT_DATE.search(path)
    if not match:
        return None
    year, month, day = match.groups()
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    if not month_number:
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        return None


def own_urls_from_share_links(text: str) -> list[str]:
    """Article URLs carried by share buttons (the article's own address)."""
    found: list[str] = []
    for raw in _URL.findall(text):
        parsed = urlparse(raw.rstrip(">)"))
        if not any(h in (parsed.hostname or "") for h in _SHARE_HOSTS):
            continue
        query = parse_qs(parsed.query)
        for key in _SHARE_PARAMS:
            for value in query.get(key, []):
                target = unquote(value)
                if target.startswith("http"):
                    target = target.split("?")[0].split("#")[0]
                    if target not in found:
                        found.append(target)
    return found


def _dated_embed(text: str) -> tuple[date, str] | None:
    from datetime import datetime

    for match in _DATED_EMBED.finditer(text):
        line = match.group(0).strip()
        for fmt in ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y"):
            try:
                return datetime.strptime(line, fmt).date(), line
            except ValueError:
                continue
    return None


@dataclass(frozen=True)
class _Header:
    url: str | None = None
    url_line: str | None = None
    headline: str | None = None
    stamp: tuple[date, str, bool] | None = None  # (date, line, says "updated")


def _header(text: str, day_first: bool) -> _Header:
    """What the top of the page shows: its URL line, title line and date stamp line.

    The title is the first line near the top that is neither a link nor a stamp and
    that the furniture classifier takes for furniture (a line that reads as the
    article's first sentence is not a title). A stamp line is a line of dates and
    clock times, or one led by a publishing cue ("Published", "Posted on"), with a
    full date in it; one that says "Published" wins over one that says "Updated".
    """
    from . import clean, line_features

    units, rows = line_features.feature_rows(text)
    url = url_line = headline = None
    stamps = [(when, line, updated) for _, when, line, updated in header_stamps(text, units)]
    stamp_lines = {line for _, line, _ in stamps}
    threshold = float(clean._model()["threshold"])
    for k, (unit, row) in enumerate(zip(units[:HEADER_UNITS], rows, strict=False)):
        line = unit.text.strip()
        if line_features.is_url_only(line):
            found = _URL.search(line)
            if url is None and k <= 1 and found:
                url, url_line = found.group(0).rstrip(">)"), line
            continue
        if line in stamp_lines:
            continue
        if headline is None and k <= 3 and not line_features.is_link_label(line):
            if clean.furniture_probability(row) >= threshold:
                headline = line
    stamp = next((s for s in stamps if not s[2]), stamps[0] if stamps else None)
    return _Header(url, url_line, headline, stamp)


def _latest_stated_date(text: str, day_first: bool) -> tuple[date, str] | None:
    """The latest full date the article states (an estimate of when it was written)."""
    from . import line_features

    best: tuple[date, str] | None = None
    for match in line_features.FULL_DATE.finditer(text):
        when = parse_date(match.group(0), day_first)
        if when and (best is None or when > best[0]):
            best = (when, match.group(0))
    return best


def infer_metadata(
    text: str, manifest: dict[str, str] | None = None, given: Sequence[Evidence] = ()
) -> ArticleMetadata:
    """Combine manifest fields with what the input states and the text shows; record the evidence.

    The manifest wins wherever it has a value. Next come ``given`` values, each with
    its own evidence: what the input itself states (a JSON Lines row's fields, a WARC
    record's target URI, a page's title, site name and date from its markup, found by
    trafilatura and htmldate), the first for a field winning. Otherwise: a URL line at the top (or
    the address in a share button) gives URL and, through ``data/outlets.csv``, the
    outlet; a title line at the top gives the headline. The publication date comes,
    in this order of trust, from a date stamp line ("Published: March 13, 2013",
    "Nov 25, 2016 00:01 GMT" alone on a line), the URL's date pattern, a dated
    embedded post, and last from the latest full date the article itself states.
    Each inferred value carries its evidence and a confidence.
    """
    from .dates import infer_day_first

    manifest = {k: (v or "").strip() for k, v in (manifest or {}).items()}
    fields: dict[str, str | None] = {
        name: manifest.get(name) or None
        for name in ("outlet", "headline", "url", "published", "story", "source_kind", "agency")
    }
    evidence = [Evidence(name, value, "manifest") for name, value in fields.items() if value]
    for item in given:
        if item.field in fields and not fields[item.field] and item.value:
            fields[item.field] = item.value
            evidence.append(item)
    day_first = infer_day_first(text)
    header = _header(text, day_first)

    if not fields["url"] and header.url:
        fields["url"] = header.url
        evidence.append(Evidence("url", header.url, "url_line", "the page's first line", 0.95))
    own_urls = own_urls_from_share_links(text)
    if not fields["url"] and own_urls:
        fields["url"] = own_urls[0]
        evidence.append(Evidence("url", own_urls[0], "share_url", "address in a share button", 0.9))
    url = fields["url"]
    if not fields["headline"] and header.headline:
        fields["headline"] = header.headline
        evidence.append(
            Evidence("headline", header.headline, "title_line", "title line at the top", 0.8)
        )
    if url and not fields["outlet"]:
        outlet = outlet_for_url(url)
        if outlet:
            fields["outlet"] = outlet
            evidence.append(Evidence("outlet", outlet, "url_domain", url, 0.95))
        elif host := (urlparse(url).hostname or "").lower().removeprefix("www."):
            # An outlet the table does not know is still named by its address.
            fields["outlet"] = host
            evidence.append(
                Evidence("outlet", host, "url_domain", f"{url} (domain not in outlets.csv)", 0.6)
            )

    if not fields["published"]:
        found = _published(text, url, header, day_first, bool(manifest.get("url")))
        if found:
            fields["published"] = found.value
            evidence.append(found)
    return ArticleMetadata(
        outlet=fields["outlet"],
        headline=fields["headline"],
        url=url,
        published=fields["published"],
        story=fields["story"],
        source_kind=fields["source_kind"],
        agency=fields["agency"],
        evidence=tuple(evidence),
    )


def _published(
    text: str,
    url: str | None,
    header: _Header,
    day_first: bool,
    url_from_manifest: bool,
) -> Evidence | None:
    """The publication date's best evidence, most trusted first."""
    if header.stamp:
        when, line, updated = header.stamp
        detail = f"{'update' if updated else 'date'} stamp line {line!r}"
        return Evidence("published", when.isoformat(), "dateline", detail, 0.8 if updated else 0.9)
    if url:
        found = date_from_url(url)
        if found:
            source = "manifest_url" if url_from_manifest else "url_date"
            return Evidence("published", found.isoformat(), source, url, 0.85)
    embed = _dated_embed(text)
    if embed:
        detail = f"embedded post dated {embed[1]!r}"
        return Evidence("published", embed[0].isoformat(), "dated_embed", detail, 0.5)
    latest = _latest_stated_date(text, day_first)
    if latest:
        detail = f"latest full date the article states: {latest[1]!r}"
        return Evidence("published", latest[0].isoformat(), "latest_stated_date", detail, 0.3)
    return None
