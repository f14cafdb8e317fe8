"""The partner network: registering organisations and partnerships, the graph's views, and a
Mission Locale's dashboard figures."""

from collections import Counter

from sqlmodel import Session, SQLModel

from geo.commune_files import department_of
from matching.graph import OrgNode, PartnerGraph
from matching.vocabulary import PLACEMENT_KINDS, ItemKind, OrganisationKind
from service import access, audit, writes
from service.catalogue.queries import catalogue_write_version
from service.http.problems import Conflict, DomainError, Forbidden, NotFound
from service.models import Organisation, Partnership, Role, User
from service.models.fields import utcnow
from service.network import queries
from service.network.schemas import NetworkOrg, NetworkView, OrganisationCreate, PartnershipCreate, Stats
from service.referentials.service import Places
from service.runtime import Runtime
from service.search import service as search

OFFICER_KINDS = (OrganisationKind.EMPLOYER, OrganisationKind.SIAE)
WITHOUT_PARTNER_SHOWN = 200
MAX_AIDS, MAX_AID_LENGTH = 12, 200
SCHOOLS_LISTED = 300


def organisation(db: Session, org_id: int | None) -> Organisation | None:
    return None if org_id is None else queries.organisation(db, org_id)


def merge(db: Session, actor: User, keep_id: int, duplicate_id: int) -> Organisation:
    """One organisation registered twice: the duplicate's sessions, offers, partnerships,
    accounts (and, for a Mission Locale, youth files and positionings) move to the one kept."""
    keep, duplicate = organisation(db, keep_id), organisation(db, duplicate_id)
    if keep is None:
        raise NotFound(f"Organisation {keep_id} introuvable.", "keep")
    if duplicate is None:
        raise NotFound(f"Organisation {duplicate_id} introuvable.", "duplicate")
    if keep.pk == duplicate.pk:
        raise DomainError("duplicate : choisissez deux organisations différentes.", "duplicate")
    if keep.kind is not duplicate.kind:
        raise DomainError("duplicate : on ne fusionne que deux organisations du même type.", "duplicate")
    name = duplicate.name
    queries.merge_into(db, keep.pk, duplicate.pk, catalogue_write_version(db))
    audit.record(db, actor, "organisation.merge", "organisation", keep.pk, f"{duplicate_id} ({name[:80]}) fusionnée")
    merged = organisation(db, keep.pk)
    assert merged is not None
    return merged


def search_organisations(db: Session, text: str, limit: int = 50) -> list[Organisation]:
    rows, _ = queries.organisations_page(
        db, kind=None, insee_code=None, department=None, name=text or None, sector=None, limit=limit, cursor=None
    )
    return rows


def organisations_by_id(db: Session, ids: set[int]) -> dict[int, Organisation]:
    return queries.organisations_by_id(db, ids)


def organisations_for_accounts(db: Session) -> list[Organisation]:
    """The organisations whose people have accounts: Missions Locales and training bodies."""
    return queries.organisations_of_kinds(db, (OrganisationKind.MISSION_LOCALE, *queries.SCHOOL_KINDS))


def visible_organisation(db: Session, org_id: int) -> Organisation:
    """The partner network is shared: every signed-in user may read any organisation."""
    org = queries.organisation(db, org_id)
    if org is None:
        raise NotFound(f"Organisation {org_id} introuvable.")
    return org


def register(db: Session, user: User, data: OrganisationCreate, places: Places) -> Organisation:
    """Business officers register employers and SIAE, managed by their Mission Locale; admins anything."""
    access.require(user, Role.BUSINESS_OFFICER)
    managed_by = None
    if user.role is Role.BUSINESS_OFFICER:
        if data.kind not in OFFICER_KINDS:
            raise Forbidden("Un chargé de relation entreprise enregistre des employeurs et des SIAE.", "kind")
        managed_by = user.organisation_id
    return writes.create(db, Organisation, data, places, managed_by_id=managed_by)


# What identifies an organisation and places it in the network: an admin's to change, not its own.
IDENTITY = ("siret", "kind", "parent_id")


def change(db: Session, user: User, org_id: int, changes: SQLModel, places: Places) -> Organisation:
    """A PATCH by someone who may edit the organisation; its identity stays the admins' (a SIRET
    taken from another body would hand that body's sessions over at the next LHEO import)."""
    org = access.organisation_for_edit(db, user, org_id)
    patch = changes.model_dump(exclude_unset=True)
    changed = [name for name in IDENTITY if name in patch and patch[name] != getattr(org, name)]
    if changed and user.role is not Role.ADMIN:
        raise Forbidden(f"{changed[0]} : seule l'administration modifie l'identité d'une organisation.", changed[0])
    if "siret" in changed:
        audit.record(db, user, "organisation.siret", "organisation", org.id, f"{org.siret or '-'} -> {patch['siret']}")
    return writes.update(db, org, changes, places)


def remove(db: Session, user: User, org_id: int) -> None:
    access.require(user, Role.ADMIN)
    queries.delete_organisation(db, visible_organisation(db, org_id))


def declare_partnership(db: Session, user: User, org_id: int, data: PartnershipCreate, places: Places) -> Partnership:
    """A Mission Locale's staff record its partnerships; partners record their own."""
    if org_id not in (data.source_id, data.target_id):
        raise Forbidden("Le partenariat doit concerner cette organisation.", "source_id")
    if user.role is not Role.ADMIN and org_id not in access.mission_locale_family(db, user) | {user.organisation_id}:
        access.organisation_for_edit(db, user, org_id)
    sides = [visible_organisation(db, other) for other in (data.source_id, data.target_id)]
    confirmed = all(_speaks_for(db, user, side) for side in sides if side.kind == OrganisationKind.MISSION_LOCALE)
    created = writes.create(
        db,
        Partnership,
        data,
        places,
        confirmed_at=utcnow() if confirmed else None,
        confirmed_by_id=user.id if confirmed else None,
    )
    audit.record(db, user, "partnership.create", "partnership", created.id, "" if confirmed else "en attente")
    return created


def _speaks_for(db: Session, user: User, mission_locale: Organisation) -> bool:
    """An admin, or the staff (adviser, officer) of that Mission Locale or its antennas."""
    if user.role is Role.ADMIN:
        return True
    staff = user.role in (Role.ADVISER, Role.BUSINESS_OFFICER)
    return staff and mission_locale.id in access.mission_locale_family(db, user)


def _side_of(db: Session, user: User, partnership: Partnership) -> bool:
    """The user speaks for one of the two organisations (as staff, as the body itself, or as the
    officer who manages it)."""
    sides = [queries.organisation(db, i) for i in (partnership.source_id, partnership.target_id)]
    return any(
        org is not None
        and (
            (org.kind == OrganisationKind.MISSION_LOCALE and _speaks_for(db, user, org))
            or access.may_edit_organisation(db, user, org)
        )
        for org in sides
    )


def _partnership_of(db: Session, user: User, org_id: int, partnership_id: int) -> Partnership:
    found = queries.partnership(db, partnership_id)
    if found is None or org_id not in (found.source_id, found.target_id) or not _side_of(db, user, found):
        raise NotFound(f"Partenariat {partnership_id} introuvable.")
    return found


def confirm_partnership(db: Session, user: User, org_id: int, partnership_id: int) -> Partnership:
    """The Mission Locale involved confirms a partnership the other side declared: from then on it
    counts in its youths' rankings."""
    found = _partnership_of(db, user, org_id, partnership_id)
    sides = [queries.organisation(db, i) for i in (found.source_id, found.target_id)]
    mission_locales = [o for o in sides if o is not None and o.kind == OrganisationKind.MISSION_LOCALE]
    if not any(_speaks_for(db, user, ml) for ml in mission_locales):
        raise Forbidden("Seule la Mission Locale concernée confirme ce partenariat.")
    if found.ended_at is not None:
        raise Conflict("Ce partenariat a pris fin : il ne peut plus être confirmé.")
    found.confirmed_at, found.confirmed_by_id = utcnow(), user.id
    writes.touch(db, found)
    audit.record(db, user, "partnership.confirm", "partnership", found.id)
    return found


def end_partnership(db: Session, user: User, org_id: int, partnership_id: int) -> Partnership:
    """Either side ends a partnership: it leaves the rankings at once; the row stays for history."""
    found = _partnership_of(db, user, org_id, partnership_id)
    if found.ended_at is None:
        found.ended_at = utcnow()
        writes.touch(db, found)
        audit.record(db, user, "partnership.end", "partnership", found.id)
    return found


def awaiting_confirmation(db: Session, user: User) -> list[Partnership]:
    """What the other side declared with the user's Mission Locale, waiting for its word."""
    return list(queries.awaiting_confirmation(db, access.mission_locale_family(db, user)))


def hosts_of(db: Session, user: User) -> list[Organisation]:
    """The employers and SIAE the officer's Mission Locale manages."""
    return queries.managed_hosts(db, access.mission_locale_family(db, user), OFFICER_KINDS)


def schools_near(db: Session, user: User, keep: int | None = None) -> list[Organisation]:
    """The CFAs and training bodies of the user's department an offer may name (and the one it
    names already, wherever it is)."""
    own = organisation(db, user.organisation_id)
    found = queries.schools_in(db, department_of(own.insee_code), SCHOOLS_LISTED) if own else []
    named = organisation(db, keep)
    return found if named is None or named in found else [named, *found]


def check_school(db: Session, cfa_id: int | None) -> None:
    """An apprenticeship's school is a CFA or a training body."""
    school = organisation(db, cfa_id)
    if cfa_id is not None and (school is None or school.kind not in queries.SCHOOL_KINDS):
        raise DomainError(f"cfa_id : l'organisation {cfa_id} n'est ni un CFA ni un organisme de formation.", "cfa_id")


def partners_of(runtime: Runtime, db: Session, user: User) -> list[Organisation]:
    """The partners of the user's Mission Locale (and antennas), by kind and name."""
    graph = _graph(runtime, db)
    ids = {p for m in access.mission_locale_family(db, user) for p in graph.partners_of(m)}
    return list(queries.organisations_sorted(db, ids))


def _graph(runtime: Runtime, db: Session) -> PartnerGraph:
    runtime.matching.refresh(db, runtime.today())
    return runtime.matching.graph


def _network_org(o: OrgNode, centrality: float | None = None) -> NetworkOrg:
    return NetworkOrg(id=o.id, name=o.name, kind=o.kind, department=o.department, centrality=centrality)


def network_view(runtime: Runtime, db: Session, user: User, department: str | None) -> NetworkView:
    """The partners of the user's Mission Locale, the most central partners of a territory, and
    the organisations with no partner at all."""
    graph = _graph(runtime, db)
    own = user.organisation_id
    mine = graph.partners_of(own) if own is not None and own in graph.g else set()
    return NetworkView(
        partners=[_network_org(o) for o in map(graph.org, sorted(mine)) if o is not None],
        central_partners=[_network_org(o, round(c, 4)) for o, c in graph.central_partners(department)],
        without_partner=[_network_org(o) for o in graph.isolated(department)][:WITHOUT_PARTNER_SHOWN],
    )


def stats_for(runtime: Runtime, db: Session, user: User) -> Stats:
    """The figures of the user's Mission Locale (with its antennas) and of its partners' sessions."""
    family = access.mission_locale_family(db, user)
    graph = _graph(runtime, db)
    partners = {p for m in family for p in graph.partners_of(m)}
    positionings = queries.positionings_of_family(db, family)
    kinds = queries.offer_kinds(db, [p.offer_id for p in positionings if p.offer_id])
    by_kind = Counter(ItemKind.SESSION.value if p.session_id else str(kinds[p.offer_id or 0]) for p in positionings)
    total, left, count = queries.open_places(db, partners)
    youths = queries.youths_of_family(db, family)
    profiles = [search.profile_of(runtime, y) for y in youths]
    reachable = search.have_placement(runtime, db, profiles, frozenset(PLACEMENT_KINDS))
    return Stats(
        positionings_by_status=dict(Counter(p.status.value for p in positionings)),
        positionings_by_kind=dict(by_kind),
        sessions_considered=count,
        places_total=total,
        places_taken=total - left,
        fill_rate=round((total - left) / total, 3) if total else None,
        youths=len(youths),
        youths_without_reachable_placement=sum(not ok for ok in reachable),
    )


def mobility_aids(db: Session, org_id: int | None, defaults: list[str]) -> list[str]:
    """The mobility aids a Mission Locale shows its advisers when results are thin."""
    ml = organisation(db, org_id)
    return ml.mobility_aids if ml is not None and ml.mobility_aids else defaults


def set_mobility_aids(db: Session, user: User, text: str) -> Organisation:
    """One aid per line; an empty list goes back to the service's default list."""
    ml = organisation(db, user.organisation_id)
    if ml is None or ml.kind != OrganisationKind.MISSION_LOCALE:
        raise Forbidden("Seul le personnel d'une Mission Locale modifie sa liste d'aides à la mobilité.")
    aids = [line.strip() for line in text.splitlines() if line.strip()]
    if len(aids) > MAX_AIDS:
        raise DomainError(f"Au plus {MAX_AIDS} aides, une par ligne.", "aids")
    if any(len(a) > MAX_AID_LENGTH for a in aids):
        raise DomainError(f"Une aide tient en {MAX_AID_LENGTH} caractères au plus.", "aids")
    ml.mobility_aids = aids or None
    db.add(ml)
    audit.record(db, user, "organisation.mobility_aids", "organisation", ml.id)
    return ml
