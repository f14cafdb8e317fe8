"""The adviser's « Positionner » button and the host's status buttons."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from matching.vocabulary import ItemKind
from service import access
from service.deps import DbDep, RuntimeDep
from service.http.pagination import Id
from service.models import PositioningStatus, Role
from service.models.fields import utcnow
from service.models.positioning import PositioningReason
from service.positionings import service
from service.web.page_session import CsrfChecked, PageUser, require_role
from service.web.templating import render

router = APIRouter(include_in_schema=False)


@router.post("/positionnements", dependencies=[CsrfChecked])
def position(
    db: DbDep,
    user: PageUser,
    youth_id: Annotated[int, Form(ge=1)],
    kind: Annotated[ItemKind, Form()],
    item_id: Annotated[int, Form(ge=1)],
) -> RedirectResponse:
    """ "Positionner": the youth is positioned on the session or offer; their file shows it."""
    require_role(user, Role.ADVISER)
    youth = access.youth_for(db, user, youth_id)
    session_id, offer_id = (item_id, None) if kind is ItemKind.SESSION else (None, item_id)
    service.create(db, user, youth, session_id, offer_id)
    return RedirectResponse(f"/jeunes/{youth.id}#positionnements", status_code=303)


@router.post("/positionnements/{positioning_id}/statut", dependencies=[CsrfChecked])
def move(
    positioning_id: Id,
    db: DbDep,
    user: PageUser,
    status: Annotated[PositioningStatus, Form()],
    reason: Annotated[PositioningReason | None, Form()] = None,
    note: Annotated[str, Form(max_length=1000)] = "",
) -> RedirectResponse:
    """The status buttons: the host's (selected, refused, entered, completed, abandoned) and the
    adviser's (withdrawn); an ending comes with its reason."""
    p = access.positioning_for(db, user, positioning_id)
    service.move(db, user, p, status, note, reason)
    back = f"/sessions/{p.session_id}" if p.session_id else f"/jeunes/{p.youth_id}"
    return RedirectResponse(f"{back}#positionnements", status_code=303)


@router.get("/a-faire")
def todo(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """The adviser's day: answers received, partners to chase, sessions starting soon."""
    require_role(user, Role.ADVISER)
    remind = timedelta(days=runtime.settings.remind_after_days)
    return render(request, "todo.html", todo=service.todo(db, user, utcnow(), remind))
