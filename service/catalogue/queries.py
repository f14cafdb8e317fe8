"""All SQL of the catalogue: training sessions and offers, filtered in SQL before a page is taken."""

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import event, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from service.http.pagination import paginate
from service.models import CatalogueVersion, Offer, TrainingSession
from service.network.queries import json_list_holds

T = TypeVar("T", TrainingSession, Offer)


class CatalogueQuery(BaseModel):
    """The filters shared by the session and offer listings."""

    rome: str | None = None
    insee_code: str | None = None
    organisation_id: int | None = None
    starts_after: date | None = None
    starts_before: date | None = None
    include_closed: bool = False
    limit: int = 50
    cursor: str | None = None


def _filtered(table: type[T], q: CatalogueQuery) -> SelectOfScalar[T]:
    stmt = select(table)
    if q.insee_code:
        stmt = stmt.where(col(table.insee_code) == q.insee_code)
    if q.organisation_id:
        stmt = stmt.where(col(table.organisation_id) == q.organisation_id)
    if q.starts_after:
        stmt = stmt.where(col(table.start_date) >= q.starts_after)
    if q.starts_before:
        stmt = stmt.where(col(table.start_date) <= q.starts_before)
    if not q.include_closed:
        stmt = stmt.where(col(table.closed).is_(False))
    return stmt


def sessions_page(db: Session, q: CatalogueQuery) -> tuple[list[TrainingSession], str | None]:
    stmt = _filtered(TrainingSession, q)
    if q.rome:
        stmt = stmt.where(json_list_holds(TrainingSession.rome_codes, q.rome))
    return paginate(db, stmt, TrainingSession.id, q.limit, q.cursor)


def offers_page(db: Session, q: CatalogueQuery, kind: str | None) -> tuple[list[Offer], str | None]:
    stmt = _filtered(Offer, q)
    if kind:
        stmt = stmt.where(Offer.kind == kind)
    if q.rome:
        stmt = stmt.where(Offer.rome_code == q.rome)
    return paginate(db, stmt, Offer.id, q.limit, q.cursor)


def training_session(db: Session, session_id: int) -> TrainingSession | None:
    return db.get(TrainingSession, session_id)


def offer(db: Session, offer_id: int) -> Offer | None:
    return db.get(Offer, offer_id)


def sessions_of(db: Session, organisation_id: int | None) -> Sequence[TrainingSession]:
    """A training body's sessions, open ones first, by start date."""
    stmt = select(TrainingSession).where(TrainingSession.organisation_id == organisation_id)
    return db.exec(stmt.order_by(col(TrainingSession.closed), col(TrainingSession.start_date))).all()


def sessions_for_export(db: Session, organisation_id: int | None) -> list[TrainingSession]:
    stmt = select(TrainingSession).order_by(col(TrainingSession.id))
    if organisation_id is not None:
        stmt = stmt.where(TrainingSession.organisation_id == organisation_id)
    return list(db.exec(stmt).all())


def offers_of(db: Session, organisation_ids: Collection[int], kind: str | None, limit: int) -> Sequence[Offer]:
    """The offers of these employers and SIAE, open ones first, newest first."""
    stmt = select(Offer).where(col(Offer.organisation_id).in_(organisation_ids))
    if kind:
        stmt = stmt.where(Offer.kind == kind)
    return db.exec(stmt.order_by(col(Offer.closed), col(Offer.id).desc()).limit(limit)).all()


def titles(db: Session, session_ids: Collection[int], offer_ids: Collection[int]) -> dict[tuple[bool, int], str]:
    """Titles of sessions and offers, keyed (is a session, id)."""
    out: dict[tuple[bool, int], str] = {}
    if session_ids:
        stmt: Any = select(TrainingSession.id, TrainingSession.title).where(col(TrainingSession.id).in_(session_ids))
        out.update({(True, i): t for i, t in db.exec(stmt).all()})
    if offer_ids:
        stmt = select(Offer.id, Offer.title).where(col(Offer.id).in_(offer_ids))
        out.update({(False, i): t for i, t in db.exec(stmt).all()})
    return out


# -- the catalogue version: every worker's index catches up with the rows written after its own

_VERSION_KEY = "catalogue_version"  # the version this transaction's writes carry
_READ_KEY = "catalogue_version_read"  # the version read with the caller's token (`read_with_token`)


def catalogue_write_version(db: Session) -> int:
    """The version this transaction's catalogue writes carry; the first call takes the lock."""
    if _VERSION_KEY not in db.info:
        db.exec(update(CatalogueVersion).values(version=CatalogueVersion.version + 1))
        db.info[_VERSION_KEY] = db.exec(select(CatalogueVersion.version)).one()
        db.info.pop(_READ_KEY, None)  # from now on, this transaction reads its own writes
    return int(db.info[_VERSION_KEY])


@event.listens_for(Session, "after_transaction_end")
def _forget_version(db: Session, transaction: object) -> None:
    if getattr(transaction, "parent", None) is None:
        db.info.pop(_VERSION_KEY, None)
        db.info.pop(_READ_KEY, None)


# Read at every search: built once, and run on the connection (the ORM has nothing to load).
_CURRENT_VERSION = select(CatalogueVersion.version)

# The same, as a column of another query: the token lookup every API request makes carries it, so
# that a search needs no round trip of its own to learn whether its index is fresh.
CURRENT_VERSION_COLUMN = _CURRENT_VERSION.scalar_subquery().label("catalogue_version")


def read_with_token(db: Session, version: int | None) -> None:
    """Remember the version the token lookup read, for this transaction's searches. Using it
    instead of reading again is as fresh as a client can tell: every write it was told of had
    committed before its request began."""
    db.info[_READ_KEY] = version or 0


def current_catalogue_version(db: Session) -> int:
    if _READ_KEY in db.info:
        return int(db.info[_READ_KEY])
    return db.connection().execute(_CURRENT_VERSION).scalar() or 0
