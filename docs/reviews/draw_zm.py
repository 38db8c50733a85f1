"""Draw held-out review sample ZM (review 41): draw_x.py's draw, random.Random(20261216).

Run: cd /work/main && PYTHONPATH=src .venv/bin/python docs/reviews/draw_zm.py (needs ../shared)
Writes /work/main/docs/reviews/sample-zm.txt and prints the pools and the draw.
"""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

sys.argv = [sys.argv[0], '--seed', '20261216', '--out', 'sample-zm.txt', '--also-clean']
runpy.run_path(str(Path(__file__).with_name('draw_x.py')), run_name='__main__')
