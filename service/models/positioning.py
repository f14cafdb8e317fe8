from datetime import datetime
from enum import StrEnum

from pydantic import model_validator
from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field

from service.models.base import Table
from service.models.fields import enum_type, utcnow


def check_one_target(session_id: int | None, offer_id: int | None) -> None:
    if (session_id is None) == (offer_id is None):
        raise ValueError("session_id : une session ou une offre, exactement l'une des deux")


class PositioningStatus(StrEnum):
    PROPOSED = "proposed"
    POSITIONED = "positioned"
    SELECTED = "selected"
    ENTERED = "entered"
    COMPLETED = "completed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    ABANDONED = "abandoned"


class PositioningReason(StrEnum):
    """Why a positioning ended without entry: a fixed list, so that barriers can be counted."""

    NOT_MOBILE = "not_mobile"
    LEVEL = "level"
    NOT_SELECTED = "not_selected"
    NO_ANSWER = "no_answer"
    FOUND_ELSEWHERE = "found_elsewhere"
    NO_SHOW = "no_show"
    HEALTH = "health"
    FAMILY = "family"
    HOUSING = "housing"
    MONEY = "money"
    OTHER = "other"


# The moves that end a positioning without entry or completion: they need a reason.
ENDINGS = (PositioningStatus.REFUSED, PositioningStatus.WITHDRAWN, PositioningStatus.ABANDONED)

# Statuses in which a youth holds, or may still take, the place: one at a time per session or offer.
ACTIVE = (
    PositioningStatus.PROPOSED,
    PositioningStatus.POSITIONED,
    PositioningStatus.SELECTED,
    PositioningStatus.ENTERED,
)
_ACTIVE_SQL = text(f"status IN ({', '.join(repr(s.value) for s in ACTIVE)}) AND youth_id IS NOT NULL")


class Positioning(Table, table=True):
    __table_args__ = (
        CheckConstraint("(session_id IS NULL) <> (offer_id IS NULL)", name="ck_positioning_one_target"),
        Index(
            "uq_positioning_active_session",
            "youth_id",
            "session_id",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
        Index(
            "uq_positioning_active_offer",
            "youth_id",
            "offer_id",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    youth_id: int | None = Field(default=None, foreign_key="youth.id", index=True)
    mission_locale_id: int = Field(foreign_key="organisation.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="training_session.id", index=True)
    offer_id: int | None = Field(default=None, foreign_key="offer.id", index=True)
    status: PositioningStatus = Field(
        default=PositioningStatus.PROPOSED, index=True, sa_type=enum_type(PositioningStatus, "status")
    )
    file_reference: str = Field(default="", max_length=50)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    reminded_at: datetime | None = None  # the host was reminded that the youth waits for an answer

    @model_validator(mode="after")
    def _one_target(self) -> "Positioning":
        check_one_target(self.session_id, self.offer_id)
        return self


class PositioningEvent(Table, table=True):
    __tablename__ = "positioning_event"

    id: int | None = Field(default=None, primary_key=True)
    positioning_id: int = Field(foreign_key="positioning.id", index=True)
    from_status: PositioningStatus | None = Field(default=None, sa_type=enum_type(PositioningStatus, "from_status"))
    to_status: PositioningStatus = Field(sa_type=enum_type(PositioningStatus, "to_status"))
    at: datetime = Field(default_factory=utcnow)
    author_id: int | None = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=1000)
    reason: PositioningReason | None = Field(default=None, sa_type=enum_type(PositioningReason, "reason"))
