"""The files of a site being built, written by a background thread.

File-system calls (mkdir, open, write, link) release the GIL, so handing them to one I/O
thread lets them overlap the rendering of the next pages; on a small VM they are a third
of a full build. Paths are checked and hashed in the caller, so errors about the site's
shape are raised where they happen; an OSError in the thread is raised by `flush`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from queue import Queue

from ..errors import BuildError
from ..render import minify
from .state import is_state

_BATCH = 64  # operations handed to the thread at a time (fewer wake-ups)
_QUEUED = 32  # batches waiting for the thread at most
_Op = tuple[str, str, "str | bytes | None"]


def content_digest(data: bytes) -> str:
    """Whether a file's bytes changed since the last build (BLAKE2b: faster than SHA-256
    in software, and this is change detection, not security)."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


class _IOThread(threading.Thread):
    def __init__(self) -> None:
        super().__init__(name="apothecary-site-io", daemon=True)
        # bounded: when the disk is slower than the rendering, the renderer waits instead
        # of holding the site's bytes in memory
        self.queue: Queue[list[_Op] | threading.Event | None] = Queue(maxsize=_QUEUED)
        self.error: BaseException | None = None
        self.dropping = False  # the build failed: skip what is still queued

    def run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if isinstance(item, threading.Event):
                item.set()
                continue
            if self.error is not None or self.dropping:
                continue  # the build has failed: drop the rest, report the first error
            try:
                for kind, path, arg in item:
                    if kind == "mkdir":
                        os.makedirs(path, exist_ok=True)
                    elif kind == "write":
                        assert isinstance(arg, bytes)
                        write_file(path, arg)
                    else:  # link an unchanged file from the previous site
                        assert isinstance(arg, str)
                        try:
                            os.link(arg, path)
                        except OSError:
                            shutil.copy2(arg, path)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller by flush()
                self.error = exc


class SiteTree:
    """Files for the new site, linked from the previous one whenever the bytes are the same.

    Use as a context manager: leaving it (also on an error) stops the I/O thread, so nothing
    is still writing into a folder that is about to be removed.
    """

    def __init__(self, root: Path, previous: Path, old_files: Mapping[str, str],
                 kept: Path | None = None) -> None:
        """`previous` is the site in place, `kept` where its state is (`state.state_dir`):
        its search documents are linked from there. `old_files` (path → digest) are the
        previous build's files found intact (same size and time) when this build started
        (`state.intact_files`), so they are linked without another look at the disk (a
        file removed since then fails the build, leaving the previous output as it was)."""
        self.root, self.previous, self.old_files = root, previous, old_files
        self.kept = previous if kept is None else kept
        self._previous = os.path.join(str(previous), "")
        self._kept = os.path.join(str(self.kept), "")
        self.files: dict[str, str] = {}
        self.reused = 0
        self._root = str(root)
        self._dirs: set[str] = {""}  # the root itself exists
        self._batch: list[_Op] = []
        self._io = _IOThread()
        self._io.start()

    def __enter__(self) -> SiteTree:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(drop=exc_type is not None)

    def _submit(self, op: _Op) -> None:
        self._batch.append(op)
        if len(self._batch) >= _BATCH:
            self._io.queue.put(self._batch)
            self._batch = []

    def flush(self) -> None:
        """Wait until every file handed over so far is on disk; raise the thread's error."""
        if self._batch:
            self._io.queue.put(self._batch)
            self._batch = []
        done = threading.Event()
        self._io.queue.put(done)
        while not done.wait(0.5):
            if not self._io.is_alive():
                break
        if self._io.error is not None:
            raise self._io.error

    def close(self, drop: bool = False) -> None:
        """Stop the I/O thread; `drop` skips the files still queued (a failed build)."""
        if self._io.is_alive():
            self._batch = []
            self._io.dropping = drop
            self._io.queue.put(None)
            self._io.join()

    def _target(self, rel: str) -> str:
        """The file's path in the new site; plain strings, as this runs for every file."""
        parts = rel.split("/")
        if ("\\" in rel or "\0" in rel or rel in self.files
                or any(p in ("", ".", "..") for p in parts)):
            raise BuildError(f"refusing to write outside the site or twice: {rel!r}")
        folder = "/".join(parts[:-1])
        if folder not in self._dirs:  # one mkdir per folder, not per file
            self._submit(("mkdir", os.path.join(self._root, folder), None))
            self._dirs.add(folder)
        return os.path.join(self._root, rel)

    def adopt(self, files: Mapping[str, str], reused: int = 0) -> None:
        """Record files another process wrote into the same folder (see `workers`)."""
        self.files.update(files)
        self.reused += reused

    def can_link(self, rels: Iterable[str]) -> bool:
        old = self.old_files
        return all(r in old for r in rels)

    def source(self, rel: str) -> Path:
        """Where the previous build's file `rel` is: in its site or, for its state, beside."""
        return (self.kept if is_state(rel) else self.previous) / rel

    def link_old(self, rel: str, checked: bool = False) -> bool:
        """Link `rel` from the previous site (`checked`: can_link just said it can be; a
        file of `old_files` always can, see `__init__`)."""
        digest = self.old_files.get(rel)
        if digest is None:
            return False
        self._submit(("link", self._target(rel),
                      (self._kept if is_state(rel) else self._previous) + rel))
        self.files[rel] = digest
        self.reused += 1
        return True

    def write(self, rel: str, content: str | bytes) -> None:
        if isinstance(content, str) and rel.endswith(".html") and not is_state(rel):
            content = minify.html(content)  # every published page (issue #14, round 11)
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = content_digest(data)
        if self.old_files.get(rel) == digest and self.link_old(rel):
            return
        self._submit(("write", self._target(rel), data))
        self.files[rel] = digest
