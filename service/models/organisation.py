from datetime import datetime

from pydantic import model_validator
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from matching.vocabulary import OrganisationKind, SiaeKind
from service.models.base import Table
from service.models.fields import InseeCode, RefId, Siret, enum_type, utcnow


class OrganisationBase(SQLModel):
    kind: OrganisationKind = Field(index=True, sa_type=enum_type(OrganisationKind, "kind"))
    siae_kind: SiaeKind | None = Field(default=None, sa_type=enum_type(SiaeKind, "siae_kind"))
    name: str = Field(min_length=1, max_length=200)
    siret: Siret | None = Field(default=None, index=True)
    # Training bodies' "numéro de déclaration d'activité" (11 characters), exchanged in LHEO.
    activity_number: str | None = Field(default=None, min_length=11, max_length=11, regex=r"^[0-9A-Z]{11}$")
    address: str = Field(default="", max_length=300)
    postal_code: str = Field(default="", max_length=5)
    insee_code: InseeCode = Field(index=True)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    sectors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    accessible: bool = False  # premises accessible to people with disabilities
    contact_name: str = Field(default="", max_length=200)  # the person or desk a youth asks for
    contact_email: str = Field(default="", max_length=200)
    contact_phone: str = Field(default="", max_length=30)
    parent_id: RefId | None = Field(default=None, foreign_key="organisation.id", index=True)

    @model_validator(mode="after")
    def _siae_kind_only_for_siae(self) -> "OrganisationBase":
        if (self.kind == OrganisationKind.SIAE) != (self.siae_kind is not None):
            raise ValueError("siae_kind : requis pour une SIAE, et seulement pour elle")
        return self


class Organisation(Table, OrganisationBase, table=True):
    __table_args__ = (UniqueConstraint("external_id", name="uq_organisation_external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    # The Mission Locale whose business officers registered and maintain this employer or SIAE.
    managed_by_id: RefId | None = Field(default=None, foreign_key="organisation.id", index=True)
    external_id: str | None = Field(default=None, max_length=100)
    version: int = Field(default=0, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    # A Mission Locale's own list of mobility aids (None: the service's default list).
    mobility_aids: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
