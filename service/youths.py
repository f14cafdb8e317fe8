"""Youth files: export and erasure (GDPR), keeping only anonymous counts."""

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


def erase(db: Session, user: User, youth: Youth) -> None:
    """Remove the personal data; positionings stay as anonymous counts for the statistics."""
    for p in db.exec(select(Positioning).where(Positioning.youth_id == youth.id)).all():
        p.youth_id, p.file_reference = None, ""
        db.add(p)
    audit.record(db, user, "youth.erase", "youth", youth.id)
    db.delete(youth)
    db.flush()
