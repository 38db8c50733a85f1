"""Serve a built site on 127.0.0.1 with the stdlib: static files only, never outside the site.

The preview server is what a site owner opens first, so it behaves like a careful static
host: every path is decoded strictly and resolved (symlinks included) inside the site folder;
no folder listings, dotfiles or build artefacts; security headers on every answer; gzip for
text; the site's own 404 page; and a listen backlog large enough for a burst of connections.
"""

from __future__ import annotations

import email.utils
import gzip
import mimetypes
import os
import posixpath
import threading
from collections import OrderedDict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import InputError

# the site's own pages pass this: no inline script, Pagefind's WebAssembly, JSON-LD blocks
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
HIDDEN_NAMES = frozenset({"build-report.json"})  # build artefacts; dotfiles are hidden anyway
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml")
MIN_GZIP = 512  # bytes: smaller answers are not worth compressing
GZIP_CACHE_BYTES = 32 * 1024 * 1024
BACKLOG = 1024
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/markdown", ".md")


class BadPath(ValueError):
    """A request path that is not a well-formed URL path (400)."""


def site_path(root: Path, url_path: str) -> Path | None:
    """The file or folder that `url_path` names inside `root`, or None when it is hidden,
    missing or would leave the site (through `..` or a symlink). Raises BadPath when the
    path cannot be decoded or holds control characters."""
    raw = urlsplit(url_path).path
    try:
        path = unquote(raw, errors="strict")
    except UnicodeDecodeError as exc:
        raise BadPath(str(exc)) from exc
    if any(ord(c) < 32 or ord(c) == 127 for c in path) or "\\" in path:
        raise BadPath("control character or backslash in path")
    parts = [p for p in posixpath.normpath("/" + path).split("/") if p]
    if any(p.startswith(".") or p in HIDDEN_NAMES for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        real = Path(os.path.realpath(candidate, strict=True))
    except OSError:
        return None
    if real != root and root not in real.parents:
        return None  # a symlink that points out of the site
    return real


class GzipCache:
    """Compressed bodies by (path, size, mtime), bounded in bytes; shared by all threads."""

    def __init__(self, limit: int = GZIP_CACHE_BYTES) -> None:
        self.limit = limit
        self.used = 0
        self.items: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, path: Path, st: os.stat_result, body: bytes) -> bytes:
        key = (str(path), st.st_size, st.st_mtime_ns)
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
                return hit
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        with self.lock:
            self.items[key] = packed
            self.used += len(packed)
            while self.used > self.limit and self.items:
                _, old = self.items.popitem(last=False)
                self.used -= len(old)
        return packed


class SiteHandler(BaseHTTPRequestHandler):
    """GET and HEAD for the static files of one site folder."""

    server_version = "apothecary"
    sys_version = ""
    protocol_version = "HTTP/1.0"

    def __init__(self, *args: Any, directory: str, gzip_cache: GzipCache, **kw: Any) -> None:
        self.root = Path(directory)
        self.gzip_cache = gzip_cache
        super().__init__(*args, **kw)

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        try:
            target = site_path(self.root, self.path)
        except BadPath:
            self._plain(HTTPStatus.BAD_REQUEST, "Bad request path", head)
            return
        if target is not None and target.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            # the index file is resolved like any path: it must stay inside the site too
            target = site_path(self.root, urlsplit(self.path).path + "index.html")
        if target is None or not target.is_file():
            self._not_found(head)
            return
        self._file(target, HTTPStatus.OK, head)

    def _file(self, path: Path, status: HTTPStatus, head: bool) -> None:
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                body = fh.read()
        except OSError:
            self._not_found(head)
            return
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        encoding = None
        if (len(body) >= MIN_GZIP and ctype.startswith(COMPRESSIBLE)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = self.gzip_cache.get(path, st, body)
            encoding = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _not_found(self, head: bool) -> None:
        page = site_path(self.root, "/404.html")
        if page is not None and page.is_file():
            self._file(page, HTTPStatus.NOT_FOUND, head)
        else:
            self._plain(HTTPStatus.NOT_FOUND, "Not found", head)

    def _plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        body = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if getattr(self.server, "verbose", True):
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG
    verbose = True


def make_server(site: Path, port: int = 8000, verbose: bool = True) -> SiteServer:
    """A server bound to 127.0.0.1 only (port 0 picks a free one); call serve_forever()."""
    site = Path(site)
    if not site.is_dir():
        raise InputError(f"not a folder: {site}")
    root = str(Path(os.path.realpath(site)))

    def handler(*args: Any, **kw: Any) -> SiteHandler:
        return SiteHandler(*args, directory=root, gzip_cache=cache, **kw)

    cache = GzipCache()
    server = SiteServer(("127.0.0.1", port), handler)
    server.verbose = verbose
    return server
