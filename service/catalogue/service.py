"""Publishing training sessions and offers: who publishes for which organisation."""

from typing import TypeVar

from sqlmodel import Session, SQLModel

from service import access, writes
from service.catalogue.schemas import OfferCreate, SessionCreate
from service.http.problems import DomainError, NotFound
from service.models import Offer, Role, TrainingSession, User
from service.network import service as network
from service.referentials.service import Places
from service.runtime import Runtime
from service.search import service as search

T = TypeVar("T", TrainingSession, Offer)


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
    return register_offer(db, user, data, places, data.organisation_id)


def register_offer(db: Session, user: User, data: OfferCreate, places: Places, organisation_id: int) -> Offer:
    """For an employer the officer may edit (the caller checked)."""
    network.check_school(db, data.cfa_id)
    return writes.create(db, Offer, data, places, organisation_id=organisation_id, created_by_id=user.id)


def amend(runtime: Runtime, db: Session, row: T, changes: SQLModel) -> T:
    """Edit a session or an offer; one that takes entrants again (reopened, places back) is
    announced to the advisers following youths it now suits."""
    if isinstance(row, Offer):
        network.check_school(db, getattr(changes, "cfa_id", None))
    was_open = is_open(row)
    writes.update(db, row, changes, runtime.places)
    if not was_open and is_open(row):
        announce(runtime, db, row)
    return row


def is_open(row: TrainingSession | Offer) -> bool:
    """Not closed, with places left (or not stated: a feed need not say) or positions still open."""
    room = row.places_left if isinstance(row, TrainingSession) else row.positions_open
    return not row.closed and (room is None or room > 0)


def announce(runtime: Runtime, db: Session, row: TrainingSession | Offer) -> int:
    """Tell the advisers following youths in whose top results this option now ranks."""
    return search.alert_followers(runtime, db, (isinstance(row, TrainingSession), row.pk))
