from datetime import date, datetime

from pydantic import model_validator
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from matching.vocabulary import ALTERNATING_CONTRACTS, ALTERNATING_KINDS, OFFER_KINDS, ContractType, ItemKind
from service.models.base import Table
from service.models.dates import check_period
from service.models.fields import InseeCode, RequiredLevel, RomeCode, enum_type, utcnow


class OfferBase(SQLModel):
    kind: ItemKind = Field(index=True, sa_type=enum_type(ItemKind, "kind"))
    title: str = Field(min_length=1, max_length=300)
    rome_code: RomeCode = Field(index=True)
    appellation: str = Field(default="", max_length=300)
    contract_type: ContractType | None = Field(default=None, sa_type=enum_type(ContractType, "contract_type"))
    duration_months: int | None = Field(default=None, ge=0, le=120)
    hours_per_week: float | None = Field(default=None, ge=0, le=48)
    level_required: RequiredLevel = 0
    driving_licence_required: bool = False
    positions_open: int = Field(default=1, ge=0, le=10_000)
    start_date: date | None = None
    expires_on: date | None = None
    address: str = Field(default="", max_length=300)
    insee_code: InseeCode
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    minors_accepted: bool = True
    # Apprenticeship and professionalisation: the diploma prepared and the school that teaches it.
    diploma: str = Field(default="", max_length=300)
    rncp_code: str | None = Field(default=None, max_length=20)
    cfa_id: int | None = Field(default=None, foreign_key="organisation.id")

    @model_validator(mode="after")
    def _consistent(self) -> "OfferBase":
        if self.kind not in OFFER_KINDS:
            raise ValueError(f"kind : une offre est l'un de {', '.join(OFFER_KINDS)}")
        check_period(self.start_date, self.expires_on, "expires_on")
        if (self.cfa_id or self.diploma or self.rncp_code) and not self.alternating:
            raise ValueError("cfa_id : un CFA et un diplôme ne vont qu'avec l'apprentissage ou la professionnalisation")
        return self

    @property
    def alternating(self) -> bool:
        """Work alternating with a school: the youth also needs to know the diploma and the CFA."""
        return self.kind in ALTERNATING_KINDS or self.contract_type in ALTERNATING_CONTRACTS


class Offer(Table, OfferBase, table=True):
    __table_args__ = (
        CheckConstraint("positions_open >= 0", name="ck_offer_positions_positive"),
        CheckConstraint("level_required = 0 OR level_required BETWEEN 3 AND 8", name="ck_offer_level"),
        CheckConstraint("expires_on IS NULL OR start_date IS NULL OR expires_on >= start_date", name="ck_offer_dates"),
        UniqueConstraint("organisation_id", "external_id", name="uq_offer_external_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    closed: bool = False
    external_id: str | None = Field(default=None, max_length=100)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    version: int = Field(default=0, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
