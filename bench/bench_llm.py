"""Pages per minute: the LLM writer against the original generator's batching strategy.

Both talk to the same fake OpenAI-compatible server (tests/fakellm.py) that answers every
request after a fixed latency, under the same requests-per-minute limit. The original
generator sent batches of 5 parallel requests and slept 2 seconds between batches; the LLM
writer keeps up to --concurrency requests in flight and paces them by the rate limit only.

    .venv/bin/python bench/bench_llm.py [--pages 40] [--latency 0.5] [--rpm 240]

With --always-429 N it instead times N pages against a server that answers every request
429 with `Retry-After: 3600` (default settings: Retry-After capped, pauses shared).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import openai

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from apothecary.knowledge.default import open_kb  # noqa: E402
from apothecary.knowledge.store import KnowledgeBase  # noqa: E402
from apothecary.writers import prompt  # noqa: E402
from apothecary.writers.base import PageRequest  # noqa: E402
from apothecary.writers.llm import LLMSettings, LLMWriter, RateLimiter  # noqa: E402
from fakellm import FakeLLM  # noqa: E402


def page_requests(kb: KnowledgeBase, n: int) -> list[PageRequest]:
    """The first n drugs (by name) that have facts of every prose kind."""
    out = []
    for drug in kb.drugs():
        kinds = {f.kind for f in kb.facts(drug.id)}
        if {"use", "side_effect", "class"} <= kinds:
            out.append(PageRequest(key=drug.id, drugs=[drug]))
            if len(out) == n:
                break
    return out


async def original_strategy(
    kb: KnowledgeBase, requests: list[PageRequest], base_url: str, rpm: float | None
) -> int:
    """Batches of 5 parallel requests, a 2-second pause after each batch (the old generator)."""
    client = openai.AsyncOpenAI(base_url=base_url, api_key="bench", max_retries=0)
    limiter = RateLimiter(rpm, None)
    names = kb.drug_names()
    done = 0

    async def one(req: PageRequest) -> None:
        nonlocal done
        facts = prompt.select_facts([f for d in req.drugs for f in kb.facts(d.id)])
        await limiter.acquire()
        await client.chat.completions.create(
            model="fake", messages=prompt.build_messages(req.drugs, facts, names),  # type: ignore[arg-type]
        )
        done += 1

    for i in range(0, len(requests), 5):
        await asyncio.gather(*(one(r) for r in requests[i : i + 5]))
        if i + 5 < len(requests):
            await asyncio.sleep(2)
    await client.close()
    return done


def always_429(kb: KnowledgeBase, n: int) -> None:
    """N pages against a server that rate-limits every request with a one-hour Retry-After."""
    requests = page_requests(kb, n)
    with FakeLLM(retry_after="3600") as fake:
        fake.script("", ["429"])
        writer = LLMWriter(kb, LLMSettings(base_url=fake.base_url, model="fake", cache_dir=None))
        writer.verifier()
        t = time.perf_counter()
        pages = writer.write_pages(requests)
        took = time.perf_counter() - t
    reasons = sorted({p.fallback_reason or "" for p in pages})
    print(f"{len(pages)} pages, every request 429 (Retry-After 3600): {took:.1f} s, "
          f"{len(fake.calls)} requests, fell back: {reasons}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--latency", type=float, default=0.5, help="seconds per fake answer")
    ap.add_argument("--rpm", type=float, default=240, help="requests per minute, both sides")
    ap.add_argument("--concurrency", type=int, default=8, help="LLM writer requests in flight")
    ap.add_argument("--always-429", type=int, default=0, metavar="N",
                    help="time N pages against a server answering only 429")
    args = ap.parse_args()

    kb = open_kb()
    if args.always_429:
        always_429(kb, args.always_429)
        return
    requests = page_requests(kb, args.pages)
    print(f"{len(requests)} pages, fake latency {args.latency}s, rate limit {args.rpm:g}/min")
    with FakeLLM(latency=args.latency) as fake:
        t = time.perf_counter()
        asyncio.run(original_strategy(kb, requests, fake.base_url, args.rpm))
        old = time.perf_counter() - t
        n_old = len(fake.calls)
        fake.reset()

        settings = LLMSettings(base_url=fake.base_url, model="fake", cache_dir=None,
                               concurrency=args.concurrency, rpm=args.rpm)
        writer = LLMWriter(kb, settings)
        writer.verifier()  # the vocabulary is built once per build: not part of the rate
        t = time.perf_counter()
        pages = writer.write_pages(requests)
        new = time.perf_counter() - t
        llm_pages = sum(1 for p in pages if p.writer == "llm")
        claims = [p.claims for p in pages]

    old_ppm, new_ppm = n_old / old * 60, len(pages) / new * 60
    print(f"original (batches of 5, 2 s pause): {old:6.1f} s  {old_ppm:7.1f} pages/min")
    print(f"LLM writer (concurrency {args.concurrency}):        {new:6.1f} s  "
          f"{new_ppm:7.1f} pages/min  ({llm_pages} written by the model, "
          f"max {fake.max_in_flight} in flight)")
    print(f"ratio: {new_ppm / old_ppm:.1f}x")
    print(f"claims: {sum(c.supported for c in claims)} supported, "
          f"{sum(c.removed for c in claims)} removed; requests {writer.usage()}")


if __name__ == "__main__":
    main()
