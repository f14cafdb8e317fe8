"""Reference tables: ROME codes and communes, loaded by the import commands."""

from sqlalchemy import JSON, Column
from sqlmodel import Field

from service.models.base import Table


class RomeEntry(Table, table=True):
    __tablename__ = "rome_code"

    code: str = Field(primary_key=True, max_length=5)
    label: str = Field(max_length=300)
    domain: str = Field(max_length=1, index=True)
    appellations: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    linked_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class CommuneEntry(Table, table=True):
    __tablename__ = "commune"

    insee_code: str = Field(primary_key=True, max_length=5)
    name: str = Field(max_length=200, index=True)
    postal_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    department: str = Field(max_length=3, index=True)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    population: int = 0
