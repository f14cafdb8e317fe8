"""Rate limits on what anyone can call without an account (log in, autocompletion).

Per client address and per worker process (each keeps its own window in memory): enough to slow
password guessing and scraping; the account lockout (service/login.py) covers the rest.
"""

import math
import time

from fastapi import FastAPI, Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from service.problems import problem
from service.settings import Settings


def _rules(settings: Settings) -> dict[tuple[str, str], RateLimitItem]:
    login, public = parse(settings.login_rate_limit), parse(settings.public_rate_limit)
    return {("POST", "/api/v1/auth/token"): login, ("POST", "/connexion"): login,
            ("GET", "/api/v1/rome"): public, ("GET", "/api/v1/communes"): public}


def install(app: FastAPI, settings: Settings) -> None:
    limiter = MovingWindowRateLimiter(MemoryStorage())
    rules = _rules(settings)

    @app.middleware("http")
    async def _limit(request: Request, call_next):  # type: ignore[no-untyped-def]
        rule = rules.get((request.method, request.url.path))
        if rule is None:
            return await call_next(request)
        client = request.client.host if request.client else "unknown"
        if limiter.hit(rule, request.url.path, client):
            return await call_next(request)
        reset = limiter.get_window_stats(rule, request.url.path, client).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        return problem(429, "Trop de requêtes", f"Trop de requêtes : réessayez dans {wait} s.",
                       headers={"Retry-After": str(wait)})
