"""Bearer tokens (OAuth2 password flow) and who the caller is."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from service.accounts.schemas import Me, Token
from service.accounts.service import authenticate, issue_token
from service.deps import DbDep, RuntimeDep, UserDep

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
