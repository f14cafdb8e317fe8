"""Training body: its sessions (publish, edit, places left, close) and the youths positioned on them."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.responses import Response

from service import access, positionings, writes
from service.deps import DbDep, RuntimeDep
from service.models import Organisation, Positioning, PositioningStatus, Role, TrainingSession, Youth
from service.pagination import Id
from service.positionings import HOST, TRANSITIONS
from service.problems import DomainError
from service.schemas.resources import SessionCreate, SessionUpdate, age_band
from service.web.forms import FormErrors, form_values, parse, record, record_refusal
from service.web.session import CsrfChecked, PageUser, require_role
from service.web.templating import render

router = APIRouter(include_in_schema=False)
LISTS = ("rome_codes", "funding")


@router.get("/sessions")
def sessions(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.TRAINING_BODY)
    rows = db.exec(select(TrainingSession).where(TrainingSession.organisation_id == user.organisation_id)
                   .order_by(col(TrainingSession.closed), TrainingSession.start_date)).all()
    waiting = _positioned_counts(db, [s.id for s in rows])  # type: ignore[misc]
    return render(request, "sessions.html", sessions=rows, waiting=waiting)


@router.get("/sessions/nouvelle")
def new_session(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.TRAINING_BODY)
    return _session_form(request, None, {}, FormErrors())


@router.post("/sessions/nouvelle", dependencies=[CsrfChecked])
async def create_session(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.TRAINING_BODY)
    values, errors = _values(await request.form()), FormErrors()
    org = db.get(Organisation, user.organisation_id) if user.organisation_id else None
    if org is None:
        raise DomainError("Compte sans organisme de formation.")
    values.setdefault("insee_code", org.insee_code)
    values.setdefault("places_left", values.get("places_total"))
    data = parse(SessionCreate, values, errors)
    if data is None:
        return _session_form(request, None, values, errors, 422)
    try:
        created = writes.create(db, TrainingSession, data, runtime.places, organisation_id=org.id)
    except DomainError as exc:
        record(errors, exc)
        return _session_form(request, None, values, errors, exc.status)
    return RedirectResponse(f"/sessions/{created.id}", status_code=303)


@router.get("/sessions/{session_id}")
def session_page(request: Request, session_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    s = access.session_for_edit(db, user, session_id)
    return render(request, "session.html", s=s, positioned=_positioned(db, s, runtime.today()), form_values=s.model_dump(mode="json"),
                  errors=FormErrors())


@router.post("/sessions/{session_id}", dependencies=[CsrfChecked])
async def update_session(request: Request, session_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    s = access.session_for_edit(db, user, session_id)
    values, errors = _values(await request.form()), FormErrors()
    for box in ("permanent_entry", "late_entry_allowed", "apprenticeship_possible", "accessible"):
        values.setdefault(box, False)  # an unticked box sends nothing
    changes = parse(SessionUpdate, values, errors)
    if changes is not None:
        try:
            writes.update(db, s, changes, runtime.places)
            return RedirectResponse(f"/sessions/{s.id}", status_code=303)
        except (DomainError, ValueError) as exc:
            db.rollback()
            record_refusal(errors, exc)
    db.refresh(s)
    return render(request, "session.html", 422, s=s, positioned=_positioned(db, s, runtime.today()), form_values=values, errors=errors)


@router.post("/sessions/{session_id}/cloture", dependencies=[CsrfChecked])
def close_session(session_id: Id, db: DbDep, user: PageUser) -> RedirectResponse:
    s = access.session_for_edit(db, user, session_id)
    writes.close(db, s)
    return RedirectResponse("/sessions", status_code=303)


@router.post("/positionnements/{positioning_id}/statut", dependencies=[CsrfChecked])
def move(positioning_id: Id, db: DbDep, user: PageUser,
         status: Annotated[PositioningStatus, Form()]) -> RedirectResponse:
    """The host's status buttons: selected, refused, entered, completed, abandoned."""
    p = access.positioning_for(db, user, positioning_id)
    positionings.move(db, user, p, status)
    back = f"/sessions/{p.session_id}" if p.session_id else f"/jeunes/{p.youth_id}"
    return RedirectResponse(f"{back}#positionnements", status_code=303)


def _positioned(db: Session, s: TrainingSession, today: date) -> list[dict[str, Any]]:
    """The youths on a session, as much as the host may see: file number and age band."""
    rows = db.exec(select(Positioning).where(Positioning.session_id == s.id).order_by(Positioning.id)).all()
    out = []
    for p in rows:
        youth = db.get(Youth, p.youth_id) if p.youth_id else None
        moves = [to for (frm, to), who in TRANSITIONS.items() if frm is p.status and who == HOST]
        out.append({"p": p, "age_band": age_band(youth.birth_date, today) if youth else None,
                    "level": youth.qualification_level if youth else None, "moves": moves})
    return out


def _positioned_counts(db: Session, ids: list[int]) -> dict[int, int]:
    """Per session, the positionings waiting for the host's answer."""
    stmt = select(Positioning.session_id, func.count()).where(  # type: ignore[call-overload]
        col(Positioning.session_id).in_(ids), Positioning.status == PositioningStatus.POSITIONED,
    ).group_by(Positioning.session_id)
    return dict(db.exec(stmt).all())


def _values(form: Any) -> dict[str, Any]:
    values = form_values(form, lists=LISTS)
    if isinstance(values.get("rome_codes"), list):  # one field "F1703, F1704" or several
        values["rome_codes"] = [c.strip().upper() for v in values["rome_codes"] for c in v.split(",") if c.strip()]
    return values


def _session_form(request: Request, s: TrainingSession | None, values: dict[str, Any], errors: FormErrors,
                  status: int = 200) -> Response:
    return render(request, "session_form.html", status, s=s, values=values, errors=errors)
