"""Who may see and do what: every role and scope rule, in one place.

Another organisation's object is a 404 (its existence is not disclosed); an action the role may
never take is a 403.
"""

from sqlalchemy import BindParameter, ColumnElement, bindparam, func, or_, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from service.models import Offer, Organisation, Positioning, Role, TrainingSession, User, Youth
from service.problems import Forbidden, NotFound


def require(user: User, *roles: Role, detail: str | None = None) -> None:
    """One of `roles`, or an admin (who may do everything)."""
    if user.role not in roles and user.role is not Role.ADMIN:
        raise Forbidden(detail or f"Action réservée aux rôles : {', '.join(r.value for r in roles)}.")


# Built once: a fresh alias per call would defeat SQLAlchemy's statement cache (a compile per request).
_OWN = aliased(Organisation)
_HEAD = func.coalesce(_OWN.parent_id, _OWN.id)


def _family_of(organisation_id: int | None | BindParameter[int]) -> Select:  # type: ignore[type-arg]
    return (
        select(Organisation.id).join(_OWN, _OWN.id == organisation_id)  # type: ignore[arg-type]
        .where(or_(Organisation.id == _HEAD, Organisation.parent_id == _HEAD))
    )


# An adviser's search reads the youth's file each time: the statement is built once.
_YOUTH_IN_FAMILY = select(Youth).where(
    Youth.id == bindparam("youth_id"), col(Youth.mission_locale_id).in_(_family_of(bindparam("organisation_id")))
)


def mission_locale_family(db: Session, user: User) -> set[int]:
    """The user's Mission Locale with its parent and antennas."""
    if user.organisation_id is None:
        return set()
    return set(db.exec(_family_of(user.organisation_id)).all())


def youths_listed(user: User) -> ColumnElement[bool]:
    """A WHERE clause: the youths this user's lists show. Every youth for an admin; for others,
    those of the user's Mission Locale, its parent and antennas (a subquery, so no round trip of
    its own). Roles that may not list youths are refused before this."""
    if user.role is Role.ADMIN:
        return true()
    return col(Youth.mission_locale_id).in_(_family_of(user.organisation_id))


def youth_for(db: Session, user: User, youth_id: int) -> Youth:
    """The youth's file, if the user may open it: an admin, or an adviser of its Mission Locale
    (one query)."""
    if user.role is Role.ADMIN:
        youth = db.get(Youth, youth_id)
    elif user.role is Role.ADVISER and user.organisation_id is not None:
        youth = db.exec(_YOUTH_IN_FAMILY, params={"youth_id": youth_id, "organisation_id": user.organisation_id}).first()
    else:
        youth = None
    if youth is None:
        raise NotFound(f"Jeune {youth_id} introuvable.")
    return youth


def organisation_for_edit(db: Session, user: User, org_id: int) -> Organisation:
    org = db.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"Organisation {org_id} introuvable.")
    if user.role is Role.ADMIN:
        return org
    if user.role is Role.BUSINESS_OFFICER and org.managed_by_id in mission_locale_family(db, user):
        return org
    if user.role is Role.TRAINING_BODY and org.id == user.organisation_id:
        return org
    if user.role is Role.ADVISER:
        raise Forbidden("Les conseillers ne modifient pas les organisations.")
    raise NotFound(f"Organisation {org_id} introuvable.")


def session_for_edit(db: Session, user: User, session_id: int) -> TrainingSession:
    session = db.get(TrainingSession, session_id)
    if session is None:
        raise NotFound(f"Session {session_id} introuvable.")
    if user.role is Role.ADMIN or (user.role is Role.TRAINING_BODY and session.organisation_id == user.organisation_id):
        return session
    if user.role is Role.TRAINING_BODY:
        raise NotFound(f"Session {session_id} introuvable.")
    raise Forbidden("Seuls les organismes de formation publient des sessions.")


def offer_for_edit(db: Session, user: User, offer_id: int) -> Offer:
    offer = db.get(Offer, offer_id)
    if offer is None:
        raise NotFound(f"Offre {offer_id} introuvable.")
    if user.role not in (Role.ADMIN, Role.BUSINESS_OFFICER):
        raise Forbidden("Seuls les chargés de relation entreprise gèrent les offres.")
    try:
        organisation_for_edit(db, user, offer.organisation_id)
    except NotFound:
        raise NotFound(f"Offre {offer_id} introuvable.") from None
    return offer


def positioning_for(db: Session, user: User, positioning_id: int) -> Positioning:
    """Advisers see their Mission Locale's positionings; hosts see those on their own items."""
    p = db.get(Positioning, positioning_id)
    if p is None or not _sees_positioning(db, user, p):
        raise NotFound(f"Positionnement {positioning_id} introuvable.")
    return p


def _sees_positioning(db: Session, user: User, p: Positioning) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.ADVISER:
        return p.mission_locale_id in mission_locale_family(db, user)
    if user.role is Role.TRAINING_BODY:
        return p.session_id is not None and db.get(TrainingSession, p.session_id).organisation_id == user.organisation_id  # type: ignore[union-attr]
    if p.offer_id is None:
        return False
    offer = db.get(Offer, p.offer_id)
    host = db.get(Organisation, offer.organisation_id) if offer else None
    return host is not None and host.managed_by_id in mission_locale_family(db, user)


def positionings_visible(db: Session, user: User) -> object:
    """A WHERE clause selecting the positionings this user may list."""
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.ADVISER:
        return col(Positioning.mission_locale_id).in_(mission_locale_family(db, user))
    if user.role is Role.TRAINING_BODY:
        own = select(TrainingSession.id).where(TrainingSession.organisation_id == user.organisation_id)
        return col(Positioning.session_id).in_(own)
    managed = select(Organisation.id).where(col(Organisation.managed_by_id).in_(mission_locale_family(db, user)))
    return col(Positioning.offer_id).in_(select(Offer.id).where(col(Offer.organisation_id).in_(managed)))
