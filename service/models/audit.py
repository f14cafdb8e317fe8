from datetime import datetime

from sqlmodel import Field

from service.models.base import Table
from service.models.fields import utcnow


class AuditEvent(Table, table=True):
    """Who read or changed what: youth profiles and positioning statuses."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=50)
    object_type: str = Field(max_length=50)
    object_id: int | None = Field(default=None, index=True)
    detail: str = Field(default="", max_length=500)
