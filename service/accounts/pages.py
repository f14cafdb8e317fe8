"""Log in, log out, and each role's home page."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.responses import Response

from service import audit
from service.accounts.passwords import WeakPassword
from service.accounts.service import (
    all_users,
    authenticate,
    create_user,
    deactivate,
    reset_password,
    revoke_token,
    revoke_tokens,
)
from service.accounts.service import user as account_of
from service.deps import DbDep, RuntimeDep
from service.http.pagination import Id
from service.http.problems import DomainError
from service.models import Role
from service.network import service as network
from service.web.forms import FormErrors, form_values, row_id
from service.web.page_session import COOKIE, CsrfChecked, PageUser, SameOrigin, open_page_session, require_role
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


# -- administration: accounts -----------------------------------------------------------------


@router.get("/admin/utilisateurs")
def users_page(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.ADMIN)
    return _users(request, db, {}, FormErrors())


@router.post("/admin/utilisateurs", dependencies=[CsrfChecked])
async def create_user_page(request: Request, db: DbDep, user: PageUser) -> Response:
    """An admin opens an account for someone of an organisation (password set by the admin, to
    hand over; the person may change it later)."""
    require_role(user, Role.ADMIN)
    values, errors = form_values(await request.form()), FormErrors()
    role = values.get("role", "")
    org = row_id(values.get("organisation_id"))
    if role not in {r.value for r in Role}:
        errors["role"] = "Choisissez un rôle."
    elif role != Role.ADMIN.value and not (org and network.organisation(db, org)):
        errors["organisation_id"] = "Choisissez l'organisation du compte."
    if not values.get("email") or "@" not in values["email"]:
        errors["email"] = "Indiquez une adresse e-mail."
    if not errors:
        try:
            create_user(
                db,
                values["email"],
                Role(role),
                org,
                values.get("password") or None,
                values.get("full_name", ""),
            )
            audit.record(db, user, "user.create", "user", None, values["email"][:100])
            return RedirectResponse("/admin/utilisateurs", status_code=303)
        except WeakPassword as exc:
            errors["password"] = str(exc)
        except IntegrityError:
            db.rollback()
            errors["email"] = "Un compte existe déjà pour cette adresse."
    return _users(request, db, values, errors, 422)


@router.post("/admin/utilisateurs/{user_id}/desactiver", dependencies=[CsrfChecked])
def deactivate_page(user_id: Id, db: DbDep, user: PageUser) -> Response:
    """The account can no longer log in, and is logged out at once (tokens and page sessions)."""
    require_role(user, Role.ADMIN)
    deactivate(db, user, account_of(db, user_id))
    return RedirectResponse("/admin/utilisateurs", status_code=303)


@router.post("/admin/utilisateurs/{user_id}/jetons", dependencies=[CsrfChecked])
def revoke_page(user_id: Id, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.ADMIN)
    target = account_of(db, user_id)
    revoked = revoke_tokens(db, target)
    audit.record(db, user, "user.revoke_tokens", "user", target.id, f"{revoked} jetons révoqués")
    return RedirectResponse("/admin/utilisateurs", status_code=303)


@router.post("/admin/utilisateurs/{user_id}/mot-de-passe", dependencies=[CsrfChecked])
def reset_page(request: Request, user_id: Id, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.ADMIN)
    target = account_of(db, user_id)
    password = reset_password(db, user, target)
    return render(request, "password_reset.html", account=target, password=password)


def _users(request: Request, db: Session, values: dict[str, Any], errors: FormErrors, status: int = 200) -> Response:
    accounts = all_users(db)
    orgs = network.organisations_by_id(db, {u.organisation_id for u in accounts if u.organisation_id})
    return render(
        request,
        "admin_users.html",
        status,
        accounts=accounts,
        orgs=orgs,
        values=values,
        errors=errors,
        roles=list(Role),
        choices=network.organisations_for_accounts(db),
    )
