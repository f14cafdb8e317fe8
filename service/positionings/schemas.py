"""What the positionings API takes and returns."""

from datetime import datetime

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from service.models import PositioningStatus
from service.models.base import Input
from service.models.fields import RefId, YouthLevel
from service.models.positioning import PositioningReason, check_one_target


class PositioningCreate(Input):
    youth_id: RefId
    session_id: RefId | None = None
    offer_id: RefId | None = None
    status: PositioningStatus = PositioningStatus.POSITIONED

    @model_validator(mode="after")
    def _one_target(self) -> "PositioningCreate":
        check_one_target(self.session_id, self.offer_id)
        return self


class StatusChange(Input):
    status: PositioningStatus
    note: str = Field(default="", max_length=1000)
    reason: PositioningReason | None = Field(
        default=None, description="Required to refuse, withdraw or record an abandonment; « other » needs a note."
    )


class EventPublic(SQLModel):
    from_status: PositioningStatus | None
    to_status: PositioningStatus
    at: datetime
    author_id: int | None
    note: str
    reason: PositioningReason | None = None


class YouthPartnerView(SQLModel):
    """What the host of a session or offer sees of a youth positioned with them: the file number,
    age band and level; RQTH only if the youth consented. No birth date, home, wishes or id."""

    file_reference: str
    qualification_level: YouthLevel
    age_band: str
    rqth: bool | None = None


class ContactPublic(SQLModel):
    """Who to write to about a positioning: the adviser who made it."""

    name: str
    email: str


class PositioningPublic(SQLModel):
    id: int
    youth_id: int | None = Field(description="Null for a training body, which sees the file number only.")
    mission_locale_id: int | None = Field(description="Null for a training body, which sees its name.")
    mission_locale_name: str | None = None
    adviser: ContactPublic | None = None
    session_id: int | None
    offer_id: int | None
    status: PositioningStatus
    file_reference: str
    created_at: datetime
    updated_at: datetime
    youth: YouthPartnerView | None = None
    history: list[EventPublic] = Field(default_factory=list)
