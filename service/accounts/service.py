"""User accounts, their tokens, and password login with lockout after repeated failures."""

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session

from service import audit
from service.accounts import queries
from service.accounts.passwords import (
    check_password,
    dummy_hash,
    email_digest,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from service.http.problems import DomainError, NotFound, Unauthorized
from service.models import ApiToken, Role, User
from service.models.fields import utcnow

DEMO_DOMAIN = "demo.passerelle.fr"  # the demo's accounts, whose password the README publishes
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
    """A new account; its password, when it has one, must pass `check_password`."""
    if password is not None:
        check_password(password, email)
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
    """A known, active account with this password. Every other case takes the same time (an
    unknown address is checked against a dummy hash) and the same lockout after repeated failures,
    so that neither says which accounts exist."""
    lockout = queries.lockout(db, email_digest(email))
    now = utcnow()
    if lockout.locked_until and lockout.locked_until > now:
        raise Locked("Trop d'échecs de connexion : réessayez dans quelques minutes.")
    user = user_by_email(db, email)
    usable = user if user is not None and user.is_active and user.password_hash else None
    checked = verify_password(password, usable.password_hash if usable else dummy_hash())
    if usable is None or not checked:
        lockout.failures += 1
        if lockout.failures >= MAX_FAILURES:
            lockout.locked_until, lockout.failures = now + LOCKOUT, 0
        db.add(lockout)
        db.commit()  # the failure counts even though the request fails
        raise Unauthorized("Identifiant ou mot de passe incorrect.")
    if lockout.failures:
        lockout.failures = 0
        db.add(lockout)
    return usable


def emails_of(db: Session, user_ids: set[int | None]) -> dict[int | None, str]:
    return queries.emails_of(db, user_ids)


def account(db: Session, email: str) -> User:
    user = user_by_email(db, email)
    if user is None:
        raise NotFound(f"Aucun compte pour {email.strip().lower()}.", "email")
    return user


def revoke_tokens(db: Session, user: User) -> int:
    """Revoke every token of the account, bearer tokens and page sessions alike; returns how many."""
    now = utcnow()
    live = queries.live_tokens(db, user.pk)
    for row in live:
        row.revoked_at = now
        db.add(row)
    return len(live)


def deactivate(db: Session, actor: User | None, user: User) -> int:
    """The account can no longer log in, and its tokens and page sessions stop working at once."""
    user.is_active = False
    db.add(user)
    revoked = revoke_tokens(db, user)
    audit.record(db, actor, "user.deactivate", "user", user.id, f"{revoked} jetons révoqués")
    return revoked


def reset_password(db: Session, actor: User, user: User) -> str:
    """A new temporary password (shown once to the admin, who hands it over); every session of
    the account ends."""
    password = secrets.token_urlsafe(12)
    user.password_hash = hash_password(password)
    db.add(user)
    revoke_tokens(db, user)
    audit.record(db, actor, "user.password_reset", "user", user.id)
    return password


def user(db: Session, user_id: int) -> User:
    found = queries.user_by_id(db, user_id)
    if found is None:
        raise NotFound(f"Compte {user_id} introuvable.", "user_id")
    return found


def all_users(db: Session) -> list[User]:
    return list(queries.users(db))


def refuse_demo_accounts(db: Session) -> None:
    """In production no account of the demo may exist: their password is public."""
    found = queries.users_of_domain(db, DEMO_DOMAIN)
    if found:
        raise RuntimeError(
            f"Comptes de démonstration présents en production ({', '.join(u.email for u in found[:3])}…) : "
            "supprimez-les ou désactivez-les avant de démarrer le service."
        )
