"""What the positionings API takes and returns."""

from datetime import datetime

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from service.models import PositioningStatus
from service.models.fields import RefId, RomeCode, YouthLevel
from service.models.positioning import check_one_target


class PositioningCreate(SQLModel):
    youth_id: RefId
    session_id: RefId | None = None
    offer_id: RefId | None = None
    status: PositioningStatus = PositioningStatus.POSITIONED

    @model_validator(mode="after")
    def _one_target(self) -> "PositioningCreate":
        check_one_target(self.session_id, self.offer_id)
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


class YouthPartnerView(SQLModel):
    """What a training body or employer sees of a youth positioned with them: no birth date,
    no programme, no RQTH unless the youth consented."""

    file_reference: str
    qualification_level: YouthLevel
    wished_rome_codes: list[RomeCode]
    home_insee_code: str
    age_band: str
    rqth: bool | None = None


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
