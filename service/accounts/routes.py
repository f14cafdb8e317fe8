"""Bearer tokens (OAuth2 password flow) and who the caller is."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from service import access
from service.accounts import queries
from service.accounts.schemas import Me, Revoked, Token, UserPublic
from service.accounts.service import all_users, authenticate, deactivate, issue_token, revoke_tokens
from service.deps import DbDep, RuntimeDep, UserDep
from service.http.pagination import Id
from service.http.problems import NotFound
from service.models import Role, User

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.post("/auth/token", response_model=Token)
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], db: DbDep, runtime: RuntimeDep) -> Token:
    """OAuth2 password flow: a short-lived bearer token."""
    user = authenticate(db, form.username, form.password)
    minutes = runtime.settings.access_token_minutes
    return Token(access_token=issue_token(db, user, "login", timedelta(minutes=minutes)), expires_in=minutes * 60)


@router.get("/me", response_model=Me)
def me(user: UserDep) -> Me:
    return Me.model_validate(user, from_attributes=True)


def _account(db: DbDep, user: UserDep, user_id: int) -> User:
    access.require(user, Role.ADMIN)
    found = queries.user_by_id(db, user_id)
    if found is None:
        raise NotFound(f"Compte {user_id} introuvable.")
    return found


@router.get("/users", response_model=list[UserPublic], tags=["users"])
def list_users(db: DbDep, user: UserDep) -> list[User]:
    """Every account, with the machine accounts (long-lived tokens) and the deactivated ones (admins)."""
    access.require(user, Role.ADMIN)
    return all_users(db)


@router.post("/users/{user_id}/deactivate", response_model=UserPublic, tags=["users"])
def deactivate_user(user_id: Id, db: DbDep, user: UserDep) -> User:
    """The account can no longer log in; its tokens and page sessions stop working at once (admins)."""
    account = _account(db, user, user_id)
    deactivate(db, user, account)
    return account


@router.post("/users/{user_id}/revoke-tokens", response_model=Revoked, tags=["users"])
def revoke_user_tokens(user_id: Id, db: DbDep, user: UserDep) -> Revoked:
    """Revoke every token and page session of the account (admins); it may log in again."""
    return Revoked(tokens_revoked=revoke_tokens(db, _account(db, user, user_id)))
