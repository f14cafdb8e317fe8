"""All SQL of public-transport timetables: the feeds and the one table of morning journeys."""

from collections.abc import Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from service.models import TransitFeed, TransitTableEntry


def feeds(db: Session) -> Sequence[TransitFeed]:
    return db.exec(select(TransitFeed).order_by(col(TransitFeed.name))).all()


def feed(db: Session, name: str) -> TransitFeed | None:
    return db.exec(select(TransitFeed).where(TransitFeed.name == name)).first()


def delete_feed(db: Session, row: TransitFeed) -> None:
    db.delete(row)
    db.flush()


def table(db: Session) -> TransitTableEntry | None:
    return db.exec(select(TransitTableEntry).order_by(col(TransitTableEntry.id).desc())).first()


def table_stamp(db: Session) -> int | None:
    """The current table's id: a worker reloads its journeys when it changes."""
    return db.exec(select(TransitTableEntry.id).order_by(col(TransitTableEntry.id).desc())).first()


def replace_table(db: Session, row: TransitTableEntry | None) -> None:
    db.exec(delete(TransitTableEntry))
    if row is not None:
        db.add(row)
    db.flush()
