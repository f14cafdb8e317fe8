"""Server-rendered pages in French: the shared plumbing (templates, forms, page sessions, static
files). Each domain's pages live in its own `pages.py`."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from service.http.problems import DomainError, domain_problem
from service.http.security_headers import is_api_path
from service.web.page_session import LoginRequired
from service.web.templating import render

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/connexion?suite={request.url.path}", status_code=303)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        """API clients get problem+json; people on a page get the same message as a page."""
        if is_api_path(request.url.path):
            return domain_problem(exc)
        return render(request, "error.html", exc.status, title=exc.title, detail=exc.detail)
