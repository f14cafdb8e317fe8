"""All SQL of the partner network: organisations, partnerships, a Mission Locale's family and
its dashboard counts."""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, String, cast, func, or_
from sqlalchemy import delete as sa_delete
from sqlalchemy import update as sa_update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from matching.vocabulary import OrganisationKind
from service.http.pagination import paginate
from service.models import Offer, Organisation, Partnership, Positioning, TrainingSession, User, Youth

# Built once: a fresh alias per call would defeat SQLAlchemy's statement cache (a compile per request).
_OWN = aliased(Organisation)
_HEAD = func.coalesce(_OWN.parent_id, _OWN.id)


SCHOOL_KINDS = (OrganisationKind.CFA, OrganisationKind.TRAINING_BODY)


def family_of(organisation_id: int | BindParameter[int] | None) -> SelectOfScalar[int | None]:
    """A subquery: the organisation's Mission Locale with its parent and antennas."""
    return (
        select(col(Organisation.id))
        .join(_OWN, col(_OWN.id) == organisation_id)
        .where(or_(col(Organisation.id) == _HEAD, col(Organisation.parent_id) == _HEAD))
    )


def family(db: Session, organisation_id: int) -> set[int]:
    return {i for i in db.exec(family_of(organisation_id)).all() if i is not None}


def json_list_holds(column: Any, value: str) -> ColumnElement[bool]:
    """A JSON list column holds `value` (a code: no quote in it), on SQLite and PostgreSQL alike."""
    return cast(column, String).contains(f'"{value}"', autoescape=True)


def organisation(db: Session, org_id: int) -> Organisation | None:
    return db.get(Organisation, org_id)


def organisations_page(
    db: Session,
    *,
    kind: str | None,
    insee_code: str | None,
    department: str | None,
    name: str | None,
    sector: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Organisation], str | None]:
    """Every filter in SQL, before the page is taken: a page is never short while more follow."""
    stmt: SelectOfScalar[Organisation] = select(Organisation)
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    if insee_code:
        stmt = stmt.where(Organisation.insee_code == insee_code)
    if department:
        stmt = stmt.where(col(Organisation.insee_code).startswith(department, autoescape=True))
    if name:
        stmt = stmt.where(col(Organisation.name).icontains(name, autoescape=True))
    if sector:
        stmt = stmt.where(json_list_holds(Organisation.sectors, sector))
    return paginate(db, stmt, Organisation.id, limit, cursor)


def all_organisations(db: Session) -> Sequence[Organisation]:
    return db.exec(select(Organisation).order_by(col(Organisation.id))).all()


def organisations_by_id(db: Session, ids: Collection[int]) -> dict[int, Organisation]:
    return {o.id: o for o in db.exec(select(Organisation).where(col(Organisation.id).in_(ids))).all() if o.id}


def organisations_of_kinds(db: Session, kinds: Collection[str]) -> list[Organisation]:
    stmt = select(Organisation).where(col(Organisation.kind).in_(kinds))
    return list(db.exec(stmt.order_by(Organisation.name)).all())


def organisations_sorted(db: Session, ids: Collection[int]) -> Sequence[Organisation]:
    stmt = select(Organisation).where(col(Organisation.id).in_(ids))
    return db.exec(stmt.order_by(Organisation.kind, Organisation.name)).all()


def count_organisations(db: Session) -> int:
    return db.exec(select(func.count()).select_from(Organisation)).one()


def organisation_by_siret(db: Session, siret: str) -> Organisation | None:
    return db.exec(select(Organisation).where(Organisation.siret == siret)).first()


def organisation_by_external_id(db: Session, external_id: str) -> Organisation | None:
    return db.exec(select(Organisation).where(Organisation.external_id == external_id)).first()


def schools_in(db: Session, department: str, limit: int) -> list[Organisation]:
    """CFAs and training bodies of a department, by name: the schools an apprentice may attend."""
    stmt = select(Organisation).where(
        col(Organisation.kind).in_(SCHOOL_KINDS), col(Organisation.insee_code).startswith(department, autoescape=True)
    )
    return list(db.exec(stmt.order_by(Organisation.name).limit(limit)).all())


def managed_hosts(db: Session, family_ids: Collection[int], kinds: Collection[str]) -> list[Organisation]:
    """The organisations of these kinds that the Mission Locale family manages, by name."""
    stmt = select(Organisation).where(
        col(Organisation.managed_by_id).in_(family_ids), col(Organisation.kind).in_(kinds)
    )
    return list(db.exec(stmt.order_by(Organisation.name)).all())


def managed_by(family_ids: Collection[int]) -> SelectOfScalar[int | None]:
    """A subquery: the ids of the organisations the family manages."""
    return select(col(Organisation.id)).where(col(Organisation.managed_by_id).in_(family_ids))


def open_offer_counts(db: Session, org_ids: Collection[int | None]) -> dict[int, int]:
    stmt = (
        select(Offer.organisation_id, func.count())
        .where(col(Offer.organisation_id).in_(org_ids), col(Offer.closed).is_(False))
        .group_by(col(Offer.organisation_id))
    )
    return dict(db.exec(stmt).all())


def delete_organisation(db: Session, org: Organisation) -> None:
    db.delete(org)
    db.flush()


def partnerships_of(db: Session, org_id: int) -> list[Partnership]:
    stmt = select(Partnership).where(or_(col(Partnership.source_id) == org_id, col(Partnership.target_id) == org_id))
    return list(db.exec(stmt.order_by(col(Partnership.id))).all())


def partnership(db: Session, partnership_id: int) -> Partnership | None:
    return db.get(Partnership, partnership_id)


def awaiting_confirmation(db: Session, family_ids: Collection[int]) -> Sequence[Partnership]:
    """Partnerships declared by others with one of these Mission Locales, not confirmed, not ended."""
    involved = or_(col(Partnership.source_id).in_(family_ids), col(Partnership.target_id).in_(family_ids))
    stmt = select(Partnership).where(
        involved, col(Partnership.confirmed_at).is_(None), col(Partnership.ended_at).is_(None)
    )
    return db.exec(stmt.order_by(col(Partnership.id))).all()


def all_partnerships(db: Session) -> Sequence[Partnership]:
    return db.exec(select(Partnership).order_by(col(Partnership.id))).all()


def positionings_of_family(db: Session, family_ids: Collection[int]) -> Sequence[Positioning]:
    return db.exec(select(Positioning).where(col(Positioning.mission_locale_id).in_(family_ids))).all()


def offer_kinds(db: Session, offer_ids: Collection[int]) -> dict[int, str]:
    stmt = select(Offer.id, Offer.kind).where(col(Offer.id).in_(offer_ids))
    return {i: kind for i, kind in db.exec(stmt).all() if i is not None}


def open_places(db: Session, organisation_ids: Collection[int]) -> tuple[int, int, int]:
    """Places in all, places left and how many open sessions state them, across these
    organisations (a session whose feed leaves its places out counts in none of the three)."""
    stmt = select(
        func.coalesce(func.sum(TrainingSession.places_total), 0),
        func.coalesce(func.sum(TrainingSession.places_left), 0),
        func.count(col(TrainingSession.places_total)),
    ).where(col(TrainingSession.organisation_id).in_(organisation_ids), col(TrainingSession.closed).is_(False))
    total, left, count = db.exec(stmt).one()
    return int(total or 0), int(left or 0), int(count)


def youths_of_family(db: Session, family_ids: Collection[int]) -> Sequence[Youth]:
    return db.exec(select(Youth).where(col(Youth.mission_locale_id).in_(family_ids))).all()


# What points at an organisation: (table, column), every one moved by a merge.
_REFERENCES: tuple[tuple[Any, str], ...] = (
    (Organisation, "parent_id"),
    (Organisation, "managed_by_id"),
    (Partnership, "source_id"),
    (Partnership, "target_id"),
    (TrainingSession, "organisation_id"),
    (Offer, "organisation_id"),
    (Offer, "cfa_id"),
    (Positioning, "mission_locale_id"),
    (Youth, "mission_locale_id"),
    (User, "organisation_id"),
)


def merge_into(db: Session, keep: int, duplicate: int, version: int) -> None:
    """Point everything at `keep` instead of `duplicate`, then remove the duplicate; moved
    catalogue rows and partnerships carry `version` so that every worker's index follows."""
    between = ((col(Partnership.source_id) == keep) & (col(Partnership.target_id) == duplicate)) | (
        (col(Partnership.source_id) == duplicate) & (col(Partnership.target_id) == keep)
    )
    db.exec(sa_delete(Partnership).where(between))  # would link the organisation to itself
    for table, column in _REFERENCES:
        values: dict[str, Any] = {column: keep}
        if hasattr(table, "version"):
            values["version"] = version
        db.exec(sa_update(table).where(getattr(table, column) == duplicate).values(**values))
    db.exec(sa_update(Organisation).where(col(Organisation.id) == keep).values(version=version))
    db.exec(sa_delete(Organisation).where(col(Organisation.id) == duplicate))
    db.flush()
    db.expire_all()
