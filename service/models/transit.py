from datetime import date, datetime

from sqlalchemy import JSON, Column, LargeBinary
from sqlmodel import Field

from service.models.base import Table
from service.models.fields import utcnow


class TransitFeed(Table, table=True):
    """A GTFS feed as imported (parsed and checked), kept so that the journeys can be computed
    again when another feed is added or removed."""

    __tablename__ = "transit_feed"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True, index=True)
    version: int = 1  # how many times a feed of this name was imported
    imported_at: datetime = Field(default_factory=utcnow)
    valid_from: date
    valid_until: date
    stops: int
    routes: int
    trips: int
    checksum: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class TransitTableEntry(Table, table=True):
    """The morning journeys computed from every feed: one row, replaced at each feed change,
    loaded by every worker when it starts (and when the stamp changes)."""

    __tablename__ = "transit_table"
    id: int | None = Field(default=None, primary_key=True)
    computed_at: datetime = Field(default_factory=utcnow)
    reference_day: date
    feeds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    communes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    size_bytes: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
