"""The adviser's « Positionner » button and the host's status buttons."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from sqlmodel import Session
from starlette.responses import Response

from matching.vocabulary import ItemKind
from service import access
from service.deps import DbDep, RuntimeDep
from service.http.csv_text import csv_text
from service.http.pagination import Id
from service.models import Organisation, PositioningStatus, Role, User
from service.models.fields import utcnow
from service.models.positioning import PositioningReason
from service.network import queries as network
from service.positionings import service
from service.runtime import Runtime
from service.web.forms import FormErrors, form_values, parse
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


class Period(BaseModel):
    du: date | None = None
    au: date | None = None
    antenne: int | None = Field(default=None, ge=1, le=2_147_483_647)


DELAY_COLUMNS = ("partner", "positionings", "answered", "without_answer", "share_without_answer", "median_answer_days")


@router.get("/tableau-de-bord/delais")
def delays_page(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """Median delays from positioning to answer and to entry, partners' answers, reasons for
    refusal, withdrawal and abandonment, over a period; per Mission Locale or antenna."""
    require_role(user, Role.ADVISER, Role.BUSINESS_OFFICER)
    values, errors = form_values(request.query_params), FormErrors()
    period = parse(Period, values, errors) or Period()
    report, since, until, sites = _delays(db, runtime, user, period)
    return render(
        request,
        "delays.html",
        report=report,
        since=since,
        until=until,
        sites=sites,
        values=values,
        errors=errors,
        query=urlencode(values),
    )


@router.get("/tableau-de-bord/delais.csv")
def delays_csv(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER, Role.BUSINESS_OFFICER)
    period = parse(Period, form_values(request.query_params), FormErrors()) or Period()
    report = _delays(db, runtime, user, period)[0]
    rows: list[dict[str, object]] = [
        {
            "partner": p.name,
            "positionings": p.positionings,
            "answered": p.answered,
            "without_answer": p.without_answer,
            "share_without_answer": p.share_without_answer,
            "median_answer_days": p.median_answer_days,
        }
        for p in report.partners
    ]
    return Response(
        csv_text(DELAY_COLUMNS, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="delais.csv"'},
    )


def _delays(
    db: Session, runtime: Runtime, user: User, period: Period
) -> tuple[service.Delays, date, date, list[Organisation]]:
    now = utcnow()
    until = period.au or now.date()
    since = period.du or until - timedelta(days=90)
    family = access.mission_locale_family(db, user)
    sites = network.organisations_sorted(db, family)
    chosen = {period.antenne} & family if period.antenne else family
    start = datetime.combine(since, time.min, tzinfo=UTC)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    remind = timedelta(days=runtime.settings.remind_after_days)
    return service.delays(db, chosen or family, start, end, now, remind), since, until, list(sites)
