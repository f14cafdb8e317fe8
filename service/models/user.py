from datetime import datetime
from enum import StrEnum

from sqlmodel import Field

from service.models.base import Table
from service.models.fields import enum_type, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    ADVISER = "adviser"
    BUSINESS_OFFICER = "business_officer"
    TRAINING_BODY = "training_body"


class User(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(min_length=3, max_length=200, unique=True, index=True)
    full_name: str = Field(default="", max_length=200)
    role: Role = Field(sa_type=enum_type(Role, "role"))
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    password_hash: str | None = None
    is_active: bool = True
    machine: bool = False  # an account for a partner's system, which may hold long-lived tokens
    created_at: datetime = Field(default_factory=utcnow)


class LoginLockout(Table, table=True):
    """Failed logins per email (its digest), known account or not: an unknown address is locked
    out exactly like a known one, so the answer says nothing of which accounts exist."""

    __tablename__ = "login_lockout"

    email_digest: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    locked_until: datetime | None = None


class ApiToken(Table, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(default="", max_length=100)
    token_hash: str = Field(unique=True, index=True, max_length=128)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
