"""A fake OpenAI-compatible chat-completions server on 127.0.0.1, scripted per request.

It reads the data block the writer sends (so a "good" answer cites the real fact ids) and
answers according to a script: by default well; `script("paracetamol", ["429", "good"])`
makes requests about a medicine whose name contains "paracetamol" answer 429 first, then
well (the last behaviour repeats). Used by the tests and by bench/bench_llm.py.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from apothecary.writers.prompt import SECTION_PLAN, extract_data_block

BEHAVIOURS = (
    "good", "fenced", "prose", "refuse", "refuse_json", "truncated", "invent", "markup",
    "missing_section", "429", "500", "401", "403", "404", "hang", "reject_schema", "tricky",
    *("not_json", "html", "no_choices", "empty_choices", "no_content", "content_not_string",
      "choices_not_list", "hostile_malformed", "hostile_refusal", "echo_key", "unsupported"),
)
CORPUS = Path(__file__).parent / "fixtures" / "claims" / "corpus.yaml"
# Transport misbehaviour (writers/llm.py's tests): answers that are not a well-formed
# completion, answers carrying text that must never be published, an answer echoing the key.
BROKEN_COMPLETIONS = ("not_json", "html", "no_choices", "empty_choices", "no_content",
                      "content_not_string", "choices_not_list")
# Model text the writer rejects and must never publish (not even in fallback_reason).
HOSTILE_TEXT = ("Take 500 mg three times a day; it cures diabetes. "
                "<script>alert(1)</script> [more](javascript:alert(1))")


def good_answer(data: dict[str, Any]) -> dict[str, Any]:
    """A page written only from the facts in the data block, each statement citing its fact."""
    name = data["medicine"]
    facts = data["facts"]
    sections = []
    for item in SECTION_PLAN:
        chosen = [f for f in facts if f["kind"] in {str(k) for k in item.kinds}]
        if not chosen:
            continue
        statements = []
        for f in chosen:
            if f["kind"] == "use":
                text = f"{name} is used for {f['text']}."
            elif f["kind"] == "side_effect":
                freq = f.get("frequency")
                how = f" This is {freq}." if freq in ("common", "rare") else ""
                text = f"It can cause {f['text']}.{how}"
            elif f["kind"] == "class":
                text = f"{name} is a {f['text']}."
            else:
                text = f"It {f['text']}."
            statements.append({"label": None, "text": text, "fact_ids": [f["id"]]})
        sections.append({"id": item.id, "statements": statements})
    faqs = []
    for f in facts:
        if f["kind"] == "interaction":
            faqs.append({"question": f"Does {name} interact with {f['other_drug']}?",
                         "answer": f"Yes. Our sources list an interaction with {f['other_drug']}.",
                         "fact_ids": [f["id"]]})
        elif f["kind"] == "caution":
            faqs.append({"question": f"What should I be careful about with {name}?",
                         "answer": f"{f['text']}.", "fact_ids": [f["id"]]})
    faqs.append({"question": "What dose should I take?",
                 "answer": "Your doctor or pharmacist decides the dose.", "fact_ids": []})
    return {"sections": sections, "faqs": faqs}


def invented_answer(data: dict[str, Any]) -> dict[str, Any]:
    """A good answer plus an invented side effect, a dose and an overclaim, citing real ids."""
    answer = good_answer(data)
    some_id = data["facts"][0]["id"]
    first = answer["sections"][0]["statements"]
    first.append({"label": None, "text": "Take 500 mg three times a day.", "fact_ids": [some_id]})
    first.append({"label": None, "text": "It cures the illness completely.",
                  "fact_ids": [some_id]})
    for sec in answer["sections"]:
        if sec["id"] == "side-effects":
            sec["statements"].append({"label": None, "text": "It can cause liver damage.",
                                      "fact_ids": [sec["statements"][0]["fact_ids"][0]]})
    return answer


def broken_completion(behaviour: str, data: dict[str, Any]) -> tuple[int, str, bytes]:
    """(status, content type, body) of an HTTP 200 that is not a well-formed completion."""
    content = json.dumps(good_answer(data))
    message: dict[str, Any] = {"role": "assistant", "content": content}
    choices: Any = [{"index": 0, "finish_reason": "stop", "message": message}]
    if behaviour == "not_json":
        return 200, "application/json", b'{"choices": [{"message": {"content": "trunc'
    if behaviour == "html":
        page = ("<!DOCTYPE html><html><head><title>Sign in to the Wi-Fi</title></head>"
                "<body><form action='/login'>Accept the terms</form></body></html>")
        return 200, "text/html; charset=utf-8", page.encode()
    if behaviour == "no_choices":
        choices = None
    elif behaviour == "empty_choices":
        choices = []
    elif behaviour == "choices_not_list":
        choices = {"0": choices[0]}
    elif behaviour == "no_content":
        del message["content"]
    elif behaviour == "content_not_string":
        message["content"] = json.loads(content)  # the object itself, not its text
    body: dict[str, Any] = {"id": "chatcmpl-fake", "object": "chat.completion", "model": "fake"}
    if choices is not None:
        body["choices"] = choices
    return 200, "application/json", json.dumps(body).encode()


def hostile_content(behaviour: str, data: dict[str, Any]) -> str:
    """Answers whose text must never reach a page, the JSON API or the answer cache."""
    if behaviour == "hostile_malformed":  # the schema is wrong; the text is dangerous
        return json.dumps({"sections": HOSTILE_TEXT, "faqs": [{"question": HOSTILE_TEXT}]})
    if behaviour == "hostile_refusal":  # a refusal quoting dangerous text
        return f"I'm sorry, but I cannot help. {HOSTILE_TEXT}"
    answer = good_answer(data)
    if behaviour == "unsupported":  # well formed, citing real ids, and no claim true
        for sec in answer["sections"]:
            for st in sec["statements"]:
                st["text"] = "It cures every illness at once."
        answer["faqs"] = []
        return json.dumps(answer)
    # echo_key: a good page with the caller's key in it
    answer["sections"][0]["statements"].append(
        {"label": None, "text": f"Your key is {data['echo']}.", "fact_ids": []})
    answer["faqs"].append({"question": "What is the key?", "answer": str(data["echo"]),
                           "fact_ids": []})
    return json.dumps(answer)


def tricky_answer(data: dict[str, Any]) -> dict[str, Any]:
    """A good answer plus every sentence of the tricky-claim corpus written for this page's
    ingredients (tests/fixtures/claims/corpus.yaml), each citing the case's facts."""
    import yaml

    answer = good_answer(data)
    ids = sorted(i["id"] for i in data["ingredients"])
    sections = {s["id"]: s for s in answer["sections"]}
    for case in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]:
        if sorted(case["page"]) != ids:
            continue
        if case["section"] in sections:
            sections[case["section"]]["statements"].append(
                {"label": None, "text": case["sentence"], "fact_ids": case["cite"]})
        elif case.get("question"):
            answer["faqs"].append({"question": case["question"], "answer": case["sentence"],
                                   "fact_ids": case["cite"]})
    return answer


@dataclass
class Call:
    start: float
    end: float = 0.0
    behaviour: str = ""
    medicine: str = ""
    body: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    tokens: int = 0
    key: str = ""  # the bearer token the request carried


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (the build stopping at a 404, a timeout) is not an error of
        the fake: the standard library would print its traceback into the CLI's output."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FakeLLM:
    """The server and its script; `calls` records every request with server-side timestamps."""

    def __init__(self, latency: float = 0.0, hang: float = 5.0, retry_after: str = "1") -> None:
        self.latency = latency
        self.hang = hang
        self.retry_after = retry_after
        self.rules: list[tuple[str, list[str]]] = []
        self.calls: list[Call] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), self._handler())
        # a short poll: shutdown() waits for the loop to look, 0.5 s by default (10 s a suite)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.01,),
                                       daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def script(self, medicine_contains: str, behaviours: list[str]) -> None:
        assert all(b in BEHAVIOURS for b in behaviours), behaviours
        self.rules.append((medicine_contains.casefold(), list(behaviours)))

    def reset(self) -> None:
        with self.lock:
            self.rules.clear()
            self.calls.clear()
            self.max_in_flight = 0

    def _behaviour(self, medicine: str) -> str:
        with self.lock:
            for needle, queue in self.rules:
                if needle in medicine.casefold():
                    return queue.pop(0) if len(queue) > 1 else queue[0]
        return "good"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                call = Call(start=time.monotonic())
                with fake.lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                    fake.calls.append(call)
                try:
                    self._answer(call)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    call.end = time.monotonic()
                    with fake.lock:
                        fake.in_flight -= 1

            def _send(self, status: int, payload: object, headers: dict[str, str] | None = None
                      ) -> None:
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def _send_raw(self, status: int, ctype: str, raw: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _answer(self, call: Call) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                call.body = body
                call.key = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if self.path.rstrip("/") != "/v1/chat/completions":
                    call.status = 404
                    return self._send(404, {"error": {"message": "not found"}})
                user = next(m["content"] for m in body["messages"] if m["role"] == "user")
                data = extract_data_block(user)
                call.medicine = data["medicine"]
                call.behaviour = b = fake._behaviour(call.medicine)
                if fake.latency:
                    time.sleep(fake.latency)
                if b == "429":
                    call.status = 429
                    return self._send(429, {"error": {"message": "slow down"}},
                                      {"Retry-After": fake.retry_after})
                if b == "401":
                    call.status = 401
                    return self._send(401, {"error": {"message": "bad key"}})
                if b in ("403", "404"):
                    call.status = int(b)
                    return self._send(call.status, {"error": {"message": "not for you"}})
                if b == "500":
                    call.status = 500
                    return self._send(500, {"error": {"message": "boom"}})
                if b == "reject_schema" and "response_format" in body:
                    call.status = 400
                    return self._send(400, {"error": {"message": "response_format unsupported"}})
                if b == "hang":
                    time.sleep(fake.hang)
                if b in BROKEN_COMPLETIONS:
                    status, ctype, raw = broken_completion(b, data)
                    call.status = status
                    return self._send_raw(status, ctype, raw)
                if b == "echo_key":
                    auth = self.headers.get("Authorization") or ""
                    data = {**data, "echo": auth.removeprefix("Bearer ")}
                content = self._content(b, data)
                call.tokens = len(user) // 4 + len(content) // 4
                self._send(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": len(user) // 4,
                              "completion_tokens": len(content) // 4,
                              "total_tokens": len(user) // 4 + len(content) // 4},
                })

            def _content(self, b: str, data: dict[str, Any]) -> str:
                good = json.dumps(good_answer(data))
                if b == "fenced":
                    return f"Here is the page you asked for:\n```json\n{good}\n```\nDone."
                if b == "prose":
                    return f"Sure! {good} Let me know if you need more."
                if b == "refuse":
                    return "I'm sorry, but I cannot provide information about this medicine."
                if b == "refuse_json":
                    ans = good_answer(data)
                    ans["sections"][0]["statements"] = [{
                        "label": None, "fact_ids": [],
                        "text": "Please provide the name of the medicine you want to know about."}]
                    return json.dumps(ans)
                if b == "truncated":
                    return good[: len(good) // 2]
                if b == "invent":
                    return json.dumps(invented_answer(data))
                if b == "markup":
                    ans = good_answer(data)
                    ans["sections"][0]["statements"] += [
                        {"label": None, "fact_ids": [data["facts"][0]["id"]],
                         "text": "<script>alert(1)</script> Read more."},
                        {"label": None, "fact_ids": [data["facts"][0]["id"]],
                         "text": "See [our shop](https://example.com) for more."}]
                    return json.dumps(ans)
                if b in ("hostile_malformed", "hostile_refusal", "echo_key", "unsupported"):
                    return hostile_content(b, data)
                if b == "tricky":
                    return json.dumps(tricky_answer(data))
                if b == "missing_section":
                    ans = good_answer(data)
                    ans["sections"] = ans["sections"][:1]
                    return json.dumps(ans)
                return good

        return Handler

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def running(**kwargs: Any) -> Iterator[FakeLLM]:
    with FakeLLM(**kwargs) as fake:
        yield fake
