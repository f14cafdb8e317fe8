"""The spec documents every error as RFC 9457 problem details, on every operation."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": ["string", "null"]}, "message": {"type": "string"}},
            },
        },
    },
}
ERRORS = {
    "400": "Requête invalide",
    "401": "Authentification requise",
    "403": "Action non autorisée",
    "404": "Introuvable",
    "409": "Conflit",
    "422": "Données invalides",
    "429": "Trop de tentatives",
    "503": "Service momentanément indisponible",
}


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
            for operations in spec["paths"].values():
                for operation in operations.values():
                    _document_problems(operation["responses"])
            for unused in ("HTTPValidationError", "ValidationError"):
                spec["components"]["schemas"].pop(unused, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        """Swagger UI from our own server (pinned in package-lock.json), under the pages' CSP."""
        return HTMLResponse(DOCS_PAGE)


DOCS_PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Passerelle — API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui.css">
<script src="/static/vendor/swagger-ui-bundle.js" defer></script>
<script src="/static/swagger-init.js" defer></script>
</head>
<body><div id="swagger-ui"></div></body>
</html>
"""


def _document_problems(responses: dict[str, Any]) -> None:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for code, title in ERRORS.items():
        responses[code] = {"description": title, "content": problem}
