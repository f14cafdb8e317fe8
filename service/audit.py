"""The audit log: who read a youth's file or changed a positioning, and when."""

from sqlalchemy import insert
from sqlmodel import Session

from service.models import AuditEvent, User
from service.models.fields import utcnow

# A plain INSERT on the table, built once: every search an adviser runs writes one line, and the
# values are ours, so neither model validation nor the unit of work has anything to add.
_INSERT = insert(AuditEvent.__table__)  # type: ignore[attr-defined]


def record(
    db: Session, user: User | None, action: str, object_type: str, object_id: int | None, detail: str = ""
) -> None:
    db.connection().execute(
        _INSERT,
        {
            "at": utcnow(),
            "user_id": user.id if user else None,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "detail": detail[:500],
        },
    )
