"""CSV files for partners' dashboards: positioning histories and session fill rates.

No personal data beyond the adviser's file reference: no name, birth date or address.
"""

from collections import Counter
from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, select

from service.interop.csv_text import csv_text
from service.models import Offer, Positioning, PositioningEvent, PositioningStatus, TrainingSession

HISTORY_COLUMNS = ("positioning_id", "file_reference", "mission_locale_id", "kind", "item_id", "title",
                   "from_status", "to_status", "at")
FILL_COLUMNS = ("session_id", "title", "organisation_id", "start_date", "places_total", "places_left", "fill_rate",
                "positioned", "entered", "closed")


def positioning_history_csv(db: Session, visible: object, session_id: int | None, since: date | None,
                            until: date | None) -> str:
    """One line per status change of the positionings `visible` selects, within the period."""
    stmt = select(PositioningEvent, Positioning).join(Positioning, col(Positioning.id) == PositioningEvent.positioning_id)
    stmt = stmt.where(visible)  # type: ignore[arg-type]
    if session_id is not None:
        stmt = stmt.where(Positioning.session_id == session_id)
    if since is not None:
        stmt = stmt.where(PositioningEvent.at >= datetime.combine(since, time.min, UTC))
    if until is not None:
        stmt = stmt.where(PositioningEvent.at <= datetime.combine(until, time.max, UTC))
    rows = db.exec(stmt.order_by(PositioningEvent.positioning_id, PositioningEvent.id)).all()
    titles = _titles(db, [p for _, p in rows])
    return csv_text(HISTORY_COLUMNS, ({
        "positioning_id": p.id, "file_reference": p.file_reference, "mission_locale_id": p.mission_locale_id,
        "kind": "session" if p.session_id else "offer", "item_id": p.session_id or p.offer_id,
        "title": titles.get((bool(p.session_id), p.session_id or p.offer_id), ""),
        "from_status": str(e.from_status or ""), "to_status": str(e.to_status), "at": e.at.isoformat(timespec="seconds"),
    } for e, p in rows))


def _titles(db: Session, positionings: list[Positioning]) -> dict[tuple[bool, int | None], str]:
    sessions = {p.session_id for p in positionings if p.session_id}
    offers = {p.offer_id for p in positionings if p.offer_id}
    out: dict[tuple[bool, int | None], str] = {}
    for s in db.exec(select(TrainingSession).where(col(TrainingSession.id).in_(sessions))).all():
        out[(True, s.id)] = s.title
    for o in db.exec(select(Offer).where(col(Offer.id).in_(offers))).all():
        out[(False, o.id)] = o.title
    return out


def session_fill_csv(db: Session, sessions: list[TrainingSession]) -> str:
    counts = Counter(db.exec(select(Positioning.session_id, Positioning.status).where(
        col(Positioning.session_id).in_([s.id for s in sessions]))).all())
    return csv_text(FILL_COLUMNS, ({
        "session_id": s.id, "title": s.title, "organisation_id": s.organisation_id, "start_date": s.start_date or "",
        "places_total": s.places_total, "places_left": s.places_left,
        "fill_rate": round((s.places_total - s.places_left) / s.places_total, 3) if s.places_total else "",
        "positioned": sum(n for (sid, _), n in counts.items() if sid == s.id),
        "entered": counts[(s.id, PositioningStatus.ENTERED)] + counts[(s.id, PositioningStatus.COMPLETED)],
        "closed": int(s.closed),
    } for s in sessions))
