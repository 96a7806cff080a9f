"""The ``openai`` engine: any OpenAI-compatible chat endpoint (vLLM server, llama.cpp, Ollama, cloud).

One ``POST {base_url}/chat/completions`` per prompt, at most ``max_concurrency`` in flight, with
``temperature`` 0 and the output constrained by ``response_format``: a strict ``json_schema``
(:func:`strict_json_schema`). A server that answers 400 naming ``response_format`` or
``json_schema`` does not support that mode: the engine steps down to ``{"type": "json_object"}``,
then to no ``response_format`` at all (the prompt still asks for the JSON and shows the schema),
remembers the step for later requests and logs it once.

Failures, and who gets them:

- 401/403 (credentials) and 404 (unknown model or wrong ``base_url``) fail every prompt alike:
  ``generate`` raises :class:`~jobscraper.errors.ExtractionError` for the batch.
- 429, 408, 5xx, timeouts and connection errors are retried (tenacity: exponential backoff with
  full jitter, at least the server's ``Retry-After``); when the retries are spent that prompt's
  place holds an ``ExtractionUnavailable`` (the pipeline tries it again later), and for any other
  4xx an ``ExtractionError`` — the posting's error, not the batch's.
- An answer cut at ``max_tokens`` (``finish_reason: length``) before the JSON was complete is an
  ``ExtractionError`` too: a repair would hit the same limit.

The API key is read once, at construction, from the environment variable the config names; no
key (a local server) means no ``Authorization`` header. The key never appears in a log line or
an error message — not even where a server echoes it back.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
import random
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

import aiohttp
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from jobscraper.config import OpenAISettings, OverflowSettings
from jobscraper.errors import ConfigError, ExtractionError, ExtractionUnavailable
from jobscraper.extraction.base import LLMEngine
from jobscraper.extraction.schema import details_json_schema
from jobscraper.scraping.retry import Backoff, parse_retry_after

__all__ = ["OpenAIEngine", "strict_json_schema"]

log = logging.getLogger(__name__)

FormatMode = Literal["json_schema", "json_object", "none"]
_FALLBACK: dict[FormatMode, FormatMode] = {"json_schema": "json_object", "json_object": "none"}
_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# OpenAI's strict mode rejects these keywords ("'maxLength' is not permitted"); the output is
# validated against the Pydantic model afterwards, so the bound is still enforced, by a repair.
_STRICT_UNSUPPORTED = frozenset({"default", "minLength", "maxLength"})
_KEY_LIKE = re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_\-*.]{6,}")


def strict_json_schema(
    schema: Mapping[str, Any] | None = None, *, drop: frozenset[str] = frozenset({"default"})
) -> dict[str, Any]:
    """``schema`` (default: JobDetails') in the shape strict structured outputs require.

    Every object lists all its properties as ``required`` and forbids others; optional fields
    stay optional through their ``null``/``"unknown"``/``[]`` values, so the model states each
    field explicitly instead of leaving it out. ``drop`` names keywords removed everywhere.
    """

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: walk(value) for key, value in node.items() if key not in drop}
        if isinstance(out.get("properties"), dict):
            out["required"] = list(out["properties"])
            out["additionalProperties"] = False
        return out

    result: dict[str, Any] = walk(copy.deepcopy(dict(schema or details_json_schema())))
    return result


class _Transient(Exception):
    """A failure worth retrying (429, 5xx, timeout, connection); ``retry_after`` from the server."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class OpenAIEngine(LLMEngine):
    """Extraction through an OpenAI-compatible ``/chat/completions`` endpoint."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key_env: str | None = "OPENAI_API_KEY",
        timeout_s: float = 60.0,
        max_concurrency: int = 8,
        max_retries: int = 4,
        max_output_tokens: int = 768,
        strict: bool = True,
        backoff_base_s: float = 0.5,
        max_wait_s: float = 60.0,
        environ: Mapping[str, str] | None = None,
        session_factory: Callable[[], aiohttp.ClientSession] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(max_output_tokens=max_output_tokens)
        if max_concurrency < 1 or max_retries < 0:
            raise ValueError("max_concurrency must be ≥ 1 and max_retries ≥ 0")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key_env = api_key_env
        env = os.environ if environ is None else environ
        self._api_key = (env.get(api_key_env) or None) if api_key_env else None
        self.timeout_s = timeout_s
        self.max_concurrency = max_concurrency
        self.max_retries = max_retries
        self.strict = strict
        self.format_mode: FormatMode = "json_schema"
        self._backoff = Backoff(backoff_base_s, max_wait_s, rng or random.Random())
        self._session_factory = session_factory
        self._sleep = sleep
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None
        drop = _STRICT_UNSUPPORTED if strict else frozenset({"default"})
        self._schema = strict_json_schema(drop=drop)

    @classmethod
    def from_settings(cls, settings: OpenAISettings, *, max_output_tokens: int = 768) -> OpenAIEngine:
        """The engine for ``extraction.engine: openai``."""
        return cls(
            base_url=settings.base_url,
            model=settings.model,
            api_key_env=settings.api_key_env,
            timeout_s=settings.timeout_s,
            max_concurrency=settings.max_concurrency,
            max_retries=settings.max_retries,
            max_output_tokens=max_output_tokens,
        )

    @classmethod
    def from_overflow(cls, settings: OverflowSettings, *, max_output_tokens: int = 768) -> OpenAIEngine:
        """The engine for ``extraction.overflow.mode: openai`` (prompts beyond the long pool)."""
        if not (settings.base_url and settings.model):
            raise ConfigError("extraction.overflow: mode 'openai' needs base_url and model")
        return cls(
            base_url=settings.base_url,
            model=settings.model,
            api_key_env=settings.api_key_env,
            max_output_tokens=max_output_tokens,
        )

    @property
    def has_api_key(self) -> bool:
        return self._api_key is not None

    def __repr__(self) -> str:  # the key stays out of reprs, logs and tracebacks' locals
        return f"OpenAIEngine(base_url={self.base_url!r}, model={self.model!r})"

    async def aclose(self) -> None:
        """Close the HTTP session (the engine opens a new one if used again)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
        self._loop = None

    async def generate(self, prompts: list[str]) -> list[str | ExtractionError]:
        session, slots = self._connection()

        async def one(prompt: str) -> str | ExtractionError:
            async with slots:
                return await self._complete(session, prompt)

        answers = await asyncio.gather(*(one(p) for p in prompts), return_exceptions=True)
        outputs: list[str | ExtractionError] = []
        for answer in answers:
            # raised, not spread over the postings: what fails every prompt alike (credentials,
            # unknown model) and what is a bug here; a per-prompt failure is a returned value
            if isinstance(answer, _Fatal) or not isinstance(answer, str | ExtractionError):
                raise answer
            outputs.append(answer)
        return outputs

    def _connection(self) -> tuple[aiohttp.ClientSession, asyncio.Semaphore]:
        # created inside the running loop, and again if a later call runs in another loop
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            if self._session_factory is not None:
                self._session = self._session_factory()
            else:
                self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout_s))
            self._loop = loop
            self._slots = asyncio.Semaphore(self.max_concurrency)
        assert self._slots is not None
        return self._session, self._slots

    async def _complete(self, session: aiohttp.ClientSession, prompt: str) -> str | ExtractionError:
        """One prompt's answer, retried on transient failures; an ExtractionError when it failed."""
        kwargs: dict[str, Any] = {"sleep": self._sleep} if self._sleep is not None else {}
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(_Transient),
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._backoff,
            reraise=True,
            **kwargs,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._post(session, prompt)
        except _Transient as error:
            tries = self.max_retries + 1
            return ExtractionUnavailable(f"{self.base_url}: {error} (gave up after {tries} attempt(s))")
        raise AssertionError("unreachable: tenacity either returns or re-raises")

    async def _post(self, session: aiohttp.ClientSession, prompt: str) -> str | ExtractionError:
        while True:  # loops only to step down the response_format after a 400 naming it
            mode = self.format_mode
            try:
                url, body = f"{self.base_url}/chat/completions", self._body(prompt, mode)
                async with session.post(url, json=body, headers=self._headers()) as response:
                    status = response.status
                    text = await response.text()
                    retry_after = response.headers.get("Retry-After")
            except TimeoutError as exc:
                raise _Transient(f"no answer within {self.timeout_s:g} s") from exc
            except aiohttp.ClientError as exc:  # connection refused/reset, server disconnected
                reason = self._redact(str(exc)) or type(exc).__name__
                raise _Transient(f"cannot reach the server: {reason}") from exc
            if status == 200:
                return self._answer(text)
            message = self._redact(_server_message(text))
            if status == 400 and mode != "none" and _names_response_format(message):
                self._step_down(mode, message)
                continue
            if status in _RETRY_STATUS or (status >= 500 and status != 501):
                raise _Transient(f"HTTP {status}: {message}", parse_retry_after(retry_after))
            if status in (401, 403):
                raise _Fatal(self._auth_message(status, message))
            if status == 404:
                raise _Fatal(
                    f"{self.base_url}/chat/completions answered 404: model {self.model!r} is unknown "
                    f"there or base_url is wrong (it usually ends in /v1): {message}"
                )
            if status == 400:
                return ExtractionError(f"{self.base_url} rejected the request (HTTP 400): {message}")
            return ExtractionError(f"{self.base_url} answered HTTP {status}: {message}")

    def _body(self, prompt: str, mode: FormatMode) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": prompt}],
            "temperature": 0,
            "max_tokens": self.max_output_tokens,
        }
        if mode == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "JobDetails", "schema": self._schema, "strict": self.strict},
            }
        elif mode == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}

    def _answer(self, text: str) -> str | ExtractionError:
        try:
            choice = json.loads(text)["choices"][0]
            message = choice["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            return ExtractionError(f"{self.base_url} answered 200 without a chat completion: {text[:200]!r}")
        if message.get("refusal"):
            return ExtractionError(f"the model refused: {message['refusal']}")
        content = message.get("content") or ""
        if choice.get("finish_reason") == "length" and not _is_json(content):
            return ExtractionError(
                f"output cut at max_tokens={self.max_output_tokens} before the JSON object was complete"
            )
        return str(content)

    def _step_down(self, mode: FormatMode, message: str) -> None:
        if self.format_mode == mode:  # concurrent requests may all see the same 400: step once
            self.format_mode = _FALLBACK[mode]
            log.warning(
                "%s does not accept response_format %s (%s); using %s from now on",
                self.base_url,
                mode,
                message[:200],
                self.format_mode,
            )

    def _auth_message(self, status: int, message: str) -> str:
        if self._api_key is None:
            hint = f"no API key was sent: set the environment variable {self.api_key_env or '(none named)'}"
        else:
            hint = f"the key in ${self.api_key_env} was refused (or lacks access to model {self.model!r})"
        return f"{self.base_url} answered HTTP {status}: {hint}. Server said: {message}"

    def _redact(self, text: str) -> str:
        if self._api_key:
            text = text.replace(self._api_key, "<redacted>")
        return _KEY_LIKE.sub("<redacted>", text)


class _Fatal(ExtractionError):
    """Fails every prompt alike (credentials, unknown model): raised for the whole batch."""


def _server_message(text: str) -> str:
    """The error message of an OpenAI-style error body (or the start of the body)."""
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip()[:300] or "(empty body)"
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict) and error.get("message"):
            param = f" (param: {error['param']})" if error.get("param") else ""
            return f"{error['message']}{param}"[:500]
        if isinstance(error, str):
            return error[:500]
    return text.strip()[:300]


def _names_response_format(message: str) -> bool:
    lowered = message.lower()
    return "response_format" in lowered or "json_schema" in lowered or "response format" in lowered


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
