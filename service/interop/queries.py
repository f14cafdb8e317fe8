"""All SQL of the exchanges with partners' systems: what imports match against, what exports read."""

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from service.models import Organisation, Positioning, PositioningEvent, PositioningStatus, TrainingSession


def organisations_by_siret(db: Session, sirets: Collection[str]) -> dict[str, Organisation]:
    stmt = select(Organisation).where(col(Organisation.siret).in_(sirets))
    return {o.siret: o for o in db.exec(stmt).all() if o.siret}


def sessions_by_external_id(db: Session, org_ids: Collection[int]) -> dict[tuple[int, str], TrainingSession]:
    """The organisations' sessions that came from an LHEO file, by (organisation, LHEO number)."""
    stmt = select(TrainingSession).where(
        col(TrainingSession.organisation_id).in_(org_ids), col(TrainingSession.external_id).is_not(None)
    )
    return {(r.organisation_id, r.external_id or ""): r for r in db.exec(stmt).all()}


def training_session(db: Session, session_id: int) -> TrainingSession | None:
    return db.get(TrainingSession, session_id)


def sessions_with_bodies(
    db: Session, organisation_id: int | None, include_closed: bool
) -> Sequence[tuple[TrainingSession, Organisation]]:
    """Sessions whose training body has a SIRET (LHEO requires one), with that body."""
    stmt: Any = select(TrainingSession, Organisation).join(
        Organisation, col(Organisation.id) == TrainingSession.organisation_id
    )
    stmt = stmt.where(col(Organisation.siret).is_not(None))
    if organisation_id is not None:
        stmt = stmt.where(TrainingSession.organisation_id == organisation_id)
    if not include_closed:
        stmt = stmt.where(col(TrainingSession.closed).is_(False))
    return db.exec(stmt.order_by(col(TrainingSession.id))).all()  # type: ignore[no-any-return]


def status_changes(
    db: Session, visible: ColumnElement[bool], session_id: int | None, since: date | None, until: date | None
) -> Sequence[tuple[PositioningEvent, Positioning]]:
    """The status changes of the positionings `visible` selects, within the period."""
    stmt: Any = select(PositioningEvent, Positioning).join(
        Positioning, col(Positioning.id) == PositioningEvent.positioning_id
    )
    stmt = stmt.where(visible)
    if session_id is not None:
        stmt = stmt.where(Positioning.session_id == session_id)
    if since is not None:
        stmt = stmt.where(col(PositioningEvent.at) >= datetime.combine(since, time.min, UTC))
    if until is not None:
        stmt = stmt.where(col(PositioningEvent.at) <= datetime.combine(until, time.max, UTC))
    return db.exec(stmt.order_by(col(PositioningEvent.positioning_id), col(PositioningEvent.id))).all()  # type: ignore[no-any-return]


def statuses_by_session(
    db: Session, session_ids: Collection[int | None]
) -> Counter[tuple[int | None, PositioningStatus]]:
    stmt = select(col(Positioning.session_id), col(Positioning.status))
    stmt = stmt.where(col(Positioning.session_id).in_(session_ids))
    return Counter((sid, status) for sid, status in db.exec(stmt).all())
