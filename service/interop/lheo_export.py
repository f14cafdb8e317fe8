"""Sessions of the catalogue as LHEO records (see `lheo.write`)."""

from datetime import date

from sqlmodel import Session, col, select

from geo.gazetteer import Gazetteer
from service.interop import lheo
from service.models import Organisation, TrainingSession
from service.problems import NotFound


def _place(gazetteer: Gazetteer, insee: str) -> tuple[str, str]:
    """Postal code and name of a commune, for LHEO addresses."""
    if insee not in gazetteer:
        return "", ""
    c = gazetteer.by_insee(insee)
    return (c.postal_codes[0] if c.postal_codes else ""), c.name


def _as_date(value: date | str) -> date:
    """JSON columns come back from the database as ISO strings."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def body_of(org: Organisation, gazetteer: Gazetteer) -> lheo.Body:
    postal, city = _place(gazetteer, org.insee_code)
    return lheo.Body(siret=org.siret or "", name=org.name, activity_number=org.activity_number,
                     address=org.address, postal_code=org.postal_code or postal, city=city, insee_code=org.insee_code)


def record(s: TrainingSession, body: lheo.Body, gazetteer: Gazetteer) -> lheo.Session:
    postal, city = _place(gazetteer, s.insee_code)
    own = f"P{s.id}"
    return lheo.Session(
        external_id=s.external_id or f"{own}/{own}/{own}", line=0, body=body, title=s.title,
        rome_codes=list(s.rome_codes), rncp_code=s.rncp_code, target_level=s.target_level, entry_level=s.entry_level,
        start_date=s.start_date, end_date=s.end_date, permanent_entry=s.permanent_entry,
        places_total=s.places_total, places_left=s.places_left, insee_code=s.insee_code, postal_code=postal,
        city=city, address=s.address, latitude=s.latitude, longitude=s.longitude, modality=str(s.modality),
        hours=s.hours, info_session_dates=[_as_date(d) for d in s.info_session_dates], accessible=s.accessible, closed=s.closed,
        late_entry_allowed=s.late_entry_allowed, apprenticeship_possible=s.apprenticeship_possible,
        funding=[str(f) for f in s.funding], min_age=s.min_age, max_age=s.max_age,
    )


def export_sessions(db: Session, gazetteer: Gazetteer, organisation_id: int | None = None,
                    include_closed: bool = False) -> bytes:
    """Sessions with a SIRET-identified training body (LHEO requires one), as LHEO 2.3 XML.
    LHEO has no empty catalogue (`offres` holds at least one `formation`): none is a 404."""
    stmt = select(TrainingSession, Organisation).join(Organisation, col(Organisation.id) == TrainingSession.organisation_id)
    stmt = stmt.where(col(Organisation.siret).is_not(None))
    if organisation_id is not None:
        stmt = stmt.where(TrainingSession.organisation_id == organisation_id)
    if not include_closed:
        stmt = stmt.where(TrainingSession.closed == False)  # noqa: E712
    bodies: dict[int, lheo.Body] = {}
    records = []
    for s, org in db.exec(stmt.order_by(TrainingSession.id)).all():
        body = bodies.setdefault(org.id, body_of(org, gazetteer))  # type: ignore[arg-type]
        records.append(record(s, body, gazetteer))
    if not records:
        raise NotFound("Aucune session à exporter : il faut au moins une session d'un organisme "
                       "identifié par son SIRET (LHEO ne connaît pas de catalogue vide).", "organisation_id")
    return lheo.write(records)
