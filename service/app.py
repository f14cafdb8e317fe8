"""The FastAPI application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI

from service import openapi_doc, problems, web
from service.routes import (
    auth, exchange, health, match, network, offers, organisations, positionings, reference, sessions, youths,
)
from service.admission import Admission
from service.body_limit import BodyLimit
from service.rate_limit import RateLimit
from service.request_log import RequestLog
from service.runtime import Runtime, build_runtime
from service.settings import Settings, get_settings
from service.web import SecurityHeaders


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = runtime or build_runtime(settings or get_settings())
        to_thread.current_default_thread_limiter().total_tokens = app.state.runtime.settings.worker_threads
        if runtime is None:
            # The index is built before the worker takes its first request: a worker started (or
            # restarted) under traffic would otherwise hold its first requests for the whole build.
            app.state.runtime.matching.refresh_from(app.state.runtime.engine, app.state.runtime.today())
        yield
        if runtime is None:
            app.state.runtime.engine.dispose()

    app = FastAPI(
        title="Passerelle",
        version="0.1.0",
        summary="Réseau de partenaires et offre de formation pour les Missions Locales",
        lifespan=lifespan,
    )
    problems.install(app)
    openapi_doc.install(app)
    config = settings or (runtime.settings if runtime else get_settings())
    # Outermost last: the log sees every answer and every wait, the body cap and the rate limit
    # refuse early.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RateLimit, settings=config)
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes, import_max_bytes=config.import_max_bytes)
    app.add_middleware(Admission, active=config.active_requests, wait_seconds=config.db_timeout_seconds)
    app.add_middleware(RequestLog)
    # Routes are tried in order: the youths' (their matches are most of the traffic) come first.
    for module in (youths, match, auth, health, organisations, exchange, sessions, offers, positionings, reference,
                   network):
        app.include_router(module.router)
    web.install(app)  # after the API: routes are tried in order, and most traffic is API calls
    return app
