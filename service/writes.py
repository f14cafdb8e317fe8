"""Creating and updating records: one path for the API, the imports and the demo seeds.

Functions add and flush; the caller's transaction commits. Catalogue rows are stamped with the
transaction's catalogue version so that every worker's index picks them up.
"""

from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from service.catalogue.queries import catalogue_write_version
from service.models import Offer, Organisation, Partnership, TrainingSession
from service.models.fields import utcnow
from service.referentials.service import Places

T = TypeVar("T", bound=SQLModel)
_CATALOGUE = (Organisation, Partnership, TrainingSession, Offer)


def _stamp(db: Session, row: SQLModel) -> None:
    if isinstance(row, _CATALOGUE):
        row.version = catalogue_write_version(db)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()


_COMMUNE_FIELDS = ("insee_code", "home_insee_code")
_ADDRESS_FIELDS = ("address", "home_address")


def _locate(values: dict[str, Any], places: Places) -> dict[str, Any]:
    """Fill coordinates from the commune (or address) when they were not given."""
    commune = next((values[f] for f in _COMMUNE_FIELDS if f in values), None)
    if commune is not None:
        values["latitude"], values["longitude"] = places.locate(
            commune,
            next((values[f] for f in _ADDRESS_FIELDS if values.get(f)), ""),
            values.get("latitude"),
            values.get("longitude"),
        )
    return values


def create(db: Session, table: type[T], data: SQLModel, places: Places, **extra: Any) -> T:
    row = table(**{**_locate(data.model_dump(), places), **extra})
    _stamp(db, row)
    db.add(row)
    db.flush()
    return row


def update(db: Session, row: T, changes: SQLModel, places: Places) -> T:
    """Apply a PATCH: merge, validate the whole record, then write."""
    patch = changes.model_dump(exclude_unset=True)
    current = {name: getattr(row, name) for name in type(row).model_fields}
    merged = {**current, **patch}
    if {*_COMMUNE_FIELDS, *_ADDRESS_FIELDS} & patch.keys() and not {"latitude", "longitude"} & patch.keys():
        merged["latitude"] = merged["longitude"] = None  # moved: locate again
    checked = type(row).model_validate(_locate(merged, places))
    for name in merged:
        setattr(row, name, getattr(checked, name))
    _stamp(db, row)
    db.add(row)
    db.flush()
    return row


def touch(db: Session, row: SQLModel) -> None:
    """Mark a catalogue row as changed (e.g. places left moved) for the matching indexes."""
    _stamp(db, row)
    db.add(row)


def close(db: Session, row: TrainingSession | Offer) -> None:
    """Closing keeps the row and its positionings' history; it leaves every match."""
    row.closed = True
    touch(db, row)
