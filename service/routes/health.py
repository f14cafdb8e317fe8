from fastapi import APIRouter
from sqlalchemy import func, text
from sqlmodel import SQLModel, select

from service.deps import DbDep, RuntimeDep
from service.models import Organisation

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
    db.exec(text("SELECT 1"))  # type: ignore[call-overload]
    organisations = db.exec(select(func.count()).select_from(Organisation)).one()
    version = runtime.matching.refresh(db, runtime.today())
    return Health(
        status="ok", database=runtime.engine.dialect.name, organisations=organisations,
        catalogue_version=version, index_version=runtime.matching.index.version,
        index_items=len(runtime.matching.index),
    )
