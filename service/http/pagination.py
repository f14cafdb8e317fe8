"""Keyset pagination: `limit` and an opaque `cursor` (the last id seen)."""

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from service.models.fields import MAX_ID

T = TypeVar("T")
R = TypeVar("R")
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(pattern=r"^\d{1,10}$", description="next_cursor of the previous page")]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def paginate(
    db: Session, stmt: SelectOfScalar[R], id_column: Any, limit: int, cursor: str | None
) -> tuple[list[R], str | None]:
    """One page in id order, every filter of `stmt` applied before the limit."""
    if cursor:
        stmt = stmt.where(id_column > min(int(cursor), MAX_ID))
    rows = list(db.exec(stmt.order_by(id_column).limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (str(getattr(rows[-1], "id")) if more and rows else None)  # noqa: B009 (R has no bound)
