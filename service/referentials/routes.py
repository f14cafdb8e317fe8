"""Autocompletion over the ROME referential and the communes."""

from typing import Annotated

from fastapi import APIRouter, Query

from service.deps import RuntimeDep
from service.referentials.schemas import CommunePublic, RomePublic

router = APIRouter(prefix="/api/v1", tags=["reference"])
TYPED_TEXT = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"  # something typed, and no control character


@router.get("/rome", response_model=list[RomePublic])
def rome(
    runtime: RuntimeDep,
    q: Annotated[str, Query(min_length=1, max_length=100, pattern=TYPED_TEXT)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[RomePublic]:
    """ROME autocompletion by code, label or appellation."""
    return [RomePublic(code=c.code, label=c.label, domain=c.domain) for c in runtime.matching.rome.search(q, limit)]


@router.get("/communes", response_model=list[CommunePublic])
def communes(
    runtime: RuntimeDep,
    q: Annotated[str, Query(min_length=1, max_length=100, pattern=TYPED_TEXT)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[CommunePublic]:
    """Commune autocompletion by name (any spelling) or postal code."""
    return [
        CommunePublic(
            insee_code=c.insee_code,
            name=c.name,
            postal_codes=list(c.postal_codes),
            department=c.department,
            latitude=c.lat,
            longitude=c.lon,
        )
        for c in runtime.gazetteer.search(q, limit)
    ]
