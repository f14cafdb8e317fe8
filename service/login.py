"""Password login with lockout after repeated failures."""

from datetime import timedelta

from sqlmodel import Session

from service.models import User
from service.models.fields import utcnow
from service.problems import DomainError, Unauthorized
from service.security import verify_password
from service.users import user_by_email

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


class Locked(DomainError):
    status, title = 429, "Compte temporairement verrouillé"


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

