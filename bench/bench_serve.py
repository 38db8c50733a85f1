"""Stress `apothecary serve`: N clients connect at once to 127.0.0.1 and each fetches a page.

Bounded and local only: one burst of --connections (default 1,000) to a server this script
starts on a free loopback port, each connection with a 30 s timeout, then it stops. Prints
failures and latency (median, p95, max). Builds a small site from examples/demo.txt unless
--site is given.

    .venv/bin/python bench/bench_serve.py [--connections 1000] [--site DIR]
"""

from __future__ import annotations

import argparse
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.serve import make_server

REPO = Path(__file__).resolve().parents[1]


def fetch(addr: tuple[str, int], path: str, start: threading.Event,
          out: list[tuple[bool, float]]) -> None:
    start.wait()
    t0 = time.perf_counter()
    ok = False
    try:
        with socket.create_connection(addr, timeout=30) as s:
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: bench\r\n\r\n".encode())
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        ok = b"".join(chunks).startswith(b"HTTP/1.0 200")
    except OSError:
        ok = False
    out.append((ok, time.perf_counter() - t0))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--site", type=Path, default=None)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 2 * args.connections + 256))  # client and server sockets
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            r = CliRunner().invoke(cli, ["build", str(REPO / "examples" / "demo.txt"),
                                         "--out", str(site), "--format", "html"])
            if r.exit_code != 0:
                print(r.output, file=sys.stderr)
                return 1
        server = make_server(site, 0, verbose=False)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        addr = ("127.0.0.1", server.server_address[1])
        results: list[tuple[bool, float]] = []
        start = threading.Event()
        threads = [threading.Thread(target=fetch, args=(addr, "/", start, results))
                   for _ in range(args.connections)]
        for t in threads:
            t.start()
        t0 = time.perf_counter()
        start.set()
        for t in threads:
            t.join(60)
        wall = time.perf_counter() - t0
        server.shutdown()
        server.server_close()
    times = sorted(t for _, t in results)
    failed = sum(1 for ok, _ in results if not ok) + (args.connections - len(results))
    p95 = times[int(len(times) * 0.95) - 1] if times else float("nan")
    print(f"{args.connections} concurrent connections to 127.0.0.1: {failed} failed; "
          f"latency median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {times[-1] * 1000:.0f} ms; all answered in {wall:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
