"""The HTTP API: :func:`create_app` builds it; the lifespan loads the engine once.

Run it with ``matching serve`` or
``uvicorn api.app:create_app --factory`` (settings from ``MATCHING_*`` variables).
OpenAPI docs are at ``/docs``. Security (API keys, roles, the closed default) is
described in :mod:`api.security`; errors are RFC 9457 problem details
(:mod:`api.problems`).

Example:
    >>> from fastapi.testclient import TestClient
    >>> from matching.config import Settings
    >>> app = create_app(Settings(esco_dir=None, database_url="sqlite://"))
    >>> with TestClient(app) as client:  # doctest: +SKIP
    ...     client.get("/health").json()["status"]
    'ok'
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import access_log
from api.problems import Problem, install_problem_handlers, problem_response
from api.routes import (
    agencies,
    batches,
    candidates,
    demand_lists,
    health,
    job_seekers,
    occupations,
    placements,
    statistics,
    vacancies,
)
from api.schemas import PROBLEM_RESPONSES
from api.security import KeyRing
from api.web.workspace import install_workspace
from matching import __version__
from matching.config import Settings, get_settings
from matching.heap import freeze_heap
from matching.service import Engine
from matching.storage.audit import AuditWriter

log = logging.getLogger(__name__)

AUDIT_SHUTDOWN_SECONDS = 30.0  # a stop waits this long for queued audit events to be stored

DESCRIPTION = """\
Matches Georgian job seekers to legal temporary work abroad (circular migration to
Poland, Germany, Israel ...). Present an API key in `X-API-Key` (or as a bearer token).

Roles: a **coordinator** may do everything; an **agency** sees and changes only its own
job seekers and vacancies (others answer 404); an **analyst** reads counts, vacancies,
occupations and match statistics, never personal data (403). Every read of personal
data is written to the audit log. Errors are RFC 9457 problem details.

This service uses the ESCO classification of the European Commission.
"""


class BodySizeLimit:
    """Answer 413 (problem details) to a request body over ``max_bytes``.

    A declared ``Content-Length`` over the limit is refused before any byte is read; a
    chunked body is counted as it arrives and cut off at the limit (the route's body
    parser then stops with the 413, which the problem handlers render). FastAPI's own
    ``max_body_size`` answers a declared oversize body in plain text, hence this.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> Problem:
        return Problem(
            413,
            f"the request body is over the limit of {self.max_bytes} bytes",
            type="too-large",
            max_bytes=self.max_bytes,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            error = self._too_large()
            response = problem_response(
                Request(scope), 413, str(error.detail), type=error.type, **error.extensions
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large()  # an HTTPException: body parsers re-raise it
            return message

        await self.app(scope, limited_receive, send)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Read the keys, open the engine and load its taxonomy and normaliser, once."""
    settings: Settings = app.state.settings
    app.state.keys = KeyRing.from_settings(settings)  # a bad keys file stops the start
    if not len(app.state.keys):
        log.warning("no API keys configured: only /health and the docs are reachable")
    given = app.state.given_engine
    engine = given if given is not None else Engine(settings)
    engine.open()
    app.state.engine = engine
    # The first request should not pay for loading (or fitting) the normaliser.
    await anyio.to_thread.run_sync(lambda: engine.normalizer)
    await anyio.to_thread.run_sync(freeze_heap)
    engine.after_fit.append(freeze_heap)
    app.state.batches = batches.BatchRegistry.open(engine, settings)  # and its worker
    app.state.audit_writer = AuditWriter(engine.store).start()
    try:
        yield
    finally:
        try:
            app.state.batches.shutdown()
        finally:
            try:
                app.state.audit_writer.close(timeout=AUDIT_SHUTDOWN_SECONDS)  # writes the queue
            finally:
                if freeze_heap in engine.after_fit:
                    engine.after_fit.remove(freeze_heap)
                if given is None:
                    engine.close()


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The application.

    Args:
        settings: The settings in force; ``engine.settings`` or ``get_settings()`` by
            default.
        engine: An engine to serve (tests pass one with a prepared taxonomy and
            normaliser; the caller then owns it); by default one is built on
            ``settings`` at start-up and closed at shutdown.
    """
    settings = settings or (engine.settings if engine is not None else get_settings())
    app = FastAPI(
        title="matching",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are the workspace's, from local assets
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.given_engine = engine
    install_problem_handlers(app)
    access_log.install()  # no ids or queries (which may carry personal data) in the log
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_upload_bytes)
    install_workspace(app, settings)  # first: its pages share /stats and /batches (GET)
    for module in (
        health,
        job_seekers,
        vacancies,
        candidates,
        demand_lists,
        occupations,
        batches,
        placements,
        agencies,
        statistics,
    ):
        app.include_router(module.router, responses=PROBLEM_RESPONSES)
    return app
