"""RFC 9457 problem details: every error the API returns, in one table."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from geo.errors import GeoError

PROBLEM_JSON = "application/problem+json"


class DomainError(Exception):
    """Base of the service's own errors: a status, a French title and the field at fault."""

    status = 400
    title = "Requête invalide"

    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(DomainError):
    status, title = 404, "Introuvable"


class Forbidden(DomainError):
    status, title = 403, "Action non autorisée"


class Conflict(DomainError):
    status, title = 409, "Conflit"


class Unauthorized(DomainError):
    status, title = 401, "Authentification requise"


def problem(
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def database_down() -> JSONResponse:
    return problem(
        503,
        "Service momentanément indisponible",
        "La base de données ne répond pas ; réessayez dans un instant.",
        headers={"Retry-After": "5"},
    )


def field_errors(errors: list[Any]) -> list[dict[str, Any]]:
    out = []
    for e in errors:
        loc = [str(part) for part in e.get("loc", ()) if part not in ("body", "query", "path")]
        msg = str(e.get("msg", "")).removeprefix("Value error, ")
        field = ".".join(loc) or (msg.split(" : ")[0] if " : " in msg else "")
        out.append({"field": field, "message": msg})
    return out


def domain_problem(exc: DomainError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    errors = [{"field": exc.field, "message": exc.detail}] if exc.field else None
    return problem(exc.status, exc.title, exc.detail, errors, headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return domain_problem(exc)

    async def _invalid(_: Request, exc: Exception) -> JSONResponse:
        """A request that does not parse, or a record that does not validate once merged."""
        assert isinstance(exc, RequestValidationError | ValidationError)
        errors = field_errors(list(exc.errors()))
        return problem(422, "Données invalides", _summary(errors), errors)

    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(ValidationError, _invalid)

    @app.exception_handler(GeoError)
    async def _geo(_: Request, exc: GeoError) -> JSONResponse:
        return problem(422, "Lieu invalide", str(exc), [{"field": exc.field, "message": str(exc)}])

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        # What the database itself refuses (a NUL character, a number out of its range) is bad input.
        return problem(
            422,
            "Données invalides",
            "Une valeur est refusée par la base de données (caractère nul ou nombre hors limites).",
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        return problem(
            409, "Conflit", "L'enregistrement contredit une donnée existante (doublon ou référence inconnue)."
        )

    @app.exception_handler(OperationalError)
    async def _db_down(_: Request, exc: OperationalError) -> JSONResponse:
        return database_down()

    @app.exception_handler(PoolTimeout)
    async def _db_busy(_: Request, exc: PoolTimeout) -> JSONResponse:
        return problem(
            503,
            "Service momentanément indisponible",
            "La base de données est saturée ; réessayez dans un instant.",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Introuvable", 405: "Méthode non autorisée", 401: "Authentification requise"}
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))  # every route of the path, not one
        return problem(exc.status_code, titles.get(exc.status_code, "Erreur"), str(exc.detail), headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    path = request.url.path
    routes = [r for r in request.app.routes if isinstance(r, APIRoute) and r.path_regex.match(path)]
    methods = {m for r in routes for m in r.methods or ()}
    return sorted(methods)


def _summary(errors: list[dict[str, Any]]) -> str:
    return "; ".join(f"{e['field']} : {e['message']}" if e["field"] else e["message"] for e in errors[:5])
