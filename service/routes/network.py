from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import SQLModel

from matching.vocabulary import OrganisationKind
from service import access
from service.deps import DbDep, RuntimeDep, UserDep
from service.models import Role
from service.stats import Stats, stats_for

router = APIRouter(prefix="/api/v1", tags=["network"])


class NetworkOrg(SQLModel):
    id: int
    name: str
    kind: OrganisationKind
    department: str
    centrality: float | None = None


class NetworkView(SQLModel):
    partners: list[NetworkOrg]
    central_partners: list[NetworkOrg]
    without_partner: list[NetworkOrg]


def _org(o, centrality=None) -> NetworkOrg:  # type: ignore[no-untyped-def]
    return NetworkOrg(id=o.id, name=o.name, kind=o.kind, department=o.department, centrality=centrality)


@router.get("/network", response_model=NetworkView)
def network(db: DbDep, user: UserDep, runtime: RuntimeDep,
            department: Annotated[str | None, Query(max_length=3)] = None) -> NetworkView:
    """The partners of the user's Mission Locale, the most central partners of a territory,
    and the organisations with no partner at all."""
    runtime.matching.refresh(db, runtime.today())
    graph = runtime.matching.graph
    mine = graph.partners_of(user.organisation_id) if user.organisation_id in graph.g else set()
    return NetworkView(
        partners=[_org(graph.org(i)) for i in sorted(mine)],
        central_partners=[_org(o, round(c, 4)) for o, c in graph.central_partners(department)],
        without_partner=[_org(o) for o in graph.isolated(department)][:200],
    )


@router.get("/stats", response_model=Stats)
def stats(db: DbDep, user: UserDep, runtime: RuntimeDep) -> Stats:
    """Dashboard of the user's Mission Locale: positionings, fill rate, youths left without options."""
    access.require(user, Role.ADVISER, Role.BUSINESS_OFFICER)
    return stats_for(runtime, db, user)
