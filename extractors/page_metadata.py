"""Title, outlet, publication date and own URL from a saved page's markup.

Pure: HTML in, :class:`Evidence` records out, one per field found. trafilatura's
metadata extraction reads title, site name and canonical URL; htmldate reads the
publication date from the markup and the URL only (no search of the running
text, which mentions many dates). Each value's evidence names the element that
carries it, so a reader can check it against the page.
"""

from __future__ import annotations

import re
from datetime import date

from .records import Evidence

# The element a value came from is found again by looking for it in the head's
# tags: these are the ones publishers fill in (Open Graph, schema.org, Dublin Core).
_TAG = re.compile(r"<(meta|link|time)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_NAMING_ATTRS = ("property", "name", "itemprop", "rel")
# The head of a page is where its metadata is; a long body need not be searched.
_HEAD_CHARS = 200_000


def _attrs(raw: str) -> dict[str, str]:
    import html as html_module

    return {
        m.group(1).lower(): html_module.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(raw)
    }


def _element_with(page: str, value: str, *, prefix: bool = False) -> str | None:
    """The first meta/link/time element whose content is ``value`` (or starts with it)."""
    wanted = value.strip().casefold()
    for match in _TAG.finditer(page[:_HEAD_CHARS]):
        tag, attrs = match.group(1).lower(), _attrs(match.group(2))
        content = attrs.get("content") or attrs.get("href") or attrs.get("datetime") or ""
        content = content.strip().casefold()
        if content == wanted or (prefix and content.startswith(wanted)):
            naming = next(
                (f'{name}="{attrs[name]}"' for name in _NAMING_ATTRS if name in attrs), ""
            )
            return f"<{tag} {naming}>".replace(" >", ">")
    return None


def _title_element(page: str, value: str) -> str | None:
    found = _element_with(page, value)
    if found:
        return found
    title = _TITLE.search(page[:_HEAD_CHARS])
    if title and value.casefold() in " ".join(title.group(1).split()).casefold():
        return "<title>"
    return None


def page_metadata(page: str, url: str | None = None) -> list[Evidence]:
    """Headline, outlet, published date and URL a page's markup states, with evidence.

    ``url`` is where the page was fetched from (a WARC record's target URI); it
    helps htmldate read a date in the path and is not itself returned.
    """
    import htmldate
    from trafilatura import extract_metadata

    found: list[Evidence] = []
    meta = extract_metadata(page, default_url=url)
    if meta.title:
        where = _title_element(page, meta.title) or "trafilatura metadata"
        found.append(Evidence("headline", meta.title, "page_title", where))
    if meta.sitename:
        where = _element_with(page, meta.sitename) or "trafilatura metadata"
        found.append(Evidence("outlet", meta.sitename, "page_site_name", where))
    if meta.url and meta.url != url and meta.url.startswith("http"):
        where = _element_with(page, meta.url) or "trafilatura metadata"
        found.append(Evidence("url", meta.url, "page_canonical_url", where))
    # min_date: htmldate's default floor (1995) is right for web pages; max_date
    # stays today, so a page cannot claim a future date.
    published = htmldate.find_date(page, extensive_search=False, original_date=True, url=url)
    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            published = None
    if published:
        where = _element_with(page, published, prefix=True)
        if where is None and url and published.replace("-", "/") in url:
            where = "the page's URL"
        found.append(
            Evidence("published", published, "page_date", where or "htmldate (page markup)")
        )
    return found
