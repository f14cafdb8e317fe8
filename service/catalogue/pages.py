"""Training bodies publish their sessions and see who is positioned on them; business officers
publish their employers' and SIAE's offers."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.responses import Response

from matching.vocabulary import OFFER_KINDS, ContractType
from service import access, writes
from service.catalogue import queries, service
from service.catalogue.schemas import OfferCreate, OfferUpdate, SessionCreate, SessionPublic, SessionUpdate
from service.deps import DbDep, RuntimeDep
from service.http.pagination import Id
from service.http.problems import DomainError
from service.models import Offer, Organisation, Role, TrainingSession, User
from service.network import service as network
from service.positionings import service as positionings
from service.runtime import Runtime
from service.search import service as search
from service.web.forms import FormErrors, form_values, parse, record, record_refusal
from service.web.page_session import CsrfChecked, PageUser, require_role
from service.web.templating import render

router = APIRouter(include_in_schema=False)
LISTS = ("rome_codes", "funding")
SESSION_BOXES = ("permanent_entry", "late_entry_allowed", "apprenticeship_possible", "accessible")
OFFER_BOXES = ("driving_licence_required", "minors_accepted")
OFFERS_LISTED = 300
OFFER_CLEARABLE = {"diploma": "", "rncp_code": None, "cfa_id": None}  # an emptied field sends nothing
SESSION_CLEARABLE = {"target_level": None, "start_date": None, "end_date": None}  # « Aucun » sends a blank


def _unticked(values: dict[str, Any], boxes: tuple[str, ...]) -> dict[str, Any]:
    """An unticked box sends nothing: it means no."""
    for box in boxes:
        values.setdefault(box, False)
    return values


# -- training sessions (training bodies) ------------------------------------------------------


@router.get("/sessions")
def sessions(request: Request, db: DbDep, user: PageUser) -> Response:
    require_role(user, Role.TRAINING_BODY)
    rows = queries.sessions_of(db, user.organisation_id)
    waiting = positionings.waiting_counts(db, [s.id for s in rows])
    return render(request, "sessions.html", sessions=rows, waiting=waiting)


@router.get("/sessions/nouvelle")
def new_session(request: Request, user: PageUser) -> Response:
    require_role(user, Role.TRAINING_BODY)
    return _session_form(request, None, {}, FormErrors())


@router.post("/sessions/nouvelle", dependencies=[CsrfChecked])
async def create_session(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.TRAINING_BODY)
    values, errors = _session_values(await request.form()), FormErrors()
    org = network.organisation(db, user.organisation_id)
    if org is None:
        raise DomainError("Compte sans organisme de formation.")
    values.setdefault("insee_code", org.insee_code)
    data = parse(SessionCreate, values, errors)
    if data is None:
        return _session_form(request, None, values, errors, 422)
    try:
        created = writes.create(db, TrainingSession, data, runtime.places, organisation_id=org.id)
        service.announce(runtime, db, created)
    except DomainError as exc:
        record(errors, exc)
        return _session_form(request, None, values, errors, exc.status)
    return RedirectResponse(f"/sessions/{created.id}", status_code=303)


@router.get("/sessions/{session_id}")
def session_page(request: Request, session_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """Its training body edits it; advisers and officers read it, to present it to a youth."""
    training = queries.training_session(db, session_id)
    if training is not None and not access.may_edit_session(user, training):
        require_role(user, Role.ADVISER, Role.BUSINESS_OFFICER)
        return _option_page(request, db, runtime, training)
    training = access.session_for_edit(db, user, session_id)
    # read through its schema: the row's JSON lists (funding, information dates) come back as text
    values = SessionPublic.model_validate(training, from_attributes=True).model_dump(mode="json")
    return _session_page(request, db, runtime.today(), training, values, FormErrors())


@router.post("/sessions/{session_id}", dependencies=[CsrfChecked])
async def update_session(request: Request, session_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    training = access.session_for_edit(db, user, session_id)
    values, errors = _unticked(_session_values(await request.form()), SESSION_BOXES), FormErrors()
    changes = parse(SessionUpdate, {**SESSION_CLEARABLE, **values}, errors)
    if changes is not None:
        try:
            service.amend(runtime, db, training, changes)
            return RedirectResponse(f"/sessions/{training.id}", status_code=303)
        except (DomainError, ValueError) as exc:
            db.rollback()
            record_refusal(errors, exc)
    db.refresh(training)
    return _session_page(request, db, runtime.today(), training, values, errors, 422)


@router.post("/sessions/{session_id}/cloture", dependencies=[CsrfChecked])
def close_session(session_id: Id, db: DbDep, user: PageUser) -> RedirectResponse:
    writes.close(db, access.session_for_edit(db, user, session_id))
    return RedirectResponse("/sessions", status_code=303)


def _option_page(request: Request, db: Session, runtime: Runtime, row: TrainingSession | Offer) -> Response:
    """What an adviser presents to a youth, printable: where, who to call, when, on what terms."""
    host = network.organisation(db, row.organisation_id)
    if host is None:
        raise DomainError("Organisation introuvable.")
    cfa = network.organisation(db, row.cfa_id) if isinstance(row, Offer) else None
    details = search.option_details(runtime, row, host, cfa)
    return render(request, "option.html", row=row, host=host, d=details, is_session=isinstance(row, TrainingSession))


def _session_values(form: Any) -> dict[str, Any]:
    values = form_values(form, lists=LISTS)
    if isinstance(values.get("rome_codes"), list):  # one field "F1703, F1704" or several
        values["rome_codes"] = [c.strip().upper() for v in values["rome_codes"] for c in v.split(",") if c.strip()]
    return values


def _session_page(
    request: Request,
    db: Session,
    today: Any,
    training: TrainingSession,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    positioned = positionings.on_session(db, training.id, today)
    return render(request, "session.html", status, s=training, positioned=positioned, form_values=values, errors=errors)


def _session_form(
    request: Request, training: TrainingSession | None, values: dict[str, Any], errors: FormErrors, status: int = 200
) -> Response:
    return render(request, "session_form.html", status, s=training, values=values, errors=errors)


# -- offers (business officers) ---------------------------------------------------------------


@router.get("/offres")
def offers(request: Request, db: DbDep, user: PageUser, kind: str = "") -> Response:
    require_role(user, Role.BUSINESS_OFFICER)
    orgs = {o.id: o for o in network.hosts_of(db, user)}
    rows = queries.offers_of(db, [i for i in orgs if i], kind if kind in OFFER_KINDS else None, OFFERS_LISTED)
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
    if org is None or data is None or errors:
        return _offer_form(request, db, user, None, values, errors, 422)
    try:
        service.announce(runtime, db, service.register_offer(db, user, data, runtime.places, data.organisation_id))
    except DomainError as exc:
        record(errors, exc)
        return _offer_form(request, db, user, None, values, errors, exc.status)
    return RedirectResponse("/offres", status_code=303)


@router.get("/offres/{offer_id}")
def edit_offer(request: Request, offer_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """Its business officers edit it; advisers read it, to present it to a youth."""
    found = queries.offer(db, offer_id)
    if found is not None and user.role is Role.ADVISER:
        return _option_page(request, db, runtime, found)
    offer = access.offer_for_edit(db, user, offer_id)
    return _offer_form(request, db, user, offer, offer.model_dump(mode="json"), FormErrors())


@router.post("/offres/{offer_id}", dependencies=[CsrfChecked])
async def update_offer(request: Request, offer_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    offer = access.offer_for_edit(db, user, offer_id)
    values, errors = _unticked(form_values(await request.form()), OFFER_BOXES), FormErrors()
    sent = {**OFFER_CLEARABLE, **{k: v for k, v in values.items() if k != "organisation_id"}}
    changes = parse(OfferUpdate, sent, errors)
    if changes is None:
        return _offer_form(request, db, user, offer, values, errors, 422)
    try:
        service.amend(runtime, db, offer, changes)
    except (DomainError, ValueError) as exc:
        db.rollback()
        record_refusal(errors, exc)
        return _offer_form(request, db, user, offer, values, errors, 422)
    return RedirectResponse("/offres", status_code=303)


@router.post("/offres/{offer_id}/cloture", dependencies=[CsrfChecked])
def close_offer(offer_id: Id, db: DbDep, user: PageUser) -> RedirectResponse:
    writes.close(db, access.offer_for_edit(db, user, offer_id))
    return RedirectResponse("/offres", status_code=303)


def _host_of(db: Session, user: User, org_id: Any, errors: FormErrors) -> Organisation | None:
    allowed = {str(o.id): o for o in network.hosts_of(db, user)}
    org = allowed.get(str(org_id))
    if org is None:
        errors["organisation_id"] = "Choisissez un employeur ou une SIAE de la liste."
    return org


def _located(values: dict[str, Any], org: Organisation | None) -> dict[str, Any]:
    """An offer takes place at its employer unless a commune is given."""
    if org is None or values.get("insee_code"):
        return values
    return {
        **values,
        "insee_code": org.insee_code,
        "address": values.get("address") or org.address,
        "latitude": org.latitude,
        "longitude": org.longitude,
    }


def _offer_form(
    request: Request,
    db: Session,
    user: User,
    offer: Offer | None,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    return render(
        request,
        "offer_form.html",
        status,
        offer=offer,
        values=values,
        errors=errors,
        orgs=network.hosts_of(db, user),
        schools=network.schools_near(db, user, offer.cfa_id if offer else None),
        kinds=OFFER_KINDS,
        contracts=list(ContractType),
    )
