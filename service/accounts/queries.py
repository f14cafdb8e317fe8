"""All SQL of accounts: users and their tokens."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from service.catalogue.queries import CURRENT_VERSION_COLUMN, read_with_token
from service.models import ApiToken, LoginLockout, User

# Built once, with the digest as a parameter: every API request runs it, and building a statement
# costs more CPU than running it. Only the user is loaded as an object; of the token, two columns;
# and the catalogue version, which a search would otherwise read in a round trip of its own.
_TOKEN_AND_USER = (
    select(User, ApiToken.revoked_at, ApiToken.expires_at, CURRENT_VERSION_COLUMN)
    .join(ApiToken, User.id == ApiToken.user_id)  # type: ignore[arg-type]
    .where(ApiToken.token_hash == bindparam("digest"))
)


def token_and_user(db: Session, digest: str) -> tuple[User, datetime | None, datetime | None] | None:
    """The token's user, with the token's revocation and expiry times."""
    row = db.exec(_TOKEN_AND_USER, params={"digest": digest}).first()
    if row is None:
        return None
    read_with_token(db, row[3])
    return row[0], row[1], row[2]


def token_by_digest(db: Session, digest: str) -> ApiToken | None:
    return db.exec(select(ApiToken).where(ApiToken.token_hash == digest)).first()


def user_by_email(db: Session, email: str) -> User | None:
    return db.exec(select(User).where(User.email == email)).first()


def user_by_id(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def emails_of(db: Session, user_ids: set[int | None]) -> dict[int | None, str]:
    return dict(db.exec(select(User.id, User.email).where(col(User.id).in_(user_ids))).all())


def lockout(db: Session, digest: str) -> LoginLockout:
    """The address's failed logins (a fresh, unsaved record when there are none)."""
    return db.get(LoginLockout, digest) or LoginLockout(email_digest=digest)


def live_tokens(db: Session, user_id: int) -> Sequence[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == user_id, col(ApiToken.revoked_at).is_(None))
    return db.exec(stmt).all()


def users(db: Session) -> Sequence[User]:
    return db.exec(select(User).order_by(col(User.email))).all()


def users_of_domain(db: Session, domain: str) -> Sequence[User]:
    """Active accounts whose address is at `domain`."""
    stmt = select(User).where(col(User.email).endswith(f"@{domain}", autoescape=True), col(User.is_active))
    return db.exec(stmt).all()
