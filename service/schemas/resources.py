"""Create / Update / Public schemas of the resources, from the tables' shared bases."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from matching.vocabulary import OrganisationKind
from service.models.fields import RefId, RomeCode, YouthLevel
from service.models.offer import OfferBase
from service.models.organisation import OrganisationBase
from service.models.partnership import PartnershipBase
from service.models.training_session import TrainingSessionBase
from service.models.youth import YouthBase
from service.schemas.partial import partial


class Located(SQLModel):
    """Coordinates may be left out: the commune (or the address, when geocoding is on) gives them."""

    latitude: float | None = Field(default=None, ge=-90, le=90)  # type: ignore[assignment]
    longitude: float | None = Field(default=None, ge=-180, le=180)  # type: ignore[assignment]


class OrganisationCreate(Located, OrganisationBase):
    pass


class OrganisationPublic(OrganisationBase):
    id: int
    managed_by_id: int | None = Field(description="The Mission Locale whose business officers manage it.")
    updated_at: datetime


OrganisationUpdate = partial(OrganisationBase, "OrganisationUpdate")


class PartnershipCreate(PartnershipBase):
    pass


class PartnershipPublic(PartnershipBase):
    id: int


class SessionCreate(Located, TrainingSessionBase):
    organisation_id: RefId | None = None  # a training body publishes for its own organisation


class SessionPublic(TrainingSessionBase):
    id: int
    organisation_id: int
    closed: bool
    updated_at: datetime


SessionUpdate = partial(TrainingSessionBase, "SessionUpdate")


class OfferCreate(Located, OfferBase):
    organisation_id: RefId


class OfferPublic(OfferBase):
    id: int
    organisation_id: int
    closed: bool
    updated_at: datetime


OfferUpdate = partial(OfferBase, "OfferUpdate")


class YouthCreate(Located, YouthBase):
    pass


class YouthPublic(YouthBase):
    id: int
    mission_locale_id: int
    created_at: datetime


YouthUpdate = partial(YouthBase, "YouthUpdate")


class YouthPartnerView(SQLModel):
    """What a training body or employer sees of a youth positioned with them: no birth date,
    no programme, no RQTH unless the youth consented."""

    file_reference: str
    qualification_level: YouthLevel
    wished_rome_codes: list[RomeCode]
    home_insee_code: str
    age_band: str
    rqth: bool | None = None


class OrganisationRef(SQLModel):
    id: int
    name: str
    kind: OrganisationKind


class Page(SQLModel):
    next_cursor: str | None = None


def age_band(birth_date: date, today: date) -> str:
    years = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    return "mineur" if years < 18 else "18-25 ans" if years <= 25 else "26 ans et plus"
