"""Autocompletion over the ROME referential and the communes."""

from typing import Annotated

from fastapi import APIRouter, Query

from service.deps import RuntimeDep
from service.referentials import service
from service.referentials.schemas import CommunePublic, RomePublic

router = APIRouter(prefix="/api/v1", tags=["reference"])
LAT_LON = r"^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$"
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
    near: Annotated[str | None, Query(pattern=LAT_LON, description="lat,lon: homonyms nearest it first")] = None,
    insee: Annotated[bool, Query(description="Read a five-digit query as an INSEE code first")] = False,
) -> list[CommunePublic]:
    """Commune autocompletion as people write it: a postal code (its communes, largest first), an
    INSEE code, a name in any spelling, "62170 Montreuil", an address line, a CEDEX."""
    return [
        CommunePublic(
            insee_code=c.insee_code,
            name=c.name,
            postal_codes=list(c.postal_codes),
            department=c.department,
            latitude=c.lat,
            longitude=c.lon,
            matched_by=matched_by,
        )
        for c, matched_by in service.communes_for(runtime.gazetteer, q, limit, service.point(near), insee)
    ]
