"""Youth files: creation and changes, export and erasure (GDPR), keeping only anonymous counts."""

import calendar
from datetime import datetime
from typing import Any

from sqlmodel import Session

from service import audit, writes
from service.accounts.service import emails_of
from service.http.problems import DomainError
from service.models import Role, User, Youth
from service.models.fields import utcnow
from service.referentials.service import Places
from service.youths import queries
from service.youths.schemas import AccessPublic, YouthCreate, YouthPublic


def create(db: Session, user: User, data: YouthCreate, places: Places) -> Youth:
    if user.organisation_id is None:
        raise DomainError("Un profil appartient à une Mission Locale : compte sans organisation.", "mission_locale_id")
    youth = writes.create(
        db,
        Youth,
        data,
        places,
        mission_locale_id=user.organisation_id,
        followed_by_id=user.id if user.role is Role.ADVISER else None,
    )
    audit.record(db, user, "youth.create", "youth", youth.id)
    return youth


def update(db: Session, user: User, youth: Youth, changes: Any, places: Places) -> Youth:
    youth.last_activity_at = utcnow()
    audit.record(db, user, "youth.update", "youth", youth.id)
    return writes.update(db, youth, changes, places)


def follow(db: Session, user: User, youth: Youth, on: bool) -> Youth:
    """The adviser is told (or no longer) when a new option ranks in the youth's top results."""
    youth.followed_by_id = user.id if on else None
    db.add(youth)
    db.flush()
    return youth


def archive(db: Session, user: User, youth: Youth, archived: bool) -> Youth:
    """A file no longer followed leaves the lists (its data stays until the retention ends)."""
    youth.archived_at = utcnow() if archived else None
    youth.last_activity_at = utcnow()
    audit.record(db, user, "youth.archive" if archived else "youth.reopen", "youth", youth.id)
    db.add(youth)
    db.flush()
    return youth


def accesses(db: Session, youth_id: int) -> list[AccessPublic]:
    events = queries.accesses_of(db, youth_id)
    emails = emails_of(db, {e.user_id for e in events})
    return [AccessPublic(at=e.at, user_id=e.user_id, user_email=emails.get(e.user_id), action=e.action) for e in events]


def export(db: Session, youth: Youth) -> dict[str, Any]:
    """Everything held about a youth, as JSON-ready data (the right of access)."""
    positionings = queries.positionings_of(db, youth.id)
    events = queries.events_of(db, [p.id for p in positionings])
    return {
        "youth": YouthPublic.model_validate(youth, from_attributes=True).model_dump(mode="json"),
        "positionings": [p.model_dump(mode="json") for p in positionings],
        "positioning_events": [e.model_dump(mode="json") for e in events],
        "accesses": [
            a.model_dump(mode="json", include={"at", "user_id", "action"}) for a in queries.accesses_of(db, youth.id)
        ],
    }


def erase(db: Session, user: User | None, youth: Youth) -> None:
    """Remove the personal data; positionings stay as anonymous counts for the statistics, with
    their statuses and dates but nothing written about the youth."""
    positionings = queries.positionings_of(db, youth.id)
    for p in positionings:
        p.youth_id, p.file_reference = None, ""
        db.add(p)
    queries.forget_free_text(db, youth.id, [p.id for p in positionings])
    audit.record(db, user, "youth.erase", "youth", youth.id)
    queries.delete_youth(db, youth)


def retention_cutoff(now: datetime, months: int) -> datetime:
    """The same day `months` earlier (the month's last day when that day does not exist)."""
    total = now.year * 12 + now.month - 1 - months
    year, month = divmod(total, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def purge_inactive(db: Session, now: datetime, months: int, dry_run: bool = False) -> list[Youth]:
    """Erase the files with no activity since the cutoff (the retention duty); returns them."""
    stale = queries.inactive_since(db, retention_cutoff(now, months))
    if not dry_run:
        for youth in stale:
            erase(db, None, youth)
    return stale
