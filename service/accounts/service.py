"""User accounts, their tokens, and password login with lockout after repeated failures."""

from datetime import datetime, timedelta

from sqlmodel import Session

from service.accounts import queries
from service.accounts.passwords import hash_password, new_token, token_digest, verify_password
from service.http.problems import DomainError, Unauthorized
from service.models import ApiToken, Role, User
from service.models.fields import utcnow

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


class Locked(DomainError):
    status, title = 429, "Compte temporairement verrouillé"


def create_user(
    db: Session,
    email: str,
    role: Role,
    organisation_id: int | None,
    password: str | None,
    full_name: str = "",
) -> User:
    user = User(
        email=email.strip().lower(),
        role=role,
        organisation_id=organisation_id,
        full_name=full_name,
        password_hash=hash_password(password) if password else None,
    )
    db.add(user)
    db.flush()
    return user


def issue_token(db: Session, user: User, name: str, lifetime: timedelta | None) -> str:
    """A bearer token for `user`; only its digest is stored. No lifetime: a long-lived API token."""
    token = new_token()
    expires = utcnow() + lifetime if lifetime else None
    db.add(ApiToken(user_id=user.pk, name=name, token_hash=token_digest(token), expires_at=expires))
    db.flush()
    return token


def user_for_token(db: Session, token: str, now: datetime) -> User | None:
    found = queries.token_and_user(db, token_digest(token))
    if found is None:
        return None
    user, revoked_at, expires_at = found
    if revoked_at is not None or (expires_at and expires_at < now):
        return None
    return user if user.is_active else None


def revoke_token(db: Session, token: str) -> None:
    """Revoke a bearer token or a page session's token (they are the same kind)."""
    row = queries.token_by_digest(db, token_digest(token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        db.add(row)


def user_by_email(db: Session, email: str) -> User | None:
    return queries.user_by_email(db, email.strip().lower())


def authenticate(db: Session, email: str, password: str) -> User:
    user = user_by_email(db, email)
    now = utcnow()
    if user is not None and user.locked_until and user.locked_until > now:
        raise Locked("Trop d'échecs de connexion : réessayez dans quelques minutes.")
    if user is None or not user.is_active or not verify_password(password, user.password_hash):
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
            db.add(user)
            db.commit()  # the failure counts even though the request fails
        raise Unauthorized("Identifiant ou mot de passe incorrect.")
    user.failed_logins, user.locked_until = 0, None
    db.add(user)
    return user


def emails_of(db: Session, user_ids: set[int | None]) -> dict[int | None, str]:
    return queries.emails_of(db, user_ids)
