"""Request bodies are capped before they are read whole: 413 beyond the limit.

Forms and JSON bodies are small; only the import routes take files, up to their own limit.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.problems import problem

IMPORT_PREFIX = "/api/v1/imports/"


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, import_max_bytes: int) -> None:
        self.app, self.max_bytes, self.import_max_bytes = app, max_bytes, import_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.import_max_bytes if scope["path"].startswith(IMPORT_PREFIX) else self.max_bytes
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        seen, over, refused = 0, False, False

        async def counted() -> Message:
            # Beyond the limit the body is cut short; whatever the app answers is replaced by a 413.
            nonlocal seen, over
            if over:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                over = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded(message: Message) -> None:
            nonlocal refused
            if not over:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(scope, receive, send, limit)

        await self.app(scope, counted, guarded)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem(413, "Requête trop volumineuse", f"Le corps de la requête dépasse {limit} octets.")
        await response(scope, receive, send)
