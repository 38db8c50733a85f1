"""Full-text search with Pagefind, indexed as the last step of an HTML build.

Pagefind runs offline from the `pagefind[extended]` wheel and writes a static index under
`pagefind/`; the browser loads only the fragments a query needs. Only drug pages are
indexed (their `<main data-pagefind-body>`), and each carries a hidden block of every other
name it is known by and the conditions it is used for, so "acetaminophen" finds
Paracetamol and "hypertension" finds the medicines used for it. Without Pagefind the build
still succeeds and reports that search is off.

`LiveIndex` feeds each drug page to a `pagefind --service` process as soon as it is rendered,
so indexing overlaps rendering instead of waiting for every HTML file to be on disk;
`index_site` (the CLI over a built folder) is the fallback when the service cannot be used.
The service protocol is spoken directly (base64 JSON, comma-separated, on stdin/stdout):
the `pagefind` package's asyncio client reads one reply per 0.1 s, far too slow for
thousands of pages.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..knowledge.store import KnowledgeBase
from ..models import FactKind, Page

BUNDLE_DIR = "pagefind"
# Parts of a drug page that are not what it is about: indexing them would bury the Warfarin
# page under every page that interacts with warfarin, and list drugs *causing* a condition
# among those used for it. Leaving them out also makes indexing several times faster.
EXCLUDE = ("#interactions, #side-effects, #sources, #disclaimer, #note, #related, "
           ".toc, .crumbs, cite, .data")
TIMEOUT_S = 300


@dataclass(frozen=True)
class SearchIndex:
    """What the build report says about search."""

    enabled: bool
    pages: int = 0
    words: int = 0
    message: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"enabled": self.enabled, "pages": self.pages, "words": self.words,
                "message": self.message}


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        v = " ".join(v.split())
        if v and v.casefold() not in seen:
            seen[v.casefold()] = v
    return list(seen.values())


def alternate_names(page: Page) -> list[str]:
    """Every name the page is known by besides its title: synonyms, spellings, salts."""
    names = [*page.other_names]
    for d in page.drugs:
        names += [d.display, d.name, *d.other_names, *d.forms]
    title = page.title.casefold()
    return [n for n in _unique(names) if n.casefold() != title]


def conditions(page: Page, kb: KnowledgeBase | None = None) -> list[str]:
    """The conditions the page's medicines are used for: the source's term and plain words."""
    facts = (
        [f for d in page.drugs for f in kb.facts(d.id, [FactKind.USE])]
        if kb is not None
        else [f for f in page.facts if f.kind == FactKind.USE]
    )
    return _unique(w for f in facts for w in (f.value, f.plain))


def search_terms(page: Page, kb: KnowledgeBase | None = None) -> dict[str, list[str]]:
    """Hidden, indexed text for the page: {"names": [...], "conditions": [...]}."""
    return {"names": alternate_names(page), "conditions": conditions(page, kb)}


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


_COUNT = re.compile(r"Indexed (\d+) (page|word)s?\b")


def index_site(site_dir: Path) -> SearchIndex:
    """Run Pagefind over a built site; never raises, says why when search is off."""
    if not available():
        return SearchIndex(False, message="search is off: pagefind is not installed "
                                          "(pip install 'pagefind[extended]')")
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
           "--output-subdir", BUNDLE_DIR, "--force-language", "en",
           "--exclude-selectors", EXCLUDE]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchIndex(False, message=f"search is off: pagefind failed ({exc})")
    out = proc.stdout + proc.stderr
    if proc.returncode != 0 or not (site_dir / BUNDLE_DIR / "pagefind.js").is_file():
        last = next((ln for ln in reversed(out.splitlines()) if ln.strip()), "no output")
        return SearchIndex(False, message=f"search is off: pagefind failed ({last.strip()})")
    counts = {kind: int(n) for n, kind in _COUNT.findall(out)}
    pages, words = counts.get("page", 0), counts.get("word", 0)
    return SearchIndex(True, pages=pages, words=words,
                       message=f"search on: {pages} pages, {words} words indexed")


class LiveIndex:
    """A Pagefind index fed page by page from the render loop (see the module docstring).

    `add` never blocks rendering: a thread sends queued pages to the service and another
    reads its replies. `finish` writes the bundle; any failure turns search off with a reason.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        exe = get_executable()
        if exe is None:
            raise OSError("pagefind binary not found")
        self._proc = subprocess.Popen(
            [str(exe), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
        self._queue: queue.Queue[tuple[str, str | Path] | None] = queue.Queue()
        self._replies: dict[int, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._next_id = 0
        self.pages = self.words = 0
        self.error = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        config = {"force_language": "en",
                  "exclude_selectors": [x.strip() for x in EXCLUDE.split(",")]}
        reply = self._wait(self._send({"type": "NewIndex", "config": config}))
        if "index_id" not in reply:
            self.close()
            raise OSError(f"pagefind service: {reply.get('message', reply)}")
        self._index_id = int(reply["index_id"])
        self._sender = threading.Thread(target=self._send_pages, daemon=True)
        self._sender.start()

    def add(self, url: str, html: str | Path) -> None:
        """Index a page at `url` (site-absolute, e.g. "/drugs/x/"): its HTML or its file."""
        self._queue.put((url, html))

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        msg = {"message_id": self._next_id, "payload": payload}
        assert self._proc.stdin is not None
        self._proc.stdin.write(base64.b64encode(json.dumps(msg).encode()) + b",")
        self._proc.stdin.flush()
        return self._next_id

    def _send_pages(self) -> None:
        try:
            while (item := self._queue.get()) is not None:
                url, html = item
                text = html.read_text(encoding="utf-8") if isinstance(html, Path) else html
                self._send({"type": "AddFile", "index_id": self._index_id, "url": url,
                            "file_path": None, "file_contents": text})
        except (OSError, ValueError) as exc:
            self.error = self.error or str(exc)

    def _read(self) -> None:
        assert self._proc.stdout is not None
        fd, buf = self._proc.stdout.fileno(), b""
        while chunk := os.read(fd, 1 << 16):
            *done, buf = (buf + chunk).split(b",")
            for raw in done:
                try:
                    resp = json.loads(base64.b64decode(raw))
                except ValueError:
                    continue
                payload = resp.get("payload") or {}
                with self._cond:
                    if payload.get("type") == "IndexedFile":  # nobody waits for these
                        self.pages += 1
                        self.words += int(payload.get("page_word_count") or 0)
                        continue
                    if payload.get("type") == "Error":
                        self.error = self.error or str(payload.get("message"))
                    self._replies[resp.get("message_id") or -1] = payload
                    self._cond.notify_all()
        with self._cond:
            self._replies[-2] = {"type": "Error", "message": "pagefind service exited"}
            self._cond.notify_all()

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._cond:
            self._cond.wait_for(lambda: message_id in self._replies or -2 in self._replies,
                                timeout=TIMEOUT_S)
            return self._replies.pop(message_id, None) or self._replies.get(
                -2, {"type": "Error", "message": "timed out"})

    def finish(self, site_dir: Path) -> SearchIndex:
        """Write the bundle into SITE_DIR/pagefind once every queued page is indexed."""
        try:
            self._queue.put(None)
            self._sender.join(TIMEOUT_S)
            out = site_dir / BUNDLE_DIR
            reply = self._wait(self._send({"type": "WriteFiles", "index_id": self._index_id,
                                           "output_path": str(out)}))
        except (OSError, ValueError) as exc:
            reply = {"type": "Error", "message": str(exc)}
        finally:
            self.close()
        if reply.get("type") == "Error" or self.error or not (out / "pagefind.js").is_file():
            why = self.error or reply.get("message") or "no bundle written"
            return SearchIndex(False, message=f"search is off: pagefind failed ({why})")
        return SearchIndex(True, pages=self.pages, words=self.words,
                           message=f"search on: {self.pages} pages, {self.words} words "
                                   "indexed")

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.close()
            except OSError:
                pass
            self._proc.terminate()
            self._proc.wait(timeout=10)


def live_index() -> LiveIndex | None:
    """A started `LiveIndex`, or None (no pagefind, or its service would not start)."""
    if not available():
        return None
    try:
        return LiveIndex()
    except (OSError, ImportError, ValueError):
        return None
