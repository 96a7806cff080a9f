"""OpenAIEngine against a local OpenAI-compatible server (aiohttp on 127.0.0.1, an ephemeral port).

The fake answers ``POST /v1/chat/completions`` the way vLLM and OpenAI do; what it answers for a
prompt is decided by a marker in the posting's text, so one batch can mix outcomes.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from jobscraper.errors import ExtractionError
from jobscraper.extraction import ExtractionInput, ExtractionResult
from jobscraper.extraction.openai_engine import OpenAIEngine, strict_json_schema
from jobscraper.extraction.schema import JobDetails

KEY = "sk-test-0123456789abcdef"
VALID = json.dumps(
    {
        "skills": ["Python", "SQL"],
        "tech_stack": ["Django"],
        "seniority": "senior",
        "min_years_experience": 5,
        "employment_type": "full_time",
        "remote_policy": "hybrid",
        "remote_regions": [],
        "visa_sponsorship": "unknown",
        "salary": {"min": 70000, "max": 90000, "currency": "EUR", "period": "year"},
        "benefits": [],
        "education": None,
        "summary": "A senior Python role.",
        "language": "en",
    }
)

Reply = tuple[int, Any, dict[str, str]]  # status, JSON body (or raw text), headers


def completion(content: str, finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def error_body(message: str, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}


class FakeOpenAI:
    """An OpenAI-compatible chat endpoint; ``answer(body, n)`` decides each reply (n: request number)."""

    def __init__(self, answer: Callable[[dict[str, Any], int], Reply]) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        status, payload, headers = self.answer(body, len(self.requests))
        if isinstance(payload, str):
            return web.Response(status=status, text=payload, headers=headers)
        return web.json_response(payload, status=status, headers=headers)

    async def __aenter__(self) -> FakeOpenAI:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


def prompt_of(body: dict[str, Any]) -> str:
    return str(body["messages"][-1]["content"])


def is_repair(body: dict[str, Any]) -> bool:
    return "Your previous answer was not valid" in prompt_of(body)


def postings(*markers: str) -> list[ExtractionInput]:
    return [
        ExtractionInput(id=m, title="Python developer", description=f"We hire. marker={m}.") for m in markers
    ]


def marker(body: dict[str, Any]) -> str:
    return prompt_of(body).split("marker=")[1].split(".")[0]


def engine(base_url: str, **kwargs: Any) -> OpenAIEngine:
    kwargs.setdefault("environ", {})
    return OpenAIEngine(base_url=base_url, model="test-model", api_key_env="TEST_OPENAI_KEY", **kwargs)


def run_batch(
    answer: Callable[[dict[str, Any], int], Reply],
    batch: list[ExtractionInput],
    **kwargs: Any,
) -> tuple[list[ExtractionResult], FakeOpenAI]:
    async def main() -> tuple[list[ExtractionResult], FakeOpenAI]:
        async with FakeOpenAI(answer) as server:
            eng = engine(server.base_url, **kwargs)
            try:
                return await eng.extract(batch), server
            finally:
                await eng.aclose()

    return asyncio.run(main())


def recording_sleep() -> tuple[list[float], Callable[[float], Awaitable[None]]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return slept, sleep


def test_schema_valid_answers_become_details() -> None:
    results, server = run_batch(lambda body, n: (200, completion(VALID), {}), postings("a", "b"))

    assert [r.id for r in results] == ["a", "b"]
    assert all(r.ok and not r.repaired and r.engine == "openai" for r in results)
    details = results[0].details
    assert details is not None and details.salary is not None
    assert details.salary.annual_min == 70000 and details.skills == ["Python", "SQL"]
    assert len(server.requests) == 2


def test_request_carries_the_json_schema_response_format_and_no_key_when_unset() -> None:
    _, server = run_batch(lambda body, n: (200, completion(VALID), {}), postings("a"))

    body = server.requests[0]
    assert body["model"] == "test-model"
    assert body["temperature"] == 0
    assert body["max_tokens"] == 768
    assert body["messages"][0]["role"] == "user" and "marker=a" in body["messages"][0]["content"]
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "JobDetails" and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert set(schema["required"]) == set(JobDetails.model_fields) == set(schema["properties"])
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Salary"]["required"] == ["min", "max", "currency", "period"]
    assert "default" not in json.dumps(schema)
    assert "Authorization" not in server.headers[0]


def test_authorization_header_is_sent_when_the_env_var_is_set() -> None:
    _, server = run_batch(
        lambda body, n: (200, completion(VALID), {}), postings("a"), environ={"TEST_OPENAI_KEY": KEY}
    )
    assert server.headers[0]["Authorization"] == f"Bearer {KEY}"


def test_a_malformed_first_answer_is_repaired_on_the_second_call() -> None:
    def answer(body: dict[str, Any], n: int) -> Reply:
        if marker(body) == "flaky" and not is_repair(body):
            return 200, completion('{"skills": ["Python",], "seniority": "wizard"'), {}
        return 200, completion(VALID), {}

    results, server = run_batch(answer, postings("ok", "flaky"))

    ok, flaky = results
    assert ok.ok and not ok.repaired
    assert flaky.ok and flaky.repaired and flaky.error is None
    repair = [b for b in server.requests if is_repair(b)]
    assert len(repair) == 1 and "seniority" in prompt_of(repair[0])  # the model is told what was wrong


def test_malformed_twice_fails_that_posting_only() -> None:
    def answer(body: dict[str, Any], n: int) -> Reply:
        if marker(body) == "broken":
            return 200, completion("I cannot answer in JSON, sorry."), {}
        return 200, completion(VALID), {}

    results, _ = run_batch(answer, postings("one", "broken", "two"))

    one, broken, two = results
    assert one.ok and two.ok
    assert not broken.ok and broken.repaired
    assert broken.error is not None and broken.error.startswith("invalid output after one repair")


def test_a_repair_the_server_fails_is_that_postings_error() -> None:
    _, sleep = recording_sleep()

    def answer(body: dict[str, Any], n: int) -> Reply:
        if marker(body) == "flaky":
            return (503, "overloaded", {}) if is_repair(body) else (200, completion("{not json"), {})
        return 200, completion(VALID), {}

    results, _ = run_batch(answer, postings("flaky", "ok"), sleep=sleep, max_retries=1)

    flaky, ok = results
    assert ok.ok
    assert flaky.repaired and flaky.error is not None
    assert flaky.error.startswith("repair failed: ") and "HTTP 503" in flaky.error


def test_429_with_retry_after_is_retried_after_the_servers_wait() -> None:
    slept, sleep = recording_sleep()

    def answer(body: dict[str, Any], n: int) -> Reply:
        if n == 1:
            return 429, error_body("Rate limit reached"), {"Retry-After": "3"}
        return 200, completion(VALID), {}

    results, server = run_batch(answer, postings("a"), sleep=sleep, backoff_base_s=0.01)

    assert results[0].ok
    assert len(server.requests) == 2
    assert slept and slept[0] >= 3.0  # the jittered backoff alone would be ~0.01 s


def test_server_errors_past_the_retries_fail_that_posting_not_the_batch() -> None:
    slept, sleep = recording_sleep()

    def answer(body: dict[str, Any], n: int) -> Reply:
        if marker(body) == "down":
            return 503, "upstream overloaded", {}
        return 200, completion(VALID), {}

    results, server = run_batch(answer, postings("up", "down"), sleep=sleep, max_retries=2)

    up, down = results
    assert up.ok
    assert not down.ok and not down.repaired
    assert down.error is not None
    assert "HTTP 503" in down.error and "upstream overloaded" in down.error and "3 attempt" in down.error
    assert sum(marker(b) == "down" for b in server.requests) == 3
    assert len(slept) == 2


def test_unreachable_server_is_a_per_posting_error() -> None:
    slept, sleep = recording_sleep()

    async def main() -> list[ExtractionResult]:
        async with FakeOpenAI(lambda body, n: (200, completion(VALID), {})) as server:
            base_url = server.base_url  # closed below: nothing listens there any more
        eng = engine(base_url, sleep=sleep, max_retries=1)
        try:
            return await eng.extract(postings("a"))
        finally:
            await eng.aclose()

    (result,) = asyncio.run(main())
    assert not result.ok
    assert result.error is not None and "cannot reach the server" in result.error
    assert "2 attempt" in result.error and len(slept) == 1  # connection errors are retried too


def test_401_raises_a_clear_error_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def answer(body: dict[str, Any], n: int) -> Reply:
        # OpenAI echoes (part of) a wrong key back; it must not travel on in our error
        return 401, error_body(f"Incorrect API key provided: {KEY}. You can find your API key at ..."), {}

    with pytest.raises(ExtractionError) as raised:
        run_batch(answer, postings("a", "b"), environ={"TEST_OPENAI_KEY": KEY})

    message = str(raised.value)
    assert "401" in message and "TEST_OPENAI_KEY" in message and "refused" in message
    assert KEY not in message and KEY[:12] not in message
    assert KEY not in caplog.text
    assert KEY not in repr(engine("http://127.0.0.1:1/v1", environ={"TEST_OPENAI_KEY": KEY}))


def test_401_without_a_key_says_which_variable_to_set() -> None:
    with pytest.raises(ExtractionError, match=r"no API key was sent: set the environment variable TEST_"):
        run_batch(lambda body, n: (401, error_body("Missing bearer token"), {}), postings("a"))


def test_unknown_model_404_names_the_model() -> None:
    def answer(body: dict[str, Any], n: int) -> Reply:
        return 404, error_body("The model `test-model` does not exist."), {}

    with pytest.raises(ExtractionError, match=r"404: model 'test-model' is unknown"):
        run_batch(answer, postings("a"))


def test_a_bad_request_is_that_postings_error() -> None:
    def answer(body: dict[str, Any], n: int) -> Reply:
        if marker(body) == "huge":
            return 400, error_body("This model's maximum context length is 8192 tokens.", "messages"), {}
        return 200, completion(VALID), {}

    results, _ = run_batch(answer, postings("huge", "fine"))

    huge, fine = results
    assert fine.ok
    assert huge.error is not None and "HTTP 400" in huge.error and "maximum context length" in huge.error


def test_a_server_without_json_schema_support_gets_json_object(caplog: pytest.LogCaptureFixture) -> None:
    def answer(body: dict[str, Any], n: int) -> Reply:
        if body.get("response_format", {}).get("type") == "json_schema":
            return 400, error_body("Unknown response_format type: json_schema", "response_format"), {}
        return 200, completion(VALID), {}

    with caplog.at_level(logging.WARNING):
        results, server = run_batch(answer, postings("a", "b", "c"), max_concurrency=1)

    assert all(r.ok for r in results)
    kinds = [b["response_format"]["type"] for b in server.requests]
    assert kinds == ["json_schema", "json_object", "json_object", "json_object"]  # steps down once
    assert caplog.text.count("does not accept response_format json_schema") == 1


def test_an_answer_cut_at_max_tokens_is_reported_as_cut() -> None:
    def answer(body: dict[str, Any], n: int) -> Reply:
        if marker(body) == "long":
            return 200, completion('{"skills": ["Python", "Go", "Ru', finish_reason="length"), {}
        return 200, completion(VALID), {}

    results, server = run_batch(answer, postings("long", "short"), max_output_tokens=64)

    long, short = results
    assert short.ok
    assert long.error == "output cut at max_tokens=64 before the JSON object was complete"
    assert not long.repaired and not any(is_repair(b) for b in server.requests)


def test_concurrency_is_bounded() -> None:
    in_flight = 0
    peak = 0

    async def main() -> list[ExtractionResult]:
        nonlocal in_flight, peak

        async def handle(request: web.Request) -> web.Response:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.02)
            in_flight -= 1
            return web.json_response(completion(VALID))

        app = web.Application()
        app.router.add_post("/v1/chat/completions", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        eng = engine(f"http://{host}:{port}/v1", max_concurrency=3)
        try:
            return await eng.extract(postings(*(f"p{i}" for i in range(10))))
        finally:
            await eng.aclose()
            await runner.cleanup()

    results = asyncio.run(main())
    assert all(r.ok for r in results)
    assert peak == 3


def test_strict_schema_requires_every_property_and_keeps_the_original() -> None:
    original = JobDetails.model_json_schema(mode="validation")
    strict = strict_json_schema(original)
    assert strict["required"] == list(original["properties"])
    assert "required" not in original  # the input is not modified
    assert JobDetails.model_validate_json(VALID)  # a strict-shaped answer is a valid JobDetails
