"""Youth files: export and erasure (GDPR), keeping only anonymous counts."""

import calendar
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from service import audit
from service.models import AuditEvent, Positioning, PositioningEvent, User, Youth
from service.schemas.resources import YouthPublic


def export(db: Session, youth: Youth) -> dict[str, Any]:
    """Everything held about a youth, as JSON-ready data (the right of access)."""
    positionings = db.exec(select(Positioning).where(Positioning.youth_id == youth.id)).all()
    events = db.exec(select(PositioningEvent).where(
        PositioningEvent.positioning_id.in_([p.id for p in positionings]))).all()  # type: ignore[union-attr]
    accesses = db.exec(select(AuditEvent).where(AuditEvent.object_type == "youth", AuditEvent.object_id == youth.id)).all()
    return {
        "youth": YouthPublic.model_validate(youth, from_attributes=True).model_dump(mode="json"),
        "positionings": [p.model_dump(mode="json") for p in positionings],
        "positioning_events": [e.model_dump(mode="json") for e in events],
        "accesses": [a.model_dump(mode="json", include={"at", "user_id", "action"}) for a in accesses],
    }


def erase(db: Session, user: User | None, youth: Youth) -> None:
    """Remove the personal data; positionings stay as anonymous counts for the statistics."""
    for p in db.exec(select(Positioning).where(Positioning.youth_id == youth.id)).all():
        p.youth_id, p.file_reference = None, ""
        db.add(p)
    audit.record(db, user, "youth.erase", "youth", youth.id)
    db.delete(youth)
    db.flush()


def retention_cutoff(now: datetime, months: int) -> datetime:
    """The same day `months` earlier (the month's last day when that day does not exist)."""
    total = now.year * 12 + now.month - 1 - months
    year, month = divmod(total, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def purge_inactive(db: Session, now: datetime, months: int, dry_run: bool = False) -> list[Youth]:
    """Erase the files with no activity since the cutoff (the retention duty); returns them."""
    stale = list(db.exec(select(Youth).where(Youth.last_activity_at < retention_cutoff(now, months))
                         .order_by(Youth.id)).all())
    if not dry_run:
        for youth in stale:
            erase(db, None, youth)
    return stale
