"""Autocompletion for the pages' job and commune fields (HTML fragments for htmx)."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from geo.coords import LatLon
from geo.outlines import department_outlines
from service.catalogue import queries as catalogue
from service.deps import DbDep, RuntimeDep
from service.http.problems import DomainError
from service.models import Role
from service.network import service as network
from service.referentials import service as referentials
from service.transit import service as transit
from service.web.page_session import PageUser, require_role
from service.web.templating import render

router = APIRouter(include_in_schema=False)
SUGGESTIONS = 8
MIN_TYPED = 2


@router.get("/recherche/metiers")
def rome_options(request: Request, runtime: RuntimeDep, user: PageUser, jobs: str = "", family: str = "") -> Response:
    """Suggestions for the last job typed in the field (the search's jobs, or a coverage map's family)."""
    last = (jobs or family).split(",")[-1].strip()
    found = runtime.matching.rome.search(last, limit=SUGGESTIONS) if len(last) >= MIN_TYPED else []
    return render(request, "partials/rome_options.html", codes=found)


@router.get("/recherche/communes")
def commune_options(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser, commune: str = "") -> Response:
    """Suggestions for the commune field, homonyms nearest the user's Mission Locale first."""
    typed = commune.strip()
    organisation = network.organisation(db, user.organisation_id)
    near = LatLon(organisation.latitude, organisation.longitude) if organisation else None
    found = runtime.gazetteer.search(commune, limit=SUGGESTIONS, near=near) if len(typed) >= MIN_TYPED else []
    return render(request, "partials/commune_options.html", communes=found)


@router.get("/carte/contours/{department}.geojson")
def outlines(department: str, user: PageUser) -> Response:
    """A department's commune outlines and names for the pages' maps (no tiles needed)."""
    try:
        text = department_outlines(department)
    except ValueError as exc:
        raise DomainError(f"department : {exc}.", "department") from None
    return Response(text, media_type="application/geo+json", headers={"Cache-Control": "private, max-age=86400"})


@router.get("/admin/versions")
def versions(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """The referentials', timetables' and schema's versions the service runs on."""
    require_role(user, Role.ADMIN)
    return render(
        request,
        "versions.html",
        versions=referentials.versions(db, runtime.matching.rome, runtime.gazetteer),
        feeds=transit.feeds(db),
        table=transit.table(db),
        catalogue=catalogue.current_catalogue_version(db),
    )
