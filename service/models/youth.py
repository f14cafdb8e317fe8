from datetime import date, datetime

from pydantic import model_validator
from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from geo.travel import TravelMode
from matching.vocabulary import Programme
from service.models.base import Table
from service.models.fields import BirthDate, InseeCode, RomeCode, YouthLevel, enum_type, utcnow


class YouthBase(SQLModel):
    """A youth's profile, held by one Mission Locale. Pseudonymous: the adviser's file number."""

    file_reference: str = Field(min_length=1, max_length=50)
    birth_date: BirthDate
    qualification_level: YouthLevel
    wished_rome_codes: list[RomeCode] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    wishes_text: str = Field(default="", max_length=500)
    home_insee_code: InseeCode
    # Optional: places the youth's journeys at their door (geocoded) rather than the town hall.
    home_address: str = Field(default="", max_length=300)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    travel_modes: list[TravelMode] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    driving_licence: bool = False
    max_travel_minutes: int = Field(default=45, ge=0, le=240)
    available_from: date | None = None
    programme: Programme = Field(default=Programme.NONE, sa_type=enum_type(Programme, "programme"))
    rqth: bool = False
    iae_eligible: bool = False
    # Kept for anonymous statistics only: never read by matching (see docs/matching.md).
    gender: str | None = Field(default=None, max_length=20)
    nationality: str | None = Field(default=None, max_length=50)
    qpv_resident: bool | None = None
    frr_resident: bool | None = None
    share_sensitive_with_partners: bool = False  # consent to show RQTH to training bodies

    @model_validator(mode="after")
    def _consistent(self) -> "YouthBase":
        if TravelMode.CAR in self.travel_modes and not self.driving_licence:
            raise ValueError("travel_modes : la voiture suppose le permis de conduire")
        return self


class Youth(Table, YouthBase, table=True):
    __table_args__ = (
        CheckConstraint("qualification_level = 2 OR qualification_level BETWEEN 3 AND 8", name="ck_youth_level"),
        CheckConstraint("max_travel_minutes BETWEEN 0 AND 240", name="ck_youth_max_travel"),
        UniqueConstraint("mission_locale_id", "file_reference", name="uq_youth_file_reference"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mission_locale_id: int = Field(foreign_key="organisation.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_activity_at: datetime = Field(default_factory=utcnow)
    archived_at: datetime | None = None  # no longer followed: out of the lists, kept until the retention ends
    # The adviser told of new options that rank in this youth's top results (the file's author).
    followed_by_id: int | None = Field(default=None, foreign_key="user.id", index=True)
