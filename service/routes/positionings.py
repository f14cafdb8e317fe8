from datetime import date

from fastapi import APIRouter
from sqlmodel import select

from service import access, positionings
from service.deps import DbDep, RuntimeDep, UserDep
from service.models import Positioning, PositioningEvent, PositioningStatus, Role, Youth
from service.pagination import Cursor, Id, IdFilter, Limit, Page, paginate
from service.schemas.positioning import EventPublic, PositioningCreate, PositioningPublic, StatusChange
from service.schemas.resources import YouthPartnerView, age_band

router = APIRouter(prefix="/api/v1/positionings", tags=["positionings"])


def public(db: DbDep, user: UserDep, p: Positioning, today: date, history: bool = True) -> PositioningPublic:
    """Hosts see only what they need of the youth: no birth date, programme or (unless consented) RQTH."""
    youth = db.get(Youth, p.youth_id) if p.youth_id else None
    view = YouthPartnerView(
        file_reference=youth.file_reference, qualification_level=youth.qualification_level,
        wished_rome_codes=youth.wished_rome_codes, home_insee_code=youth.home_insee_code,
        age_band=age_band(youth.birth_date, today),
        rqth=youth.rqth if youth.share_sensitive_with_partners else None,
    ) if youth else None
    events = db.exec(select(PositioningEvent).where(PositioningEvent.positioning_id == p.id)
                     .order_by(PositioningEvent.id)).all() if history else []  # type: ignore[arg-type]
    return PositioningPublic(
        **p.model_dump(exclude={"created_by_id"}), youth=view,
        history=[EventPublic.model_validate(e, from_attributes=True) for e in events],
    )


@router.post("", response_model=PositioningPublic, status_code=201)
def create_positioning(data: PositioningCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> PositioningPublic:
    """An adviser positions a youth of their Mission Locale on a session or an offer."""
    access.require(user, Role.ADVISER)
    youth = access.youth_for(db, user, data.youth_id)
    p = positionings.create(db, user, youth, data.session_id, data.offer_id, data.status)
    return public(db, user, p, runtime.today())


@router.get("", response_model=Page[PositioningPublic])
def list_positionings(
    db: DbDep, user: UserDep, runtime: RuntimeDep, status: PositioningStatus | None = None,
    session_id: IdFilter = None, offer_id: IdFilter = None, youth_id: IdFilter = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> Page[PositioningPublic]:
    stmt = select(Positioning).where(access.positionings_visible(db, user))  # type: ignore[arg-type]
    for column, value in ((Positioning.status, status), (Positioning.session_id, session_id),
                          (Positioning.offer_id, offer_id), (Positioning.youth_id, youth_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    rows, next_cursor = paginate(db, stmt, Positioning.id, limit, cursor)
    return Page(items=[public(db, user, p, runtime.today(), history=False) for p in rows], next_cursor=next_cursor)


@router.get("/{positioning_id}", response_model=PositioningPublic)
def get_positioning(positioning_id: Id, db: DbDep, user: UserDep, runtime: RuntimeDep) -> PositioningPublic:
    return public(db, user, access.positioning_for(db, user, positioning_id), runtime.today())


@router.post("/{positioning_id}/status", response_model=PositioningPublic)
def change_status(positioning_id: Id, change: StatusChange, db: DbDep, user: UserDep, runtime: RuntimeDep) -> PositioningPublic:
    """Move a positioning along; invalid transitions are a 409, entering a full session too."""
    p = access.positioning_for(db, user, positioning_id)
    return public(db, user, positionings.move(db, user, p, change.status, change.note), runtime.today())
