"""All SQL of territorial coverage: youth counts per commune (never rows), the Mission Locales'
sites, and where partners have premises."""

from collections.abc import Collection
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Integer, func
from sqlmodel import Session, col, select

from matching.vocabulary import OrganisationKind
from service.models import Organisation, Youth


class Site(NamedTuple):
    """A Mission Locale's seat or antenna."""

    mission_locale_id: int
    site_id: int
    insee_code: str
    lat: float
    lon: float
    name: str


YouthCounts = dict[str, tuple[int, int, int]]  # commune → (youths, living in QPV, living in FRR)


def youth_counts(db: Session, mission_locale_ids: Collection[int] | None) -> YouthCounts:
    """Youth files per home commune, with how many live in a QPV or an FRR (None: every Mission
    Locale's files). Counts only: no youth row leaves the database."""
    stmt: Any = select(
        Youth.home_insee_code,
        func.count(),
        func.sum(func.coalesce(col(Youth.qpv_resident), False).cast(Integer)),
        func.sum(func.coalesce(col(Youth.frr_resident), False).cast(Integer)),
    ).group_by(col(Youth.home_insee_code))
    if mission_locale_ids is not None:
        stmt = stmt.where(col(Youth.mission_locale_id).in_(mission_locale_ids))
    return {code: (int(n), int(qpv or 0), int(frr or 0)) for code, n, qpv, frr in db.exec(stmt).all()}


def mission_locale_sites(db: Session) -> list[Site]:
    """Every Mission Locale seat and antenna."""
    stmt: Any = sa.select(  # six columns: more than sqlmodel's `select` types
        func.coalesce(Organisation.parent_id, Organisation.id),
        col(Organisation.id),
        col(Organisation.insee_code),
        col(Organisation.latitude),
        col(Organisation.longitude),
        col(Organisation.name),
    ).where(col(Organisation.kind) == OrganisationKind.MISSION_LOCALE)
    return [Site(int(h), int(i), c, float(la), float(lo), n) for h, i, c, la, lo, n in db.exec(stmt).all()]


def partner_communes(db: Session, kinds: Collection[OrganisationKind]) -> set[str]:
    """Communes where an organisation of these kinds has premises."""
    stmt: Any = select(Organisation.insee_code).where(col(Organisation.kind).in_(kinds)).distinct()
    return set(db.exec(stmt).all())
