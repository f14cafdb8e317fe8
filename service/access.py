"""Who may see and do what: every role and scope rule, in one place (the SQL they need lives in
the domains' queries modules).

Another organisation's object is a 404 (its existence is not disclosed); an action the role may
never take is a 403.
"""

from sqlalchemy import ColumnElement
from sqlmodel import Session

from service.catalogue import queries as catalogue
from service.http.problems import Forbidden, NotFound
from service.models import Offer, Organisation, Positioning, Role, TrainingSession, User, Youth
from service.network import queries as network
from service.positionings import queries as positionings
from service.youths import queries as youths


def require(user: User, *roles: Role, detail: str | None = None) -> None:
    """One of `roles`, or an admin (who may do everything)."""
    if user.role not in roles and user.role is not Role.ADMIN:
        raise Forbidden(detail or f"Action réservée aux rôles : {', '.join(r.value for r in roles)}.")


def mission_locale_family(db: Session, user: User) -> set[int]:
    """The user's Mission Locale with its parent and antennas."""
    return set() if user.organisation_id is None else network.family(db, user.organisation_id)


def youths_listed(user: User) -> ColumnElement[bool]:
    """A WHERE clause: the youths this user's lists show. Every youth for an admin; for others,
    those of the user's Mission Locale, its parent and antennas (a subquery, so no round trip of
    its own). Roles that may not list youths are refused before this."""
    return youths.everyone() if user.role is Role.ADMIN else youths.in_family_of(user.organisation_id)


def youth_for(db: Session, user: User, youth_id: int) -> Youth:
    """The youth's file, if the user may open it: an admin, or an adviser of its Mission Locale
    (one query)."""
    if user.role is Role.ADMIN:
        youth = youths.youth(db, youth_id)
    elif user.role is Role.ADVISER and user.organisation_id is not None:
        youth = youths.youth_in_family(db, youth_id, user.organisation_id)
    else:
        youth = None
    if youth is None:
        raise NotFound(f"Jeune {youth_id} introuvable.")
    return youth


def may_edit_organisation(db: Session, user: User, org: Organisation) -> bool:
    """An admin any; a business officer those its Mission Locale manages; a training body itself.
    The same rule for a PATCH and for a directory import's updates."""
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.BUSINESS_OFFICER:
        return org.managed_by_id in mission_locale_family(db, user)
    return user.role is Role.TRAINING_BODY and org.id == user.organisation_id


def organisation_for_edit(db: Session, user: User, org_id: int) -> Organisation:
    org = network.organisation(db, org_id)
    if org is None:
        raise NotFound(f"Organisation {org_id} introuvable.")
    if may_edit_organisation(db, user, org):
        return org
    if user.role is Role.ADVISER:
        raise Forbidden("Les conseillers ne modifient pas les organisations.")
    raise NotFound(f"Organisation {org_id} introuvable.")


def may_edit_session(user: User, training: TrainingSession) -> bool:
    return user.role is Role.ADMIN or (
        user.role is Role.TRAINING_BODY and training.organisation_id == user.organisation_id
    )


def may_edit_offer(db: Session, user: User, offer: Offer) -> bool:
    if user.role not in (Role.ADMIN, Role.BUSINESS_OFFICER):
        return False
    host = network.organisation(db, offer.organisation_id)
    return host is not None and may_edit_organisation(db, user, host)


def session_for_edit(db: Session, user: User, session_id: int) -> TrainingSession:
    training = catalogue.training_session(db, session_id)
    if training is None:
        raise NotFound(f"Session {session_id} introuvable.")
    if user.role is Role.ADMIN or (
        user.role is Role.TRAINING_BODY and training.organisation_id == user.organisation_id
    ):
        return training
    if user.role is Role.TRAINING_BODY:
        raise NotFound(f"Session {session_id} introuvable.")
    raise Forbidden("Seuls les organismes de formation publient des sessions.")


def offer_for_edit(db: Session, user: User, offer_id: int) -> Offer:
    offer = catalogue.offer(db, offer_id)
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
    p = positionings.positioning(db, positioning_id)
    if p is None or not _sees_positioning(db, user, p):
        raise NotFound(f"Positionnement {positioning_id} introuvable.")
    return p


def _sees_positioning(db: Session, user: User, p: Positioning) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.ADVISER:
        return p.mission_locale_id in mission_locale_family(db, user)
    if user.role is Role.TRAINING_BODY:
        return p.session_id is not None and positionings.host_of(db, p) == user.organisation_id
    if p.offer_id is None:
        return False
    host = network.organisation(db, positionings.host_of(db, p) or 0)
    return host is not None and host.managed_by_id in mission_locale_family(db, user)


def positionings_visible(db: Session, user: User) -> ColumnElement[bool]:
    """A WHERE clause selecting the positionings this user may list."""
    if user.role is Role.ADMIN:
        return positionings.everything()
    if user.role is Role.ADVISER:
        return positionings.visible_to_family(mission_locale_family(db, user))
    if user.role is Role.TRAINING_BODY:
        return positionings.visible_to_host(user.organisation_id)
    return positionings.visible_to_officer(db, mission_locale_family(db, user))
