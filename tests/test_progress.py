from __future__ import annotations

import io

from apothecary.progress import BuildProgress, summary


def test_plain_progress_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    with BuildProgress(out) as progress:
        for n in range(0, 101):
            progress("rendering", n, 100)
    lines = out.getvalue().splitlines()
    assert lines[0] == "rendering: 0/100" and lines[-1] == "rendering: 100/100"
    assert 2 < len(lines) <= 12  # about every tenth, not one line per page


def test_summary_fits_a_screen_and_groups_reasons() -> None:
    report = {
        "counts": {"input_lines": 9, "pages": 3, "duplicates_merged": 1, "files_written": 5,
                   "files_reused": 4},
        "unresolved": [{"line": i, "input": f"x{i}", "reason": f"unknown ingredient 'x{i}'"}
                       for i in range(4)] + [{"line": 8, "input": "HCl",
                                              "reason": "bare salt 'HCl'"}],
        "invalid": [{"line": 9, "input": "<b>", "reason": "markup"}],
    }
    lines = summary(report, 1.234, "site")
    text = "\n".join(lines)
    assert "3 pages from 9 lines (1 duplicates merged) in 1.23 s" in text
    assert "5 unresolved" in text
    assert any(ln.split() == ["4", "unknown", "ingredient"] for ln in lines)
    assert any(ln.split() == ["1", "bare", "salt"] for ln in lines)
    assert "1 invalid" in text and len(lines) < 20
