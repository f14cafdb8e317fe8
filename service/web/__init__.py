"""Server-rendered pages in French for advisers, business officers and training bodies."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.problems import DomainError, domain_problem
from service.web import auth_pages, dashboard_pages, offer_pages, search_pages, session_pages, youth_pages
from service.web.session import LoginRequired
from service.web.templating import render

STATIC = Path(__file__).parent / "static"
# Pages never load anything from elsewhere: scripts, styles and map points are all local.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth_pages, search_pages, youth_pages, offer_pages, session_pages, dashboard_pages):
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/connexion?suite={request.url.path}", status_code=303)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        """API clients get problem+json; people on a page get the same message as a page."""
        if _is_api_path(request.url.path):
            return domain_problem(exc)
        return render(request, "error.html", exc.status, title=exc.title, detail=exc.detail)


def _is_api_path(path: str) -> bool:
    return path.startswith(("/api/", "/health", "/docs", "/redoc", "/openapi.json"))


class SecurityHeaders:
    """Pure ASGI: the pages' security headers, added as the response starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, with_headers)
