"""All SQL of positionings: their targets, histories and the places they take, each list in a
constant number of queries (never one per row)."""

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, true, update
from sqlmodel import Session, col, select

from service.http.pagination import paginate
from service.models import (
    Offer,
    Organisation,
    Positioning,
    PositioningEvent,
    PositioningStatus,
    TrainingSession,
    User,
    Youth,
)
from service.models.positioning import ACTIVE
from service.network.queries import managed_by

Target = TrainingSession | Offer


def active_on(db: Session, youth_id: int | None, session_id: int | None, offer_id: int | None) -> Positioning | None:
    """The youth's positioning on this session or offer that is still under way, if any."""
    stmt = select(Positioning).where(
        Positioning.youth_id == youth_id,
        Positioning.session_id == session_id,
        Positioning.offer_id == offer_id,
        col(Positioning.status).in_(ACTIVE),
    )
    return db.exec(stmt).first()


def positioning(db: Session, positioning_id: int) -> Positioning | None:
    return db.get(Positioning, positioning_id)


def target_of(db: Session, p: Positioning) -> Target | None:
    return db.get(TrainingSession, p.session_id) if p.session_id else db.get(Offer, p.offer_id)


def host_of(db: Session, p: Positioning) -> int | None:
    """The organisation that answers the positioning (the session's or the offer's)."""
    target = target_of(db, p)
    return None if target is None else target.organisation_id


def visible_to_host(organisation_id: int | None) -> ColumnElement[bool]:
    """A WHERE clause: the positionings on a training body's own sessions."""
    own = select(TrainingSession.id).where(TrainingSession.organisation_id == organisation_id)
    return col(Positioning.session_id).in_(own)


def visible_to_family(family: Collection[int]) -> ColumnElement[bool]:
    return col(Positioning.mission_locale_id).in_(family)


def visible_to_officer(db: Session, family: Collection[int]) -> ColumnElement[bool]:
    """A WHERE clause: the positionings on offers of the organisations the family manages."""
    offers = select(Offer.id).where(col(Offer.organisation_id).in_(managed_by(family)))
    return col(Positioning.offer_id).in_(offers)


def everything() -> ColumnElement[bool]:
    return true()


def positionings_page(
    db: Session, visible: ColumnElement[bool], filters: dict[str, Any], limit: int, cursor: str | None
) -> tuple[list[Positioning], str | None]:
    stmt = select(Positioning).where(visible)
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Positioning, name) == value)
    return paginate(db, stmt, Positioning.id, limit, cursor)


def youths_by_id(db: Session, ids: Collection[int | None]) -> dict[int, Youth]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {y.id: y for y in db.exec(select(Youth).where(col(Youth.id).in_(wanted))).all() if y.id}


def organisation_names(db: Session, ids: Collection[int]) -> dict[int, str]:
    stmt = select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(ids))
    return {i: name for i, name in db.exec(stmt).all() if i is not None}


def users_by_id(db: Session, ids: Collection[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u for u in db.exec(select(User).where(col(User.id).in_(wanted))).all() if u.id}


def events_by_positioning(db: Session, ids: Collection[int | None]) -> dict[int, list[PositioningEvent]]:
    """Each positioning's status changes, oldest first (one query for them all)."""
    out: dict[int, list[PositioningEvent]] = {i: [] for i in ids if i is not None}
    if not out:
        return out
    stmt = select(PositioningEvent).where(col(PositioningEvent.positioning_id).in_(out))
    for e in db.exec(stmt.order_by(col(PositioningEvent.id))).all():
        out[e.positioning_id].append(e)
    return out


def targets_of(db: Session, positionings: Sequence[Positioning]) -> dict[tuple[bool, int], Target]:
    """The sessions and offers of these positionings, keyed (is a session, id)."""
    sessions = {p.session_id for p in positionings if p.session_id}
    offers = {p.offer_id for p in positionings if p.offer_id}
    out: dict[tuple[bool, int], Target] = {}
    if sessions:
        for s in db.exec(select(TrainingSession).where(col(TrainingSession.id).in_(sessions))).all():
            out[(True, s.id or 0)] = s
    if offers:
        for o in db.exec(select(Offer).where(col(Offer.id).in_(offers))).all():
            out[(False, o.id or 0)] = o
    return out


def of_youth(db: Session, youth_id: int | None) -> Sequence[Positioning]:
    stmt = select(Positioning).where(Positioning.youth_id == youth_id)
    return db.exec(stmt.order_by(col(Positioning.id).desc())).all()


def on_session(db: Session, session_id: int | None) -> Sequence[Positioning]:
    stmt = select(Positioning).where(Positioning.session_id == session_id)
    return db.exec(stmt.order_by(col(Positioning.id))).all()


def waiting_counts(db: Session, session_ids: Collection[int | None]) -> dict[int, int]:
    """Per session, the positionings waiting for the host's answer."""
    stmt = (
        select(Positioning.session_id, func.count())
        .where(col(Positioning.session_id).in_(session_ids), Positioning.status == PositioningStatus.POSITIONED)
        .group_by(col(Positioning.session_id))
    )
    return {sid: n for sid, n in db.exec(stmt).all() if sid is not None}


# Where a session counts its places left, and an offer its open positions.
_PLACES = {TrainingSession: "places_left", Offer: "positions_open"}


def _places_column(target: Target) -> Any:
    return col(getattr(type(target), _PLACES[type(target)]))


def take_place(db: Session, target: Target) -> bool:
    """One conditional UPDATE: concurrent entries can never take the last place twice. Places not
    stated stay so (NULL - 1 is NULL): the training body counts them."""
    table, column = type(target), _places_column(target)
    result = db.exec(
        update(table).where(col(table.id) == target.id, or_(column > 0, column.is_(None))).values({column: column - 1})
    )
    db.refresh(target)
    return bool(result.rowcount == 1)


def free_place(db: Session, target: Target) -> None:
    """Give a place back, never beyond the session's total (an offer has no total)."""
    table, column = type(target), _places_column(target)
    limit = col(TrainingSession.places_total) if isinstance(target, TrainingSession) else column + 1
    db.exec(update(table).where(col(table.id) == target.id, column < limit).values({column: column + 1}))
    db.refresh(target)


def awaiting_answer(db: Session, unchanged_since: datetime) -> Sequence[Positioning]:
    """Positionings the host has not answered (still « positionné ») since before that time."""
    stmt = select(Positioning).where(
        Positioning.status == PositioningStatus.POSITIONED,
        col(Positioning.updated_at) <= unchanged_since,
        col(Positioning.youth_id).is_not(None),
    )
    return db.exec(stmt.order_by(col(Positioning.id))).all()


def attention(db: Session, family: Collection[int], since: datetime) -> Sequence[tuple[Positioning, PositioningEvent]]:
    """The family's positionings with a status change since `since` made by someone else than
    its advisers (answers from hosts, automatic closings, reminders), newest first."""
    stmt = (
        select(Positioning, PositioningEvent)
        .join(PositioningEvent, col(PositioningEvent.positioning_id) == Positioning.id)
        .where(col(Positioning.mission_locale_id).in_(family), col(PositioningEvent.at) >= since)
        .where(col(Positioning.youth_id).is_not(None))
    )
    return db.exec(stmt.order_by(col(PositioningEvent.at).desc())).all()


def open_of_family(db: Session, family: Collection[int]) -> Sequence[Positioning]:
    """The family's positionings still under way (positioned or selected)."""
    stmt = select(Positioning).where(
        col(Positioning.mission_locale_id).in_(family),
        col(Positioning.status).in_((PositioningStatus.POSITIONED, PositioningStatus.SELECTED)),
        col(Positioning.youth_id).is_not(None),
    )
    return db.exec(stmt.order_by(col(Positioning.updated_at))).all()


def of_family_between(db: Session, family: Collection[int], since: datetime, until: datetime) -> Sequence[Positioning]:
    """The family's positionings made within the period (anonymised ones included: their counts
    and dates stay for the statistics)."""
    stmt = select(Positioning).where(
        col(Positioning.mission_locale_id).in_(family),
        col(Positioning.created_at) >= since,
        col(Positioning.created_at) < until,
    )
    return db.exec(stmt.order_by(col(Positioning.id))).all()
