"""All SQL of notifications and of the e-mail outbox."""

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from matching.vocabulary import OrganisationKind
from service.models import Notification, Organisation, OutboxEmail, Role, User


def unread_count(db: Session, user_id: int) -> int:
    stmt = select(func.count()).select_from(Notification)
    return int(db.exec(stmt.where(Notification.user_id == user_id, col(Notification.read_at).is_(None))).one())


def of_user(db: Session, user_id: int, limit: int) -> Sequence[Notification]:
    stmt = select(Notification).where(Notification.user_id == user_id)
    return db.exec(stmt.order_by(col(Notification.id).desc()).limit(limit)).all()


def mark_read(db: Session, user_id: int, now: datetime) -> None:
    stmt = update(Notification).where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
    db.exec(stmt.values(read_at=now))


def active_users(db: Session, ids: Collection[int | None]) -> Sequence[User]:
    wanted = [i for i in ids if i is not None]
    return db.exec(select(User).where(col(User.id).in_(wanted), col(User.is_active).is_(True))).all()


def host_users(db: Session, organisation_id: int, officers_of: int | None) -> Sequence[User]:
    """Who answers for a host: a training body's accounts, or the business officers of the
    Mission Locale that manages an employer (and its antennas')."""
    org_ids = [organisation_id]
    if officers_of is not None:
        family = select(Organisation.id).where(
            (col(Organisation.id) == officers_of) | (col(Organisation.parent_id) == officers_of)
        )
        org_ids += [i for i in db.exec(family).all() if i is not None]
    stmt = select(User).where(
        col(User.organisation_id).in_(org_ids),
        col(User.role).in_((Role.TRAINING_BODY, Role.BUSINESS_OFFICER)),
        col(User.is_active).is_(True),
    )
    return db.exec(stmt).all()


def host_kind(db: Session, organisation_id: int) -> tuple[OrganisationKind, int | None] | None:
    row = db.exec(
        select(Organisation.kind, Organisation.managed_by_id).where(Organisation.id == organisation_id)
    ).first()
    return (OrganisationKind(row[0]), row[1]) if row else None


def due_emails(db: Session, now: datetime, limit: int) -> Sequence[OutboxEmail]:
    """Unsent e-mails whose time has come, locked for this worker (others skip them)."""
    stmt = select(OutboxEmail).where(col(OutboxEmail.sent_at).is_(None), col(OutboxEmail.next_attempt_at) <= now)
    return db.exec(stmt.order_by(col(OutboxEmail.id)).limit(limit).with_for_update(skip_locked=True)).all()


def recent(db: Session, user_id: int, kind: str, since: datetime) -> Sequence[Notification]:
    stmt = select(Notification).where(
        Notification.user_id == user_id, Notification.kind == kind, col(Notification.created_at) >= since
    )
    return db.exec(stmt.order_by(col(Notification.id).desc())).all()
