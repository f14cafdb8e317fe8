"""All SQL of youth files: scoped reads, lists, what an export gathers and what erasure clears."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, true, update
from sqlmodel import Session, col, select

from service.http.pagination import paginate
from service.models import AuditEvent, Positioning, PositioningEvent, Youth
from service.network.queries import family_of

# An adviser's search reads the youth's file each time: the statement is built once.
_YOUTH_IN_FAMILY = select(Youth).where(
    Youth.id == bindparam("youth_id"), col(Youth.mission_locale_id).in_(family_of(bindparam("organisation_id")))
)


def youth(db: Session, youth_id: int) -> Youth | None:
    return db.get(Youth, youth_id)


def youth_in_family(db: Session, youth_id: int, organisation_id: int) -> Youth | None:
    """The youth, if its file belongs to this organisation's Mission Locale family."""
    params = {"youth_id": youth_id, "organisation_id": organisation_id}
    return db.exec(_YOUTH_IN_FAMILY, params=params).first()


def everyone() -> ColumnElement[bool]:
    return true()


def in_family_of(organisation_id: int | None) -> ColumnElement[bool]:
    return col(Youth.mission_locale_id).in_(family_of(organisation_id))


def youths_page(
    db: Session, listed: ColumnElement[bool], reference: str | None, limit: int, cursor: str | None
) -> tuple[list[Youth], str | None]:
    stmt = select(Youth).where(listed)
    if reference:
        stmt = stmt.where(col(Youth.file_reference).icontains(reference, autoescape=True))
    return paginate(db, stmt, Youth.id, limit, cursor)


def youths_by_reference(
    db: Session, listed: ColumnElement[bool], reference: str, limit: int, archived: bool = False
) -> Sequence[Youth]:
    """Files followed (or, `archived`, no longer followed) whose number holds `reference`."""
    stmt = select(Youth).where(
        listed, col(Youth.archived_at).is_not(None) if archived else col(Youth.archived_at).is_(None)
    )
    if reference:
        stmt = stmt.where(col(Youth.file_reference).icontains(reference, autoescape=True))
    return db.exec(stmt.order_by(col(Youth.file_reference)).limit(limit)).all()


def positionings_of(db: Session, youth_id: int | None) -> Sequence[Positioning]:
    return db.exec(select(Positioning).where(Positioning.youth_id == youth_id)).all()


def events_of(db: Session, positioning_ids: list[int | None]) -> Sequence[PositioningEvent]:
    return db.exec(select(PositioningEvent).where(col(PositioningEvent.positioning_id).in_(positioning_ids))).all()


def accesses_of(db: Session, youth_id: int | None) -> Sequence[AuditEvent]:
    """Who read or changed the file, oldest first (kept after erasure)."""
    stmt = select(AuditEvent).where(AuditEvent.object_type == "youth", AuditEvent.object_id == youth_id)
    return db.exec(stmt.order_by(col(AuditEvent.id))).all()


def inactive_since(db: Session, cutoff: datetime) -> list[Youth]:
    stmt = select(Youth).where(Youth.last_activity_at < cutoff).order_by(col(Youth.id))
    return list(db.exec(stmt).all())


def delete_youth(db: Session, youth: Youth) -> None:
    db.delete(youth)
    db.flush()


def forget_free_text(db: Session, youth_id: int | None, positioning_ids: list[int | None]) -> None:
    """Blank what people wrote about the youth: notes on its positionings' status changes, and
    the details of audit lines about its file (who and when stay, for accountability)."""
    if positioning_ids:
        notes = update(PositioningEvent).where(col(PositioningEvent.positioning_id).in_(positioning_ids))
        db.exec(notes.values(note=""))
    details = update(AuditEvent).where(col(AuditEvent.object_type) == "youth", col(AuditEvent.object_id) == youth_id)
    db.exec(details.values(detail=""))


def followed_within(db: Session, south: float, north: float, west: float, east: float) -> Sequence[Youth]:
    """Followed, active files whose home lies in the box (an option's widest reach)."""
    stmt = select(Youth).where(
        col(Youth.followed_by_id).is_not(None),
        col(Youth.archived_at).is_(None),
        col(Youth.latitude).between(south, north),
        col(Youth.longitude).between(west, east),
    )
    return db.exec(stmt).all()
