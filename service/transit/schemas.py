"""What the transit API returns: the loaded feeds, and the morning the journeys describe."""

from datetime import date, datetime

from pydantic import BaseModel, Field


class FeedPublic(BaseModel):
    name: str
    version: int = Field(description="How many times a feed of this name was imported.")
    imported_at: datetime
    valid_from: date
    valid_until: date
    stops: int
    routes: int
    trips: int


class TimetablesPublic(BaseModel):
    feeds: list[FeedPublic]
    reference_day: date | None = Field(description="The morning the journeys describe (a school-term Tuesday).")
    communes_covered: int = Field(description="Communes whose public-transport times come from the timetables.")
    computed_at: datetime | None
