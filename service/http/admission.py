"""At most a few requests at work per worker; the others wait their turn, in order of arrival.

A worker's requests share one interpreter lock. With dozens at work at once, its threads spend
their time handing the lock over, and each request finishes later than if it had waited its turn.
A handful at once is enough to keep the processor busy while others wait on the database. As long
as this limit stays below the database pool, no request ever waits for a connection while holding
a thread. A request that waits longer than `wait_seconds` is refused with a 503.
"""

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from service.http.problems import problem


class Admission:
    def __init__(self, app: ASGIApp, active: int, wait_seconds: float) -> None:
        self.app, self.active, self.wait_seconds = app, active, wait_seconds
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore  # made by `slots` on the first request of each loop

    def slots(self) -> asyncio.Semaphore:
        """The event loop's semaphore (FIFO: waiters are woken in order of arrival). A test may
        serve the same app from several loops in turn, and a semaphore belongs to one."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._slots = loop, asyncio.Semaphore(self.active)
        return self._slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        slots = self.slots()
        if slots.locked():
            try:
                await asyncio.wait_for(slots.acquire(), self.wait_seconds)
            except TimeoutError:
                response = problem(
                    503,
                    "Service momentanément surchargé",
                    "Trop de demandes en attente ; réessayez dans un instant.",
                    headers={"Retry-After": "5"},
                )
                await response(scope, receive, send)
                return
        else:
            await slots.acquire()  # free: no timer to arm
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()
