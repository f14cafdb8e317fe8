"""From database rows to the plain data `matching/` works on. All catalogue SQL lives here."""

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from geo.coords import LatLon
from geo.gazetteer import Gazetteer
from geo.travel import Origin, TravelMode, TravelModel
from matching.graph import OrgNode, PartnershipEdge
from matching.model import Item, YouthProfile
from matching.vocabulary import ItemKind
from service.models import (
    Offer, Organisation, Partnership, Positioning, PositioningStatus, TrainingSession, Youth,
)

POSITIVE_OUTCOMES = (PositioningStatus.ENTERED, PositioningStatus.COMPLETED)


def commune_name(gazetteer: Gazetteer, insee_code: str) -> str:
    return gazetteer.by_insee(insee_code).name if insee_code in gazetteer else insee_code


def session_item(s: TrainingSession, org_name: str, commune: str) -> Item:
    return Item(
        kind=ItemKind.SESSION, id=s.id or 0, organisation_id=s.organisation_id,
        organisation_name=org_name, title=s.title, rome_codes=tuple(s.rome_codes),
        lat=s.latitude, lon=s.longitude, commune_name=commune, insee_code=s.insee_code,
        required_level=s.entry_level, target_level=s.target_level,
        start_date=_as_date(s.start_date), end_date=_as_date(s.end_date),
        permanent_entry=s.permanent_entry, late_entry_allowed=s.late_entry_allowed,
        places_left=s.places_left, min_age=s.min_age, max_age=s.max_age, closed=s.closed,
    )


def offer_item(o: Offer, org_name: str, commune: str) -> Item:
    return Item(
        kind=ItemKind(o.kind), id=o.id or 0, organisation_id=o.organisation_id,
        organisation_name=org_name, title=o.title, rome_codes=(o.rome_code,),
        lat=o.latitude, lon=o.longitude, commune_name=commune, insee_code=o.insee_code,
        required_level=o.level_required, start_date=_as_date(o.start_date),
        end_date=_as_date(o.expires_on), places_left=o.positions_open,
        minors_accepted=o.minors_accepted, driving_licence_required=o.driving_licence_required,
        closed=o.closed,
    )


def _as_date(value: object) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def items_since(session: Session, gazetteer: Gazetteer, version: int) -> list[Item]:
    """Sessions and offers written after `version` (all open ones from version -1), with their
    host's name (read for these rows only: a write must not cost a read of every organisation)."""
    rows = []
    for model in (TrainingSession, Offer):
        stmt = select(model, Organisation.name).join(Organisation)  # type: ignore[arg-type]
        # a first build reads no closed row: the index would only drop it
        stmt = stmt.where(col(model.closed).is_(False) if version < 0 else col(model.version) > version)
        rows += session.exec(stmt).all()
    return [
        (session_item if isinstance(row, TrainingSession) else offer_item)(
            row, name, commune_name(gazetteer, row.insee_code))  # type: ignore[arg-type]
        for row, name in rows
    ]


def network_changed_since(session: Session, version: int) -> bool:
    latest = session.exec(select(
        func.max(Organisation.version), select(func.max(Partnership.version)).scalar_subquery()
    )).one()
    return max(v or 0 for v in latest) > version


def org_nodes(session: Session) -> list[OrgNode]:
    return [
        OrgNode(o.id or 0, o.kind, o.name, o.insee_code[:2], o.parent_id)
        for o in session.exec(select(Organisation)).all()
    ]


def partnership_edges(session: Session) -> list[PartnershipEdge]:
    return [
        PartnershipEdge(p.source_id, p.target_id, p.type, _as_date(p.start_date), _as_date(p.end_date))
        for p in session.exec(select(Partnership)).all()
    ]


def positive_outcomes(session: Session, hosts: Collection[int] | None = None) -> dict[tuple[int, int], int]:
    """Entered or completed positionings per (Mission Locale, host organisation); only for
    `hosts` when given."""
    out: dict[tuple[int, int], int] = {}
    for target, org_col in ((TrainingSession, TrainingSession.organisation_id), (Offer, Offer.organisation_id)):
        join_col = Positioning.session_id if target is TrainingSession else Positioning.offer_id
        stmt = (
            select(Positioning.mission_locale_id, org_col, func.count())
            .join(target, join_col == target.id)  # type: ignore[arg-type]
            .where(col(Positioning.status).in_(POSITIVE_OUTCOMES))
            .group_by(Positioning.mission_locale_id, org_col)
        )
        if hosts is not None:
            stmt = stmt.where(col(org_col).in_(hosts))
        for ml, org, count in session.exec(stmt).all():
            out[(ml, org)] = out.get((ml, org), 0) + count
    return out


def home_origin(lat: float, lon: float, population: int, travel: TravelModel) -> Origin:
    """Where a youth's journeys start; a town big enough has the town's public transport."""
    return Origin(LatLon(lat, lon), population >= travel.urban_min_population)


def youth_profile(y: Youth, gazetteer: Gazetteer, travel: TravelModel) -> YouthProfile:
    """The part of a youth's file matching may see: never gender, nationality or neighbourhood."""
    population = gazetteer.by_insee(y.home_insee_code).population if y.home_insee_code in gazetteer else 0
    return YouthProfile(
        mission_locale_id=y.mission_locale_id,
        birth_date=_as_date(y.birth_date) or date.min,
        level=y.qualification_level,
        wished_rome_codes=tuple(y.wished_rome_codes),
        wishes_text=y.wishes_text,
        origin=home_origin(y.latitude, y.longitude, population, travel),
        travel_modes=tuple(TravelMode(m) for m in y.travel_modes),
        driving_licence=y.driving_licence,
        max_travel_minutes=y.max_travel_minutes,
        available_from=_as_date(y.available_from),
        rqth=y.rqth,
        iae_eligible=y.iae_eligible,
    )


def mission_locales(session: Session) -> Sequence[Organisation]:
    return session.exec(select(Organisation).where(Organisation.kind == "mission_locale")).all()
