"""Article metadata: the manifest first, then what the text itself shows.

Each inferred field records its evidence (where it came from and the text that
shows it). Nothing is guessed: a field the manifest lacks and the text does not
show stays ``None``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qs, unquote, urlparse

from .records import ArticleMetadata, Evidence

# metadata-2: values a page, a WARC record or a JSON Lines row states (``given``).
VERSION = "metadata-2"

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_URL = re.compile(r"https?://[^\s<>\"]+")
# /2016/nov/25/ (Guardian), /2016/11/25/ (most CMSs)
_URL_DATE = re.compile(r"/(\d{4})/([a-z]{3}|\d{1,2})/(\d{1,2})/", re.IGNORECASE)
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
    match = _URL_DATE.search(urlparse(url).path + "/")
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


def infer_metadata(
    text: str,
    manifest: dict[str, str] | None = None,
    given: Sequence[Evidence] = (),
) -> ArticleMetadata:
    """Combine manifest fields with what the input states and the text shows; record the evidence.

    The manifest wins wherever it has a value. Next come ``given`` values, each
    with its own evidence: what the input itself states (a JSON Lines row's
    fields, a WARC record's target URI, a saved page's title and date), the
    first for a field winning. Otherwise the article's own URL
    (from share links) gives URL, outlet and date; a dated embedded post gives a
    date no later than publication, used only when nothing better exists.
    """
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

    own_urls = own_urls_from_share_links(text)
    if not fields["url"] and own_urls:
        fields["url"] = own_urls[0]
        evidence.append(Evidence("url", own_urls[0], "share_url", "address in a share button"))
    url = fields["url"]
    if url and not fields["outlet"]:
        outlet = outlet_for_url(url)
        if outlet:
            fields["outlet"] = outlet
            evidence.append(Evidence("outlet", outlet, "url_domain", url))
    if url and not fields["published"]:
        found = date_from_url(url)
        if found:
            fields["published"] = found.isoformat()
            source = next(e.source for e in evidence if e.field == "url")
            source = "manifest_url" if source == "manifest" else source
            evidence.append(Evidence("published", found.isoformat(), source, url))
    if not fields["published"]:
        embed = _dated_embed(text)
        if embed:
            fields["published"] = embed[0].isoformat()
            evidence.append(
                Evidence(
                    "published",
                    embed[0].isoformat(),
                    "dated_embed",
                    f"embedded post dated {embed[1]!r}",
                )
            )
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
