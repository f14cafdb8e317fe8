"""Plain factory functions: valid records with overridable fields."""

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from service import writes
from service.catalogue.schemas import OfferCreate, SessionCreate
from service.models import Offer, Organisation, TrainingSession, Youth
from service.network.schemas import OrganisationCreate
from service.referentials.service import Places
from service.youths.schemas import YouthCreate
from tests.helpers import TODAY

VALID_SIRET = "73282932000074"


def organisation(db: Session, places: Places, **kw: Any) -> Organisation:
    data = {"kind": "training_body", "name": "Organisme test", "siret": VALID_SIRET, "insee_code": "62119"} | kw
    return writes.create(db, Organisation, OrganisationCreate(**data), places)


def session_(db: Session, places: Places, org: Organisation, **kw: Any) -> TrainingSession:
    data = {
        "title": "CAP Maçon",
        "rome_codes": ["F1703"],
        "target_level": 3,
        "entry_level": "none",
        "start_date": TODAY + timedelta(days=20),
        "end_date": TODAY + timedelta(days=300),
        "places_total": 10,
        "places_left": 10,
        "insee_code": org.insee_code,
    } | kw
    return writes.create(db, TrainingSession, SessionCreate(**data), places, organisation_id=org.id)


def offer(db: Session, places: Places, org: Organisation, **kw: Any) -> Offer:
    data = {
        "organisation_id": org.id,
        "kind": "immersion",
        "title": "Immersion maçonnerie",
        "rome_code": "F1703",
        "insee_code": org.insee_code,
        "positions_open": 1,
    } | kw
    return writes.create(db, Offer, OfferCreate(**data), places, organisation_id=org.id)


def youth(db: Session, places: Places, mission_locale_id: int, **kw: Any) -> Youth:
    data = {
        "file_reference": f"T-{kw.get('file_reference', 'X')}",
        "birth_date": date(2005, 5, 17),
        "qualification_level": "infra_3",
        "home_insee_code": "62119",
        "wished_rome_codes": ["F1703"],
        "travel_modes": ["walk", "bike", "public_transport"],
        "max_travel_minutes": 45,
    } | kw
    return writes.create(db, Youth, YouthCreate(**data), places, mission_locale_id=mission_locale_id)
