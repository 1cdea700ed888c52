"""The fact-check report opens in a real browser (headless Chromium) and is inert.

Chromium comes from Debian's package, which `make test` installs where missing
(see the Makefile); without it these tests are skipped with that reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flows.report import write_report
from tests.integration.test_claims import build_warehouse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (make test installs it)"
    ),
]
# Flags for a sandboxed, offline headless run: no background networking, no first-run UI.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


def rendered_dom(html: Path, tmp_path: Path) -> str:
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", html.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_the_report_renders_stories_conflicts_and_checks(pipeline_run, tmp_path):
    dom = rendered_dom(Path(pipeline_run.report_path), tmp_path)
    assert "<title>newsfacts fact-check report</title>" in dom
    assert 'id="stories"' in dom
    assert "Conflicts" in dom and "<svg" in dom
    assert "Consistency checks" in dom
    assert re.search(r"Reconciled: <span class=\"value\">374", dom)


def test_the_report_needs_no_network(pipeline_run):
    html = Path(pipeline_run.report_path).read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"\bsrc=", html)


def test_article_text_with_markup_renders_inert(tmp_path):
    hostile = (
        "The council said <script>document.title='pwned'</script> 512 contracts were audited. "
        'Its auditor added "><img src=x onerror="document.title=\'pwned\'"> that 502 were checked.'
    )
    con = build_warehouse(tmp_path, {
        "a.txt": ({"outlet": "Northern <b>Gazette</b>", "headline": "<script>alert(1)</script>"}, hostile),
    })  # fmt: skip
    html = write_report(con, tmp_path / "report")
    dom = rendered_dom(html, tmp_path)
    assert "<title>newsfacts fact-check report</title>" in dom  # no script changed it
    assert "<img" not in dom and "<script" not in dom
    assert "&lt;script&gt;" in dom  # shown as text, not run
    markdown = html.with_suffix(".md").read_text(encoding="utf-8")
    assert "<script" not in markdown and "<img" not in markdown


def test_only_web_addresses_become_links(tmp_path):
    con = build_warehouse(tmp_path, {
        "a.txt": ({"outlet": "Northern Gazette", "url": "javascript:alert(1)"},
                  "Auditors examined 512 contracts awarded by the county council."),
    })  # fmt: skip
    html = write_report(con, tmp_path / "report")
    for text in (
        html.read_text(encoding="utf-8"),
        html.with_suffix(".md").read_text(encoding="utf-8"),
    ):
        assert "javascript:" not in text


def test_the_report_renders_to_a_picture(pipeline_run, tmp_path):
    """The README's picture of the report is this screenshot (`make docs/report.png`)."""
    png = tmp_path / "report.png"
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}",
         "--window-size=1100,1400", "--hide-scrollbars", Path(pipeline_run.report_path).as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    if target := os.environ.get("NEWSFACTS_SCREENSHOT"):
        shutil.copyfile(png, target)
