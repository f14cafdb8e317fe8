"""Page sessions (the browser's login): an opaque token in an HttpOnly cookie, and a CSRF token bound to it.

The cookie holds the same kind of hashed, expiring token as the API's bearer tokens, so one
revocation path serves both. Every state-changing form carries a CSRF token (HMAC of the
session token), checked before anything is read from the form.
"""

import hmac
from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256
from typing import Annotated

from fastapi import Depends, Form, Request, Response
from sqlmodel import Session

from service import access
from service.accounts.service import issue_token, user_for_token
from service.deps import PAGE_COOKIE, DbDep, RuntimeDep
from service.http.problems import Forbidden
from service.models import Role, User
from service.models.fields import utcnow
from service.notifications import service as notifications
from service.runtime import Runtime

COOKIE = PAGE_COOKIE
LIFETIME = timedelta(hours=8)


@dataclass(frozen=True)
class Viewer:
    email: str
    full_name: str
    role: Role
    unread: int = 0  # notifications, for the header


class LoginRequired(Exception):
    """No valid page session: the pages redirect to the login form."""


def csrf_for(runtime: Runtime, session_token: str) -> str:
    return hmac.new(runtime.settings.secret_key.encode(), session_token.encode(), sha256).hexdigest()


def open_page_session(db: Session, runtime: Runtime, response: Response, user: User) -> None:
    token = issue_token(db, user, "web", LIFETIME)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=runtime.settings.environment == "production",
        path="/",
    )


def page_user(request: Request, db: DbDep, runtime: RuntimeDep) -> User:
    token = request.cookies.get(COOKIE)
    user = user_for_token(db, token, utcnow()) if token else None
    if user is None:
        raise LoginRequired
    # Plain values for the page header and the request log: they outlive the session, which a
    # rollback (an error page) would leave with expired objects.
    request.state.user_id = user.id
    request.state.viewer = Viewer(user.email, user.full_name, user.role, notifications.unread(db, user.pk))
    request.state.csrf = csrf_for(runtime, token)  # type: ignore[arg-type]
    return user


PageUser = Annotated[User, Depends(page_user)]


def check_csrf(request: Request, runtime: RuntimeDep, csrf: Annotated[str, Form()] = "") -> None:
    token = request.cookies.get(COOKIE, "")
    sent = csrf or request.headers.get("X-CSRF-Token", "")
    if not token or not hmac.compare_digest(sent, csrf_for(runtime, token)):
        raise Forbidden("Formulaire expiré ou falsifié : rechargez la page.")


CsrfChecked = Depends(check_csrf)


def require_role(user: User, *roles: Role) -> None:
    access.require(user, *roles, detail="Cette page est réservée à un autre rôle.")


def same_origin(request: Request) -> None:
    """A form posted from another site is refused (login CSRF: logging the browser into the
    attacker's account). Browsers say where a form comes from in Origin, else Referer; a client
    that sends neither is no browser driven by another page."""
    own = f"{request.url.scheme}://{request.url.netloc}"
    origin = request.headers.get("origin")
    referer = request.headers.get("referer")
    if origin is not None and origin != own:
        raise Forbidden("Formulaire envoyé depuis un autre site : connexion refusée.")
    if origin is None and referer is not None and referer != own and not referer.startswith(own + "/"):
        raise Forbidden("Formulaire envoyé depuis un autre site : connexion refusée.")


SameOrigin = Depends(same_origin)
