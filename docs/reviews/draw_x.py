"""Draw held-out review sample X (review 26a): 22 lines, random.Random(20261209).

Run: cd /work/main && PYTHONPATH=src .venv/bin/python docs/reviews/draw_x.py (needs ../shared)
Writes /work/main/docs/reviews/sample-x.txt and prints the pools and the draw. Later samples
use the same draw with their own seed and file (`--seed N --out sample-y.txt`: draw_y.py);
each excludes the samples whose files sort before its own, and the demo list.
"""
from __future__ import annotations

import csv
import gzip
import random
import re
import sys
from pathlib import Path

MAIN = Path('/work/main')
sys.path.insert(0, str(MAIN / 'bench'))
from coverage_gaps import KB, _rank  # noqa: E402

from apothecary.knowledge.default import open_kb  # noqa: E402
from apothecary.names.parse import parse_line, read_list  # noqa: E402
from apothecary.names.resolve import Resolver  # noqa: E402

RAW = Path('/work/shared/examples/generics-raw-sample.txt')
CLEAN = Path('/work/shared/examples/generics-clean-sample.txt')
_args = sys.argv[1:]
OUT = MAIN / 'docs' / 'reviews' / (_args[_args.index('--out') + 1] if '--out' in _args
                                   else 'sample-x.txt')
SEED = int(_args[_args.index('--seed') + 1]) if '--seed' in _args else 20261209

HIGH = ('A10', 'B01A', 'C01', 'N02A', 'N03', 'N05', 'N06', 'H02', 'H03', 'J01G', 'L04', 'M04')
CANCER = ('L01', 'L02')
NUT = ('A11', 'A12', 'B03', 'B05', 'V06', 'A16')
SUPP = re.compile(r'supplement|vitamin|probiotic|micronutrient|trace element|nutri', re.I)

drugs, score = _rank([RAW])
ranked = [i for i, _ in score.most_common() if i in drugs]
kb = open_kb()
res = Resolver(kb)


def codes(i: str) -> list[str]:
    return drugs[i][1].split() if i in drugs else []


def has(i: str, prefixes: tuple[str, ...]) -> bool:
    return any(c.startswith(prefixes) for c in codes(i))


# "resolves to a supplement": a reviewed supplement identity (LF-…) or a drug whose class
# ("kind of medicine") fact calls it a supplement, vitamin, probiotic or micronutrient
classes: dict[str, list[str]] = {}
with gzip.open(KB / 'facts.tsv.gz', 'rt', encoding='utf-8') as fh:
    for row in csv.DictReader(fh, delimiter='\t', quoting=csv.QUOTE_NONE):
        if row['kind'] == 'class':
            classes.setdefault(row['drug_id'], []).append(row['value'])


def supplement(i: str) -> bool:
    return i.startswith('LF-') or any(SUPP.search(v) for v in classes.get(i, []))


def nutrition(i: str) -> bool:
    return has(i, NUT) or supplement(i)


def names_of(text: str) -> list[str]:
    return [p.name.strip() for p in parse_line(text).ingredients if p.name.strip()]


def ids_of(text: str):
    e = res.resolve(0, text)
    return e.status.value, [x.id for x in e.ingredients if x.id]


# -- exclusions: every earlier sample and the demo list ---------------------------
ex_names: set[str] = set()
ex_namesets: set[frozenset[str]] = set()
ex_idsets: set[frozenset[str]] = set()
ex_single_ids: set[str] = set()
prior = sorted(p for p in (MAIN / 'docs' / 'reviews').glob('sample-*.txt') if p.name < OUT.name)
prior.append(MAIN / 'examples' / 'demo.txt')
for path in prior:
    for _, text in read_list(path):
        nm = names_of(text)
        ex_names.add(text.strip().lower())
        ex_names.add(' + '.join(nm).lower())
        status, ids = ids_of(text)
        if len(nm) > 1:
            ex_namesets.add(frozenset(n.lower() for n in nm))
            if ids:
                ex_idsets.add(frozenset(ids))
        elif len(set(ids)) == 1:
            ex_single_ids.add(ids[0])
        elif ids:
            ex_idsets.add(frozenset(ids))
print(f'excluded: {len(prior)} lists, {len(ex_names)} names, {len(ex_single_ids)} single ids, '
      f'{len(ex_idsets)} id sets')


def single_ok(i: str) -> bool:
    name = drugs[i][0]
    if name.lower() in ex_names or i in ex_single_ids:
        return False
    _, ids = ids_of(name)  # the display name as a list line: same medicine under its id?
    return not (len(set(ids)) == 1 and ids[0] in ex_single_ids)


rng = random.Random(SEED)
taken: set[str] = set()

# 1. common singles
pool1 = [i for i in ranked[:400]
         if not has(i, HIGH + CANCER + NUT) and not supplement(i) and single_ok(i)]
g1 = rng.sample(pool1, 6)
taken |= set(g1)
# 2. high-alert singles
pool2 = [i for i in ranked[:1600] if has(i, HIGH) and i not in taken and single_ok(i)]
g2 = rng.sample(pool2, 4)
taken |= set(g2)
# 3. cancer
pool3 = [i for i in ranked[:1600] if has(i, CANCER) and i not in taken and single_ok(i)]
g3 = rng.sample(pool3, 1)
taken |= set(g3)
print(f'pools: common {len(pool1)}, high-alert {len(pool2)}, cancer {len(pool3)}')

# raw-list combinations
combos = []  # (line, ids, all resolved)
seen: set[frozenset[str]] = set()
# (sample ZG: the raw list's combinations nearly used up) the clean sample's lines join them
combo_lists = [RAW, CLEAN] if '--also-clean' in _args else [RAW]
for _, text in (row for path in combo_lists for row in read_list(path)):
    nm = names_of(text)
    if len(nm) < 2:
        continue
    line = ' + '.join(nm)
    status, ids = ids_of(text)
    key = frozenset(n.lower() for n in nm)
    if (line.lower() in ex_names or key in ex_namesets or (ids and frozenset(ids) in ex_idsets)
            or key in seen or (ids and frozenset(ids) in seen)):
        continue
    seen.add(key)
    if ids:
        seen.add(frozenset(ids))
    combos.append((line, ids, status == 'resolved'))

# 4. nutrition: every ingredient resolves and is nutrition; fill with >= half nutrition
pool4 = [c for c in combos if c[2] and all(nutrition(i) for i in c[1])]
g4 = rng.sample(pool4, min(5, len(pool4)))
fill = []
if len(g4) < 5:
    pool4b = [c for c in combos if c not in pool4 and c[1]
              and 2 * sum(nutrition(i) for i in c[1]) >= len(c[1])]
    fill = rng.sample(pool4b, min(5 - len(g4), len(pool4b)))
    print(f'nutrition pool {len(pool4)} (all taken); fill pool {len(pool4b)}:')
    for c in pool4b:
        print('   ', c[0], '(resolved)' if c[2] else '(NOT all resolved)')
    if len(g4) + len(fill) < 5:  # (sample Z: both pools used up) any nutrition ingredient
        pool4c = [c for c in combos if c not in pool4 and c not in pool4b and c[2]
                  and any(nutrition(i) for i in c[1])]
        fill += rng.sample(pool4c, min(5 - len(g4) - len(fill), len(pool4c)))
        print(f'second fill pool (a resolved line with any nutrition ingredient) {len(pool4c)}')
    if len(g4) + len(fill) < 5:  # (sample ZB: every nutrition line used up) any combination
        pool4d = [c for c in combos if c[2] and c not in g4 and c not in fill]
        fill += rng.sample(pool4d, 5 - len(g4) - len(fill))
        print(f'third fill pool (any resolved combination) {len(pool4d)}')
g4 += fill
# 5. other combinations, all ingredients resolvable
pool5 = [c for c in combos if c[2] and c not in pool4 and c not in g4]
g5 = rng.sample(pool5, 6)
print(f'combination pool {len(pool5)}')

lines = [drugs[i][0] for i in g1 + g2 + g3] + [c[0] for c in g4 + g5]
OUT.write_text('\n'.join(lines) + '\n', encoding='utf-8')
for n, (ln) in enumerate(lines, 1):
    extra = ''
    if n <= 11:
        i = (g1 + g2 + g3)[n - 1]
        extra = f'  [{i} {drugs[i][1]} rank {ranked.index(i) + 1} score {score[i]}]'
    print(f'{n:2d} {ln}{extra}')
