"""Rate limits on what anyone can call without an account (log in, autocompletion).

Per client address and per worker process (each keeps its own window in memory): enough to slow
password guessing and scraping; the account lockout (service/login.py) covers the rest.
"""

import math
import time

from starlette.types import ASGIApp, Receive, Scope, Send
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from service.problems import problem
from service.settings import Settings


def _rules(settings: Settings) -> dict[tuple[str, str], RateLimitItem]:
    login, public = parse(settings.login_rate_limit), parse(settings.public_rate_limit)
    return {("POST", "/api/v1/auth/token"): login, ("POST", "/connexion"): login,
            ("GET", "/api/v1/rome"): public, ("GET", "/api/v1/communes"): public}


class RateLimit:
    """Pure ASGI: a refused request never reaches the app."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.rules = app, _rules(settings)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = self.rules.get((scope.get("method", ""), scope.get("path", ""))) if scope["type"] == "http" else None
        if rule is None:
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else "unknown"
        if self.limiter.hit(rule, scope["path"], client):
            await self.app(scope, receive, send)
            return
        reset = self.limiter.get_window_stats(rule, scope["path"], client).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        response = problem(429, "Trop de requêtes", f"Trop de requêtes : réessayez dans {wait} s.",
                           headers={"Retry-After": str(wait)})
        await response(scope, receive, send)
