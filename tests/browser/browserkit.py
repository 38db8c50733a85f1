"""Helpers the browser tests share: a tab that fails on JavaScript errors, and a crawler."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site served by `apothecary serve`'s own server (so under its Content-Security-
    Policy) on a free 127.0.0.1 port; yields the base URL."""
    from apothecary.serve import make_server

    server = make_server(site, 0, verbose=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def open_tab(browser: Any, base_url: str, **options: Any) -> Iterator[Any]:
    """A new page in its own context (`options`: viewport…); any uncaught JavaScript error or
    CSP violation fails the test."""
    context = browser.new_context(base_url=base_url, **options)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    # a page that breaks `serve`'s Content-Security-Policy fails too
    tab.on("console", lambda msg: errors.append(msg.text)
           if msg.type == "error" and "Content Security Policy" in msg.text else None)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def crawl(tab: Any, start: str, *, must_answer: bool = True, pages_only: bool = False
          ) -> set[str]:
    """Every URL under `start` reachable by links from it (fragments and queries dropped).

    `must_answer`: every link must answer 200; `pages_only`: follow only links to pages
    ("/" or ".html"), not to data files.
    """
    seen: set[str] = set()
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = tab.goto(url)
        ok = response is not None and response.ok
        assert ok or not must_answer, url
        if not ok or "html" not in (response.headers.get("content-type") or ""):
            continue
        for href in tab.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urljoin(url, href).split("#")[0].split("?")[0]
            if pages_only and not target.endswith(("/", ".html")):
                continue
            if target.startswith(start) and target not in seen:
                queue.append(target)
    return seen
