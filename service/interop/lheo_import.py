"""LHEO sessions into the catalogue: training bodies found by SIRET (or registered), sessions
matched on their stable LHEO numbers, so that importing the same file again updates.

A file that is not well-formed LHEO is refused whole before anything is written; a session whose
data Passerelle cannot accept is rejected with its line and reason, and the others go in, all in
the caller's one transaction.
"""

import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from geo.errors import GeoError
from matching.vocabulary import OrganisationKind
from service.catalogue.queries import catalogue_write_version
from service.http.problems import Forbidden
from service.interop import lheo, queries
from service.interop.schemas import ImportReport, reason_of
from service.models import Organisation, TrainingSession
from service.models.fields import utcnow
from service.referentials.service import Places

Progress = Callable[[int], None]
OWN_NUMBER = re.compile(r"P(\d{1,10})/P\1/P\1")
NO_ROME_CODE = (
    "aucun <code-ROME> dans <domaine-formation> : une session est proposée aux jeunes par les métiers "
    "qu'elle prépare ; ajoutez au moins un code ROME (par exemple F1703) à la formation"
)


def import_sessions(
    db: Session,
    places: Places,
    sessions: Sequence[lheo.LheoSession],
    *,
    owner: Organisation | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """With an `owner` (a training body importing its own file), every session must carry its
    SIRET and goes to it: never to another body that happens to share that SIRET."""
    if owner is not None:
        foreign = next((s for s in sessions if s.body.siret != owner.siret), None)
        if foreign is not None:
            raise Forbidden(
                f"Ligne {foreign.line} : la session {foreign.external_id} appartient à l'organisme "
                f"{foreign.body.siret} ; ce compte ne publie que ses propres sessions.",
                "file",
            )
    report = ImportReport(dry_run=dry_run)
    if owner is not None and owner.siret:
        bodies = {owner.siret: owner}
    else:
        bodies = _bodies(db, places, {s.body.siret: s.body for s in sessions}, report, dry_run)
    existing = queries.sessions_by_external_id(db, [o.id for o in bodies.values() if o.id is not None])
    version = catalogue_write_version(db) if not dry_run else 0
    for i, s in enumerate(sessions, 1):
        _upsert(db, places, s, bodies.get(s.body.siret), existing, report, version, dry_run)
        if progress and i % 500 == 0:
            progress(500)
    if progress:
        progress(len(sessions) % 500)
    if not dry_run:
        db.flush()
    return report


def _bodies(
    db: Session, places: Places, wanted: dict[str, lheo.Body], report: ImportReport, dry_run: bool
) -> dict[str, Organisation]:
    found = queries.organisations_by_siret(db, list(wanted))
    version = catalogue_write_version(db) if not dry_run and len(found) < len(wanted) else 0
    for siret, body in wanted.items():
        if siret in found:
            continue
        try:
            commune = report.place(
                0, f"organisme {siret}", places.gazetteer.find(body.insee_code, body.postal_code, body.city)
            )
            org = Organisation(
                kind=OrganisationKind.TRAINING_BODY,
                name=body.name[:200],
                siret=siret,
                activity_number=body.activity_number,
                address=body.address[:300],
                postal_code=body.postal_code[:5],
                insee_code=commune.insee_code,
                latitude=commune.lat,
                longitude=commune.lon,
                version=version,
            )
        except (GeoError, ValidationError, ValueError) as exc:
            report.reject(0, f"organisme {siret}", reason_of(exc))
            continue
        report.organisations_created += 1
        found[siret] = org
        if not dry_run:
            db.add(org)
    if not dry_run:
        db.flush()  # ids for the new sessions
    return found


def _values(
    places: Places, s: lheo.LheoSession, body: Organisation, current: TrainingSession | None, report: ImportReport
) -> dict[str, Any]:
    written = s.insee_code or s.postal_code or s.city
    found = places.gazetteer.find(s.insee_code, s.postal_code, s.city) if written else None
    commune = report.place(s.line, s.external_id, found) if found else None
    lat, lon = (
        (s.latitude, s.longitude)
        if s.latitude is not None
        else ((commune.lat, commune.lon) if commune else (body.latitude, body.longitude))
    )
    return {
        "title": s.title,
        "rome_codes": s.rome_codes,
        "rncp_code": s.rncp_code,
        "target_level": s.target_level,
        "entry_level": s.entry_level,
        "start_date": s.start_date,
        "end_date": s.end_date,
        "permanent_entry": s.permanent_entry,
        "late_entry_allowed": s.late_entry_allowed,
        "hours": s.hours,
        "places_total": s.places_total,
        "places_left": _places_left(s, current),
        "address": s.address[:300],
        "insee_code": commune.insee_code if commune else body.insee_code,
        "latitude": lat,
        "longitude": lon,
        "modality": s.modality,
        "apprenticeship_possible": s.apprenticeship_possible,
        "funding": s.funding,
        "info_session_dates": s.info_session_dates,
        "min_age": s.min_age,
        "max_age": s.max_age,
        "accessible": s.accessible,
        "organisation_id": body.id or 0,
        "closed": s.closed,
        "external_id": current.external_id if current is not None and _own_id(s.external_id) else s.external_id,
    }


def _places_left(s: lheo.LheoSession, current: TrainingSession | None) -> int | None:
    """The feed's places left; when it states only the total, the places still left here
    (positionings took some), never above the total."""
    if s.places_total is None or s.places_left != s.places_total or current is None or current.places_left is None:
        return s.places_left
    return min(current.places_left, s.places_total)


def _upsert(
    db: Session,
    places: Places,
    s: lheo.LheoSession,
    body: Organisation | None,
    existing: dict[tuple[int, str], TrainingSession],
    report: ImportReport,
    version: int,
    dry_run: bool,
) -> None:
    if body is None:
        report.reject(s.line, s.external_id, f"organisme {s.body.siret} refusé (voir plus haut)")
        return
    if not s.rome_codes:  # said in the feed's own terms: its authors never see `rome_codes`
        report.reject(s.line, s.external_id, NO_ROME_CODE)
        return
    current = _current(db, s, body, existing)
    try:
        checked = TrainingSession.model_validate(_values(places, s, body, current, report))
    except (GeoError, ValidationError, ValueError) as exc:
        report.reject(s.line, s.external_id, reason_of(exc))
        return
    if current is None:
        report.created += 1
        if not dry_run:
            checked.version, checked.organisation_id = version, body.id
            db.add(checked)
        return
    report.updated += 1
    if not dry_run:
        for name in TrainingSession.model_fields:
            if name not in ("id", "version", "updated_at"):
                setattr(current, name, getattr(checked, name))
        current.version, current.updated_at = version, utcnow()
        db.add(current)


def _own_id(external_id: str) -> int | None:
    """Sessions created in Passerelle are exported as P{id}/P{id}/P{id} (see lheo_export)."""
    match = OWN_NUMBER.fullmatch(external_id)
    return int(match.group(1)) if match else None


def _current(
    db: Session, s: lheo.LheoSession, body: Organisation, existing: dict[tuple[int, str], TrainingSession]
) -> TrainingSession | None:
    if body.id is None:
        return None
    own = _own_id(s.external_id)
    if own is not None:
        row = queries.training_session(db, own)
        return row if row is not None and row.organisation_id == body.id else None
    return existing.get((body.id, s.external_id))
