"""Adviser: the youths of their Mission Locale, and one youth's file with its positionings."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service import access, audit
from service.deps import DbDep, RuntimeDep
from service.http.pagination import Id
from service.models import Role
from service.positionings.service import youth_history
from service.web.page_session import PageUser, require_role
from service.web.templating import render
from service.youths import queries

router = APIRouter(include_in_schema=False)
LISTED = 200


@router.get("/jeunes")
def youths(request: Request, db: DbDep, user: PageUser, q: Annotated[str, Query(max_length=50)] = "") -> Response:
    require_role(user, Role.ADVISER)
    rows = queries.youths_by_reference(db, access.youths_listed(user), q, LISTED)
    audit.record(db, user, "youth.list", "youth", None, f"{len(rows)} profils")
    return render(request, "youths.html", youths=rows, q=q)


@router.get("/jeunes/{youth_id}")
def youth_file(request: Request, youth_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.read", "youth", youth.id)
    commune = runtime.gazetteer.by_insee(youth.home_insee_code) if youth.home_insee_code in runtime.gazetteer else None
    return render(
        request,
        "youth.html",
        youth=youth,
        commune=commune,
        positionings=youth_history(db, youth),
        rome=runtime.matching.rome,
    )
