"""All SQL of the referentials: imported communes and the imported ROME referential."""

from collections.abc import Iterable, Sequence

from sqlalchemy import delete
from sqlmodel import Session, select

from service.models import CommuneEntry, RomeEntry


def commune_entries(db: Session) -> Sequence[CommuneEntry]:
    return db.exec(select(CommuneEntry)).all()


def rome_entries(db: Session) -> Sequence[RomeEntry]:
    return db.exec(select(RomeEntry)).all()


def replace_rome(db: Session, entries: Iterable[RomeEntry]) -> None:
    """The imported referential replaces the previous one as a whole."""
    db.exec(delete(RomeEntry))
    db.add_all(entries)


def merge_communes(db: Session, entries: Iterable[CommuneEntry]) -> None:
    for entry in entries:
        db.merge(entry)
