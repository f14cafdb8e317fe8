"""Request logs: method, route template, status, duration, user id. Never a query string or body,
where personal data (a birth date typed in a search form) could be."""

import logging
import time

from fastapi import FastAPI, Request

log = logging.getLogger("passerelle.requests")

# uvicorn's own access log prints full URLs, query strings included: `passerelle serve` turns it
# off and lets this logger speak instead.
LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "passerelle": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def _log(request: Request, call_next):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route = request.scope.get("route")
            path = getattr(route, "path", None) or "(no route)"
            log.info("%s %s %d %.1fms user=%s", request.method, path, status,
                     (time.perf_counter() - started) * 1000, getattr(request.state, "user_id", "-"))
