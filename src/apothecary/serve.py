"""Serve a built site on 127.0.0.1 with the stdlib: no extra process, the 404 page for misses."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .errors import InputError


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder; the site's own 404.html for anything missing."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if getattr(self.server, "verbose", True):
            super().log_message(format, *args)


def make_server(site: Path, port: int = 8000, verbose: bool = True) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1 only (port 0 picks a free one); call serve_forever()."""
    site = Path(site)
    if not site.is_dir():
        raise InputError(f"not a folder: {site}")
    handler = functools.partial(SiteHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.verbose = verbose  # type: ignore[attr-defined]
    return server
