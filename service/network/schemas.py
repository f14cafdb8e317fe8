"""What the network API takes and returns: organisations, partnerships, the graph, the dashboard."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from matching.vocabulary import OrganisationKind
from service.models.base import Input
from service.models.organisation import OrganisationBase
from service.models.partnership import PartnershipBase
from service.models.shapes import Located, partial


class OrganisationCreate(Located, OrganisationBase):
    pass


class OrganisationPublic(OrganisationBase):
    id: int
    managed_by_id: int | None = Field(description="The Mission Locale whose business officers manage it.")
    updated_at: datetime


OrganisationUpdate = partial(OrganisationBase, "OrganisationUpdate")


class PartnershipCreate(Input, PartnershipBase):
    pass


class PartnershipPublic(PartnershipBase):
    id: int
    confirmed_at: datetime | None = Field(
        description="When the Mission Locale involved confirmed it; until then it does not count in its rankings."
    )
    ended_at: datetime | None


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


class Stats(SQLModel):
    positionings_by_status: dict[str, int]
    positionings_by_kind: dict[str, int]
    sessions_considered: int
    places_total: int
    places_taken: int
    fill_rate: float | None
    youths: int
    youths_without_reachable_placement: int
