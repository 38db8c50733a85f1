"""README claims about the LLM writer's options, each checked against the fake server:
the OPENAI_API_KEY fallback, --llm-tpm, 401/403/404 stopping the build, --no-llm-cache."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from apothecary.cli import cli
from apothecary.errors import LLMError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.writers.base import PageRequest
from apothecary.writers.llm import LLMSettings, LLMWriter, settings_from_options
from apothecary.writers.llmhttp import RateLimiter


def build(runner, fake, tmp_path: Path, kb: Path, *extra: str, env=None, base_url=None):  # type: ignore[no-untyped-def]
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\nWarfarin\n", encoding="utf-8")
    return runner.invoke(cli, [
        "build", str(src), "--out", str(tmp_path / "site"), "--kb", str(kb),
        "--writer", "llm", "--llm-base-url", base_url or fake.base_url, "--llm-model", "fake",
        "--llm-max-attempts", "2", *extra], env=env or {})


def req(kb: KnowledgeBase, drug_id: str) -> PageRequest:
    drug = kb.drug(drug_id)
    assert drug is not None
    return PageRequest(key=drug_id, drugs=[drug], lines=[1], inputs=["x"])


# -- the key: APOTHECARY_LLM_API_KEY, else OPENAI_API_KEY, else none needed -------------------
@pytest.mark.parametrize("env,key", [
    ({"APOTHECARY_LLM_API_KEY": None, "OPENAI_API_KEY": "sk-openai-1"}, "sk-openai-1"),
    ({"APOTHECARY_LLM_API_KEY": "sk-apo-2", "OPENAI_API_KEY": "sk-openai-1"}, "sk-apo-2"),
    ({"APOTHECARY_LLM_API_KEY": None, "OPENAI_API_KEY": None}, "not-needed"),
])
def test_the_key_comes_from_the_environment(
    runner, fake_llm, tmp_path, tiny_kb_path, env, key
):
    result = build(runner, fake_llm, tmp_path, tiny_kb_path, "--no-llm-cache", env=env)
    assert result.exit_code == 0, result.output
    assert [c.key for c in fake_llm.calls] == [key, key]


# -- --llm-tpm: a token window -------------------------------------------------------------
def test_tpm_window_holds_back_a_request_until_tokens_free_up():
    async def scenario() -> list[bool]:
        limiter = RateLimiter(rpm=None, tpm=1000)
        await asyncio.wait_for(limiter.acquire(600), 0.5)  # an empty window lets one through
        limiter.spend(600)
        held = False
        try:
            await asyncio.wait_for(limiter.acquire(600), 0.3)  # 1,200 > 1,000 in the minute
        except TimeoutError:
            held = True
        small = True
        try:
            await asyncio.wait_for(limiter.acquire(300), 0.3)  # 900 fits
        except TimeoutError:
            small = False
        # the spend a minute ago no longer counts
        limiter.spent[0] = (limiter.spent[0][0] - 61, limiter.spent[0][1])
        await asyncio.wait_for(limiter.acquire(600), 0.5)
        return [held, small]

    assert asyncio.run(scenario()) == [True, True]


def test_tpm_is_read_from_the_options_and_applied_by_the_writer(tiny_kb, fake_llm, tmp_path):
    options = {"llm_base_url": fake_llm.base_url, "llm_model": "fake", "llm_tpm": 1.0}
    assert settings_from_options(options).tpm == 1.0
    assert settings_from_options({**options, "llm_tpm": None}).tpm is None
    # one token a minute: the first request goes, the second waits past the deadline
    s = LLMSettings(base_url=fake_llm.base_url, model="fake", cache_dir=None, tpm=1.0,
                    concurrency=1, deadline=1.0, backoff=0.01)
    pages = LLMWriter(tiny_kb, s).write_pages([req(tiny_kb, "DB00316"), req(tiny_kb, "DB00682")])
    assert sorted((p.writer, p.fallback_reason) for p in pages) == [
        ("llm", None), ("template", "deadline")]
    assert len(fake_llm.calls) == 1


# -- 401, 403 and 404 stop the build with one line -----------------------------------------
@pytest.mark.parametrize("status", ["401", "403", "404"])
def test_refusals_of_the_endpoint_stop_the_build(
    runner, fake_llm, tmp_path, tiny_kb_path, status
):
    fake_llm.script("", [status])
    with pytest.raises(LLMError, match=f"refused the request \\({status}\\)"):
        LLMWriter(KnowledgeBase(tiny_kb_path), LLMSettings(
            base_url=fake_llm.base_url, model="fake", cache_dir=None, max_attempts=3,
        )).write_pages([req(KnowledgeBase(tiny_kb_path), "DB00316")])
    assert len(fake_llm.calls) == 1  # never retried
    fake_llm.reset()
    fake_llm.script("", [status])
    result = build(runner, fake_llm, tmp_path, tiny_kb_path, "--no-llm-cache")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: ") and f"({status})" in lines[-1]
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_a_wrong_endpoint_path_is_a_404_stop(runner, fake_llm, tmp_path, tiny_kb_path):
    wrong = fake_llm.base_url.removesuffix("/v1") + "/not-v1"
    result = build(runner, fake_llm, tmp_path, tiny_kb_path, "--no-llm-cache", base_url=wrong)
    assert result.exit_code == 1 and "(404)" in result.output
    assert {c.status for c in fake_llm.calls} == {404} and len(fake_llm.calls) <= 2


# -- --no-llm-cache: neither read nor written ------------------------------------------------
def test_no_llm_cache_neither_reads_nor_writes(runner, fake_llm, tmp_path, tiny_kb_path):
    cache = tmp_path / "cache"
    first = build(runner, fake_llm, tmp_path, tiny_kb_path, "--llm-cache", str(cache))
    assert first.exit_code == 0, first.output
    stored = sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file())
    assert len(fake_llm.calls) == 2 and len(stored) == 2
    # a cached answer exists for both pages, yet --no-llm-cache asks again
    again = build(runner, fake_llm, tmp_path, tiny_kb_path, "--llm-cache", str(cache),
                  "--no-llm-cache", "--llm-retry-failed")
    assert again.exit_code == 0, again.output
    report = json.loads((tmp_path / "site" / "build-report.json").read_text(encoding="utf-8"))
    assert len(fake_llm.calls) == 4
    assert {p["writer"] for p in report["pages"]} == {"llm"}
    assert sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file()) == stored
    # the default cache folder (APOTHECARY_CACHE_DIR, see conftest) is not written either
    (tmp_path / "fresh").mkdir()
    third = runner.invoke(cli, [
        "build", str(tmp_path / "list.txt"), "--out", str(tmp_path / "fresh" / "site"),
        "--kb", str(tiny_kb_path), "--writer", "llm", "--llm-base-url", fake_llm.base_url,
        "--llm-model", "fake", "--no-llm-cache"], env={"APOTHECARY_CACHE_DIR":
                                                      str(tmp_path / "fresh" / "c")})
    assert third.exit_code == 0, third.output
    assert not (tmp_path / "fresh" / "c").exists()
