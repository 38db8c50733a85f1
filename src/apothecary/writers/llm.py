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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
from pydantic import ValidationError

from ..claims.vocabulary import Vocabulary
from ..errors import LLMError
from ..knowledge.default import cache_dir
from ..knowledge.store import KnowledgeBase
from ..models import FAQ, Drug, Fact, FactKind, Page, Section, Statement
from ..monographs.combination_uses import use_facts
from . import prompt
from .base import PageRequest, Progress, Writer
from .llmhttp import (
    ANSWER_FAILURES,
    CLAIMS_FAILED,
    DEADLINE,
    ENDPOINT,
    MALFORMED,
    NO_FACTS,
    RATE_LIMITED,
    REFUSED,
    TIMED_OUT,
    UNSAFE,
    BadContent,
    NotACompletion,
    RateLimiter,
    Scrubber,
    parse_completion,
    redact_url,
    retry_after,
    url_secrets,
)
from .verify import (
    CONDITION_KINDS,
    ClaimsMode,
    Grounding,
    NonAnswer,
    StructureError,
    Verified,
    Verifier,
    find_non_answer,
)

__all__ = ["LLMSettings", "LLMWriter", "RateLimiter", "settings_from_options"]

DUMMY_KEY = "not-needed"
MAX_RETRY_AFTER = 30.0  # a longer Retry-After is cut to this (the deadline bounds the rest)
DEFAULT_DEADLINE = 3600.0  # seconds for the whole build's requests
CACHE_VERSION = 2  # 2: failures are cached too; drafts only after they passed the checks


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
    deadline: float | None = DEFAULT_DEADLINE  # seconds for all requests; None: no limit
    retry_after_max: float = MAX_RETRY_AFTER
    retry_failed: bool = False  # ask again for pages whose cached answer was refused/failed

    def scrubber(self) -> Scrubber:
        """Removes this endpoint's credentials from any text we print or store."""
        key = self.api_key or api_key_from_env()
        return Scrubber([*url_secrets(self.base_url), *([key] if key != DUMMY_KEY else [])])


def settings_from_options(options: dict[str, Any]) -> LLMSettings:
    """LLMSettings from the `build` command's --llm-* and --claims options."""
    base_url, model = options.get("llm_base_url"), options.get("llm_model")
    if not base_url or not model:
        raise LLMError("the LLM writer needs an endpoint URL and a model name")
    if not re.match(r"^https?://[^\s/]+", base_url):
        raise LLMError(f"the LLM endpoint must be an http(s) URL, got {redact_url(base_url)!r}")
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
        deadline=options.get("llm_deadline", DEFAULT_DEADLINE) or None,  # 0: no limit
        retry_failed=bool(options.get("llm_retry_failed")),
    )


class MalformedOutput(ValueError):
    """The answer was not the JSON object asked for (retried)."""


class UnsafeOutput(ValueError):
    """The answer carried one of our credentials (retried; never stored or shown)."""


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
    """One page to write: what the model is told and what its answer is checked against.

    `category` is the only thing a fallen-back page says about why (one of
    `llmhttp.CATEGORIES`); `detail` may quote the server and goes only to the build report,
    scrubbed and escaped.
    """

    index: int
    request: PageRequest
    facts: list[Fact]
    plan: list[prompt.PlanItem]
    messages: list[dict[str, str]]
    cache_key: str
    draft: prompt.Draft | None = None
    verified: Verified | None = None
    category: str | None = None
    detail: str = ""

    def fail(self, category: str, detail: str) -> None:
        self.draft, self.verified, self.category, self.detail = None, None, category, detail


class LLMWriter:
    """Writer that asks an OpenAI-compatible model for the prose, then verifies every claim."""

    name = "llm"
    cacheable = False  # the model's answer is not a function of the request and the KB
    falls_back = True

    def __init__(
        self, kb: KnowledgeBase, settings: LLMSettings, fallback: Writer | None = None
    ) -> None:
        if settings is None:
            raise LLMError("the LLM writer needs settings (an endpoint URL and a model name)")
        self.kb = kb
        self.settings = settings
        if fallback is None:
            from .template import TemplateWriter

            fallback = TemplateWriter(kb)
        self.fallback = fallback
        self.requests = 0
        self.tokens = 0
        self.cache_hits = 0
        self.scrub = settings.scrubber()
        self.fallbacks: dict[str, tuple[str, str]] = {}  # page key → (category, detail)
        self._structured = settings.structured
        self._verifier: Verifier | None = None
        self._names = kb.drug_names()
        self._atc: dict[str, str] | None = None

    # -- the Writer protocol ---------------------------------------------------
    def fingerprint(self) -> str:
        """What the pages depend on besides the facts (the endpoint's address does not count).

        --llm-retry-failed makes every build a new one: it exists to ask again."""
        fp = f"{prompt.PROMPT_VERSION}:{self.settings.model}:{self.settings.claims}"
        return f"{fp}:retry:{time.time_ns()}" if self.settings.retry_failed else fp

    def usage(self) -> dict[str, int]:
        return {"llm_requests": self.requests, "llm_tokens": self.tokens}

    def fallback_report(self) -> dict[str, dict[str, str]]:
        """Page key → {"category", "detail"} of every page that fell back (build report only)."""
        return {k: {"category": c, "detail": d} for k, (c, d) in sorted(self.fallbacks.items())}

    def complete(self) -> bool:
        """False when a page fell back for a reason a later build may not meet (an outage,
        the deadline): such a site must not count as up to date."""
        return all(c in ANSWER_FAILURES or c == NO_FACTS for c, _ in self.fallbacks.values())

    def write_pages(
        self, requests: Sequence[PageRequest], progress: Progress | None = None
    ) -> list[Page]:
        base_pages = self.fallback.write_pages(requests)
        jobs = [self._job(i, r) for i, r in enumerate(requests)]
        verifier = self.verifier()
        asyncio.run(self._run(jobs, progress, verifier))
        pages = [self._page(job, base) for job, base in zip(jobs, base_pages, strict=True)]
        for job, page in zip(jobs, pages, strict=True):
            if page.fallback_reason:
                self.fallbacks[page.key] = (page.fallback_reason, self.scrub.detail(job.detail))
        return pages

    # -- preparing requests ----------------------------------------------------
    def verifier(self) -> Verifier:
        """Built once per writer: the vocabulary covers every fact term and drug name in the KB."""
        if self._verifier is None:
            rows = [(plain, term) for plain, term, _ in self.kb.terms_of_kinds(CONDITION_KINDS)]
            names = [(name, drug_id) for _, name, drug_id, _ in self.kb.name_rows()]
            names += [(n, i) for i, n in self._names.items()]
            vocab = Vocabulary.build(((r[0], r[1]) for r in rows), names)
            self._verifier = Verifier(vocab, self.settings.claims)
        return self._verifier

    def _form_atc(self, drug: Drug) -> str:
        """A medicine's WHO ATC codes as the template page reads them (an enantiomer's
        racemate's too), so both writers find a combination the same row; the table is
        read once, not once per ingredient."""
        from .template import TemplateWriter

        if isinstance(self.fallback, TemplateWriter):
            return self.fallback.form_atc(drug)
        if self._atc is None:
            self._atc = self.kb.atc_codes()
        return drug.xrefs.get("ATC", "") or self._atc.get(drug.id, "")

    def facts_for(self, request: PageRequest) -> list[Fact]:
        """The facts the model may write from: never an interaction between the page's own
        ingredients (no danger to someone taking the combination; the template's page keeps
        it as a note)."""
        own = {d.id for d in request.drugs}
        # a combination's reviewed uses (combination_uses.txt), as the template page has them
        facts: list[Fact] = use_facts(request.drugs, request.key,
                                      {s.id for s in self.kb.sources()}, self._form_atc)
        for drug in request.drugs:
            facts += [f for f in self.kb.facts(drug.id)
                      if not (f.kind == FactKind.INTERACTION and f.other_id in own)]
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
    # An entry is written only after the answer passed every check (refusal, structure,
    # claims, our secrets), or records only the category of a failed answer: never the text
    # of a rejected one. A reused draft is checked again (the checker may have changed).
    def _cache_path(self, key: str) -> Path | None:
        d = self.settings.cache_dir
        return d / key[:2] / f"{key}.json" if d else None

    def _cache_get(self, job: Job, verifier: Verifier) -> bool:
        path = self._cache_path(job.cache_key)
        if path is None or not path.is_file():
            return False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("cache") != CACHE_VERSION:
                return False
            failed = data.get("failed")
            if failed in ANSWER_FAILURES:
                if self.settings.retry_failed:
                    return False
                job.fail(str(failed), "cached: the same facts were answered so before "
                         "(retrying failed answers asks again)")
            else:
                job.draft = prompt.Draft.model_validate(data["draft"])
                if self.scrub.found_in(json.dumps(data["draft"], ensure_ascii=False)):
                    return False
                self._check(job, verifier)
                if job.verified is None and self.settings.retry_failed:
                    return False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            job.fail(MALFORMED, "")
            return False  # a damaged cache entry is simply asked again
        except (NonAnswer, StructureError, UnsafeOutput):
            job.fail(CLAIMS_FAILED, "")
            return False  # today's checker rejects it: ask again
        self.cache_hits += 1
        return True

    def _cache_put(self, job: Job) -> None:
        path = self._cache_path(job.cache_key)
        if path is None:
            return
        data: dict[str, Any] = {"cache": CACHE_VERSION, "prompt_version": prompt.PROMPT_VERSION,
                                "model": self.settings.model, "key": job.request.key}
        if job.verified is not None and job.draft is not None:
            data["draft"] = job.draft.model_dump()
        elif job.category in ANSWER_FAILURES:
            data["failed"] = job.category  # the category only: no text of the answer
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
    async def _run(self, jobs: list[Job], progress: Progress | None, verifier: Verifier
                   ) -> None:
        s = self.settings
        client = openai.AsyncOpenAI(
            base_url=s.base_url, api_key=s.api_key or api_key_from_env(),
            timeout=s.timeout, max_retries=0,
        )
        limiter = RateLimiter(s.rpm, s.tpm, give_up_after=s.max_attempts)
        slots = asyncio.Semaphore(max(1, s.concurrency))
        loop = asyncio.get_running_loop()
        end = loop.time() + s.deadline if s.deadline else None

        async def one(job: Job) -> None:
            if not job.plan:
                job.fail(NO_FACTS, "no facts for the model to write from")
            elif not self._cache_get(job, verifier):
                job.fail(DEADLINE, "")  # until an attempt says otherwise
                left = None if end is None else end - loop.time()
                if left is None or left > 0:
                    try:
                        await asyncio.wait_for(
                            self._ask(client, job, limiter, slots, verifier, end), left)
                    except TimeoutError:
                        job.fail(DEADLINE, f"the {s.deadline:g}s deadline for all requests passed")
                self._cache_put(job)
            if progress:
                progress(1)

        try:
            await asyncio.gather(*(one(j) for j in jobs))
        finally:
            await client.close()

    def _delay(self, attempt: int) -> float:
        s = self.settings
        return float(min(s.backoff * 2.0 ** (attempt - 1), s.backoff_max)
                     * random.uniform(0.5, 1.5))

    def _check(self, job: Job, verifier: Verifier) -> None:
        """Every check an answer must pass before it is kept (and only then cached)."""
        assert job.draft is not None
        if self.scrub.found_in(job.draft.model_dump_json()):
            raise UnsafeOutput("the answer contains a credential of ours")
        Verifier.precheck(job.draft, job.plan)
        v = verifier.verify(job.draft, job.plan, Grounding.of(job.facts, job.request.drugs))
        if not _kept_any(v):
            job.fail(CLAIMS_FAILED, "; ".join(dict.fromkeys(v.problems)))
            return
        job.verified, job.category, job.detail = v, None, ""

    async def _ask(
        self, client: openai.AsyncOpenAI, job: Job, limiter: RateLimiter,
        slots: asyncio.Semaphore, verifier: Verifier, end: float | None,
    ) -> None:
        s = self.settings
        loop = asyncio.get_running_loop()
        estimate = sum(len(m["content"]) for m in job.messages) // 4 + s.max_tokens
        attempt = 0
        while attempt < s.max_attempts:
            attempt += 1
            delay = self._delay(attempt)
            text = ""
            try:
                await limiter.wait_pause()  # a 429 pause is waited out by all at once
                async with slots:
                    await limiter.acquire(estimate)
                    if limiter.gave_up.is_set():
                        job.fail(RATE_LIMITED, "the server rate-limited every request")
                        return
                    text = await self._complete(client, job, limiter)
                if self.scrub.found_in(text):
                    raise UnsafeOutput("the answer contains a credential of ours")
                job.draft = parse_draft(text)
                self._check(job, verifier)
                return
            except NonAnswer as exc:
                job.fail(REFUSED, str(exc))
                return
            except UnsafeOutput as exc:
                job.fail(UNSAFE, str(exc))
            except (MalformedOutput, BadContent, StructureError) as exc:
                if hit := find_non_answer(text):
                    job.fail(REFUSED, hit)
                    return
                job.fail(MALFORMED, str(exc))
            except NotACompletion as exc:
                job.fail(ENDPOINT, f"HTTP 200 but {exc}")
            except openai.RateLimitError as exc:
                job.fail(RATE_LIMITED, "HTTP 429")
                wait = retry_after(exc, s.retry_after_max)
                delay = delay if wait is None else wait
                limiter.pause(delay)  # shared: every page waits this pause out together
                if limiter.gave_up.is_set():
                    job.fail(RATE_LIMITED, f"HTTP 429 to every request for {s.max_attempts} "
                             "pauses in a row: given up for this build")
                    return
            except openai.BadRequestError as exc:
                if self._structured:
                    self._structured = False  # the server rejects json_schema: ask in prose
                    attempt -= 1
                    continue
                job.fail(ENDPOINT, f"request rejected: HTTP {exc.status_code}")
                return
            except (openai.AuthenticationError, openai.PermissionDeniedError,
                    openai.NotFoundError) as exc:
                raise LLMError(
                    f"the LLM endpoint {redact_url(s.base_url)} refused the request "
                    f"({exc.status_code}); check the endpoint URL, the model name and the API key"
                ) from None
            except openai.APIStatusError as exc:
                job.fail(ENDPOINT, f"HTTP {exc.status_code}")
                if exc.status_code < 500 and exc.status_code not in (408, 409):
                    return
            except openai.APITimeoutError:
                job.fail(TIMED_OUT, f"timed out after {s.timeout:g}s")
            except openai.APIConnectionError as exc:
                job.fail(ENDPOINT, f"connection failed: {type(exc.__cause__ or exc).__name__}")
            except (openai.APIError, ValueError, UnicodeError) as exc:
                job.fail(ENDPOINT, f"unusable response: {type(exc).__name__}")
            if attempt < s.max_attempts:
                if end is not None and loop.time() + delay >= end:
                    job.fail(DEADLINE, f"retry cut short by the deadline after: {job.detail}")
                    return
                await limiter.sleep(delay)

    async def _complete(self, client: openai.AsyncOpenAI, job: Job, limiter: RateLimiter
                        ) -> str:
        """The text of one completion; the body is parsed here, strictly, not by the client."""
        s = self.settings
        kwargs: dict[str, Any] = {}
        if self._structured:
            kwargs["response_format"] = prompt.response_format()
        self.requests += 1
        raw = await client.chat.completions.with_raw_response.create(
            model=s.model, messages=job.messages,  # type: ignore[arg-type]
            temperature=s.temperature, max_tokens=s.max_tokens, **kwargs,
        )
        limiter.answered()
        completion = parse_completion(raw.text)
        self.tokens += completion.tokens
        limiter.spend(completion.tokens)
        if completion.refusal:
            raise NonAnswer(completion.refusal[:200])
        return completion.text

    # -- assembling pages --------------------------------------------------------
    def _page(self, job: Job, base: Page) -> Page:
        v = job.verified
        if v is None:
            return base.model_copy(update={"writer": "template",
                                           "fallback_reason": job.category or ENDPOINT})
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


def _kept_any(v: Verified) -> bool:
    """Whether the checker kept any claim of the answer (else the template page stands)."""
    return any(st.verified for sts in v.sections.values() for st in sts) or any(
        f.verified for f in v.faqs)


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


