"""CSV files for partners' dashboards: positioning histories and session fill rates.

No personal data beyond the adviser's file reference: no name, birth date or address.
"""

from datetime import date

from sqlalchemy import ColumnElement
from sqlmodel import Session

from service.catalogue import queries as catalogue
from service.http.csv_text import csv_text
from service.interop import queries
from service.models import PositioningStatus, TrainingSession

HISTORY_COLUMNS = (
    "positioning_id",
    "file_reference",
    "mission_locale_id",
    "kind",
    "item_id",
    "title",
    "from_status",
    "to_status",
    "at",
)
FILL_COLUMNS = (
    "session_id",
    "title",
    "organisation_id",
    "start_date",
    "places_total",
    "places_left",
    "fill_rate",
    "positioned",
    "entered",
    "closed",
)


def positioning_history_csv(
    db: Session, visible: ColumnElement[bool], session_id: int | None, since: date | None, until: date | None
) -> str:
    """One line per status change of the positionings `visible` selects, within the period."""
    rows = queries.status_changes(db, visible, session_id, since, until)
    positionings = [p for _, p in rows]
    titles = catalogue.titles(
        db, {p.session_id for p in positionings if p.session_id}, {p.offer_id for p in positionings if p.offer_id}
    )
    return csv_text(
        HISTORY_COLUMNS,
        (
            {
                "positioning_id": p.id,
                "file_reference": p.file_reference,
                "mission_locale_id": p.mission_locale_id,
                "kind": "session" if p.session_id else "offer",
                "item_id": p.session_id or p.offer_id,
                "title": titles.get((bool(p.session_id), p.session_id or p.offer_id or 0), ""),
                "from_status": str(e.from_status or ""),
                "to_status": str(e.to_status),
                "at": e.at.isoformat(timespec="seconds"),
            }
            for e, p in rows
        ),
    )


def _fill_rate(s: TrainingSession) -> float | str:
    """The share of places taken; empty without places, or when the feed does not state them."""
    return round((s.places_total - (s.places_left or 0)) / s.places_total, 3) if s.places_total else ""


def session_fill_csv(db: Session, sessions: list[TrainingSession]) -> str:
    counts = queries.statuses_by_session(db, [s.id for s in sessions])
    return csv_text(
        FILL_COLUMNS,
        (
            {
                "session_id": s.id,
                "title": s.title,
                "organisation_id": s.organisation_id,
                "start_date": s.start_date or "",
                "places_total": s.places_total,
                "places_left": s.places_left,
                "fill_rate": _fill_rate(s),
                "positioned": sum(n for (sid, _), n in counts.items() if sid == s.id),
                "entered": counts[(s.id, PositioningStatus.ENTERED)] + counts[(s.id, PositioningStatus.COMPLETED)],
                "closed": int(s.closed),
            }
            for s in sessions
        ),
    )
