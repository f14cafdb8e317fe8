"""What the accounts API returns."""

from sqlmodel import SQLModel

from service.models import Role


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class Me(SQLModel):
    id: int
    email: str
    full_name: str
    role: Role
    organisation_id: int | None


class UserPublic(SQLModel):
    id: int
    email: str
    full_name: str
    role: Role
    organisation_id: int | None
    is_active: bool
    machine: bool


class Revoked(SQLModel):
    tokens_revoked: int
