"""All SQL a worker's matching state reads: catalogue rows as the plain data `matching/` works
on, the partner network and its outcomes."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from geo.gazetteer import Gazetteer
from matching.graph import OrgNode, PartnershipEdge
from matching.model import Item
from matching.vocabulary import UNCERTIFIED, ItemKind
from service.models import Offer, Organisation, Partnership, Positioning, PositioningStatus, TrainingSession
from service.models.dates import as_date

# A catalogue row, its host and (apprenticeship offers) the CFA that teaches its diploma.
Hosted = tuple[TrainingSession | Offer, Organisation, Organisation | None]
_CFA = aliased(Organisation)  # built once, for the statement cache
POSITIVE_OUTCOMES = (PositioningStatus.ENTERED, PositioningStatus.COMPLETED)
# A partnership counts once confirmed by the Mission Locale involved, and until either side ends it.
COUNTING = (col(Partnership.confirmed_at).is_not(None), col(Partnership.ended_at).is_(None))


def commune_name(gazetteer: Gazetteer, insee_code: str) -> str:
    return gazetteer.by_insee(insee_code).name if insee_code in gazetteer else insee_code


def session_item(s: TrainingSession, org_name: str, commune: str) -> Item:
    return Item(
        kind=ItemKind.SESSION,
        id=s.id or 0,
        organisation_id=s.organisation_id,
        organisation_name=org_name,
        title=s.title,
        rome_codes=tuple(s.rome_codes),
        lat=s.latitude,
        lon=s.longitude,
        commune_name=commune,
        insee_code=s.insee_code,
        required_level=s.entry_level,
        target_level=s.target_level or UNCERTIFIED,
        start_date=as_date(s.start_date),
        end_date=as_date(s.end_date),
        permanent_entry=s.permanent_entry,
        late_entry_allowed=s.late_entry_allowed,
        places_left=s.places_left,
        min_age=s.min_age,
        max_age=s.max_age,
        closed=s.closed,
    )


def offer_item(o: Offer, org_name: str, commune: str) -> Item:
    return Item(
        kind=ItemKind(o.kind),
        id=o.id or 0,
        organisation_id=o.organisation_id,
        organisation_name=org_name,
        title=o.title,
        rome_codes=(o.rome_code,),
        lat=o.latitude,
        lon=o.longitude,
        commune_name=commune,
        insee_code=o.insee_code,
        required_level=o.level_required,
        start_date=as_date(o.start_date),
        end_date=as_date(o.expires_on),
        places_left=o.positions_open,
        minors_accepted=o.minors_accepted,
        driving_licence_required=o.driving_licence_required,
        closed=o.closed,
    )


def items_since(db: Session, gazetteer: Gazetteer, version: int, with_changed_hosts: bool = False) -> list[Item]:
    """Sessions and offers written after `version` (all open ones from version -1), with their
    host's name (read for these rows only: a write must not cost a read of every organisation);
    with `with_changed_hosts`, also the open ones of hosts written after it (a renamed host)."""
    items = []
    for model, to_item in ((TrainingSession, session_item), (Offer, offer_item)):
        stmt: Any = select(model, Organisation.name).join(Organisation, col(model.organisation_id) == Organisation.id)
        is_open = col(model.closed).is_(False)
        written = col(model.version) > version
        if with_changed_hosts:
            written = or_(written, is_open & (col(Organisation.version) > version))
        # a first build reads no closed row: the index would only drop it
        stmt = stmt.where(is_open if version < 0 else written)
        items += [to_item(row, name, commune_name(gazetteer, row.insee_code)) for row, name in db.exec(stmt).all()]
    return items


def network_changed_since(db: Session, version: int) -> bool:
    latest = db.exec(
        select(func.max(Organisation.version), select(func.max(Partnership.version)).scalar_subquery())
    ).one()
    return max(v or 0 for v in latest) > version


def org_nodes(db: Session) -> list[OrgNode]:
    return [
        OrgNode(o.id or 0, o.kind, o.name, o.insee_code[:2], o.parent_id) for o in db.exec(select(Organisation)).all()
    ]


def partnership_edges(db: Session) -> list[PartnershipEdge]:
    return [
        PartnershipEdge(p.source_id, p.target_id, p.type, as_date(p.start_date), as_date(p.end_date))
        for p in db.exec(select(Partnership).where(*COUNTING)).all()
    ]


def positive_outcomes(db: Session, hosts: Collection[int] | None = None) -> dict[tuple[int, int], int]:
    """Entered or completed positionings per (Mission Locale, host organisation); only for
    `hosts` when given."""
    out: dict[tuple[int, int], int] = {}
    targets: tuple[tuple[Any, Any, Any], ...] = (
        (TrainingSession, TrainingSession.organisation_id, Positioning.session_id),
        (Offer, Offer.organisation_id, Positioning.offer_id),
    )
    for target, org_col, join_col in targets:
        stmt: Any = (
            select(Positioning.mission_locale_id, org_col, func.count())
            .join(target, join_col == target.id)
            .where(col(Positioning.status).in_(POSITIVE_OUTCOMES))
            .group_by(col(Positioning.mission_locale_id), org_col)
        )
        if hosts is not None:
            stmt = stmt.where(col(org_col).in_(hosts))
        for ml, org, count in db.exec(stmt).all():
            out[(ml, org)] = out.get((ml, org), 0) + count
    return out


def details(db: Session, session_ids: Collection[int], offer_ids: Collection[int]) -> dict[tuple[bool, int], Hosted]:
    """What an interview needs of these results, keyed (is a session, id): the row, its host and,
    for an apprenticeship, its CFA; one query per kind."""
    out: dict[tuple[bool, int], Hosted] = {}
    if session_ids:
        stmt: Any = select(TrainingSession, Organisation).join(Organisation)
        rows = db.exec(stmt.where(col(TrainingSession.id).in_(session_ids))).all()
        out.update({(True, row.id): (row, host, None) for row, host in rows})
    if offer_ids:
        stmt = select(Offer, Organisation, _CFA).join(Organisation, col(Offer.organisation_id) == Organisation.id)
        stmt = stmt.outerjoin(_CFA, col(Offer.cfa_id) == _CFA.id).where(col(Offer.id).in_(offer_ids))
        out.update({(False, row.id): (row, host, school) for row, host, school in db.exec(stmt).all()})
    return out
