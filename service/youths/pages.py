"""Adviser: the youths of their Mission Locale, and one youth's file with its positionings."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from geo.errors import GeoError
from service import access, audit
from service.deps import DbDep, RuntimeDep
from service.http.pagination import Id
from service.http.problems import DomainError
from service.models import Role, User, Youth
from service.positionings.service import youth_history
from service.runtime import Runtime
from service.search.schemas import ProfileForm, profile_fields
from service.web.forms import FormErrors, form_values, parse, place_of, record_refusal, rome_codes_in
from service.web.page_session import CsrfChecked, PageUser, require_role
from service.web.templating import render
from service.youths import queries, service
from service.youths.schemas import YouthCreate, YouthUpdate

router = APIRouter(include_in_schema=False)
LISTED = 200
LISTS = ("modes",)


@router.get("/jeunes")
def youths(request: Request, db: DbDep, user: PageUser, q: Annotated[str, Query(max_length=50)] = "") -> Response:
    require_role(user, Role.ADVISER)
    rows = queries.youths_by_reference(db, access.youths_listed(user), q, LISTED)
    audit.record(db, user, "youth.list", "youth", None, f"{len(rows)} profils")
    return render(request, "youths.html", youths=rows, q=q)


class YouthForm(ProfileForm):
    """A youth file on the pages: the profile, the file number, and what the youth agreed to."""

    file_reference: str = Field(default="", max_length=50)
    share_sensitive: bool = False  # the youth agrees that training bodies see their RQTH
    notice_given: bool = False  # the information notice was handed to the youth


@router.get("/jeunes/notice")
def notice(request: Request, runtime: RuntimeDep, user: PageUser) -> Response:
    """The information notice the youth receives when the file is opened (printable)."""
    return render(request, "youth_notice.html", months=runtime.settings.retention_months)


@router.get("/jeunes/nouveau")
def new_youth(request: Request, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    return _youth_form(request, None, {}, FormErrors())


@router.post("/jeunes/nouveau", dependencies=[CsrfChecked])
async def create_youth(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    return await _save(request, db, runtime, user, None)


@router.get("/jeunes/{youth_id}/modifier")
def edit_youth(request: Request, youth_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    youth = access.youth_for(db, user, youth_id)
    return _youth_form(request, youth, _values_of(runtime, youth), FormErrors())


@router.post("/jeunes/{youth_id}/modifier", dependencies=[CsrfChecked])
async def update_youth(request: Request, youth_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    return await _save(request, db, runtime, user, access.youth_for(db, user, youth_id))


async def _save(request: Request, db: Session, runtime: Runtime, user: User, youth: Youth | None) -> Response:
    """Create (youth None) or update a file from the form; on an error, the form again, as typed."""
    values, errors = form_values(await request.form(), lists=LISTS), FormErrors()
    fields = _file_fields(runtime, values, errors, new=youth is None)
    data = parse(YouthCreate if youth is None else YouthUpdate, fields, errors) if fields and not errors else None
    if data is None:
        return _youth_form(request, youth, values, errors, 422)
    try:
        if youth is None:
            youth = service.create(db, user, YouthCreate.model_validate(data), runtime.places)
        else:
            service.update(db, user, youth, data, runtime.places)
    except IntegrityError:
        db.rollback()
        errors["file_reference"] = "Ce numéro de dossier existe déjà : choisissez-en un autre."
    except (DomainError, ValueError) as exc:
        db.rollback()
        record_refusal(errors, exc)
    if errors or youth is None:
        return _youth_form(request, youth, values, errors, 422)
    return RedirectResponse(f"/jeunes/{youth.id}", status_code=303)


@router.post("/jeunes/{youth_id}/suivi", dependencies=[CsrfChecked])
def follow_youth(youth_id: Id, db: DbDep, user: PageUser, on: Annotated[bool, Form()] = True) -> Response:
    """« Me prévenir des nouvelles solutions » for this youth, or no longer."""
    require_role(user, Role.ADVISER)
    youth = access.youth_for(db, user, youth_id)
    service.follow(db, user, youth, on)
    return RedirectResponse(f"/jeunes/{youth.id}", status_code=303)


@router.post("/jeunes/{youth_id}/archiver", dependencies=[CsrfChecked])
def archive_youth(youth_id: Id, db: DbDep, user: PageUser, archived: Annotated[bool, Form()] = True) -> Response:
    require_role(user, Role.ADVISER)
    youth = access.youth_for(db, user, youth_id)
    service.archive(db, user, youth, archived)
    return RedirectResponse("/jeunes" if archived else f"/jeunes/{youth.id}", status_code=303)


def _file_fields(runtime: Runtime, values: dict[str, Any], errors: FormErrors, new: bool) -> dict[str, Any] | None:
    """The form as a youth file's fields; errors next to their fields (in French)."""
    form = parse(YouthForm, values, errors)
    if form is None:
        return None
    if not form.file_reference.strip():
        errors["file_reference"] = "Indiquez le numéro de dossier du jeune."
    if new and not form.notice_given:
        errors["notice_given"] = "Remettez d'abord la notice d'information au jeune, puis cochez la case."
    try:
        commune = place_of(runtime.gazetteer, form.commune, None).commune if form.commune else None
    except GeoError as exc:
        errors["commune"] = str(exc)
        return None
    if commune is None:
        errors["commune"] = "Indiquez la commune du jeune (nom ou code postal)."
        return None
    unknown = [c for c in rome_codes_in(form.jobs) if runtime.matching.rome.get(c) is None]
    if unknown:
        errors["jobs"] = f"Code ROME inconnu : {', '.join(unknown)}."
    return {
        **profile_fields(form, commune.insee_code),
        "file_reference": form.file_reference.strip(),
        "programme": form.programme,
        "share_sensitive_with_partners": form.share_sensitive,
    }


def _values_of(runtime: Runtime, y: Youth) -> dict[str, Any]:
    """A saved file as the form shows it."""
    commune = runtime.gazetteer.by_insee(y.home_insee_code) if y.home_insee_code in runtime.gazetteer else None
    return {
        "file_reference": y.file_reference,
        "birth_date": y.birth_date,
        "level": "infra_3" if y.qualification_level == 2 else y.qualification_level,
        "jobs": ", ".join(y.wished_rome_codes),
        "wishes_text": y.wishes_text,
        "commune": f"{commune.name} ({commune.insee_code})" if commune else y.home_insee_code,
        "address": y.home_address,
        "modes": list(y.travel_modes),
        "max_minutes": y.max_travel_minutes,
        "licence": y.driving_licence,
        "rqth": y.rqth,
        "iae": y.iae_eligible,
        "available_from": y.available_from,
        "programme": y.programme.value,
        "share_sensitive": y.share_sensitive_with_partners,
    }


def _youth_form(
    request: Request, youth: Youth | None, values: dict[str, Any], errors: FormErrors, status: int = 200
) -> Response:
    return render(request, "youth_form.html", status, youth=youth, values=values, errors=errors)


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


@router.get("/admin/journal")
def access_log(
    request: Request, db: DbDep, user: PageUser, dossier: Annotated[str, Query(max_length=50)] = ""
) -> Response:
    """Who read or changed a youth file, and when (the admin answers a youth's request)."""
    require_role(user, Role.ADMIN)
    found = queries.youths_by_reference(db, access.youths_listed(user), dossier.strip(), 20) if dossier else []
    files = [(y, service.accesses(db, y.pk)) for y in found if y.file_reference == dossier.strip()] or [
        (y, []) for y in found
    ]
    return render(request, "access_log.html", dossier=dossier, files=files)
