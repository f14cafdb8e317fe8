"""Training sessions and offers: listed by every signed-in user, written by their publishers."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from matching.vocabulary import ItemKind
from service import access, writes
from service.catalogue import queries, service
from service.catalogue.queries import CatalogueQuery
from service.catalogue.schemas import (
    OfferCreate,
    OfferPublic,
    OfferUpdate,
    SessionCreate,
    SessionPublic,
    SessionUpdate,
)
from service.deps import DbDep, RuntimeDep, UserDep
from service.http.pagination import Cursor, Id, IdFilter, Limit, Page
from service.http.problems import NotFound
from service.models import Offer, TrainingSession

router = APIRouter(prefix="/api/v1")


def catalogue_query(
    rome: Annotated[str | None, Query(max_length=5, description="ROME code")] = None,
    insee_code: Annotated[str | None, Query(max_length=5)] = None,
    organisation_id: IdFilter = None,
    starts_after: date | None = None,
    starts_before: date | None = None,
    include_closed: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> CatalogueQuery:
    return CatalogueQuery(
        rome=rome.upper() if rome else None,
        insee_code=insee_code,
        organisation_id=organisation_id,
        starts_after=starts_after,
        starts_before=starts_before,
        include_closed=include_closed,
        limit=limit,
        cursor=cursor,
    )


Filters = Annotated[CatalogueQuery, Depends(catalogue_query)]


@router.get("/sessions", response_model=Page[SessionPublic], tags=["sessions"])
def list_sessions(db: DbDep, user: UserDep, q: Filters) -> Page[TrainingSession]:
    rows, next_cursor = queries.sessions_page(db, q)
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/sessions/{session_id}", response_model=SessionPublic, tags=["sessions"])
def get_session(session_id: Id, db: DbDep, user: UserDep) -> TrainingSession:
    training = queries.training_session(db, session_id)
    if training is None:
        raise NotFound(f"Session {session_id} introuvable.")
    return training


@router.post("/sessions", response_model=SessionPublic, status_code=201, tags=["sessions"])
def create_session(data: SessionCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> TrainingSession:
    """A training body publishes for its own organisation only."""
    row = service.publish_session(db, user, data, runtime.places)
    service.announce(runtime, db, row)
    return row


@router.patch("/sessions/{session_id}", response_model=SessionPublic, tags=["sessions"])
def update_session(
    session_id: Id,
    changes: SessionUpdate,  # type: ignore[valid-type]
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
) -> TrainingSession:
    return service.amend(runtime, db, access.session_for_edit(db, user, session_id), changes)


@router.delete("/sessions/{session_id}", response_model=SessionPublic, tags=["sessions"])
def close_session(session_id: Id, db: DbDep, user: UserDep) -> TrainingSession:
    """Closing keeps the session and its positionings' history; it leaves every match."""
    training = access.session_for_edit(db, user, session_id)
    writes.close(db, training)
    return training


@router.get("/offers", response_model=Page[OfferPublic], tags=["offers"])
def list_offers(db: DbDep, user: UserDep, q: Filters, kind: ItemKind | None = None) -> Page[Offer]:
    rows, next_cursor = queries.offers_page(db, q, kind)
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/offers/{offer_id}", response_model=OfferPublic, tags=["offers"])
def get_offer(offer_id: Id, db: DbDep, user: UserDep) -> Offer:
    offer = queries.offer(db, offer_id)
    if offer is None:
        raise NotFound(f"Offre {offer_id} introuvable.")
    return offer


@router.post("/offers", response_model=OfferPublic, status_code=201, tags=["offers"])
def create_offer(data: OfferCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Offer:
    """Business officers register offers for the employers and SIAE of their Mission Locale."""
    row = service.publish_offer(db, user, data, runtime.places)
    service.announce(runtime, db, row)
    return row


@router.patch("/offers/{offer_id}", response_model=OfferPublic, tags=["offers"])
def update_offer(
    offer_id: Id,
    changes: OfferUpdate,  # type: ignore[valid-type]
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
) -> Offer:
    return service.amend(runtime, db, access.offer_for_edit(db, user, offer_id), changes)


@router.delete("/offers/{offer_id}", response_model=OfferPublic, tags=["offers"])
def close_offer(offer_id: Id, db: DbDep, user: UserDep) -> Offer:
    offer = access.offer_for_edit(db, user, offer_id)
    writes.close(db, offer)
    return offer
