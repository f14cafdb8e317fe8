"""What the youths API takes and returns."""

from datetime import datetime

from sqlmodel import SQLModel

from service.models.shapes import Located, partial
from service.models.youth import YouthBase


class YouthCreate(Located, YouthBase):
    pass


class YouthPublic(YouthBase):
    id: int
    mission_locale_id: int
    created_at: datetime


YouthUpdate = partial(YouthBase, "YouthUpdate")


class AccessPublic(SQLModel):
    at: datetime
    user_id: int | None
    user_email: str | None
    action: str
