"""Replacing DIR safely: one build at a time, never over someone else's files, and an
atomic swap that a killed build can be recovered from.

The site is written into a folder beside DIR and swapped in only when complete, so a
failed or interrupted build leaves the previous output untouched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..render import search
from .state import (
    MANIFEST,
    MARKER,
    REPORT,
    STAMPS,
    is_state,
    new_id,
    prune,
    read_manifest,
    read_stamps,
    stash,
    state_dir,
    state_id,
    write_stamps,
)


def check_out_dir(out_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Never swap away a folder that is not wholly a previous build: that would lose
    someone's files. A build's folder holds only the files its manifest lists, the report,
    the marker naming its state (see `state`) and the search bundle; anything else means
    it is not ours. Returns the previous build's manifest and stamps (empty for a new
    folder)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"output is not a folder: {out_dir}")
    if not out_dir.is_dir() or not any(out_dir.iterdir()):
        return {}, {}
    moved = state_id(out_dir) is not None
    manifest = read_manifest(out_dir)
    files = manifest.get("files")
    if not isinstance(files, dict) or not isinstance(manifest.get("fingerprint"), str):
        if moved:
            raise BuildError(
                f"refusing to replace {out_dir}: its build state {state_dir(out_dir)} is "
                "missing or damaged, so its files cannot be told from others; remove the "
                "folder or choose another output folder")
        raise BuildError(
            f"refusing to replace {out_dir}: it is not empty and not an apothecary build")
    stamps = read_stamps(out_dir)
    # a site whose state moved out holds none of it; an older one holds it all
    ours = {r for r in (*files, *stamps) if not (moved and is_state(r))}
    ours |= {REPORT, MARKER} if moved else {MANIFEST, REPORT, STAMPS}
    cut = len(os.path.join(str(out_dir), ""))  # relative paths by slicing: relpath is slow
    for dirpath, dirnames, names in os.walk(out_dir):
        dirnames.sort()
        for name in sorted(names):
            rel = os.path.join(dirpath, name)[cut:].replace(os.sep, "/")
            if rel not in ours and not rel.startswith(f"{search.BUNDLE_DIR}/"):
                raise BuildError(
                    f"refusing to replace {out_dir}: it holds files apothecary did not write "
                    f"(e.g. {rel!r}); move them or choose another output folder")
    return manifest, stamps


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build per output folder at a time: a second one stops with a clear error
    instead of mixing pages of two builds."""
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    try:
        fh = open(lock_path, "a+b")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise BuildError(f"cannot write beside {out_dir}: {exc.strerror or exc}") from exc
    busy = BuildError(f"another build is writing {out_dir}; wait for it to finish")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise busy from exc
        try:  # the lock file may have been removed by the build that just ended
            same = os.stat(lock_path).st_ino == os.fstat(fh.fileno()).st_ino
        except OSError:
            same = False
        if not same:
            raise busy
        try:
            yield
        finally:
            lock_path.unlink(missing_ok=True)  # still held: no one else is between these
    finally:
        fh.close()


def recover(out_dir: Path) -> None:
    """A build killed between the two renames of the swap leaves DIR missing and the
    previous site as `.DIR.old-PID`: put it back before anything else is touched."""
    if out_dir.exists():
        return
    olds = []
    for p in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        pid = p.name.rpartition("-")[2]
        if pid.isdigit() and p.is_dir() and not _pid_alive(int(pid)):
            olds.append(p)
    if olds:
        newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
        os.rename(newest, out_dir)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def remove_stale(out_dir: Path) -> None:
    """Folders left beside DIR by a build that was killed outright (no chance to clean up);
    call after recover, so a previous site is never among them."""
    for p in out_dir.parent.glob(f".{out_dir.name}.*-*"):
        kind, _, pid = p.name.removeprefix(f".{out_dir.name}.").partition("-")
        if kind == "old" and not out_dir.exists():
            continue
        if kind in ("building", "old") and pid.isdigit() and p.is_dir() \
                and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


FAULT_ENV = "APOTHECARY_FAULT_AT"  # tests: kill the build at this point of the swap


def fault(point: str) -> None:
    """Fault injection for the crash tests: SIGKILL this process at `point` when asked."""
    if os.environ.get(FAULT_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def swap(tmp: Path, out_dir: Path) -> None:
    """Put the finished site in place. Safe at every instant: before the first rename the
    old site is whole; between the two renames it is `.DIR.old-PID`, which the next build
    renames back (recover); after the second the new site is whole."""
    fault("before-swap")
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    had_old = out_dir.exists()
    if had_old:
        if old.exists():
            shutil.rmtree(old)
        os.rename(out_dir, old)
    fault("between-renames")
    try:
        os.rename(tmp, out_dir)
    except BaseException:
        if had_old:
            os.rename(old, out_dir)
        raise
    fault("after-swap")
    if had_old:
        shutil.rmtree(old, ignore_errors=True)



def install(tmp: Path, out_dir: Path) -> None:
    """Put a finished build in place: its state beside DIR under a new id, named by the
    marker in the site, then the site itself (`swap`); states no site names go last."""
    sid = new_id()
    (tmp / MARKER).write_text(sid + "\n", encoding="utf-8")
    write_stamps(tmp)  # before the state moves out: renames keep sizes and times
    stash(tmp, out_dir, sid)
    swap(tmp, out_dir)
    prune(out_dir)
