"""All SQL of the referentials: imported communes and the imported ROME referential."""

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, text
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


def counts(db: Session) -> dict[str, int]:
    """How many imported ROME codes and communes the database holds."""
    return {
        "rome": db.exec(select(func.count()).select_from(RomeEntry)).one(),
        "communes": db.exec(select(func.count()).select_from(CommuneEntry)).one(),
    }


def schema_revision(db: Session) -> str:
    return str(db.connection().execute(text("SELECT version_num FROM alembic_version")).scalar() or "")
