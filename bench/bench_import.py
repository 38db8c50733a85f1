"""Benchmark `apothecary kb import openfda` on a generated stream of label-shaped records.

Writes N records (default 100,000) built from the real fixture labels (tests/fixtures/sources/
openfda-labels: public domain) into a temporary bulk part (`.json.zip`, one JSON document, as
openFDA ships them) or JSON Lines, each with a fresh set id and date and an ingredient set drawn
from the knowledge base's drug names (one in five a combination, one in twenty an unknown
name), then runs the import in a child process and prints records/s and its peak memory.
The records are written by another child process: a child's peak RSS on Linux includes its
parent's at fork time, so the parent stays small.

    .venv/bin/python bench/bench_import.py [--records 100000] [--form zip|jsonl] [--kb FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "tests" / "fixtures" / "sources" / "openfda-labels" / "labels.jsonl"
TRIM = 1500  # characters kept of each section (the fixture records are cut to this already)


def templates() -> list[dict[str, Any]]:
    out = []
    for line in TEMPLATES.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for k, v in list(rec.items()):
            if isinstance(v, list):
                rec[k] = [s[:TRIM] if isinstance(s, str) else s for s in v]
        out.append(rec)
    return out


def drug_names(kb: Path, n: int = 3000) -> list[str]:
    conn = sqlite3.connect(kb)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM drugs WHERE id IN (SELECT DISTINCT drug_id FROM facts) ORDER BY id")]
    conn.close()
    return names[:n]


def records(count: int, names: list[str], seed: int = 7) -> Any:
    rng = random.Random(seed)
    base = templates()
    for n in range(count):
        rec = dict(rng.choice(base))
        rec["set_id"] = str(uuid.UUID(int=rng.getrandbits(128)))
        rec["effective_time"] = f"{rng.randint(2006, 2026)}{rng.randint(1, 12):02d}01"
        k = 2 if n % 5 == 0 else 1
        subs = [s.upper() for s in rng.sample(names, k)]
        if n % 20 == 0:
            subs = [f"UNKNOWNIUM {n}"]
        block = dict(rec.get("openfda") or {})
        block["substance_name"] = subs
        block.pop("unii", None)
        block.setdefault("product_type", ["HUMAN OTC DRUG" if n % 2 else
                                          "HUMAN PRESCRIPTION DRUG"])
        rec["openfda"] = block
        yield rec


def write_stream(fh: IO[bytes], count: int, names: list[str], form: str) -> None:
    if form == "zip":
        fh.write(b'{\n "meta": {"results": {"total": %d}},\n "results": [\n' % count)
    for n, rec in enumerate(records(count, names)):
        text = json.dumps(rec, ensure_ascii=False)
        if form == "zip":
            text = ("  " if n == 0 else ",\n  ") + text
        else:
            text += "\n"
        fh.write(text.encode("utf-8"))
    if form == "zip":
        fh.write(b"\n ]\n}\n")


IMPORT = """
import resource, sys
from apothecary.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="apothecary", standalone_mode=False)
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def generate(src: Path, count: int, base: Path, form: str) -> None:
    """Write the records to `src` (run in a child process, see the module docstring)."""
    names = drug_names(base)
    if form == "zip":
        with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            with zf.open(src.name.removesuffix(".zip"), "w", force_zip64=True) as fh:
                write_stream(fh, count, names, "zip")
    else:
        with src.open("wb") as fh:
            write_stream(fh, count, names, "jsonl")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--form", choices=["zip", "jsonl"], default="zip")
    ap.add_argument("--kb", type=Path, default=None, help="base KB (default: the shipped one)")
    ap.add_argument("--write-to", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    # the shipped KB is compiled on first use (a few hundred MB): in a child, like the rest
    base = args.kb or Path(subprocess.run(
        [sys.executable, "-c", "from apothecary.knowledge.default import default_kb_path; "
         "print(default_kb_path())"], capture_output=True, text=True, check=True).stdout.strip())
    if args.write_to is not None:
        generate(args.write_to, args.records, base, args.form)
        return
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        name = "drug-label-0001-of-0001.json.zip" if args.form == "zip" else "labels.jsonl"
        src = folder / name
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--records", str(args.records), "--form",
                        args.form, "--kb", str(base), "--write-to", str(src)], check=True)
        raw = zipfile.ZipFile(src).infolist()[0].file_size if args.form == "zip" \
            else src.stat().st_size
        print(f"generated {args.records:,} records ({raw / 1e6:.0f} MB of JSON, "
              f"{src.stat().st_size / 1e6:.0f} MB on disk) in {time.perf_counter() - t0:.1f} s")
        out, report = folder / "kb.sqlite", folder / "report.json"
        cmd = [sys.executable, "-c", IMPORT, "kb", "import", "openfda", str(src),
               "--out", str(out), "--kb", str(base), "--report", str(report)]
        t1 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t1
        if proc.returncode != 0:
            sys.exit(proc.stderr or proc.stdout)
        peak = int(proc.stderr.strip().splitlines()[-1]) / 1024
        print(proc.stdout.strip())
        print(f"import: {wall:.1f} s wall, {args.records / wall:,.0f} records/s, "
              f"peak memory {peak:.0f} MB (max RSS of the import process)")


if __name__ == "__main__":
    main()
