"""« Territoire »: the coverage map of a job family for advisers, business officers and training
bodies, with the proposals, the equity shares and the exports."""

import json
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlmodel import Session
from starlette.responses import Response

from matching.coverage import PRESETS
from matching.vocabulary import ItemKind
from service.coverage import service
from service.coverage.schemas import CSV_COLUMNS, commune_out, geojson, proposal_summary
from service.deps import DbDep, RuntimeDep
from service.http.csv_text import csv_text
from service.http.problems import DomainError
from service.models import User
from service.runtime import Runtime
from service.web.forms import FormErrors, form_values, parse, record
from service.web.page_session import PageUser
from service.web.templating import render

router = APIRouter(include_in_schema=False)
LISTS = ("kinds",)


class TerritoryForm(BaseModel):
    family: str = Field(default="", max_length=100)
    territory: str = Field(default="", max_length=20)  # "" (mine), "network", "ml:ID", "dep:62"
    kinds: list[ItemKind] = Field(default_factory=list)
    profile: str = Field(default="walk_pt_45", max_length=40)
    max_minutes: int | None = Field(default=None, ge=5, le=240)
    k: int = Field(default=3, ge=1, le=10)
    candidates: Literal["all", "partners", "sites", "stations"] = "all"


@router.get("/territoire")
def territory_page(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    values, errors = form_values(request.query_params, lists=LISTS), FormErrors()
    form = parse(TerritoryForm, values, errors)
    context: dict[str, Any] = {"found": None}
    if form is not None and form.family:
        try:
            context = _coverage_context(runtime, db, user, form)
        except DomainError as exc:
            record(errors, exc, "family")
    return render(
        request,
        "territory.html",
        422 if errors else 200,
        values=values,
        errors=errors,
        presets=list(PRESETS.values()),
        kinds=list(ItemKind),
        mission_locales=service.mission_locales(db),
        departments=service.departments(db),
        query=urlencode(values, doseq=True),
        **context,
    )


@router.get("/territoire/export.csv")
def export_csv(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    found = _exported(request, db, runtime, user)
    rows = [commune_out(r) for r in found.reaches]
    return Response(
        csv_text(CSV_COLUMNS, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="couverture.csv"'},
    )


@router.get("/territoire/export.geojson")
def export_geojson(request: Request, db: DbDep, runtime: RuntimeDep, user: PageUser) -> Response:
    found = _exported(request, db, runtime, user)
    return Response(
        json.dumps(geojson(found), ensure_ascii=False),
        media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="couverture.geojson"'},
    )


def _exported(request: Request, db: Session, runtime: Runtime, user: User) -> service.Coverage:
    errors = FormErrors()
    form = parse(TerritoryForm, form_values(request.query_params, lists=LISTS), errors)
    if form is None or not form.family:
        field = next(iter(errors), "family")
        raise DomainError(errors.get(field, "family : indiquez un métier, un domaine ou un secteur."), field)
    return _coverage(runtime, db, user, form)


def _coverage(runtime: Runtime, db: Session, user: User, form: TerritoryForm) -> service.Coverage:
    return service.coverage_map(
        runtime,
        db,
        user,
        form.family,
        service.Scope.parse(form.territory),
        form.kinds,
        form.profile,
        None,
        form.max_minutes,
    )


def _coverage_context(runtime: Runtime, db: Session, user: User, form: TerritoryForm) -> dict[str, Any]:
    found = _coverage(runtime, db, user, form)
    picks = service.proposals(runtime, db, found, form.k, form.candidates)
    far = (
        service.far_from_sites(runtime, db, user, found.territory, found.asked.mobility)
        if found.territory.key.startswith("ml:")
        else None
    )
    # White zones first, most youths then most people: the table reads as a to-do list.
    rows = sorted(found.reaches, key=lambda r: (not r.white, -r.place.youths, -r.place.population, r.place.name))
    return {
        "found": found,
        "rows": rows,
        "picks": [(p, proposal_summary(p, found.asked.mobility.label)) for p in picks],
        "far": far,
        "totals": {
            "white": len(found.white),
            "youths": sum(r.place.youths for r in found.reaches),
            "youths_in_white": sum(r.place.youths for r in found.white),
            "population_in_white": sum(r.place.population for r in found.white),
        },
    }
