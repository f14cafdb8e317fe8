"""Is this worker well: database reachable, demo loaded, and how fresh its matching index is."""

from fastapi import APIRouter
from sqlmodel import SQLModel

from service.deps import DbDep, RuntimeDep
from service.network.queries import count_organisations

router = APIRouter(tags=["health"])


class Health(SQLModel):
    status: str
    database: str
    organisations: int
    catalogue_version: int
    index_version: int
    index_items: int


@router.get("/health", response_model=Health)
def health(db: DbDep, runtime: RuntimeDep) -> Health:
    """Database reachable, demo loaded, and how fresh this worker's matching index is."""
    organisations = count_organisations(db)
    version = runtime.matching.refresh(db, runtime.today())
    return Health(
        status="ok",
        database=runtime.engine.dialect.name,
        organisations=organisations,
        catalogue_version=version,
        index_version=runtime.matching.index.version,
        index_items=len(runtime.matching.index),
    )
