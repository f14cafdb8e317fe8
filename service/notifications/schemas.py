"""What the notifications API returns."""

from datetime import datetime

from sqlmodel import SQLModel


class NotificationPublic(SQLModel):
    id: int
    title: str
    url: str
    created_at: datetime
    read_at: datetime | None
