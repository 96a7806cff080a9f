"""Api: the FastAPI ingress of the ``jobscraper`` Serve application.

The FastAPI app is built in each replica (:func:`serve.http.create_api`, Serve's late-bound
ingress), so its routes close over that replica's :class:`~serve.backend.ApiBackend` and the
ExtractionRouter's handle instead of module state.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from ray import serve

from jobscraper.config import Settings
from jobscraper.scraping.fetch import policy_for
from jobscraper.urlpolicy import UrlPolicy
from serve.backend import ApiBackend
from serve.embedding import meaning_through
from serve.guards import api_hosts
from serve.http import create_api
from serve.schemas import ExtractRequest, ExtractResponse

__all__ = ["Api", "ExtractRequest", "ExtractResponse"]


@serve.deployment(ray_actor_options={"num_cpus": 0})
@serve.ingress()
class Api:
    def __init__(
        self,
        router: Any,
        settings: Settings,
        api_token: str | None = None,
        embedding: Any = None,
    ) -> None:
        self._router = router
        self._token = api_token
        self._settings = settings
        # matching.embed_in serve: queries and résumés embed in the deployment (serve.embedding)
        meaning = None if embedding is None else meaning_through(embedding, settings.matching)
        self._backend = ApiBackend(settings, meaning=meaning)

    def __serve_build_asgi_app__(self) -> FastAPI:
        settings = self._settings
        return create_api(
            self._backend,
            self._router,
            token=self._token,
            allowed_hosts=api_hosts(settings),
            url_policy=policy_for(settings.scraping) or UrlPolicy(allow_private=True),
            max_body_bytes=int(settings.serve.max_body_mb * 1024 * 1024),
        )
