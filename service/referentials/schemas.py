"""What the referentials API returns."""

from sqlmodel import Field, SQLModel

from geo.gazetteer import MatchedBy


class RomePublic(SQLModel):
    code: str
    label: str
    domain: str


class CommunePublic(SQLModel):
    insee_code: str
    name: str
    postal_codes: list[str]
    department: str
    latitude: float
    longitude: float
    matched_by: MatchedBy = Field(description="How the query was read: a postal code, an INSEE code or a name.")
