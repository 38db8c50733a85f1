"""Work kept between builds, never published: each ingredient's monograph, which depends
on the knowledge base and the code alone.

A build of a changed list (one line added, another output folder, another format) would
otherwise select, rank and word every ingredient's facts again: a sixth of a full build.
The cache lives in the user's cache folder (`monographs/` in APOTHECARY_CACHE_DIR, else
~/.cache/apothecary, like the compiled knowledge base), not beside the site, so nothing
but the site is left where it is built: one folder per knowledge base and code
fingerprint (the few used last are kept), one file per ingredient. Files are pickles (the
models keep fields JSON leaves out) read back by an unpickler that builds nothing but the
monograph's own models, so a damaged or planted file is a miss, never code run; every
write is atomic, so processes building at once never see half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

from ..knowledge.default import cache_dir
from ..monographs import model
from ..monographs.compose import MonographBuilder
from ..monographs.model import Monograph

CACHE_DIR = "monographs"  # in the user's cache folder
NO_CACHE_ENV = "APOTHECARY_NO_CACHE"  # set (to anything) to build without the cache
KEEP = 4  # build environments (KB, licences, code) whose monographs are kept
_FORMAT = b"apothecary-monograph-1\n"
_MODELS = {name: getattr(model, name) for name in
           ("Monograph", "Item", "EffectGroup", "Partner", "SafetyItem")}


class _Unpickler(pickle.Unpickler):
    """Builds only the monograph models: anything else in a file makes it a miss."""

    def find_class(self, module: str, name: str) -> Any:
        if module == model.__name__ and name in _MODELS:
            return _MODELS[name]
        raise pickle.UnpicklingError(f"not a monograph: {module}.{name}")


def _file_name(key: str) -> str:
    """A safe file name for any key (ids are KB keys, but never trust a path to one)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest() + ".pickle"


class MonographCache:
    """A `MonographStore` in one folder; every failure to read or write is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._ready = False

    def get(self, key: str) -> Monograph | None:
        try:
            with open(self.folder / _file_name(key), "rb") as f:
                data = f.read()
        except OSError:
            return None
        if not data.startswith(_FORMAT):
            return None
        try:
            got = _Unpickler(io.BytesIO(data[len(_FORMAT):])).load()
        except Exception:  # noqa: BLE001 - any damage: build the monograph again
            return None
        # a file under another key's name (a copied file) is a miss too
        ok = isinstance(got, Monograph) and got.drug_id == key.partition("\0")[0]
        return got if ok else None

    def put(self, key: str, monograph: Monograph) -> None:
        path = self.folder / _file_name(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            if not self._ready:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._ready = True
            tmp.write_bytes(_FORMAT + pickle.dumps(monograph, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()


def attach(writer: object, key: str, root: Path | None = None) -> MonographCache | None:
    """Give the writer's monograph builder a cache for this build environment (`key`: the
    KB and code fingerprints); a writer without one, or APOTHECARY_NO_CACHE, gets none.
    Only the KEEP environments used last are kept (old code's caches are never read again)."""
    builder = getattr(writer, "monographs", None)
    if not isinstance(builder, MonographBuilder) or os.environ.get(NO_CACHE_ENV):
        return None
    name = hashlib.sha256(key.encode()).hexdigest()[:32]
    root = root or cache_dir() / CACHE_DIR
    with contextlib.suppress(OSError):
        (root / name).mkdir(parents=True, exist_ok=True)
        os.utime(root / name)  # used now
        used = sorted((p for p in root.iterdir() if p.is_dir()),
                      key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in used[KEEP:]:
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
    cache = MonographCache(root / name)
    builder.store = cache
    return cache
