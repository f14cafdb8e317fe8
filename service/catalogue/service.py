"""Publishing training sessions and offers: who publishes for which organisation."""

from sqlmodel import Session

from service import access, writes
from service.catalogue.schemas import OfferCreate, SessionCreate
from service.http.problems import DomainError, NotFound
from service.models import Offer, Role, TrainingSession, User
from service.referentials.service import Places


def publish_session(db: Session, user: User, data: SessionCreate, places: Places) -> TrainingSession:
    """A training body publishes for its own organisation only; an admin for any."""
    access.require(user, Role.TRAINING_BODY)
    org_id = user.organisation_id if user.role is Role.TRAINING_BODY else data.organisation_id
    if org_id is None:
        raise DomainError("organisation_id : requis.", "organisation_id")
    if data.organisation_id not in (None, org_id):
        raise NotFound(f"Organisation {data.organisation_id} introuvable.")
    return writes.create(db, TrainingSession, data, places, organisation_id=org_id)


def publish_offer(db: Session, user: User, data: OfferCreate, places: Places) -> Offer:
    """Business officers register offers for the employers and SIAE of their Mission Locale."""
    access.require(user, Role.BUSINESS_OFFICER)
    try:
        access.organisation_for_edit(db, user, data.organisation_id)
    except NotFound:
        raise NotFound(f"Organisation {data.organisation_id} introuvable.", "organisation_id") from None
    return writes.create(db, Offer, data, places, organisation_id=data.organisation_id, created_by_id=user.id)
