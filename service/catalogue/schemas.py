"""What the catalogue API takes and returns: training sessions and offers."""

from datetime import datetime

from sqlmodel import Field

from service.models.fields import RefId
from service.models.offer import OfferBase
from service.models.shapes import Located, partial
from service.models.training_session import TrainingSessionBase

# The API names a training session "session" (its path is /sessions): the schemas keep that name.


class SessionCreate(Located, TrainingSessionBase):
    organisation_id: RefId | None = None  # a training body publishes for its own organisation
    # a body publishing its own session knows its places (only a feed may leave them unstated)
    places_total: int = Field(ge=0, le=10_000)
    places_left: int | None = Field(default=None, ge=0, le=10_000, description="All of them when not given.")


class SessionPublic(TrainingSessionBase):
    id: int
    organisation_id: int
    closed: bool
    updated_at: datetime


SessionUpdate = partial(TrainingSessionBase, "SessionUpdate")


class OfferCreate(Located, OfferBase):
    organisation_id: RefId


class OfferPublic(OfferBase):
    id: int
    organisation_id: int
    closed: bool
    updated_at: datetime


OfferUpdate = partial(OfferBase, "OfferUpdate")
