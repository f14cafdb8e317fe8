"""The Mission Locale's dashboard: positionings by status and kind, fill rate, youths left without options."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.deps import DbDep, RuntimeDep
from service.models import PositioningStatus, Role
from service.stats import stats_for
from service.web.session import PageUser, require_role
from service.web.templating import STATUS_LABELS, render

router = APIRouter(include_in_schema=False)


@router.get("/tableau-de-bord")
def dashboard(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER, Role.BUSINESS_OFFICER)
    stats = stats_for(runtime, db, user)
    by_status = [(STATUS_LABELS[s], stats.positionings_by_status.get(s.value, 0)) for s in PositioningStatus]
    return render(request, "dashboard.html", stats=stats, by_status=by_status)
