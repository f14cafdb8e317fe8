"""Sessions of the catalogue as LHEO records (see `lheo.write`)."""

from sqlmodel import Session

from geo.gazetteer import Gazetteer
from service.http.problems import NotFound
from service.interop import lheo, queries
from service.models import Organisation, TrainingSession
from service.models.dates import as_date


def _place(gazetteer: Gazetteer, insee: str) -> tuple[str, str]:
    """Postal code and name of a commune, for LHEO addresses."""
    if insee not in gazetteer:
        return "", ""
    c = gazetteer.by_insee(insee)
    return (c.postal_codes[0] if c.postal_codes else ""), c.name


def body_of(org: Organisation, gazetteer: Gazetteer) -> lheo.Body:
    postal, city = _place(gazetteer, org.insee_code)
    return lheo.Body(
        siret=org.siret or "",
        name=org.name,
        activity_number=org.activity_number,
        address=org.address,
        postal_code=org.postal_code or postal,
        city=city,
        insee_code=org.insee_code,
    )


def record(s: TrainingSession, body: lheo.Body, gazetteer: Gazetteer) -> lheo.LheoSession:
    postal, city = _place(gazetteer, s.insee_code)
    own = f"P{s.id}"
    return lheo.LheoSession(
        external_id=s.external_id or f"{own}/{own}/{own}",
        line=0,
        body=body,
        title=s.title,
        rome_codes=list(s.rome_codes),
        rncp_code=s.rncp_code,
        target_level=s.target_level,
        entry_level=s.entry_level,
        start_date=s.start_date,
        end_date=s.end_date,
        permanent_entry=s.permanent_entry,
        places_total=s.places_total,
        places_left=s.places_left,
        insee_code=s.insee_code,
        postal_code=postal,
        city=city,
        address=s.address,
        latitude=s.latitude,
        longitude=s.longitude,
        modality=str(s.modality),
        hours=s.hours,
        info_session_dates=[d for d in map(as_date, s.info_session_dates) if d],
        accessible=s.accessible,
        closed=s.closed,
        late_entry_allowed=s.late_entry_allowed,
        apprenticeship_possible=s.apprenticeship_possible,
        funding=[str(f) for f in s.funding],
        min_age=s.min_age,
        max_age=s.max_age,
    )


def export_sessions(
    db: Session, gazetteer: Gazetteer, organisation_id: int | None = None, include_closed: bool = False
) -> bytes:
    """Sessions with a SIRET-identified training body (LHEO requires one), as LHEO 2.3 XML.
    LHEO has no empty catalogue (`offres` holds at least one `formation`): none is a 404."""
    bodies: dict[int, lheo.Body] = {}
    records = []
    for s, org in queries.sessions_with_bodies(db, organisation_id, include_closed):
        body = bodies.setdefault(org.id, body_of(org, gazetteer))  # type: ignore[arg-type]
        records.append(record(s, body, gazetteer))
    if not records:
        raise NotFound(
            "Aucune session à exporter : il faut au moins une session d'un organisme "
            "identifié par son SIRET (LHEO ne connaît pas de catalogue vide).",
            "organisation_id",
        )
    return lheo.write(records)
