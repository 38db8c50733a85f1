"""Forked helper processes for the build: the page work split over the machine's cores.

Writing and rendering a page are pure Python and CPU-bound, so threads would share one
core. A forked child inherits the knowledge base, the writer and everything planned so
far for free, writes its share of the pages straight into the build folder and sends back
only small summaries (pickled over a pipe). Progress is a counter in shared memory.

Any failure in a child comes back as a message and is raised in the parent as a
`BuildError`; a child that dies without a word is noticed on the pipe. The parent stops
its children whenever it leaves (also on Ctrl+C), so nothing keeps writing into a folder
that is about to be removed.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ..errors import BuildError

POLL_S = 0.1


def cpu_count() -> int:
    """The cores this process may run on (not the machine's count, under a CPU limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


class Channel:
    """The child's end: `send` a message to the parent, `recv` one from it."""

    def __init__(self, conn: Connection, counter: Any) -> None:
        self._conn, self._counter = conn, counter

    def send(self, kind: str, data: Any = None) -> None:
        self._conn.send((kind, data))

    def recv(self) -> Any:
        return self._conn.recv()

    def tick(self, n: int) -> None:
        self._counter.value += n


class Worker:
    """One forked child running `target(channel)`; use as a context manager."""

    def __init__(self, target: Callable[[Channel], None], name: str = "apothecary-worker"):
        ctx = mp.get_context("fork")
        self.counter = ctx.RawValue("q", 0)  # pages done, for the progress bar
        self._conn, child_conn = ctx.Pipe()

        def main() -> None:
            self._conn.close()
            channel = Channel(child_conn, self.counter)
            try:
                target(channel)
            except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
                detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                try:
                    channel.send("error", detail or type(exc).__name__)
                except OSError:
                    pass
                os._exit(1)
            os._exit(0)

        self._proc = ctx.Process(target=main, name=name, daemon=True)
        self._proc.start()
        child_conn.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def done(self) -> int:
        return int(self.counter.value)

    def send(self, data: Any) -> None:
        try:
            self._conn.send(data)
        except OSError as exc:
            raise BuildError(f"a build worker stopped early ({exc})") from exc

    def wait(self, kind: str, idle: Callable[[], None] | None = None) -> Any:
        """The child's next message, which must be of this kind; `idle` runs while waiting."""
        while not self._conn.poll(POLL_S):
            if idle is not None:
                idle()
            if not self._proc.is_alive() and not self._conn.poll(0):
                raise BuildError(
                    f"a build worker died (exit code {self._proc.exitcode})")
        try:
            got, data = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise BuildError(f"a build worker died (exit code {self._proc.exitcode})") from exc
        if got == "error":
            raise BuildError(f"a build worker failed: {data}")
        if got != kind:
            raise BuildError(f"a build worker sent {got!r} instead of {kind!r}")
        return data

    def stop(self) -> None:
        """End the child: politely if it has finished, else terminate it."""
        try:
            self._conn.close()
        except OSError:
            pass
        self._proc.join(timeout=0.5 if self._proc.is_alive() else None)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout=5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
