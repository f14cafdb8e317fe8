from datetime import datetime

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from service.models import PositioningStatus
from service.models.fields import RefId
from service.schemas.resources import YouthPartnerView


class PositioningCreate(SQLModel):
    youth_id: RefId
    session_id: RefId | None = None
    offer_id: RefId | None = None
    status: PositioningStatus = PositioningStatus.POSITIONED

    @model_validator(mode="after")
    def _one_target(self) -> "PositioningCreate":
        if (self.session_id is None) == (self.offer_id is None):
            raise ValueError("session_id : une session ou une offre, exactement l'une des deux")
        return self


class StatusChange(SQLModel):
    status: PositioningStatus
    note: str = Field(default="", max_length=1000)


class EventPublic(SQLModel):
    from_status: PositioningStatus | None
    to_status: PositioningStatus
    at: datetime
    author_id: int | None
    note: str


class PositioningPublic(SQLModel):
    id: int
    youth_id: int | None
    mission_locale_id: int
    session_id: int | None
    offer_id: int | None
    status: PositioningStatus
    file_reference: str
    created_at: datetime
    updated_at: datetime
    youth: YouthPartnerView | None = None
    history: list[EventPublic] = Field(default_factory=list)
