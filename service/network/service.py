"""The partner network: registering organisations and partnerships, the graph's views, and a
Mission Locale's dashboard figures."""

from collections import Counter

from sqlmodel import Session, SQLModel

from matching.graph import OrgNode, PartnerGraph
from matching.vocabulary import PLACEMENT_KINDS, ItemKind, OrganisationKind
from service import access, audit, writes
from service.http.problems import Forbidden, NotFound
from service.models import Organisation, Partnership, Role, User
from service.network import queries
from service.network.schemas import NetworkOrg, NetworkView, OrganisationCreate, PartnershipCreate, Stats
from service.referentials.service import Places
from service.runtime import Runtime
from service.search import service as search

OFFICER_KINDS = (OrganisationKind.EMPLOYER, OrganisationKind.SIAE)
WITHOUT_PARTNER_SHOWN = 200


def organisation(db: Session, org_id: int | None) -> Organisation | None:
    return None if org_id is None else queries.organisation(db, org_id)


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
    for other in (data.source_id, data.target_id):
        visible_organisation(db, other)
    return writes.create(db, Partnership, data, places)


def hosts_of(db: Session, user: User) -> list[Organisation]:
    """The employers and SIAE the officer's Mission Locale manages."""
    return queries.managed_hosts(db, access.mission_locale_family(db, user), OFFICER_KINDS)


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
