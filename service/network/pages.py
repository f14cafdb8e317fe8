"""Business officers' employers and SIAE, the Mission Locale's partners, and its dashboard."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from geo.errors import GeoError
from matching.vocabulary import OrganisationKind, SiaeKind
from service.deps import DbDep, RuntimeDep
from service.http.pagination import Id
from service.http.problems import DomainError
from service.models import Organisation, PositioningStatus, Role, User
from service.network import queries, service
from service.network.schemas import OrganisationCreate, OrganisationUpdate
from service.transit import service as transit
from service.web.forms import FormErrors, form_values, parse, place_of, record, record_refusal, row_id
from service.web.page_session import CsrfChecked, PageUser, require_role
from service.web.templating import STATUS_LABELS, render

router = APIRouter(include_in_schema=False)
NO_COMMUNE = "00000"  # parsed for the other fields' messages; the commune's own error is shown


@router.get("/entreprises")
def hosts(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    orgs = service.hosts_of(db, user)
    open_offers = queries.open_offer_counts(db, [o.id for o in orgs])
    return render(request, "hosts.html", orgs=orgs, open_offers=open_offers)


@router.get("/entreprises/nouvelle")
def new_host(request: Request, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    return render(request, "host_form.html", values={"kind": "employer"}, errors=FormErrors(), **_form_choices(user))


@router.post("/entreprises/nouvelle", dependencies=[CsrfChecked])
async def create_host(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """Register an employer or a SIAE for the officer's Mission Locale."""
    require_role(user, Role.BUSINESS_OFFICER)
    values, errors = form_values(await request.form()), FormErrors()
    try:
        insee_code = place_of(runtime.gazetteer, values.get("commune", "")).commune.insee_code
    except GeoError as exc:
        errors["commune"] = str(exc) if values.get("commune") else "Indiquez la commune (nom ou code postal)."
        insee_code = NO_COMMUNE
    data = parse(OrganisationCreate, {**values, "insee_code": insee_code}, errors)
    if data is not None and not errors:
        try:
            service.register(db, user, data, runtime.places)
            return RedirectResponse("/entreprises", status_code=303)
        except DomainError as exc:
            record(errors, exc)
    return render(request, "host_form.html", 422, values=values, errors=errors, **_form_choices(user))


@router.get("/partenaires")
def partners(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER, Role.ADVISER)
    orgs = service.partners_of(runtime, db, user)
    waiting = service.awaiting_confirmation(db, user)
    names = queries.organisations_by_id(db, {i for p in waiting for i in (p.source_id, p.target_id)})
    return render(
        request, "partners.html", orgs=orgs, waiting=waiting, names=names, tiles=runtime.settings.map_tile_url
    )


@router.get("/aides-mobilite")
def mobility_aids(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """The Mission Locale's list of mobility aids, shown to its advisers when results are thin."""
    require_role(user, Role.BUSINESS_OFFICER, Role.ADVISER)
    aids = service.mobility_aids(db, user.organisation_id, runtime.settings.mobility_aids)
    return render(request, "mobility_aids.html", values={"aids": "\n".join(aids)}, errors=FormErrors())


@router.post("/aides-mobilite", dependencies=[CsrfChecked])
async def save_mobility_aids(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER, Role.ADVISER)
    text = str((await request.form()).get("aids", ""))
    try:
        service.set_mobility_aids(db, user, text)
    except DomainError as exc:
        errors = FormErrors()
        record(errors, exc, "aids")
        return render(request, "mobility_aids.html", exc.status, values={"aids": text}, errors=errors)
    return RedirectResponse("/aides-mobilite?enregistre=1", status_code=303)


@router.post("/partenaires/{org_id}/partenariats/{partnership_id}/confirmation", dependencies=[CsrfChecked])
def confirm_partnership(org_id: Id, partnership_id: Id, db: DbDep, user: PageUser) -> RedirectResponse:
    service.confirm_partnership(db, user, org_id, partnership_id)
    return RedirectResponse("/partenaires", status_code=303)


@router.post("/partenaires/{org_id}/partenariats/{partnership_id}/fin", dependencies=[CsrfChecked])
def end_partnership(org_id: Id, partnership_id: Id, db: DbDep, user: PageUser) -> RedirectResponse:
    service.end_partnership(db, user, org_id, partnership_id)
    return RedirectResponse("/partenaires", status_code=303)


@router.get("/tableau-de-bord")
def dashboard(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER, Role.BUSINESS_OFFICER)
    stats = service.stats_for(runtime, db, user)
    by_status = [(STATUS_LABELS[s], stats.positionings_by_status.get(s.value, 0)) for s in PositioningStatus]
    timetables = transit.travel_note(db)
    return render(request, "dashboard.html", stats=stats, by_status=by_status, timetables=timetables)


@router.get("/admin/organisations")
def organisations_admin(request: Request, db: DbDep, user: PageUser, q: str = "") -> Response:
    """Find organisations by name, and merge one registered twice into the other."""
    require_role(user, Role.ADMIN)
    return render(
        request,
        "admin_organisations.html",
        orgs=service.search_organisations(db, q[:100]),
        q=q,
        errors=FormErrors(),
        values={},
    )


@router.post("/admin/organisations/fusion", dependencies=[CsrfChecked])
async def merge_organisations(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.ADMIN)
    values, errors = form_values(await request.form()), FormErrors()
    keep, duplicate = row_id(values.get("keep", "")), row_id(values.get("duplicate", ""))
    if keep is None or duplicate is None:
        errors["duplicate"] = "Indiquez les numéros des deux organisations."
    else:
        try:
            kept = service.merge(db, user, keep, duplicate)
            return RedirectResponse(f"/admin/organisations?q={kept.name[:60]}", status_code=303)
        except DomainError as exc:
            record(errors, exc, "duplicate")
    return render(request, "admin_organisations.html", 422, orgs=[], q="", errors=errors, values=values)


def _form_choices(user: User, org: Organisation | None = None) -> dict[str, Any]:
    """Officers register employers and SIAE; an admin any kind of organisation."""
    kinds = list(OrganisationKind) if user.role is Role.ADMIN else [OrganisationKind.EMPLOYER, OrganisationKind.SIAE]
    return {"siae_kinds": list(SiaeKind), "kinds": kinds, "org": org}


@router.get("/admin/organisations/{org_id}")
def edit_organisation(request: Request, org_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADMIN)
    org = service.visible_organisation(db, org_id)
    commune = runtime.gazetteer.by_insee(org.insee_code) if org.insee_code in runtime.gazetteer else None
    values = {**org.model_dump(mode="json"), "commune": f"{commune.name} ({commune.insee_code})" if commune else ""}
    return render(request, "host_form.html", values=values, errors=FormErrors(), **_form_choices(user, org))


@router.post("/admin/organisations/{org_id}", dependencies=[CsrfChecked])
async def update_organisation(request: Request, org_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADMIN)
    org = service.visible_organisation(db, org_id)
    values, errors = form_values(await request.form()), FormErrors()
    values.setdefault("accessible", False)
    try:
        values["insee_code"] = place_of(runtime.gazetteer, values.pop("commune", "")).commune.insee_code
    except GeoError as exc:
        errors["commune"] = str(exc)
    changes = parse(OrganisationUpdate, values, errors) if not errors else None
    if changes is not None:
        try:
            service.change(db, user, org.pk, changes, runtime.places)
            return RedirectResponse(f"/admin/organisations?q={org.name[:60]}", status_code=303)
        except (DomainError, ValueError) as exc:
            db.rollback()
            record_refusal(errors, exc)
    return render(request, "host_form.html", 422, values=values, errors=errors, **_form_choices(user, org))
