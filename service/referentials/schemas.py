"""What the referentials API returns."""

from sqlmodel import SQLModel


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
