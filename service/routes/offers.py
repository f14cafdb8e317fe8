from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import select

from matching.vocabulary import ItemKind
from service import access, writes
from service.deps import DbDep, RuntimeDep, UserDep
from service.models import Offer, Role
from service.pagination import Id, Page, paginate
from service.problems import NotFound
from service.routes.catalogue_filters import CatalogueQuery, apply, catalogue_query
from service.schemas.resources import OfferCreate, OfferPublic, OfferUpdate

router = APIRouter(prefix="/api/v1/offers", tags=["offers"])


@router.get("", response_model=Page[OfferPublic])
def list_offers(db: DbDep, user: UserDep, q: Annotated[CatalogueQuery, Depends(catalogue_query)],
                kind: ItemKind | None = None) -> Page[OfferPublic]:
    stmt = apply(select(Offer), Offer, q)
    if kind:
        stmt = stmt.where(Offer.kind == kind)
    if q.rome:
        stmt = stmt.where(Offer.rome_code == q.rome)
    rows, next_cursor = paginate(db, stmt, Offer.id, q.limit, q.cursor)
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/{offer_id}", response_model=OfferPublic)
def get_offer(offer_id: Id, db: DbDep, user: UserDep) -> Offer:
    offer = db.get(Offer, offer_id)
    if offer is None:
        raise NotFound(f"Offre {offer_id} introuvable.")
    return offer


@router.post("", response_model=OfferPublic, status_code=201)
def create_offer(data: OfferCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Offer:
    """Business officers register offers for the employers and SIAE of their Mission Locale."""
    access.require(user, Role.BUSINESS_OFFICER)
    try:
        access.organisation_for_edit(db, user, data.organisation_id)
    except NotFound:
        raise NotFound(f"Organisation {data.organisation_id} introuvable.", "organisation_id") from None
    return writes.create(db, Offer, data, runtime.places, organisation_id=data.organisation_id, created_by_id=user.id)


@router.patch("/{offer_id}", response_model=OfferPublic)
def update_offer(offer_id: Id, changes: OfferUpdate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Offer:  # type: ignore[valid-type]
    return writes.update(db, access.offer_for_edit(db, user, offer_id), changes, runtime.places)


@router.delete("/{offer_id}", response_model=OfferPublic)
def close_offer(offer_id: Id, db: DbDep, user: UserDep) -> Offer:
    offer = access.offer_for_edit(db, user, offer_id)
    writes.close(db, offer)
    return offer
