"""Adviser: search placements and immersions during an interview, position a youth, pathways."""

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from geo.coords import LatLon
from geo.errors import GeoError
from geo.gazetteer import Located
from matching.beyond import THIN, JustBeyond
from matching.model import YouthProfile
from matching.ranking import MatchOutcome, search_radius_km
from matching.vocabulary import ItemKind
from service import access, audit
from service.deps import DbDep, RuntimeDep
from service.http.pagination import Id
from service.http.problems import DomainError
from service.models import Role, User, Youth
from service.network import service as network
from service.runtime import Runtime
from service.search.schemas import MatchProfile, ProfileForm, profile_fields, removed_most
from service.search.service import (
    beyond_reach,
    chosen_options,
    home_place,
    interview_details,
    match_profile,
    pathways_for,
    profile_of,
    unsaved_profile,
)
from service.web.forms import FormErrors, form_values, parse, place_of, record, rome_codes_in, row_id
from service.web.page_session import CsrfChecked, PageUser, require_role
from service.web.templating import render
from service.youths import queries as youths
from service.youths import service as youth_files
from service.youths.schemas import YouthCreate

router = APIRouter(include_in_schema=False)
LISTS = ("modes", "kinds")
RESULTS = 20
YOUTHS_LISTED = 500


class SearchForm(ProfileForm):
    """The search form: a saved youth, or a profile typed in (nothing stored)."""

    youth_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    kinds: list[ItemKind] = Field(default_factory=list)


@router.get("/recherche")
def search(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    return _search_page(request, db, runtime, user, form_values(request.query_params, lists=LISTS), FormErrors())


@router.post("/recherche/dossier", dependencies=[CsrfChecked])
async def save_profile(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """« Enregistrer comme nouveau dossier »: the profile typed in becomes a youth file, and the
    search goes on from it (so the youth can be positioned)."""
    require_role(user, Role.ADVISER)
    values, errors = form_values(await request.form(), lists=LISTS), FormErrors()
    values.pop("csrf", None)
    reference = str(values.pop("file_reference", "")).strip()
    values.pop("youth_id", None)
    form = parse(SearchForm, values, errors)
    located = None
    if form is not None:
        _, located, _ = _typed_profile(runtime, db, user, form, errors)
    if form is not None and located is not None and not errors:
        fields = profile_fields(form, located.commune.insee_code)
        data = parse(YouthCreate, {**fields, "file_reference": reference, "programme": form.programme}, errors)
        if data is not None:
            try:
                youth = youth_files.create(db, user, data, runtime.places)
                return RedirectResponse(f"/recherche?youth_id={youth.id}", status_code=303)
            except DomainError as exc:
                db.rollback()
                record(errors, exc, "file_reference")
            except IntegrityError:
                db.rollback()
                errors["file_reference"] = "Ce numéro de dossier existe déjà : choisissez-en un autre."
    return _search_page(request, db, runtime, user, values, errors, 422, reference)


@router.get("/recherche/selection")
def selection(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    """The options ticked on the results, on one sheet the youth takes home: addresses, dates,
    who to call and how to get there."""
    require_role(user, Role.ADVISER)
    values, errors = form_values(request.query_params, lists=(*LISTS, "items")), FormErrors()
    keys = _item_keys(values.pop("items", []), errors)
    form = parse(SearchForm, values, errors)
    youth, profile, *_ = _profile(runtime, db, user, form, errors) if form is not None else (None, None)
    if profile is None or errors:
        raise DomainError(next(iter(errors.values()), "Profil incomplet."), next(iter(errors), "form"))
    if youth is not None:
        audit.record(db, user, "youth.selection", "youth", youth.id)
    chosen = chosen_options(runtime, db, profile, keys)
    return render(request, "selection.html", youth=youth, chosen=chosen, today=runtime.today())


def _item_keys(raw: Any, errors: FormErrors) -> list[tuple[bool, int]]:
    """« session-12 », « offer-5 »: at most a page of results."""
    keys = []
    for text in raw if isinstance(raw, list) else [raw]:
        kind, _, number = str(text).partition("-")
        row = row_id(number)
        if kind not in ("session", "offer") or row is None:
            errors["items"] = f"Solution inconnue : {str(text)[:40]!r}."
            return []
        keys.append((kind == "session", row))
    if not keys or len(keys) > RESULTS:
        errors["items"] = f"Cochez entre 1 et {RESULTS} solutions à imprimer."
    return keys


def _search_page(
    request: Request,
    db: Session,
    runtime: Runtime,
    user: User,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
    reference: str = "",
) -> Response:
    form = parse(SearchForm, values, errors) if values else None
    youth, profile, located, outcome, start = None, None, None, None, ""
    beyond: tuple[JustBeyond, ...] = ()
    if form is not None and not any(k != "file_reference" for k in errors):
        youth, profile, located, start = _profile(runtime, db, user, form, errors)
    if form is not None and profile is not None:
        audit.record(db, user, "match.page", "youth" if youth else "match", youth.id if youth else None)
        asked = frozenset(form.kinds or ItemKind)
        outcome = match_profile(runtime, db, profile, asked, RESULTS)
        beyond = beyond_reach(runtime, profile, asked, outcome)
    context: dict[str, Any] = {
        "values": values,
        "errors": errors,
        "outcome": outcome,
        "youth": youth,
        "results": _results(runtime, db, outcome),
        "home": profile.origin.point if profile else None,
        "reach_km": search_radius_km(runtime.matching.provider, profile) if profile else None,
        "tiles": runtime.settings.map_tile_url,
        "located": located,
        "start": start,
        "beyond": beyond,
        "removed_most": removed_most(outcome) if outcome is not None and len(outcome.results) < THIN else {},
        "mobility_aids": network.mobility_aids(db, user.organisation_id, runtime.settings.mobility_aids),
        "other_places": _other_places(values, located),
        "file_reference": reference,
    }
    if request.headers.get("HX-Request"):
        return render(request, "partials/results.html", status, **context)
    return render(request, "search.html", status, youths=_youths(db, user), **context)


def _profile(
    runtime: Runtime, db: Session, user: User, form: SearchForm, errors: FormErrors
) -> tuple[Youth | None, YouthProfile | None, Located | None, str]:
    """The saved youth's profile, or the one typed in (with the commune read from the form), and
    where its journeys start when the address typed in could not be placed."""
    try:
        youth = access.youth_for(db, user, form.youth_id) if form.youth_id else None
    except DomainError as exc:
        record(errors, exc, "youth_id")
        return None, None, None, ""
    if youth:
        return youth, profile_of(runtime, youth), None, ""
    return None, *_typed_profile(runtime, db, user, form, errors)


def _typed_profile(
    runtime: Runtime, db: Session, user: User, form: SearchForm, errors: FormErrors
) -> tuple[YouthProfile | None, Located | None, str]:
    if not form.commune:
        errors["commune"] = "Indiquez la commune du jeune (nom ou code postal)."
        return None, None, ""
    try:
        located = place_of(runtime.gazetteer, form.commune, _territory(db, user))
    except GeoError as exc:
        errors["commune"] = str(exc)
        return None, None, ""
    commune = located.commune
    codes = rome_codes_in(form.jobs)
    unknown = [c for c in codes if runtime.matching.rome.get(c) is None]
    if unknown:
        errors["jobs"] = f"Code ROME inconnu : {', '.join(unknown)}."
        return None, located, ""
    data = MatchProfile(**profile_fields(form, commune.insee_code))
    place = home_place(runtime, commune.insee_code, data.home_address)
    return unsaved_profile(runtime, data, user.organisation_id or 0, place), located, place.note


def _territory(db: Session, user: User) -> LatLon | None:
    """Where the adviser works: homonyms nearest it are the ones meant."""
    organisation = network.organisation(db, user.organisation_id)
    return LatLon(organisation.latitude, organisation.longitude) if organisation else None


def _other_places(values: dict[str, Any], located: Located | None) -> list[tuple[str, str]]:
    """The other communes the text could name, each with the same search from there."""
    if located is None:
        return []
    return [
        (
            f"{c.name} ({c.department})",
            "/recherche?" + urlencode({**values, "commune": f"{c.name} ({c.insee_code})"}, doseq=True),
        )
        for c in located.others
    ]


def _results(runtime: Runtime, db: Session, outcome: MatchOutcome | None) -> list[dict[str, Any]]:
    """What a result card shows, the map's points included."""
    if outcome is None:
        return []
    rome = runtime.matching.rome
    details = interview_details(runtime, db, outcome.results)
    return [
        {
            "r": r,
            "details": details.get(r.item.key),
            "item": r.item,
            "code": r.item.rome_codes[0] if r.item.rome_codes else "",
            "label": rome.label(r.item.rome_codes[0]) if r.item.rome_codes else "",
            "percent": round(r.score * 100),
        }
        for r in outcome.results
    ]


def _youths(db: Session, user: User) -> list[Youth]:
    return list(youths.youths_by_reference(db, access.youths_listed(user), "", YOUTHS_LISTED))


@router.get("/jeunes/{youth_id}/parcours")
def pathways(request: Request, youth_id: Id, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    require_role(user, Role.ADVISER)
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.pathways", "youth", youth.id)
    found = pathways_for(runtime, db, profile_of(runtime, youth))
    return render(request, "pathways.html", youth=youth, pathways=found, rome=runtime.matching.rome)
