"""`serve`: stays inside the site, hides artefacts, sends security headers, compresses,
and keeps answering under a burst of connections (all on 127.0.0.1)."""

from __future__ import annotations

import gzip
import http.client
import os
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.serve import CSP, make_server, site_path


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "p" / "paracetamol").mkdir(parents=True)
    (root / "p" / "paracetamol" / "index.html").write_text(
        "<!doctype html><h1>Paracetamol</h1>" + "<p>fever and pain</p>" * 100, encoding="utf-8")
    (root / "index.html").write_text("<!doctype html><h1>Home</h1>", encoding="utf-8")
    (root / "404.html").write_text("<!doctype html><h1>Page not found</h1>", encoding="utf-8")
    (root / "api").mkdir()
    (root / "api" / "index.json").write_text('{"pages": []}', encoding="utf-8")
    (root / ".search").mkdir()
    (root / ".search" / "doc.html").write_text("hidden", encoding="utf-8")
    (root / ".apothecary-manifest.json").write_text("{}", encoding="utf-8")
    (root / "build-report.json").write_text("{}", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the site", encoding="utf-8")
    (root / "passwd.txt").symlink_to(secret)
    (root / "rootlink").symlink_to("/")
    (root / "inside.html").symlink_to(root / "index.html")
    return root


@pytest.fixture()
def base(site: Path) -> Iterator[tuple[str, int]]:
    server = make_server(site, 0, verbose=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ("127.0.0.1", server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def get(addr: tuple[str, int], path: str, method: str = "GET",
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(*addr, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def test_pages_are_served_with_security_headers(base: tuple[str, int]) -> None:
    status, headers, body = get(base, "/p/paracetamol/")
    assert status == 200 and b"<h1>Paracetamol</h1>" in body
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_folder_without_slash_redirects(base: tuple[str, int]) -> None:
    status, headers, _ = get(base, "/p/paracetamol")
    assert status == 301 and headers["location"] == "/p/paracetamol/"


@pytest.mark.parametrize("path", [
    "/passwd.txt",  # symlink to a file outside the site
    "/rootlink/",  # symlink to /
    "/rootlink/etc/passwd",
    "/api/",  # a folder without index.html: no listing
    "/p/",
    "/.search/doc.html",
    "/.apothecary-manifest.json",
    "/build-report.json",
    "/../secret.txt",
    "/p/../../secret.txt",
    "/no/such/page/",
])
def test_hidden_or_outside_paths_get_the_sites_404(base: tuple[str, int], path: str) -> None:
    status, headers, body = get(base, path)
    assert status == 404, path
    assert b"Page not found" in body
    assert b"outside the site" not in body and b"root:" not in body
    assert headers["x-content-type-options"] == "nosniff"


def test_symlink_inside_the_site_is_served(base: tuple[str, int]) -> None:
    status, _, body = get(base, "/inside.html")
    assert status == 200 and b"<h1>Home</h1>" in body


@pytest.mark.parametrize("path", ["/p/%00/", "/index.html%00.txt", "/%ff%fe", "/a%0d%0aX:%20y",
                                  "/p%5c..%5csecret.txt"])
def test_malformed_paths_are_400(base: tuple[str, int], path: str) -> None:
    status, headers, _ = get(base, path)
    assert status == 400, path
    assert headers["content-security-policy"] == CSP


def test_text_is_gzipped_when_asked(base: tuple[str, int]) -> None:
    status, headers, body = get(base, "/p/paracetamol/", headers={"Accept-Encoding": "gzip, br"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    plain = gzip.decompress(body)
    assert plain.count(b"<p>fever and pain</p>") == 100
    assert int(headers["content-length"]) == len(body) < len(plain)
    _, headers2, body2 = get(base, "/p/paracetamol/")
    assert "content-encoding" not in headers2 and body2 == plain


def test_head_sends_headers_only(base: tuple[str, int]) -> None:
    status, headers, body = get(base, "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_other_methods_are_refused(base: tuple[str, int]) -> None:
    status, _, _ = get(base, "/", method="POST")
    assert status == 501
    status, _, _ = get(base, "/", method="DELETE")
    assert status == 501


def test_a_burst_of_connections_is_served(base: tuple[str, int]) -> None:
    """200 clients connect at once; the listen backlog must hold them all (stdlib's default
    of 5 dropped or stalled many)."""
    n = 200
    socks = []
    try:
        for _ in range(n):  # open every connection before any request is read
            s = socket.create_connection(base, timeout=20)
            socks.append(s)
        for s in socks:
            s.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")

        def read(s: socket.socket) -> bytes:
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
            return b"".join(chunks)

        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(read, socks))
    finally:
        for s in socks:
            s.close()
    assert sum(a.startswith(b"HTTP/1.0 200") for a in answers) == n


def test_site_path_never_leaves_the_root(site: Path) -> None:
    root = Path(os.path.realpath(site))
    assert site_path(root, "/index.html") == root / "index.html"
    assert site_path(root, "/passwd.txt") is None
    assert site_path(root, "/../../etc/passwd") is None
    assert site_path(root, "/.search/") is None


def test_serve_port_in_use_is_one_error_line(site: Path) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    try:
        result = CliRunner().invoke(cli, ["serve", str(site), "--port", str(port)])
    finally:
        blocker.close()
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot listen on 127.0.0.1:")


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_serve_rejects_a_port_that_is_not_one(site: Path, port: str) -> None:
    result = CliRunner().invoke(cli, ["serve", str(site), "--port", port])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith("Error: Invalid value for '--port'")
