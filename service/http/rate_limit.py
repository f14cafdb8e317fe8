"""Rate limits on what anyone can call without an account (log in, autocompletion).

Per client address: enough to slow password guessing and scraping; the account lockout
(service/accounts/service.py) covers the rest. The counts live in each worker process by default
(`memory://`), or in one Redis for every worker and host (`PASSERELLE_RATE_LIMIT_STORAGE`).
"""

import logging
import math
import time

from anyio import to_thread
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from service.http.problems import problem
from service.settings import Settings

log = logging.getLogger(__name__)


def _rules(settings: Settings) -> dict[tuple[str, str], RateLimitItem]:
    login, public = parse(settings.login_rate_limit), parse(settings.public_rate_limit)
    return {
        ("POST", "/api/v1/auth/token"): login,
        ("POST", "/connexion"): login,
        ("GET", "/api/v1/rome"): public,
        ("GET", "/api/v1/communes"): public,
    }


def storage(settings: Settings) -> Storage:
    # A store out of reach answers within half a second; its errors come out as StorageError.
    store = storage_from_string(
        settings.rate_limit_storage,
        wrap_exceptions=True,
        key_prefix="passerelle",
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
    )
    assert isinstance(store, Storage), "memory:// and redis:// stores are synchronous"
    return store


class RateLimit:
    """Pure ASGI: a refused request never reaches the app."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.rules = app, _rules(settings)
        store = storage(settings)
        self.limiter = MovingWindowRateLimiter(store)
        self.remote = not isinstance(store, MemoryStorage)  # its calls block: they leave the event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = self.rules.get((scope.get("method", ""), scope.get("path", ""))) if scope["type"] == "http" else None
        if rule is None:
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else "unknown"
        args = (rule, scope["path"], client)
        wait = await to_thread.run_sync(self._wait, *args) if self.remote else self._wait(*args)
        if wait is None:
            await self.app(scope, receive, send)
            return
        response = problem(
            429, "Trop de requêtes", f"Trop de requêtes : réessayez dans {wait} s.", headers={"Retry-After": str(wait)}
        )
        await response(scope, receive, send)

    def _wait(self, rule: RateLimitItem, path: str, client: str) -> int | None:
        """None when the request may go on, else the seconds before it may."""
        try:
            if self.limiter.hit(rule, path, client):
                return None
            reset = self.limiter.get_window_stats(rule, path, client).reset_time
        except StorageError as e:
            # Let it through: refusing every login while the store is down would lock everyone out,
            # and the lockout, kept in the database, still guards each account.
            log.warning("rate limit store unreachable (%s): request let through", type(e.storage_error).__name__)
            return None
        return max(1, math.ceil(reset - time.time()))
