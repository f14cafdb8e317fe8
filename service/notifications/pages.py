"""The notifications page; the header shows how many are unread."""

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from service.deps import DbDep
from service.models.fields import utcnow
from service.notifications import service
from service.web.page_session import CsrfChecked, PageUser
from service.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/notifications")
def notifications(request: Request, db: DbDep, user: PageUser) -> Response:
    return render(request, "notifications.html", notifications=service.listed(db, user.pk))


@router.post("/notifications/lues", dependencies=[CsrfChecked])
def read_all(db: DbDep, user: PageUser) -> Response:
    service.mark_read(db, user.pk, utcnow())
    return RedirectResponse("/notifications", status_code=303)
