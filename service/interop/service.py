"""What each exchange does for a user: who may import what, and the exports they may read."""

from datetime import date
from typing import Any

from sqlmodel import Session

from geo.gazetteer import Gazetteer
from service import access
from service.catalogue import queries as catalogue
from service.http.problems import DomainError
from service.interop import lheo
from service.interop.dashboards import positioning_history_csv, session_fill_csv
from service.interop.directories import (
    csv_rows,
    data_inclusion_rows,
    import_organisations,
    organisations_csv,
    organisations_data_inclusion,
    partnerships_csv,
)
from service.interop.lheo_import import import_sessions
from service.interop.schemas import ImportReport
from service.models import Role, User
from service.network import queries as network
from service.network.service import OFFICER_KINDS
from service.referentials.service import Places


def import_lheo(db: Session, user: User, places: Places, body: bytes, max_bytes: int, dry_run: bool) -> ImportReport:
    """A training body's own sessions (its SIRET), or any for an admin; a bad file changes nothing."""
    access.require(user, Role.TRAINING_BODY)
    owner = None
    if user.role is Role.TRAINING_BODY:
        owner = network.organisation(db, user.organisation_id) if user.organisation_id else None
        if owner is None or not owner.siret:
            raise DomainError("Ce compte d'organisme n'a pas de SIRET : import LHEO impossible.", "siret")
    return import_sessions(db, places, lheo.read(body, max_bytes), owner=owner, dry_run=dry_run)


def import_directory(
    db: Session, user: User, places: Places, text: str, data_inclusion: bool, dry_run: bool
) -> ImportReport:
    """Employers and SIAE for a business officer's Mission Locale (any kind for an admin)."""
    access.require(user, Role.BUSINESS_OFFICER)
    officer = user.role is Role.BUSINESS_OFFICER
    rows = data_inclusion_rows(text) if data_inclusion else csv_rows(text)
    return import_organisations(
        db,
        places,
        rows,
        managed_by_id=user.organisation_id if officer else None,
        allowed_kinds=OFFICER_KINDS if officer else None,
        editable=lambda org: access.may_edit_organisation(db, user, org),
        dry_run=dry_run,
    )


def organisations_as_csv(db: Session) -> str:
    return organisations_csv(network.all_organisations(db))


def organisations_as_data_inclusion(db: Session, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    orgs = network.all_organisations(db)
    names = {o.insee_code: gazetteer.by_insee(o.insee_code).name for o in orgs if o.insee_code in gazetteer}
    return organisations_data_inclusion(orgs, names)


def partnerships_as_csv(db: Session) -> str:
    return partnerships_csv(db, network.all_partnerships(db))


def positionings_as_csv(db: Session, user: User, session_id: int | None, since: date | None, until: date | None) -> str:
    """Status history of the positionings the user may see (file reference only, no personal data)."""
    return positioning_history_csv(db, access.positionings_visible(db, user), session_id, since, until)


def sessions_as_csv(db: Session, organisation_id: int | None) -> str:
    return session_fill_csv(db, catalogue.sessions_for_export(db, organisation_id))
