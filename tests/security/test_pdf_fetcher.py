"""The PDF renderer fetches nothing but the project's own static files and `data:` addresses.

A canary HTTP server on the loopback interface records every connection made to it. Reports and
plans whose text points at it, markup handed straight to the renderer that points at it in every
way HTML and CSS can, and the renderer's URL fetcher called directly: the canary hears nothing.
(tests/reporting/test_rendering.py checks that the renderer opens no URL through urllib.)
"""

from __future__ import annotations

import base64
import http.server
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from actions.snapshot import current_snapshot
from reporting.document import build_document
from reporting.rendering import STATIC_ORIGIN, _fetcher, html_to_pdf, plan_pdf, report_pdf
from tests.security.conftest import World

pytestmark = pytest.mark.django_db

# A transparent PNG of one pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Records every connection; answers with an image, or a redirect to a local file."""

    def handle(self) -> None:
        self.server.heard.append(self.client_address)
        super().handle()

    def do_GET(self) -> None:
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args: object) -> None:
        pass


class Canary(http.server.ThreadingHTTPServer):
    """A loopback HTTP server that remembers who called."""

    heard: list

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


@pytest.fixture
def canary() -> Iterator[Canary]:
    server = Canary(("127.0.0.1", 0), _Handler)
    server.heard = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # The canary sings: a request made on purpose is heard, then forgotten.
    with urllib.request.urlopen(f"{server.url}/check", timeout=5) as response:  # noqa: S310
        assert response.read() == PNG
    assert len(server.heard) == 1
    server.heard.clear()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def _pointing_at(url: str) -> list[str]:
    """Every way a page or its stylesheet can ask for `url`."""
    return [
        f'<img src="{url}/img.png" alt="">',
        f'<link rel="stylesheet" href="{url}/link.css">',
        f"<style>@import url({url}/import.css);</style>",
        f"<style>@font-face {{ font-family: x; src: url({url}/font.woff); }}</style>",
        '<p style="font-family: x">text</p>',
        f'<p style="background: url({url}/background.png)">text</p>',
        f'<object data="{url}/object.png" type="image/png"></object>',
        f'<embed src="{url}/embed.png" type="image/png">',
        f'<svg width="10" height="10"><image href="{url}/svg.png" width="10" height="10"/></svg>',
        f'<iframe src="{url}/frame.html"></iframe>',
        f'<img src="{url}/redirect" alt="">',
        '<img src="file:///etc/passwd" alt="">',
        '<img src="/etc/passwd" alt="">',
    ]


def test_markup_that_points_at_the_network_or_files_fetches_nothing(canary: Canary) -> None:
    markup = "\n".join(_pointing_at(canary.url))
    html = (
        f'<html lang="en-GB"><head><title>t</title><base href="{canary.url}/">{markup}</head>'
        f'<body><img src="relative.png" alt="">{markup}<p>Text</p></body></html>'
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert canary.heard == []
    assert b"root:" not in pdf
    # The markup does call out when the renderer is left to fetch as it likes.
    from weasyprint import HTML

    HTML(string=html).write_pdf()
    assert len(canary.heard) >= 5


def test_a_report_and_a_plan_whose_text_points_at_the_network_fetch_nothing(
    canary: Canary, hostile_world: World
) -> None:
    text = " ".join(_pointing_at(canary.url))
    report = hostile_world.report
    for name in ("purpose", "information", "background_note", "electoral_divisions"):
        setattr(report, name, text)
    report.background_papers = f"A paper | {canary.url}/paper.pdf"
    report.save()
    hostile_world.appendix.text = text
    hostile_world.appendix.save()
    action = hostile_world.action
    action.description = text
    action.save()
    assert report_pdf(build_document(report)).startswith(b"%PDF")
    assert plan_pdf(current_snapshot(hostile_world.plan)).startswith(b"%PDF")
    assert canary.heard == []


def test_the_fetcher_refuses_files_the_network_and_redirects(canary: Canary) -> None:
    fetcher = _fetcher()
    refused = [
        "file:///etc/passwd",
        f"{canary.url}/x.png",
        f"{canary.url}/redirect",
        canary.url.replace("127.0.0.1", "localhost") + "/x.png",
        f"https://127.0.0.1:{canary.server_address[1]}/x.png",
        "https://example.org/x.png",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1/x",
        f"{STATIC_ORIGIN}../../../../etc/passwd",
        f"{STATIC_ORIGIN}print/../../../../etc/passwd",
        f"{STATIC_ORIGIN}%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{STATIC_ORIGIN}/etc/passwd",
        f"{STATIC_ORIGIN}no-such-file.css",
        f"{STATIC_ORIGIN.rstrip('/')}@127.0.0.1:{canary.server_address[1]}/x.png",
        f"{STATIC_ORIGIN.rstrip('/')}.127.0.0.1.nip.io/print/report.css",
    ]
    for url in refused:
        with pytest.raises(Exception) as refusal:
            fetcher.fetch(url)
        assert "root:" not in str(refusal.value), url
    assert canary.heard == []
    # Not a step towards following a redirect either, had an address been allowed.
    assert not any(isinstance(h, urllib.request.HTTPRedirectHandler) for h in fetcher.handlers)


def test_the_fetcher_serves_our_static_files_and_data_addresses() -> None:
    fetcher = _fetcher()
    stylesheet = Path(finders.find("print/report.css")).read_bytes()
    assert fetcher.fetch(f"{STATIC_ORIGIN}print/report.css").read() == stylesheet
    assert fetcher.fetch(f"{STATIC_ORIGIN}print/report.css?v=1").read() == stylesheet
    encoded = base64.b64encode(PNG).decode()
    assert fetcher.fetch(f"data:image/png;base64,{encoded}").read() == PNG
    assert fetcher.fetch("data:text/css,p%7Bcolor:red%7D").read() == b"p{color:red}"
