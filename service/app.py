"""The FastAPI application: middlewares, then each domain's API routes, then its pages."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from sqlmodel import Session

from service import web
from service.accounts import pages as account_pages
from service.accounts import routes as account_routes
from service.accounts.service import refuse_demo_accounts
from service.catalogue import pages as catalogue_pages
from service.catalogue import routes as catalogue_routes
from service.coverage import pages as coverage_pages
from service.coverage import routes as coverage_routes
from service.deps import caller_role
from service.http import health, openapi_doc, problems
from service.http.admission import Admission
from service.http.body_gate import BodyGate
from service.http.rate_limit import RateLimit
from service.http.request_log import RequestLog
from service.http.security_headers import SecurityHeaders
from service.interop import routes as interop_routes
from service.models import Role
from service.network import pages as network_pages
from service.network import routes as network_routes
from service.notifications import pages as notification_pages
from service.notifications import routes as notification_routes
from service.positionings import pages as positioning_pages
from service.positionings import routes as positioning_routes
from service.referentials import pages as referential_pages
from service.referentials import routes as referential_routes
from service.runtime import Runtime, build_runtime, keep_out_of_the_collector
from service.search import pages as search_pages
from service.search import routes as search_routes
from service.settings import Settings, get_settings
from service.transit import routes as transit_routes
from service.youths import pages as youth_pages
from service.youths import routes as youth_routes

# Routes are tried in order: the youths' (their matches are most of the traffic) come first, and
# every API route before the pages.
# Who may send a file to each import route (checked from the headers, before the file is read).
IMPORT_ROLES = {
    "/api/v1/imports/lheo": (Role.TRAINING_BODY.value, Role.ADMIN.value),
    "/api/v1/imports/organisations": (Role.BUSINESS_OFFICER.value, Role.ADMIN.value),
}
API_ROUTES = (
    youth_routes,
    search_routes,
    account_routes,
    health,
    network_routes,
    interop_routes,
    catalogue_routes,
    positioning_routes,
    referential_routes,
    coverage_routes,
    transit_routes,
    notification_routes,
)
PAGES = (
    account_pages,
    search_pages,
    referential_pages,
    youth_pages,
    positioning_pages,
    network_pages,
    catalogue_pages,
    coverage_pages,
    notification_pages,
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = runtime or build_runtime(settings or get_settings())
        if app.state.runtime.settings.environment == "production":
            try:
                with Session(app.state.runtime.engine) as db:
                    refuse_demo_accounts(db)
            except RuntimeError:
                if runtime is None:
                    app.state.runtime.engine.dispose()
                raise
        to_thread.current_default_thread_limiter().total_tokens = app.state.runtime.settings.worker_threads
        if runtime is None:
            # The index is built before the worker takes its first request: a worker started (or
            # restarted) under traffic would otherwise hold its first requests for the whole build.
            app.state.runtime.matching.refresh_from(app.state.runtime.engine, app.state.runtime.today())
            keep_out_of_the_collector()
        yield
        if runtime is None:
            app.state.runtime.engine.dispose()

    app = FastAPI(
        title="Passerelle",
        version="0.1.0",
        summary="Réseau de partenaires et offre de formation pour les Missions Locales",
        lifespan=lifespan,
        docs_url=None,  # served by openapi_doc from our own assets, not from a CDN
        redoc_url=None,
    )
    problems.install(app)
    openapi_doc.install(app)
    config = settings or (runtime.settings if runtime else get_settings())
    # Outermost last: the log sees every answer and every wait, the body cap and the rate limit
    # refuse early.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RateLimit, settings=config)
    app.add_middleware(Admission, active=config.active_requests, wait_seconds=config.db_timeout_seconds)
    # Outside admission: a body trickling in holds no slot; an anonymous one is not even read.
    app.add_middleware(
        BodyGate,
        identify=caller_role,
        max_bytes=config.max_body_bytes,
        import_max_bytes=config.import_max_bytes,
        read_timeout_seconds=config.body_read_timeout_seconds,
        import_roles=IMPORT_ROLES,
        lookups_at_once=config.active_requests,
    )
    app.add_middleware(RequestLog)
    for module in (*API_ROUTES, *PAGES):
        app.include_router(module.router)
    web.install(app)
    return app
