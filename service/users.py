"""User accounts and their tokens."""

from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select

from service.models import ApiToken, Role, User
from service.models.fields import utcnow
from service.security import hash_password, new_token, token_digest


def create_user(
    db: Session, email: str, role: Role, organisation_id: int | None, password: str | None,
    full_name: str = "",
) -> User:
    user = User(
        email=email.strip().lower(), role=role, organisation_id=organisation_id, full_name=full_name,
        password_hash=hash_password(password) if password else None,
    )
    db.add(user)
    db.flush()
    return user


def issue_token(db: Session, user: User, name: str, lifetime: timedelta | None) -> str:
    """A bearer token for `user`; only its digest is stored. No lifetime: a long-lived API token."""
    token = new_token()
    expires = utcnow() + lifetime if lifetime else None
    db.add(ApiToken(user_id=user.id, name=name, token_hash=token_digest(token), expires_at=expires))
    db.flush()
    return token


# Built once, with the digest as a parameter: every API request runs it, and building a statement
# costs more CPU than running it. Only the user is loaded as an object; of the token, two columns.
_TOKEN_AND_USER = (
    select(User, ApiToken.revoked_at, ApiToken.expires_at).join(ApiToken, User.id == ApiToken.user_id)  # type: ignore[arg-type]
    .where(ApiToken.token_hash == bindparam("digest"))
)


def user_for_token(db: Session, token: str, now: datetime) -> User | None:
    found = db.exec(_TOKEN_AND_USER, params={"digest": token_digest(token)}).first()
    if found is None:
        return None
    user, revoked_at, expires_at = found
    if revoked_at is not None or (expires_at and expires_at < now):
        return None
    return user if user.is_active else None


def revoke_token(db: Session, token_id: int) -> bool:
    row = db.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    db.add(row)
    return True


def user_by_email(db: Session, email: str) -> User | None:
    return db.exec(select(User).where(User.email == email.strip().lower())).first()


def revoke_session(db: Session, token: str) -> None:
    row = db.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        db.add(row)
