"""The positioning workflow: proposed → positioned → selected → entered → completed, or
refused / withdrawn / abandoned; places move atomically so that no session is overbooked."""

from sqlalchemy import update
from sqlmodel import Session

from service import audit
from service.models import Offer, Positioning, PositioningEvent, Role, TrainingSession, User, Youth
from service.models import PositioningStatus as S
from service.models.fields import utcnow
from service.problems import Conflict, Forbidden, NotFound
from service.writes import touch

# Allowed moves, and who makes them: the adviser proposes, positions and withdraws; the host
# (training body for a session, business officer for an offer) selects, refuses, records entry,
# completion or abandonment.
ADVISER, HOST = "adviser", "host"
TRANSITIONS: dict[tuple[S, S], str] = {
    (S.PROPOSED, S.POSITIONED): ADVISER,
    (S.PROPOSED, S.WITHDRAWN): ADVISER,
    (S.POSITIONED, S.WITHDRAWN): ADVISER,
    (S.SELECTED, S.WITHDRAWN): ADVISER,
    (S.POSITIONED, S.SELECTED): HOST,
    (S.POSITIONED, S.REFUSED): HOST,
    (S.SELECTED, S.REFUSED): HOST,
    (S.SELECTED, S.ENTERED): HOST,
    (S.ENTERED, S.COMPLETED): HOST,
    (S.ENTERED, S.ABANDONED): HOST,
}


def _target(db: Session, p: Positioning) -> TrainingSession | Offer:
    target = db.get(TrainingSession, p.session_id) if p.session_id else db.get(Offer, p.offer_id)
    if target is None:
        raise NotFound("Session ou offre introuvable.")
    return target


def _room(target: TrainingSession | Offer) -> int:
    return target.places_left if isinstance(target, TrainingSession) else target.positions_open


def create(db: Session, user: User, youth: Youth, session_id: int | None, offer_id: int | None,
           status: S = S.POSITIONED) -> Positioning:
    if status not in (S.PROPOSED, S.POSITIONED):
        raise Conflict("Un positionnement commence « proposé » ou « positionné ».", "status")
    p = Positioning(youth_id=youth.id, mission_locale_id=youth.mission_locale_id, session_id=session_id,
                    offer_id=offer_id, status=status, file_reference=youth.file_reference, created_by_id=user.id)
    target = _target(db, p)
    if target.closed or _room(target) <= 0:
        raise Conflict("Plus de place disponible : positionnement impossible.", "session_id" if session_id else "offer_id")
    db.add(p)
    db.flush()
    db.add(PositioningEvent(positioning_id=p.id, from_status=None, to_status=status, author_id=user.id))
    audit.record(db, user, "positioning.create", "positioning", p.id, f"youth {youth.id}")
    youth.last_activity_at = utcnow()
    return p


def move(db: Session, user: User, p: Positioning, to: S, note: str = "") -> Positioning:
    who = TRANSITIONS.get((p.status, to))
    if who is None:
        raise Conflict(f"Transition impossible : {p.status.value} → {to.value}.", "status")
    if user.role is not Role.ADMIN and (who == ADVISER) != (user.role is Role.ADVISER):
        raise Forbidden("Ce changement de statut revient à " + ("la Mission Locale." if who == ADVISER else "l'organisme d'accueil."))
    target = _target(db, p)
    if to is S.ENTERED:
        _take_place(db, target)
    elif to is S.ABANDONED:
        _free_place(db, target)
    db.add(PositioningEvent(positioning_id=p.id, from_status=p.status, to_status=to, author_id=user.id, note=note))
    audit.record(db, user, "positioning.status", "positioning", p.id, f"{p.status.value} -> {to.value}")
    p.status, p.updated_at = to, utcnow()
    db.add(p)
    touch(db, target)  # places and outcomes changed: every worker's index must see it
    db.flush()
    return p


def _take_place(db: Session, target: TrainingSession | Offer) -> None:
    """One conditional UPDATE: concurrent entries can never take the last place twice."""
    table = type(target)
    column = table.places_left if table is TrainingSession else table.positions_open  # type: ignore[union-attr]
    result = db.exec(update(table).where(table.id == target.id, column > 0).values({column: column - 1}))  # type: ignore[call-overload]
    if result.rowcount != 1:
        raise Conflict("Plus de place disponible : l'entrée ne peut être enregistrée.", "status")
    db.refresh(target)


def _free_place(db: Session, target: TrainingSession | Offer) -> None:
    table = type(target)
    column = table.places_left if table is TrainingSession else table.positions_open  # type: ignore[union-attr]
    limit = table.places_total if table is TrainingSession else column + 1  # type: ignore[union-attr]
    db.exec(update(table).where(table.id == target.id, column < limit).values({column: column + 1}))  # type: ignore[call-overload]
    db.refresh(target)
