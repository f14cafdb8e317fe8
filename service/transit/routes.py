"""Public-transport timetables: which feeds are loaded, their validity and what they cover."""

from fastapi import APIRouter

from service.deps import DbDep, UserDep
from service.transit import service
from service.transit.schemas import FeedPublic, TimetablesPublic

router = APIRouter(prefix="/api/v1", tags=["transit"])


@router.get("/transit/feeds", response_model=TimetablesPublic)
def list_feeds(db: DbDep, user: UserDep) -> TimetablesPublic:
    """Every signed-in user may see which territory has real timetables (elsewhere: estimates)."""
    table = service.table(db)
    return TimetablesPublic(
        feeds=[FeedPublic.model_validate(f, from_attributes=True) for f in service.feeds(db)],
        reference_day=table.reference_day if table else None,
        communes_covered=len(table.communes) if table else 0,
        computed_at=table.computed_at if table else None,
    )
