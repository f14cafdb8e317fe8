"""Log in, log out, and each role's home page."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from service.accounts.service import authenticate, revoke_token
from service.deps import DbDep, RuntimeDep
from service.http.problems import DomainError
from service.models import Role
from service.web.page_session import COOKIE, CsrfChecked, PageUser, SameOrigin, open_page_session
from service.web.templating import render

router = APIRouter(include_in_schema=False)

HOMES = {
    Role.ADVISER: "/recherche",
    Role.BUSINESS_OFFICER: "/offres",
    Role.TRAINING_BODY: "/sessions",
    Role.ADMIN: "/tableau-de-bord",
}


@router.get("/")
def home(user: PageUser) -> RedirectResponse:
    return RedirectResponse(HOMES[user.role], status_code=303)


@router.get("/connexion")
def login_form(request: Request, suite: str = "") -> Response:
    return render(request, "login.html", suite=_safe_next(suite), email="", error=None)


@router.post("/connexion", dependencies=[SameOrigin])
def login(
    request: Request,
    db: DbDep,
    runtime: RuntimeDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    suite: Annotated[str, Form()] = "",
) -> Response:
    try:
        user = authenticate(db, email, password)
    except DomainError as exc:
        return render(request, "login.html", exc.status, suite=_safe_next(suite), email=email, error=exc.detail)
    response = RedirectResponse(_safe_next(suite) or HOMES[user.role], status_code=303)
    open_page_session(db, runtime, response, user)
    return response


@router.post("/deconnexion", dependencies=[CsrfChecked])
def logout(request: Request, db: DbDep, user: PageUser) -> RedirectResponse:
    revoke_token(db, request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/connexion", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _safe_next(path: str) -> str:
    """Only a local path: a login link must never send anyone to another site."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else ""
