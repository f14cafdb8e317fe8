"""Server-rendered pages in French for advisers, business officers and training bodies."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

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
        if _is_api(request):
            return domain_problem(exc)
        return render(request, "error.html", exc.status, title=exc.title, detail=exc.detail)

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        if not _is_api(request):
            response.headers.update(SECURITY_HEADERS)
        return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/health", "/docs", "/redoc", "/openapi.json"))
