from datetime import date, datetime

from pydantic import model_validator
from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from matching.vocabulary import PartnershipType
from service.models.base import Table
from service.models.dates import check_period
from service.models.fields import RefId, enum_type


class PartnershipBase(SQLModel):
    source_id: RefId = Field(foreign_key="organisation.id", index=True)
    target_id: RefId = Field(foreign_key="organisation.id", index=True)
    type: PartnershipType = Field(sa_type=enum_type(PartnershipType, "type"))
    start_date: date | None = None
    end_date: date | None = None
    note: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _consistent(self) -> "PartnershipBase":
        if self.source_id == self.target_id:
            raise ValueError("target_id : un partenariat relie deux organisations différentes")
        check_period(self.start_date, self.end_date)
        return self


class Partnership(Table, PartnershipBase, table=True):
    __table_args__ = (
        CheckConstraint("source_id <> target_id", name="ck_partnership_distinct"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="ck_partnership_dates"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=0, index=True)
    # A partnership involving a Mission Locale counts in its rankings once that Mission Locale
    # confirmed it; one declared by the other side waits (None) until then.
    confirmed_at: datetime | None = None
    confirmed_by_id: int | None = Field(default=None, foreign_key="user.id")
    ended_at: datetime | None = None  # either side may end it; the row stays for the history
