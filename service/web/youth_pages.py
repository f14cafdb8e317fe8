"""Adviser: the youths of their Mission Locale, and one youth's file with its positionings."""

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlmodel import Session, col, select
from starlette.responses import Response
from typing import Annotated

from service import access, audit
from service.deps import DbDep, RuntimeDep
from service.models import Offer, Positioning, PositioningEvent, Role, TrainingSession, Youth
from service.pagination import Id
from service.web.session import PageUser, require_role
from service.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/jeunes")
def youths(request: Request, db: DbDep, user: PageUser, q: Annotated[str, Query(max_length=50)] = "") -> Response:
    require_role(user, Role.ADVISER)
    stmt = select(Youth).where(access.youths_listed(user))
    if q:
        stmt = stmt.where(col(Youth.file_reference).icontains(q))
    rows = db.exec(stmt.order_by(Youth.file_reference).limit(200)).all()
    audit.record(db, user, "youth.list", "youth", None, f"{len(rows)} profils")
    return render(request, "youths.html", youths=rows, q=q)


@router.get("/jeunes/{youth_id}")
def youth_file(request: Request, youth_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.read", "youth", youth.id)
    commune = runtime.gazetteer.by_insee(youth.home_insee_code) if youth.home_insee_code in runtime.gazetteer else None
    return render(request, "youth.html", youth=youth, commune=commune, positionings=_history(db, youth),
                  rome=runtime.matching.rome)


def _history(db: Session, youth: Youth) -> list[dict[str, Any]]:
    """Each positioning with what it is on and its status changes, newest first."""
    rows = db.exec(select(Positioning).where(Positioning.youth_id == youth.id).order_by(col(Positioning.id).desc())).all()
    out = []
    for p in rows:
        target = db.get(TrainingSession, p.session_id) if p.session_id else db.get(Offer, p.offer_id)
        events = db.exec(select(PositioningEvent).where(PositioningEvent.positioning_id == p.id)
                         .order_by(PositioningEvent.id)).all()
        out.append({"p": p, "target": target, "events": events})
    return out
