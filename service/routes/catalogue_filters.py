"""Filters shared by the session and offer listings."""

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from service.pagination import Cursor, IdFilter, Limit


class CatalogueQuery(BaseModel):
    rome: str | None = None
    insee_code: str | None = None
    organisation_id: int | None = None
    starts_after: date | None = None
    starts_before: date | None = None
    include_closed: bool = False
    limit: int = 50
    cursor: str | None = None


def catalogue_query(
    rome: Annotated[str | None, Query(max_length=5, description="ROME code")] = None,
    insee_code: Annotated[str | None, Query(max_length=5)] = None,
    organisation_id: IdFilter = None,
    starts_after: date | None = None,
    starts_before: date | None = None,
    include_closed: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> CatalogueQuery:
    return CatalogueQuery(rome=rome.upper() if rome else None, insee_code=insee_code, organisation_id=organisation_id,
                          starts_after=starts_after, starts_before=starts_before, include_closed=include_closed,
                          limit=limit, cursor=cursor)


def apply(stmt: Any, table: Any, q: CatalogueQuery) -> Any:
    if q.insee_code:
        stmt = stmt.where(table.insee_code == q.insee_code)
    if q.organisation_id:
        stmt = stmt.where(table.organisation_id == q.organisation_id)
    if q.starts_after:
        stmt = stmt.where(table.start_date >= q.starts_after)
    if q.starts_before:
        stmt = stmt.where(table.start_date <= q.starts_before)
    if not q.include_closed:
        stmt = stmt.where(table.closed == False)  # noqa: E712 (SQL expression)
    return stmt
