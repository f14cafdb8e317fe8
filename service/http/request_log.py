"""Request logs: method, route template, status, duration, user id. Never a query string or body,
where personal data (a birth date typed in a search form) could be."""

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class RequestLog:
    """Pure ASGI (no per-request task and body queue, as `@app.middleware` would add)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            # The router writes the matched route into this same scope; routes set the user id.
            path = getattr(scope.get("route"), "path", None) or "(no route)"
            user_id = scope.get("state", {}).get("user_id", "-")
            log.info(
                "%s %s %d %.1fms user=%s",
                scope["method"],
                path,
                status,
                (time.perf_counter() - started) * 1000,
                user_id,
            )
