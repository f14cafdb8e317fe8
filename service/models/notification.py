from datetime import datetime

from sqlmodel import Field

from service.models.base import Table
from service.models.fields import utcnow


class Notification(Table, table=True):
    """Something a user should see: an answer, a reminder, a new positioning. Carries no personal
    data beyond a file number and an option's title."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(default="", max_length=30)  # "new_option" for alerts; others tell a positioning's step
    title: str = Field(max_length=300)
    url: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class OutboxEmail(Table, table=True):
    """An e-mail to send, written in the same transaction as what it tells: a worker sends it,
    retrying with back-off, and marks it sent (so an SMTP outage loses nothing)."""

    __tablename__ = "outbox_email"
    id: int | None = Field(default=None, primary_key=True)
    to_email: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    attempts: int = 0
    sent_at: datetime | None = Field(default=None, index=True)
    last_error: str = Field(default="", max_length=300)
