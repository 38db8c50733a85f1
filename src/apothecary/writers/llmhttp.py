"""The LLM writer's transport: what counts as an answer, pacing, and secrets kept out of text.

Kept apart from `writers/llm.py` (which assembles and checks pages) because none of this
depends on facts: it decides whether an HTTP answer is a chat completion at all, how long
to wait after a 429, and scrubs credentials from every line the build may print or store.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit, urlunsplit

import openai

# Why a page fell back to the template: the only words pages and the JSON API ever carry.
REFUSED = "refused"  # the model declined or asked for something instead of answering
MALFORMED = "malformed answer"  # a completion whose content is not the page asked for
CLAIMS_FAILED = "claims failed"  # the checker kept no claim of the answer
UNSAFE = "unsafe answer"  # the answer carried a credential of ours
ENDPOINT = "endpoint error"  # HTTP errors, bodies that are not completions, connections
RATE_LIMITED = "rate limited"  # 429 on every attempt
TIMED_OUT = "timed out"  # no answer within --llm-timeout on every attempt
DEADLINE = "deadline"  # --llm-deadline passed before the page was written
NO_FACTS = "no facts"  # nothing for the model to write from
CATEGORIES = (REFUSED, MALFORMED, CLAIMS_FAILED, UNSAFE, ENDPOINT, RATE_LIMITED, TIMED_OUT,
              DEADLINE, NO_FACTS)
# The server answered and the answer failed: worth remembering for the same facts. Transport
# failures are not (an outage must not outlive itself in the cache).
ANSWER_FAILURES = frozenset({REFUSED, MALFORMED, CLAIMS_FAILED, UNSAFE})

MAX_DETAIL = 300
MIN_SECRET = 8  # characters
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class NotACompletion(ValueError):
    """An HTTP 200 whose body is not a chat completion (HTML, not JSON, no choices)."""


class BadContent(ValueError):
    """A completion whose content is not the page asked for (cut off, empty)."""


@dataclass(frozen=True)
class Completion:
    text: str
    tokens: int
    refusal: str | None = None


def parse_completion(body: str) -> Completion:
    """The answer in a chat-completions body; anything else raises NotACompletion/BadContent."""
    try:
        obj = json.loads(body)
    except ValueError:
        head = body.lstrip()[:15].casefold()
        if head.startswith(("<!doctype", "<html", "<")):
            raise NotACompletion("an HTML page instead of a completion") from None
        raise NotACompletion("the body is not JSON") from None
    if not isinstance(obj, dict):
        raise NotACompletion("the body is not a JSON object")
    if "error" in obj and "choices" not in obj:
        raise NotACompletion("an error object instead of a completion")
    choices = obj.get("choices")
    if not isinstance(choices, list) or not choices:
        raise NotACompletion("no choices in the completion")
    first = choices[0]
    message = first.get("message") if isinstance(first, dict) else None
    if not isinstance(message, dict):
        raise NotACompletion("no message in the first choice")
    tokens = _tokens(obj.get("usage"))
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal.strip():
        return Completion("", tokens, refusal)
    content = message.get("content")
    if not isinstance(content, str):
        raise NotACompletion("the message content is missing or not text")
    if first.get("finish_reason") == "length":
        raise BadContent("answer cut off (max tokens)")
    return Completion(content, tokens)


def _tokens(usage: object) -> int:
    if not isinstance(usage, dict):
        return 0
    total = usage.get("total_tokens")
    if type(total) is int and total >= 0:  # not bool
        return total
    parts = (usage.get("prompt_tokens"), usage.get("completion_tokens"))
    return sum(p for p in parts if type(p) is int and p >= 0)


# -- secrets -------------------------------------------------------------------------
def redact_url(url: str) -> str:
    """The URL with any `user:password@` replaced by `***@` (safe to print)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


def url_secrets(url: str) -> list[str]:
    """The credentials written in a URL (raw and decoded), for `Scrubber`."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return [url]
    if "@" not in netloc:
        return []
    userinfo = netloc.rsplit("@", 1)[0]
    found = [userinfo, unquote(userinfo)]
    if ":" in userinfo:
        password = userinfo.split(":", 1)[1]
        found += [password, unquote(password)]
    return found


class Scrubber:
    """Replaces every known secret (API key, URL credentials) in text with `***`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        # shorter strings are placeholders ("ollama", "EMPTY", "none"), not secrets: treating
        # them as secrets would refuse every answer that uses the word
        self.secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len,
                              reverse=True)

    def found_in(self, text: str) -> bool:
        return any(s in text for s in self.secrets)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def detail(self, text: str) -> str:
        """One short, escaped, secret-free line (the build report's `fallback_detail`)."""
        text = _SPACE.sub(" ", _CONTROL.sub(" ", self(text))).strip()
        if len(text) > MAX_DETAIL:
            text = text[: MAX_DETAIL - 1] + "…"
        return html.escape(text)


# -- pacing ----------------------------------------------------------------------------
class RateLimiter:
    """Requests-per-minute pacing, a tokens-per-minute window and a shared Retry-After pause.

    Waiting happens outside the lock, so a pause (a 429's Retry-After) is served by every
    waiting request at the same time, not by one after another. `strikes` counts pauses in a
    row with no answer between them: a server that rate-limits every request for as many
    pauses as a page has attempts is given up on for the whole build.
    """

    def __init__(self, rpm: float | None, tpm: float | None,
                 give_up_after: int | None = None) -> None:
        self.give_up_after = give_up_after
        self.gave_up = asyncio.Event()  # set: nobody waits any more, every page falls back
        self.interval = 60.0 / rpm if rpm else 0.0
        self.tpm = tpm
        self.next_at = 0.0
        self.paused_until = 0.0
        self.spent: deque[tuple[float, int]] = deque()
        self.lock = asyncio.Lock()
        self.strikes = 0

    def pause(self, seconds: float) -> None:
        """A 429: everyone waits `seconds`; a 429 during a running pause only extends it."""
        now = time.monotonic()
        if now >= self.paused_until:
            self.strikes += 1
        self.paused_until = max(self.paused_until, now + seconds)
        if self.give_up_after is not None and self.strikes >= self.give_up_after:
            self.gave_up.set()

    async def sleep(self, seconds: float) -> None:
        """Sleep, cut short when the server is given up on."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.gave_up.wait(), max(seconds, 0.0))

    def answered(self) -> None:
        """The server answered (not 429): rate limiting is no longer every request's fate."""
        self.strikes = 0

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

    async def wait_pause(self) -> None:
        """Until no Retry-After pause is running (every waiter wakes at once)."""
        while (wait := self.paused_until - time.monotonic()) > 0 and not self.gave_up.is_set():
            await self.sleep(wait)

    async def acquire(self, estimate: int = 0) -> None:
        while True:
            async with self.lock:
                now = time.monotonic()
                wait = max(
                    self.next_at - now, self.paused_until - now, self._tpm_wait(now, estimate)
                )
                if wait <= 0 or self.gave_up.is_set():
                    self.next_at = max(now, self.next_at) + self.interval
                    return
            await self.sleep(wait)


def retry_after(exc: openai.APIStatusError, cap: float) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), at most `cap`."""
    headers = exc.response.headers
    try:
        if ms := headers.get("retry-after-ms"):
            return min(max(float(ms) / 1000, 0.0), cap)
        if value := headers.get("retry-after"):
            try:
                return min(max(float(value), 0.0), cap)
            except ValueError:
                delta = parsedate_to_datetime(value).timestamp() - time.time()
                return min(max(delta, 0.0), cap)
    except (TypeError, ValueError, OverflowError):
        return None
    return None

