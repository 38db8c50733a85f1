"""The LLM writer: prose pages from any OpenAI-compatible endpoint, checked against the facts.

Every page starts as the template writer's page (title, slug, interactions, sources,
disclaimer); the model rewrites the prose sections and FAQs from the facts it is given, and
only what `verify.Verifier` accepts is published. A page the model cannot write (refusal,
malformed output after retries, endpoint down) stays the template page, marked so.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import re
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import openai
from pydantic import ValidationError

from ..errors import LLMError
from ..knowledge.default import cache_dir
from ..knowledge.store import KnowledgeBase
from ..models import FAQ, Fact, Page, Section, Statement
from . import prompt
from .base import PageRequest, Progress, Writer
from .verify import (
    CONDITION_KINDS,
    ClaimsMode,
    Grounding,
    NonAnswer,
    StructureError,
    Verifier,
    Vocabulary,
    find_non_answer,
)

DUMMY_KEY = "not-needed"
MAX_RETRY_AFTER = 120.0


def default_cache_dir() -> Path:
    """The answer cache lives beside the compiled knowledge base, under the same settings."""
    return cache_dir() / "llm"


def api_key_from_env() -> str:
    """APOTHECARY_LLM_API_KEY, else OPENAI_API_KEY, else a dummy (local servers need none)."""
    return (
        os.environ.get("APOTHECARY_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY") or DUMMY_KEY
    )


@dataclass
class LLMSettings:
    """Everything `--llm-*` sets; the defaults suit a hosted API at modest tiers."""

    base_url: str
    model: str
    api_key: str | None = None  # None: from the environment
    concurrency: int = 4
    rpm: float | None = None  # requests per minute
    tpm: float | None = None  # tokens per minute
    timeout: float = 120.0  # seconds per request
    max_attempts: int = 4
    backoff: float = 1.0  # first retry delay, doubled each attempt (with jitter)
    backoff_max: float = 30.0
    claims: ClaimsMode = "strict"
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None: no cache
    temperature: float = 0.2
    max_tokens: int = 2500
    structured: bool = True  # send response_format=json_schema


def settings_from_options(options: dict[str, Any]) -> LLMSettings:
    """LLMSettings from the `build` command's --llm-* and --claims options."""
    base_url, model = options.get("llm_base_url"), options.get("llm_model")
    if not base_url or not model:
        raise LLMError("--writer llm needs --llm-base-url URL and --llm-model NAME "
                       "(or APOTHECARY_LLM_BASE_URL and APOTHECARY_LLM_MODEL)")
    if not re.match(r"^https?://[^\s/]+", base_url):
        raise LLMError(f"--llm-base-url must be an http(s) URL, got {base_url!r}")
    cache: Path | None = options.get("llm_cache") or default_cache_dir()
    if options.get("no_llm_cache"):
        cache = None
    return LLMSettings(
        base_url=base_url, model=model,
        concurrency=options.get("llm_concurrency") or 4,
        rpm=options.get("llm_rpm"), tpm=options.get("llm_tpm"),
        timeout=options.get("llm_timeout") or 120.0,
        max_attempts=options.get("llm_max_attempts") or 4,
        claims=options.get("claims") or "strict",
        cache_dir=cache,
    )


class MalformedOutput(ValueError):
    """The answer was not the JSON object asked for (retried)."""


class RateLimiter:
    """Requests-per-minute pacing, a tokens-per-minute window and a shared Retry-After pause."""

    def __init__(self, rpm: float | None, tpm: float | None) -> None:
        self.interval = 60.0 / rpm if rpm else 0.0
        self.tpm = tpm
        self.next_at = 0.0
        self.paused_until = 0.0
        self.spent: deque[tuple[float, int]] = deque()
        self.lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    def spend(self, tokens: int) -> None:
        self.spent.append((time.monotonic(), tokens))

    def _tpm_wait(self, now: float, estimate: int) -> float:
        if not self.tpm:
            return 0.0
        while self.spent and self.spent[0][0] <= now - 60:
            self.spent.popleft()
        used = sum(n for _, n in self.spent)
        if not self.spent or used + estimate <= self.tpm:
            return 0.0
        return self.spent[0][0] + 60 - now

    async def acquire(self, estimate: int = 0) -> None:
        async with self.lock:
            while True:
                now = time.monotonic()
                wait = max(
                    self.next_at - now, self.paused_until - now, self._tpm_wait(now, estimate)
                )
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self.next_at = max(now, self.next_at) + self.interval


def retry_after(exc: openai.APIStatusError) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    headers = exc.response.headers
    try:
        if ms := headers.get("retry-after-ms"):
            return min(float(ms) / 1000, MAX_RETRY_AFTER)
        if value := headers.get("retry-after"):
            try:
                return min(float(value), MAX_RETRY_AFTER)
            except ValueError:
                delta = parsedate_to_datetime(value).timestamp() - time.time()
                return min(max(delta, 0.0), MAX_RETRY_AFTER)
    except (TypeError, ValueError):
        return None
    return None


_ID_JUNK = re.compile(r"[^a-z0-9]+")
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


def extract_json(text: str) -> dict[str, Any]:
    """The JSON object in an answer, even when wrapped in prose or code fences."""
    candidates = [text.strip(), *(m.group(1) for m in _FENCE.finditer(text))]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        try:
            obj = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(obj, dict):
            return obj
    for i, ch in enumerate(text):
        if ch == "{":
            try:
                obj, _ = decoder.raw_decode(text, i)
            except ValueError:
                continue
            if isinstance(obj, dict):
                return obj
    raise MalformedOutput("no JSON object in the answer")


def parse_draft(text: str) -> prompt.Draft:
    """A Draft from an answer; tolerant of missing optional keys, strict about the rest."""
    obj = extract_json(text)
    try:
        for section in obj.get("sections") or []:
            # "Side Effects", "side_effects" → "side-effects": the plan's ids
            section["id"] = _ID_JUNK.sub("-", str(section.get("id", "")).casefold()).strip("-")
            for st in section.get("statements") or []:
                st.setdefault("label", None)
                st.setdefault("fact_ids", [])
        for faq in obj.get("faqs") or []:
            faq.setdefault("fact_ids", [])
        obj.setdefault("faqs", [])
        return prompt.Draft.model_validate(obj)
    except (AttributeError, TypeError, ValidationError) as exc:
        raise MalformedOutput(f"answer does not match the schema: {exc}") from exc


@dataclass
class Job:
    """One page to write: what the model is told and what its answer is checked against."""

    index: int
    request: PageRequest
    facts: list[Fact]
    plan: list[prompt.PlanItem]
    messages: list[dict[str, str]]
    cache_key: str
    draft: prompt.Draft | None = None
    failure: str | None = None
    non_answer: str | None = None


class LLMWriter:
    """Writer that asks an OpenAI-compatible model for the prose, then verifies every claim."""

    name = "llm"

    def __init__(
        self, kb: KnowledgeBase, settings: LLMSettings, fallback: Writer | None = None
    ) -> None:
        if settings is None:
            raise LLMError("the LLM writer needs --llm-base-url and --llm-model")
        self.kb = kb
        self.settings = settings
        if fallback is None:
            from .template import TemplateWriter

            fallback = TemplateWriter(kb)
        self.fallback = fallback
        self.requests = 0
        self.tokens = 0
        self.cache_hits = 0
        self._structured = settings.structured
        self._verifier: Verifier | None = None
        self._names = kb.drug_names()

    # -- the Writer protocol ---------------------------------------------------
    def fingerprint(self) -> str:
        """What the pages depend on besides the facts (the endpoint's address does not count)."""
        return f"{prompt.PROMPT_VERSION}:{self.settings.model}:{self.settings.claims}"

    def usage(self) -> dict[str, int]:
        return {"llm_requests": self.requests, "llm_tokens": self.tokens}

    def write_pages(
        self, requests: Sequence[PageRequest], progress: Progress | None = None
    ) -> list[Page]:
        base_pages = self.fallback.write_pages(requests)
        jobs = [self._job(i, r) for i, r in enumerate(requests)]
        asyncio.run(self._run(jobs, progress))
        verifier = self.verifier()
        return [self._page(job, base, verifier) for job, base in zip(jobs, base_pages, strict=True)]

    # -- preparing requests ----------------------------------------------------
    def verifier(self) -> Verifier:
        """Built once per writer: the vocabulary covers every fact term and drug name in the KB."""
        if self._verifier is None:
            kinds = [k.value for k in CONDITION_KINDS]
            marks = ",".join("?" * len(kinds))
            rows = self.kb.conn.execute(
                f"SELECT DISTINCT plain, value FROM facts WHERE kind IN ({marks})", kinds
            ).fetchall()
            names = [(name, drug_id) for _, name, drug_id, _ in self.kb.name_rows()]
            names += [(n, i) for i, n in self._names.items()]
            vocab = Vocabulary.build(((r[0], r[1]) for r in rows), names)
            self._verifier = Verifier(vocab, self.settings.claims)
        return self._verifier

    def facts_for(self, request: PageRequest) -> list[Fact]:
        facts: list[Fact] = []
        for drug in request.drugs:
            facts += self.kb.facts(drug.id)
        return prompt.select_facts(facts)

    def _job(self, index: int, request: PageRequest) -> Job:
        facts = self.facts_for(request)
        messages = prompt.build_messages(list(request.drugs), facts, self._names)
        key_src = json.dumps(
            {"v": prompt.PROMPT_VERSION, "model": self.settings.model, "messages": messages},
            sort_keys=True,
        )
        key = hashlib.sha256(key_src.encode("utf-8")).hexdigest()
        return Job(index, request, facts, prompt.plan_for(facts), messages, key)

    # -- cache -------------------------------------------------------------------
    def _cache_path(self, key: str) -> Path | None:
        d = self.settings.cache_dir
        return d / key[:2] / f"{key}.json" if d else None

    def _cache_get(self, job: Job) -> bool:
        path = self._cache_path(job.cache_key)
        if path is None or not path.is_file():
            return False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("non_answer"):
                job.non_answer = str(data["non_answer"])
            else:
                job.draft = prompt.Draft.model_validate(data["draft"])
        except (OSError, ValueError, KeyError, TypeError):
            return False  # a damaged cache entry is simply asked again
        self.cache_hits += 1
        return True

    def _cache_put(self, job: Job) -> None:
        path = self._cache_path(job.cache_key)
        if path is None:
            return
        data: dict[str, Any] = {"prompt_version": prompt.PROMPT_VERSION,
                                "model": self.settings.model, "key": job.request.key}
        if job.non_answer:
            data["non_answer"] = job.non_answer
        elif job.draft is not None:
            data["draft"] = job.draft.model_dump()
        else:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only costs requests on the next run

    # -- asking the model --------------------------------------------------------
    async def _run(self, jobs: list[Job], progress: Progress | None) -> None:
        s = self.settings
        client = openai.AsyncOpenAI(
            base_url=s.base_url, api_key=s.api_key or api_key_from_env(),
            timeout=s.timeout, max_retries=0,
        )
        limiter = RateLimiter(s.rpm, s.tpm)
        slots = asyncio.Semaphore(max(1, s.concurrency))

        async def one(job: Job) -> None:
            if not job.plan:
                job.failure = "no facts for the model to write from"
            elif not self._cache_get(job):
                await self._ask(client, job, limiter, slots)
                self._cache_put(job)
            if progress:
                progress(1)

        try:
            await asyncio.gather(*(one(j) for j in jobs))
        finally:
            await client.close()

    def _delay(self, attempt: int) -> float:
        s = self.settings
        return min(s.backoff * 2 ** (attempt - 1), s.backoff_max) * random.uniform(0.5, 1.5)

    async def _ask(
        self, client: openai.AsyncOpenAI, job: Job, limiter: RateLimiter,
        slots: asyncio.Semaphore,
    ) -> None:
        s = self.settings
        estimate = sum(len(m["content"]) for m in job.messages) // 4 + s.max_tokens
        attempt = 0
        while attempt < s.max_attempts:
            attempt += 1
            delay = self._delay(attempt)
            text = ""
            try:
                async with slots:
                    await limiter.acquire(estimate)
                    text = await self._complete(client, job)
                job.draft = parse_draft(text)
                Verifier.precheck(job.draft, job.plan)
                job.failure = None
                return
            except NonAnswer as exc:
                job.non_answer, job.draft = str(exc), None
                return
            except (MalformedOutput, StructureError) as exc:
                if hit := find_non_answer(text):
                    job.non_answer, job.draft = hit, None
                    return
                job.failure, job.draft = f"malformed answer: {exc}"[:300], None
            except openai.RateLimitError as exc:
                job.failure = "rate limited (429)"
                wait = retry_after(exc)
                if wait is not None:
                    limiter.pause(wait)
                    delay = wait
            except openai.BadRequestError as exc:
                if self._structured:
                    self._structured = False  # the server rejects json_schema: ask in prose
                    attempt -= 1
                    continue
                job.failure = f"request rejected: {exc.status_code}"
                return
            except (openai.AuthenticationError, openai.PermissionDeniedError,
                    openai.NotFoundError) as exc:
                raise LLMError(
                    f"the LLM endpoint {s.base_url} refused the request "
                    f"({exc.status_code}); check --llm-base-url, --llm-model and the key"
                ) from exc
            except openai.APIStatusError as exc:
                job.failure = f"server error ({exc.status_code})"
                if exc.status_code < 500 and exc.status_code not in (408, 409):
                    return
            except openai.APITimeoutError:
                job.failure = f"timed out after {s.timeout:g}s"
            except openai.APIConnectionError as exc:
                job.failure = f"connection failed: {exc}"[:300]
            if attempt < s.max_attempts:
                await asyncio.sleep(delay)

    async def _complete(self, client: openai.AsyncOpenAI, job: Job) -> str:
        s = self.settings
        kwargs: dict[str, Any] = {}
        if self._structured:
            kwargs["response_format"] = prompt.response_format()
        self.requests += 1
        resp = await client.chat.completions.create(
            model=s.model, messages=job.messages,  # type: ignore[arg-type]
            temperature=s.temperature, max_tokens=s.max_tokens, **kwargs,
        )
        if resp.usage is not None:
            used = resp.usage.total_tokens or (
                (resp.usage.prompt_tokens or 0) + (resp.usage.completion_tokens or 0)
            )
            self.tokens += used
        if not resp.choices:
            raise MalformedOutput("no choices in the answer")
        message = resp.choices[0].message
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise NonAnswer(str(refusal)[:200])
        if resp.choices[0].finish_reason == "length":
            raise MalformedOutput("answer cut off (max tokens)")
        return message.content or ""

    # -- assembling pages --------------------------------------------------------
    def _page(self, job: Job, base: Page, verifier: Verifier) -> Page:
        reason = job.failure
        if job.non_answer:
            reason = f"non-answer: {job.non_answer}"[:200]
        if job.draft is None or job.non_answer:
            return base.model_copy(update={"writer": "template",
                                           "fallback_reason": reason or "no answer"})
        try:
            v = verifier.verify(job.draft, job.plan, Grounding.of(job.facts, job.request.drugs))
        except (NonAnswer, StructureError) as exc:
            return base.model_copy(update={"writer": "template", "fallback_reason": str(exc)})
        given = {f.id: f for f in job.facts}
        sections: list[Section] = []
        for sec in base.sections:
            new = v.sections.get(sec.id) if sec.id not in TEMPLATE_ONLY else None
            if new and any(st.verified for st in new):
                sec = sec.model_copy(update={"statements": new, "intro": None})
            elif new:  # lenient, nothing verified: the template's words plus the marked ones
                sec = sec.model_copy(update={"statements": [*sec.statements, *new]})
            elif sec.id == "faqs" and v.faqs:
                sec = sec.model_copy(update={"statements": _faq_statements(v.faqs, base.faqs)})
            elif sec.id == "note":
                sec = sec.model_copy(update={"statements": [Statement(text=self._note())]})
            sections.append(sec)
        faqs = _merge_faqs(v.faqs, base.faqs)
        cited = {i for sec in sections for st in sec.statements for i in st.fact_ids}
        cited |= {i for f in faqs for i in f.fact_ids}
        known = {f.id for f in base.facts}
        facts = [*base.facts, *(given[i] for i in sorted(cited - known) if i in given)]
        sources = dict((s.id, s) for s in base.sources)
        for f in facts:
            src = self.kb.all_sources.get(f.source_id)
            if src and src.id not in sources:
                sources[src.id] = src
        licences = sorted(set(base.licences) | {s.licence for s in sources.values()})
        return base.model_copy(update={
            "sections": sections, "faqs": faqs, "facts": facts,
            "sources": sorted(sources.values(), key=lambda s: s.id), "licences": licences,
            "writer": "llm", "claims": v.claims,
        })

    def _note(self) -> str:
        marked = (
            " Sentences marked unverified could not be matched to a fact."
            if self.settings.claims == "lenient" else ""
        )
        return (
            f"This page was written by a language model ({self.settings.model}) from the sourced "
            "facts listed here, and every statement was checked automatically against those "
            f"facts.{marked} It has not been reviewed by a doctor or pharmacist."
        )


TEMPLATE_ONLY = ("key-facts", "safety")  # label extracts and key facts: never reworded


def _merge_faqs(llm: list[FAQ], template: list[FAQ]) -> list[FAQ]:
    """LLM FAQs first, then the template's fact-free ones (the dose question) not yet asked."""
    if not llm:
        return list(template)
    asked = {f.question.casefold() for f in llm}
    return llm + [f for f in template if not f.fact_ids and f.question.casefold() not in asked]


def _faq_statements(llm: list[FAQ], template: list[FAQ]) -> list[Statement]:
    return [
        Statement(label=f.question, text=f.answer, fact_ids=f.fact_ids, verified=f.verified)
        for f in _merge_faqs(llm, template)
    ]


