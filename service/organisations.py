"""Registering organisations: who may register which kind, and for which Mission Locale."""

from sqlmodel import Session

from matching.vocabulary import OrganisationKind
from service import access, writes
from service.models import Organisation, Role, User
from service.places import Places
from service.problems import Forbidden
from service.schemas.resources import OrganisationCreate

OFFICER_KINDS = (OrganisationKind.EMPLOYER, OrganisationKind.SIAE)


def register(db: Session, user: User, data: OrganisationCreate, places: Places) -> Organisation:
    """Business officers register employers and SIAE, managed by their Mission Locale; admins anything."""
    access.require(user, Role.BUSINESS_OFFICER)
    managed_by = None
    if user.role is Role.BUSINESS_OFFICER:
        if data.kind not in OFFICER_KINDS:
            raise Forbidden("Un chargé de relation entreprise enregistre des employeurs et des SIAE.", "kind")
        managed_by = user.organisation_id
    return writes.create(db, Organisation, data, places, managed_by_id=managed_by)
