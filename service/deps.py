"""FastAPI dependencies: the runtime, one transaction per request, the current user."""

import inspect
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, contextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session
from starlette.types import Scope

from service.accounts.service import user_for_token
from service.http.problems import Unauthorized
from service.models import User
from service.models.fields import utcnow
from service.runtime import Runtime

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
PAGE_COOKIE = "passerelle_session"  # the browser's login (web/page_session.py)


async def get_runtime(request: Request) -> Runtime:
    """Async only so that FastAPI does not hand this attribute read to a worker thread."""
    return request.app.state.runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_db(runtime: RuntimeDep) -> AsyncIterator[Session]:
    """The request's transaction: committed when the route returns, rolled back on any error.

    Async, with only the commit or rollback in a worker thread: opening a database session reads nothing
    (the connection is taken at the first query), and closing one after its transaction has ended
    sends nothing, so neither is worth a trip to a thread and back.
    """
    db = Session(runtime.engine, expire_on_commit=False)
    try:
        yield db
        if db.in_transaction():  # a route `in_one_thread` committed already
            await run_in_threadpool(db.commit)
    except BaseException:
        await run_in_threadpool(db.rollback)
        raise
    finally:
        db.close()


# scope="function": the transaction commits before the response leaves, so a client never reads
# a 201 for a write that did not commit, nor races its own redirect to a page that reads it.
DbDep = Annotated[Session, Depends(get_db, scope="function")]


TokenDep = Annotated[str | None, Depends(oauth2)]  # the bearer token, if the request has one


def current_user(request: Request, db: DbDep, token: TokenDep) -> User:
    user = user_for_token(db, token, utcnow()) if token else None
    if user is None:
        raise Unauthorized("Jeton absent, expiré ou révoqué.")
    request.state.user_id = user.id  # for the request log (a plain value: it outlives the session)
    return user


UserDep = Annotated[User, Depends(current_user)]

R = TypeVar("R")


def in_one_thread(route: Callable[..., R]) -> Callable[..., Any]:
    """A route of plain `def` taking `db` and `user`, run with its user's lookup and its commit in
    one worker thread instead of three (FastAPI hands each plain dependency, the route and the
    commit to a thread of their own: together about half a millisecond of a search request's three
    and a half). For the requests that come most often; what the route receives, the errors it
    raises, the commit before the answer leaves and the spec are the same."""
    signature = inspect.signature(route)
    assert {"db", "user"} <= signature.parameters.keys(), "the route takes `db` and `user`"
    caller = [
        inspect.Parameter("caller_request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("caller_token", inspect.Parameter.KEYWORD_ONLY, annotation=TokenDep),
    ]
    kept = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values() if p.name != "user"]

    async def run(caller_request: Request, caller_token: str | None, **values: Any) -> R:
        def lookup_route_commit() -> R:
            db: Session = values["db"]
            answer = route(**values, user=current_user(caller_request, db, caller_token))
            db.commit()
            return answer

        return await run_in_threadpool(lookup_route_commit)

    run.__signature__ = signature.replace(parameters=kept + caller)  # type: ignore[attr-defined]
    run.__name__, run.__qualname__, run.__doc__ = route.__name__, route.__qualname__, route.__doc__
    run.__module__ = route.__module__
    return run


async def caller_role(scope: Scope) -> str | None:
    """The role of whoever sends this request, from its headers alone (a bearer token, else the
    page-session cookie): what `BodyGate` asks before it reads a body."""
    request = Request(scope)
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    token = bearer.strip() if scheme.lower() == "bearer" else request.cookies.get(PAGE_COOKIE, "")
    if not token:
        return None

    def lookup() -> str | None:
        with _outside_a_route(request.app) as db:
            user = user_for_token(db, token, utcnow())
            return user.role.value if user else None

    return await run_in_threadpool(lookup)


def _outside_a_route(app: FastAPI) -> AbstractContextManager[Session]:
    """A database session for a middleware: the app's own, or the one a test put in place of
    `get_db` (its transaction, where the test's accounts and tokens live)."""
    override = app.dependency_overrides.get(get_db)
    if override is not None:
        return contextmanager(override)()
    return Session(app.state.runtime.engine.execution_options(readonly=True))
