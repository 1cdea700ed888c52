"""Build news pages and web archives for tests and benchmarks (warcio writes the WARCs).

A page wraps an article text in what a news site puts around it: a head with
Open Graph and article meta tags, navigation, a byline, a related-links box and a
footer, so that trafilatura has to find the article as it would on a real page.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Page:
    url: str
    text: str
    title: str
    outlet: str
    published: str  # YYYY-MM-DD
    author: str = "Staff reporter"
    captured: str = "2016-11-26T08:00:00Z"  # WARC-Date


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def page_html(page: Page) -> str:
    e = html.escape
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs(page.text))
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{e(page.title)} | {e(page.outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(page.title)}">
<meta property="og:site_name" content="{e(page.outlet)}">
<meta property="og:url" content="{e(page.url)}">
<meta property="article:published_time" content="{page.published}T07:30:00+00:00">
<meta name="author" content="{e(page.author)}">
<link rel="canonical" href="{e(page.url)}">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "news"}});</script>
</head><body>
<header><a class="logo" href="/">{e(page.outlet)}</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
<li><a href="/culture">Culture</a></li></ul></nav></header>
<main><article>
<h1>{e(page.title)}</h1>
<p class="byline">By <a rel="author" href="/profile/staff">{e(page.author)}</a>,
<time datetime="{page.published}T07:30:00Z">{page.published}</time></p>
<div class="article-body">
{body}
</div>
<aside class="related"><h2>Related</h2><ul>
<li><a href="/news/1">Council budget talks stall</a></li>
<li><a href="/news/2">Weather warning for the weekend</a></li></ul></aside>
</article></main>
<footer><p>&copy; {page.published[:4]} {e(page.outlet)}. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""


def _response(writer: WARCWriter, url: str, status: str, content_type: str, payload: bytes,
              date: str):  # fmt: skip
    http = StatusAndHeaders(
        status, [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
        protocol="HTTP/1.1",
    )  # fmt: skip
    return writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )  # fmt: skip


def write_warc(
    path: Path,
    pages: Iterable[Page],
    *,
    compress: bool = True,
    extras: bool = True,
    charset: str = "utf-8",
) -> list[int]:
    """Write ``pages`` as a WARC; return each page's response record offset.

    With ``extras`` every page comes as a crawler stores it: a request record
    before its response, and for every page a stylesheet, an image and, now and
    then, a redirect and a missing page, so that about one record in 4.6 is an
    article.
    """
    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for i, page in enumerate(pages):
            if extras:
                request = StatusAndHeaders(
                    f"GET {page.url} HTTP/1.1", [("Host", "example.org")], is_http_request=True
                )
                writer.write_record(writer.create_warc_record(
                    page.url, "request", http_headers=request,
                    warc_headers_dict={"WARC-Date": page.captured}))  # fmt: skip
            payload = page_html(page).encode(charset)
            offsets.append(handle.tell())
            writer.write_record(_response(writer, page.url, "200 OK",
                                          f"text/html; charset={charset}", payload, page.captured))  # fmt: skip
            if extras:
                base = page.url.rsplit("/", 1)[0]
                writer.write_record(_response(writer, f"{base}/img{i}.jpg", "200 OK",
                                              "image/jpeg", b"\xff\xd8\xff" + bytes(600), page.captured))  # fmt: skip
                writer.write_record(_response(writer, f"{base}/site{i}.css", "200 OK",
                                              "text/css", b"body{margin:0}" * 20, page.captured))  # fmt: skip
                if i % 3 == 0:
                    writer.write_record(_response(writer, f"{base}/old{i}", "301 Moved Permanently",
                                                  "text/html", b"<a href='/'>moved</a>", page.captured))  # fmt: skip
                if i % 4 == 0:
                    writer.write_record(_response(writer, f"{base}/gone{i}", "404 Not Found",
                                                  "text/html", b"<h1>Not found</h1>", page.captured))  # fmt: skip
    return offsets


def write_html_records(path: Path, records: Iterable[tuple[str, str]],
                       captured: str = "2016-11-26T08:00:00Z") -> list[int]:  # fmt: skip
    """Write (url, html) pairs as HTTP 200 HTML responses; return their offsets."""
    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, page in records:
            offsets.append(handle.tell())
            writer.write_record(_response(writer, url, "200 OK", "text/html; charset=utf-8",
                                          page.encode("utf-8"), captured))  # fmt: skip
    return offsets
