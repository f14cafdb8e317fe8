"""A Mission Locale's dashboard figures."""

from collections import Counter

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from matching.vocabulary import PLACEMENT_KINDS, ItemKind
from service.matches import match_profile, profile_of
from service import access
from service.models import Offer, Positioning, TrainingSession, User, Youth
from service.runtime import Runtime


class Stats(SQLModel):
    positionings_by_status: dict[str, int]
    positionings_by_kind: dict[str, int]
    sessions_considered: int
    places_total: int
    places_taken: int
    fill_rate: float | None
    youths: int
    youths_without_reachable_placement: int


def stats_for(runtime: Runtime, db: Session, user: User) -> Stats:
    """The figures of the user's Mission Locale (with its antennas) and of its partners' sessions."""
    family = access.mission_locale_family(db, user)
    runtime.matching.refresh(db, runtime.today())
    partners = {p for m in family for p in runtime.matching.graph.partners_of(m)}
    return mission_locale_stats(runtime, db, family, partners)


def mission_locale_stats(runtime: Runtime, db: Session, family: set[int], partner_ids: set[int]) -> Stats:
    positionings = db.exec(select(Positioning).where(col(Positioning.mission_locale_id).in_(family))).all()
    offer_kinds = dict(db.exec(select(Offer.id, Offer.kind).where(
        col(Offer.id).in_([p.offer_id for p in positionings if p.offer_id]))).all())
    by_kind = Counter(ItemKind.SESSION.value if p.session_id else offer_kinds[p.offer_id].value for p in positionings)  # type: ignore[index]
    total, left, count = db.exec(select(
        func.coalesce(func.sum(TrainingSession.places_total), 0), func.coalesce(func.sum(TrainingSession.places_left), 0),
        func.count(),
    ).where(col(TrainingSession.organisation_id).in_(partner_ids), TrainingSession.closed == False)).one()  # noqa: E712
    youths = db.exec(select(Youth).where(col(Youth.mission_locale_id).in_(family))).all()
    stranded = sum(
        not match_profile(runtime, db, profile_of(runtime, y), frozenset(PLACEMENT_KINDS), limit=1).results for y in youths
    )
    return Stats(
        positionings_by_status=dict(Counter(p.status.value for p in positionings)),
        positionings_by_kind=dict(by_kind), sessions_considered=count, places_total=total,
        places_taken=total - left, fill_rate=round((total - left) / total, 3) if total else None,
        youths=len(youths), youths_without_reachable_placement=stranded,
    )
