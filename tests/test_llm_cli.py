"""`apothecary build --writer llm` end to end, against the fake OpenAI-compatible server."""

from __future__ import annotations

import json
from pathlib import Path

from apothecary.cli import cli
from apothecary.render import jsonapi4
from sitekit import quoted

LIST = """\
# a small list
Paracetamol
Amoxycillin + Clavulanic Acid
'Clavulanic Acid (125mg)', 'Amoxicillin trihydrate (500mg)'
Warfarin Sodium
Hydroxyzine
Zzqxium forte
"""


def run_build(runner, fake, tmp_path: Path, kb: Path, *extra: str):  # type: ignore[no-untyped-def]
    src = tmp_path / "list.txt"
    src.write_text(LIST, encoding="utf-8")
    args = ["build", str(src), "--out", str(tmp_path / "site"), "--kb", str(kb),
            "--writer", "llm", "--llm-base-url", fake.base_url, "--llm-model", "fake",
            "--llm-cache", str(tmp_path / "cache"), *extra]
    result = runner.invoke(cli, args, env={"APOTHECARY_LLM_API_KEY": "test-key"})
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "site" / "build-report.json").read_text(encoding="utf-8"))


def test_build_with_llm_writer_reports_writer_claims_and_usage(
    runner, fake_llm, tmp_path, tiny_kb_path
):
    fake_llm.script("hydroxyzine", ["refuse"])
    fake_llm.script("warfarin", ["invent"])
    report = run_build(runner, fake_llm, tmp_path, tiny_kb_path)
    pages = {p["title"]: p for p in report["pages"]}
    assert len(pages) == 4  # the two amoxicillin/clavulanate lines share one page
    assert pages["Hydroxyzine"]["writer"] == "template"
    assert pages["Hydroxyzine"]["fallback_reason"] == "refused"
    assert report["llm_fallbacks"] == {"refused": 1}
    assert "fallback_reason" not in pages["Paracetamol"]
    assert pages["Paracetamol"]["writer"] == "llm"
    for p in report["pages"]:
        assert set(p["claims"]) == {"supported", "removed", "unverified"}
    assert pages["Warfarin"]["claims"]["removed"] == 3
    assert pages["Paracetamol"]["claims"]["supported"] > 0
    assert report["counts"]["llm_requests"] == len(fake_llm.calls) == 4
    assert report["counts"]["llm_tokens"] == sum(c.tokens for c in fake_llm.calls)
    assert [u["input"] for u in report["unresolved"]] == ["Zzqxium forte"]
    # the server saw the key from the environment and never the unresolved line
    assert [c.key for c in fake_llm.calls] == ["test-key"] * 4
    assert all("Zzqxium" not in json.dumps(c.body) for c in fake_llm.calls)
    html = (tmp_path / "site" / pages["Warfarin"]["html"]).read_text(encoding="utf-8")
    assert "500 mg" not in html and "liver damage" not in html


def test_rebuild_makes_no_requests(runner, fake_llm, tmp_path, tiny_kb_path):
    run_build(runner, fake_llm, tmp_path, tiny_kb_path)
    sent = len(fake_llm.calls)
    assert sent > 0
    report = run_build(runner, fake_llm, tmp_path, tiny_kb_path)
    assert len(fake_llm.calls) == sent
    assert report["counts"]["llm_requests"] == 0
    # a fresh output folder still needs no request: the answers are cached
    (tmp_path / "site2").mkdir()
    src = tmp_path / "list.txt"
    result = runner.invoke(cli, [
        "build", str(src), "--out", str(tmp_path / "site2"), "--kb", str(tiny_kb_path),
        "--writer", "llm", "--llm-base-url", fake_llm.base_url, "--llm-model", "fake",
        "--llm-cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert len(fake_llm.calls) == sent
    again = json.loads((tmp_path / "site2" / "build-report.json").read_text(encoding="utf-8"))
    assert again["counts"]["llm_requests"] == 0
    assert {p["writer"] for p in again["pages"]} == {"llm"}


def test_lenient_claims_are_marked_on_the_page(runner, fake_llm, tmp_path, tiny_kb_path):
    fake_llm.script("warfarin", ["invent"])
    report = run_build(runner, fake_llm, tmp_path, tiny_kb_path, "--claims", "lenient")
    page = next(p for p in report["pages"] if p["title"] == "Warfarin")
    assert page["claims"]["unverified"] == 3 and page["claims"]["removed"] == 0
    api = jsonapi4.read(tmp_path / "site", page["json"])
    assert "liver damage" in json.dumps(api)
    html = quoted((tmp_path / "site" / page["html"]).read_text(encoding="utf-8"))
    assert "liver damage" in html and 'class="unverified"' in html
    md = (tmp_path / "site" / page["jekyll"]).read_text(encoding="utf-8")
    assert "liver damage" in md and "(unverified)" in md


def test_llm_writer_needs_url_and_model(runner, tmp_path, tiny_kb_path):
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(src), "--out", str(tmp_path / "s"),
                                 "--kb", str(tiny_kb_path), "--writer", "llm"],
                           env={"APOTHECARY_LLM_BASE_URL": "", "APOTHECARY_LLM_MODEL": ""})
    assert result.exit_code == 1
    assert "--llm-base-url" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "s").exists()


def test_progress_shows_live_llm_counts():
    import io

    from apothecary.progress import BuildProgress

    counts = {"llm_requests": 0, "llm_tokens": 0}
    out = io.StringIO()
    with BuildProgress(stream=out, force_plain=True, usage=lambda: dict(counts)) as progress:
        progress("writing", 0, 2)
        counts.update(llm_requests=3, llm_tokens=1234)
        progress("writing", 2, 2)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "writing: 2/2  (requests: 3  tokens: 1,234)"
