"""Request bodies: who is calling is known before a byte of the body is read, and the body is read
whole, capped and under a time limit, before the request takes one of the worker's few admission
slots (`admission.py`), so that a slow upload holds no slot and an anonymous one is not read at all.

Beyond a megabyte a body waits on disk, not in memory. The app then reads it at once from there.
"""

import asyncio
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from typing import IO, Literal

from fastapi.responses import RedirectResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.problems import database_down, problem
from service.http.security_headers import is_api_path

IMPORT_PREFIX = "/api/v1/imports/"
# Where a body is welcome from someone not signed in: the two ways of signing in.
PUBLIC = {("POST", "/api/v1/auth/token"), ("POST", "/connexion")}
IN_MEMORY_BYTES = 2**20
CHUNK_BYTES = 64 * 2**10
MIN_BYTES_PER_SECOND = 50_000  # slower than a poor mobile link: a body sent to hold a connection

# The caller's role from the request's headers (bearer token or page-session cookie), or None.
Identify = Callable[[Scope], Awaitable[str | None]]
Refusal = Callable[[Scope, Receive, Send], Awaitable[None]]  # a response that refuses the request


class BodyGate:
    def __init__(
        self,
        app: ASGIApp,
        identify: Identify,
        max_bytes: int,
        import_max_bytes: int,
        read_timeout_seconds: float,
        import_roles: Mapping[str, tuple[str, ...]],
        lookups_at_once: int,
    ) -> None:
        self.app, self.identify = app, identify
        self.max_bytes, self.import_max_bytes = max_bytes, import_max_bytes
        self.read_timeout = read_timeout_seconds
        self.import_roles = import_roles  # path → roles that may send a file there
        self.lookups_at_once = lookups_at_once
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore  # made on the first request of each event loop

    def _lookups(self) -> asyncio.Semaphore:
        """A few look-ups of who is calling at once, as a few requests at work (`admission.py`)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._semaphore = loop, asyncio.Semaphore(self.lookups_at_once)
        return self._semaphore

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if (scope["method"], path) not in PUBLIC:
            refusal = await self._refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        limit = self.import_max_bytes if path.startswith(IMPORT_PREFIX) else self.max_bytes
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES) as body:
            outcome = await self._read(receive, body, limit, int(declared) if declared.isdigit() else 0)
            if outcome == "disconnected":
                return
            if outcome is not None:
                await outcome(scope, receive, send)
                return
            size = body.tell()
            body.seek(0)
            await self.app(scope, _replay(body, size, receive), send)

    async def _refusal(self, scope: Scope) -> Refusal | None:
        """Who may send this body, decided from the headers alone."""
        try:
            async with self._lookups():
                role = await self.identify(scope)
        except (OperationalError, PoolTimeout):
            return database_down()
        path = scope["path"]
        if role is None:
            if is_api_path(path):
                return problem(
                    401,
                    "Authentification requise",
                    "Jeton absent, expiré ou révoqué.",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return RedirectResponse(f"/connexion?suite={path}", status_code=303)
        allowed = next((roles for prefix, roles in self.import_roles.items() if path.startswith(prefix)), None)
        if allowed is not None and role not in allowed:
            return problem(403, "Action non autorisée", "Ce rôle n'importe pas ce type de fichier.")
        return None

    async def _read(
        self, receive: Receive, body: IO[bytes], limit: int, declared: int
    ) -> Refusal | Literal["disconnected"] | None:
        """The whole body into `body`; a response that refuses it, "disconnected", or None. A body
        must keep coming (no silence longer than the timeout) and arrive at a modest pace overall."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.read_timeout + (declared or limit) / MIN_BYTES_PER_SECOND
        seen = 0
        while True:
            wait = min(self.read_timeout, deadline - loop.time())
            try:
                if wait <= 0:
                    raise TimeoutError
                message = await asyncio.wait_for(receive(), wait)
            except TimeoutError:
                slow = f"Le corps de la requête arrive trop lentement (plus de {self.read_timeout:g} s sans données)."
                return problem(408, "Délai dépassé", slow)
            if message["type"] == "http.disconnect":
                return "disconnected"
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                return _too_large(limit)
            body.write(chunk)
            if not message.get("more_body", False):
                return None


def _has_body(scope: Scope) -> bool:
    headers = dict(scope["headers"])
    length = headers.get(b"content-length")
    return (length is not None and length not in (b"", b"0")) or b"chunked" in headers.get(b"transfer-encoding", b"")


def _too_large(limit: int) -> Refusal:
    return problem(413, "Requête trop volumineuse", f"Le corps de la requête dépasse {limit} octets.")


def _replay(body: IO[bytes], size: int, receive: Receive) -> Receive:
    """The body as the app asks for it, in chunks; then the client's own messages (a disconnect)."""
    sent = 0
    done = False

    async def replayed() -> Message:
        nonlocal sent, done
        if done:
            return await receive()
        chunk = body.read(CHUNK_BYTES)
        sent += len(chunk)
        done = sent >= size
        return {"type": "http.request", "body": chunk, "more_body": not done}

    return replayed
