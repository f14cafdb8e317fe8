"""Business officer: employers and SIAE of the Mission Locale, their offers, the partners."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.responses import Response

from geo.errors import GeoError
from matching.vocabulary import OFFER_KINDS, ContractType, OrganisationKind, SiaeKind
from service import access, organisations, writes
from service.deps import DbDep, RuntimeDep
from service.models import Offer, Organisation, Role, User
from service.pagination import Id
from service.problems import DomainError
from service.schemas.resources import OfferCreate, OfferUpdate, OrganisationCreate
from service.web.forms import FormErrors, commune_of, form_values, parse, record, record_refusal
from service.web.session import CsrfChecked, PageUser, require_role
from service.web.templating import render

router = APIRouter(include_in_schema=False)
HOSTS = (OrganisationKind.EMPLOYER, OrganisationKind.SIAE)


def _hosts(db: Session, user: User) -> list[Organisation]:
    """The employers and SIAE the officer's Mission Locale manages."""
    family = access.mission_locale_family(db, user)
    stmt = select(Organisation).where(col(Organisation.managed_by_id).in_(family), col(Organisation.kind).in_(HOSTS))
    return list(db.exec(stmt.order_by(Organisation.name)).all())


@router.get("/entreprises")
def hosts(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    orgs = _hosts(db, user)
    open_offers = dict(db.exec(
        select(Offer.organisation_id, func.count()).where(  # type: ignore[call-overload]
            col(Offer.organisation_id).in_([o.id for o in orgs]), Offer.closed == False)  # noqa: E712
        .group_by(Offer.organisation_id)).all())
    return render(request, "hosts.html", orgs=orgs, open_offers=open_offers)


@router.get("/entreprises/nouvelle")
def new_host(request: Request, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    return render(request, "host_form.html", values={"kind": "employer"}, errors=FormErrors(), siae_kinds=list(SiaeKind))


@router.post("/entreprises/nouvelle", dependencies=[CsrfChecked])
async def create_host(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """Register an employer or a SIAE for the officer's Mission Locale."""
    require_role(user, Role.BUSINESS_OFFICER)
    values, errors = form_values(await request.form()), FormErrors()
    try:
        commune = commune_of(runtime.gazetteer, values.get("commune", ""))
    except GeoError as exc:
        errors["commune"] = str(exc) if values.get("commune") else "Indiquez la commune (nom ou code postal)."
        commune = None
    data = parse(OrganisationCreate, {**values, "insee_code": commune.insee_code if commune else "00000"}, errors)
    if data is not None and not errors:
        try:
            organisations.register(db, user, data, runtime.places)
            return RedirectResponse("/entreprises", status_code=303)
        except DomainError as exc:
            record(errors, exc)
    return render(request, "host_form.html", 422, values=values, errors=errors, siae_kinds=list(SiaeKind))


@router.get("/offres")
def offers(request: Request, db: DbDep, user: PageUser, kind: str = "") -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    orgs = {o.id: o for o in _hosts(db, user)}
    stmt = select(Offer).where(col(Offer.organisation_id).in_(list(orgs)))
    if kind in OFFER_KINDS:
        stmt = stmt.where(Offer.kind == kind)
    rows = db.exec(stmt.order_by(col(Offer.closed), col(Offer.id).desc()).limit(300)).all()
    return render(request, "offers.html", offers=rows, orgs=orgs, kind=kind, kinds=OFFER_KINDS)


@router.get("/offres/nouvelle")
def new_offer(request: Request, db: DbDep, user: PageUser, kind: str = "") -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    return _offer_form(request, db, user, None, {"kind": kind} if kind else {}, FormErrors())


@router.post("/offres/nouvelle", dependencies=[CsrfChecked])
async def create_offer(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    values, errors = form_values(await request.form()), FormErrors()
    org = _host_of(db, user, values.get("organisation_id"), errors)
    data = parse(OfferCreate, _located(values, org), errors) if org else None
    if data is None or errors:
        return _offer_form(request, db, user, None, values, errors, 422)
    try:
        writes.create(db, Offer, data, runtime.places, organisation_id=org.id, created_by_id=user.id)  # type: ignore[union-attr]
    except DomainError as exc:
        record(errors, exc)
        return _offer_form(request, db, user, None, values, errors, exc.status)
    return RedirectResponse("/offres", status_code=303)


@router.get("/offres/{offer_id}")
def edit_offer(request: Request, offer_id: Id, db: DbDep, user: PageUser) -> Response:
    offer = access.offer_for_edit(db, user, offer_id)
    return _offer_form(request, db, user, offer, offer.model_dump(mode="json"), FormErrors())


@router.post("/offres/{offer_id}", dependencies=[CsrfChecked])
async def update_offer(request: Request, offer_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    offer = access.offer_for_edit(db, user, offer_id)
    values, errors = form_values(await request.form()), FormErrors()
    values.setdefault("driving_licence_required", False)  # an unticked box sends nothing
    values.setdefault("minors_accepted", False)
    changes = parse(OfferUpdate, {k: v for k, v in values.items() if k != "organisation_id"}, errors)
    if changes is None:
        return _offer_form(request, db, user, offer, values, errors, 422)
    try:
        writes.update(db, offer, changes, runtime.places)
    except (DomainError, ValueError) as exc:
        db.rollback()
        record_refusal(errors, exc)
        return _offer_form(request, db, user, offer, values, errors, 422)
    return RedirectResponse("/offres", status_code=303)


@router.post("/offres/{offer_id}/cloture", dependencies=[CsrfChecked])
def close_offer(offer_id: Id, db: DbDep, user: PageUser) -> RedirectResponse:
    offer = access.offer_for_edit(db, user, offer_id)
    writes.close(db, offer)
    return RedirectResponse("/offres", status_code=303)


@router.get("/partenaires")
def partners(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.BUSINESS_OFFICER, Role.ADVISER)
    family = access.mission_locale_family(db, user)
    runtime.matching.refresh(db, runtime.today())
    ids = {p for m in family for p in runtime.matching.graph.partners_of(m)}
    orgs = db.exec(select(Organisation).where(col(Organisation.id).in_(ids)).order_by(Organisation.kind, Organisation.name)).all()
    return render(request, "partners.html", orgs=orgs, tiles=runtime.settings.map_tile_url)


def _host_of(db: Session, user: User, org_id: Any, errors: FormErrors) -> Organisation | None:
    allowed = {str(o.id): o for o in _hosts(db, user)}
    org = allowed.get(str(org_id))
    if org is None:
        errors["organisation_id"] = "Choisissez un employeur ou une SIAE de la liste."
    return org


def _located(values: dict[str, Any], org: Organisation | None) -> dict[str, Any]:
    """An offer takes place at its employer unless a commune is given."""
    if org is None or values.get("insee_code"):
        return values
    return {**values, "insee_code": org.insee_code, "address": values.get("address") or org.address,
            "latitude": org.latitude, "longitude": org.longitude}


def _offer_form(request: Request, db: Session, user: User, offer: Offer | None, values: dict[str, Any],
                errors: FormErrors, status: int = 200) -> Response:
    return render(request, "offer_form.html", status, offer=offer, values=values, errors=errors,
                  orgs=_hosts(db, user), kinds=OFFER_KINDS, contracts=list(ContractType))
