from datetime import date, datetime
from typing import Any

from pydantic import model_validator
from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from matching.vocabulary import MAX_ROME_PER_ITEM, Funding, Modality
from service.models.base import Table
from service.models.dates import check_period
from service.models.fields import InseeCode, RequiredLevel, RomeCode, enum_type, utcnow


class TrainingSessionBase(SQLModel):
    title: str = Field(min_length=1, max_length=300)
    rome_codes: list[RomeCode] = Field(
        min_length=1, max_length=MAX_ROME_PER_ITEM, sa_column=Column(JSON, nullable=False)
    )
    rncp_code: str | None = Field(default=None, max_length=20)
    # None: a training that certifies no level (remise à niveau, pré-qualification, POEC…)
    target_level: int | None = Field(default=None, ge=3, le=8)
    entry_level: RequiredLevel = 0
    start_date: date | None = None
    end_date: date | None = None
    permanent_entry: bool = False
    late_entry_allowed: bool = False
    hours: int | None = Field(default=None, ge=0, le=10_000)
    # None: not stated (an LHEO feed need not give them); the session is then taken as having room
    places_total: int | None = Field(default=None, ge=0, le=10_000)
    places_left: int | None = Field(default=None, ge=0, le=10_000)
    address: str = Field(default="", max_length=300)
    insee_code: InseeCode
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    modality: Modality = Field(default=Modality.ON_SITE, sa_type=enum_type(Modality, "modality"))
    apprenticeship_possible: bool = False
    funding: list[Funding] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    info_session_dates: list[date] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    min_age: int | None = Field(default=None, ge=14, le=99)
    max_age: int | None = Field(default=None, ge=14, le=99)
    accessible: bool = False

    @model_validator(mode="before")
    @classmethod
    def _all_left_unless_said(cls, data: Any) -> Any:
        """Places total without places left: none taken yet (a new session, or places stated at last)."""
        if isinstance(data, dict) and data.get("places_left") is None and data.get("places_total") is not None:
            return {**data, "places_left": data["places_total"]}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> "TrainingSessionBase":
        check_period(self.start_date, self.end_date)
        if self.places_total is None and self.places_left is not None:
            raise ValueError("places_left : places_total est requis avec lui")
        if self.places_left is not None and self.places_total is not None and self.places_left > self.places_total:
            raise ValueError("places_left : supérieur à places_total")
        if not self.permanent_entry and self.start_date is None:
            raise ValueError("start_date : requise sauf en entrée permanente")
        if self.min_age and self.max_age and self.max_age < self.min_age:
            raise ValueError("max_age : inférieur à min_age")
        return self


class TrainingSession(Table, TrainingSessionBase, table=True):
    __tablename__ = "training_session"
    __table_args__ = (
        CheckConstraint("places_left >= 0", name="ck_session_places_left_positive"),
        CheckConstraint("places_left <= places_total", name="ck_session_places_left_le_total"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="ck_session_dates"),
        CheckConstraint("target_level BETWEEN 3 AND 8", name="ck_session_target_level"),
        CheckConstraint("entry_level = 0 OR entry_level BETWEEN 3 AND 8", name="ck_session_entry_level"),
        UniqueConstraint("organisation_id", "external_id", name="uq_session_external_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    closed: bool = False
    external_id: str | None = Field(default=None, max_length=100)
    version: int = Field(default=0, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
