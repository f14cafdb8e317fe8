"""Territorial coverage for a Mission Locale, a department or the whole network's area: the
territory's communes and youth counts from the database, the live index's options, then
`matching.coverage` computes. The reach of each commune is kept per catalogue version."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, cast

import numpy as np
from sqlmodel import Session

from geo.commune_files import department_of
from geo.transit import TimetableTravelTime
from geo.travel import TravelMode
from matching import coverage
from matching.coverage import Equity, Mobility, Options, Place, Proposal, Reach
from matching.vocabulary import ItemKind, OrganisationKind
from service import access
from service.coverage import queries
from service.coverage.queries import Site
from service.http.problems import DomainError, NotFound
from service.models import Role, User
from service.network import queries as network
from service.runtime import Runtime
from service.transit import service as transit

Candidates = Literal["all", "partners", "sites", "stations"]
STATION_KM = 1.5  # a commune "with a station": its town hall this close to a stop trains call at
PARTNER_KINDS = (
    OrganisationKind.TRAINING_BODY,
    OrganisationKind.CFA,
    OrganisationKind.EMPLOYER,
    OrganisationKind.SIAE,
)
CACHED = 32  # coverage maps kept per worker (each a few hundred kB)


@dataclass(frozen=True)
class Territory:
    key: str
    label: str
    places: tuple[Place, ...]
    sites: Options  # the Mission Locale's seat and antennas (all of them for a department or the network)
    site_communes: frozenset[str]


@dataclass(frozen=True)
class Asked:
    """What a coverage map is for: the job family's ROME codes, the kinds of options, the profile."""

    family: str
    codes: frozenset[str]
    kinds: frozenset[ItemKind]
    mobility: Mobility


@dataclass(frozen=True)
class Coverage:
    territory: Territory
    asked: Asked
    options: int
    reaches: list[Reach]
    equity: Equity
    travel_note: str  # timetables or estimates: transit.travel_note

    @property
    def white(self) -> list[Reach]:
        return [r for r in self.reaches if r.white]


def mobility(profile: str, modes: Sequence[str], max_minutes: int | None) -> Mobility:
    """A preset by its key, or « custom » with modes and minutes."""
    if profile == "custom":
        if not modes or max_minutes is None:
            raise DomainError("profile : un profil personnalisé demande des modes et un temps maximum.", "profile")
        return coverage.custom_mobility([TravelMode(m) for m in modes], max_minutes)
    preset = coverage.PRESETS.get(profile)
    if preset is None:
        known = ", ".join([*coverage.PRESETS, "custom"])
        raise DomainError(f"profile : profil inconnu « {profile[:40]} » (connus : {known}).", "profile")
    return preset if max_minutes is None else replace(preset, max_minutes=max_minutes)


def asked(runtime: Runtime, family: str, kinds: Sequence[ItemKind], mobility: Mobility) -> Asked:
    codes = coverage.family_codes(runtime.matching.rome, family)
    if not codes:
        raise DomainError(
            f"family : aucun métier ne correspond à « {family[:40]} » (un code ROME, un domaine comme J15, "
            "ou un secteur).",
            "family",
        )
    return Asked(family.strip(), codes, frozenset(kinds or ItemKind), mobility)


def territory(
    runtime: Runtime,
    db: Session,
    user: User,
    mission_locale_id: int | None,
    department: str | None,
    whole: bool = False,
) -> Territory:
    """A department's communes; or a Mission Locale's (the communes nearer one of its sites than
    any other Mission Locale's, and those where its youths live): by default the user's; or, when
    `whole` or the user has none, the departments of every Mission Locale of the network."""
    sites = queries.mission_locale_sites(db)
    if department:
        places = _places(runtime, [department])
        if not places:
            raise NotFound(f"department : département inconnu « {department[:3]} ».", "department")
        return Territory(f"dep:{department}", f"Département {department}", places, *_sites(sites))
    if not sites:
        raise NotFound("Aucune Mission Locale enregistrée : pas de territoire à couvrir.")
    area = _places(runtime, sorted({department_of(s.insee_code) for s in sites}))
    ml = None if whole else mission_locale_id or _own_mission_locale(db, user, sites)
    if ml is None:
        return Territory("network", "Territoire du réseau", area, *_sites(sites))
    own = [s for s in sites if s.mission_locale_id == ml]
    if not own:
        raise NotFound(f"mission_locale_id : Mission Locale {ml} introuvable.", "mission_locale_id")
    heads = [s.mission_locale_id for s in sites]
    nearest = coverage.nearest_site(area, _options(sites))
    homes = _youth_homes(db, user, ml)
    places = tuple(p for p, i in zip(area, nearest, strict=True) if heads[i] == ml or p.insee_code in homes)
    seat = next((s for s in own if s.site_id == ml), own[0])
    return Territory(f"ml:{ml}", seat.name, places, *_sites(own))


def mission_locales(db: Session) -> list[tuple[int, str]]:
    """The Mission Locales (seats) a coverage map can be drawn for, by name."""
    seats = [(s.site_id, s.name) for s in queries.mission_locale_sites(db) if s.site_id == s.mission_locale_id]
    return sorted(seats, key=lambda s: s[1])


def departments(db: Session) -> list[str]:
    return sorted({department_of(s.insee_code) for s in queries.mission_locale_sites(db)})


def _youth_homes(db: Session, user: User, ml: int) -> set[str]:
    """Where the Mission Locale's youths live, for those who may count them: its territory too,
    wherever the nearest site is."""
    family = network.family(db, ml)
    allowed = user.role is Role.ADMIN or (
        user.role is not Role.TRAINING_BODY and access.mission_locale_family(db, user) & family
    )
    return set(queries.youth_counts(db, family)) if allowed else set()


def _own_mission_locale(db: Session, user: User, sites: list[Site]) -> int | None:
    family = access.mission_locale_family(db, user)
    return next((s.mission_locale_id for s in sites if s.mission_locale_id in family), None)


def _places(runtime: Runtime, departments: Sequence[str]) -> tuple[Place, ...]:
    return tuple(
        Place(c.insee_code, c.name, c.lat, c.lon, c.population)
        for d in departments
        for c in sorted(runtime.gazetteer.search_department(d), key=lambda c: c.insee_code)
    )


def _options(sites: Sequence[Site]) -> Options:
    return Options(
        np.array([s.lat for s in sites], dtype=np.float64),
        np.array([s.lon for s in sites], dtype=np.float64),
        tuple(s.name for s in sites),
    )


def _sites(sites: Sequence[Site]) -> tuple[Options, frozenset[str]]:
    return _options(sites), frozenset(s.insee_code for s in sites)


@dataclass(frozen=True)
class Scope:
    """A territory as the page's select and the command line name it: « ml:12 » (or « 12 ») for
    a Mission Locale, « dep:62 » for a department, « network » for the whole area, « » for the
    user's own Mission Locale."""

    mission_locale_id: int | None = None
    department: str | None = None
    whole: bool = False

    @classmethod
    def parse(cls, text: str) -> "Scope":
        kind, _, value = text.strip().partition(":")
        if kind.isdigit() and not value:
            kind, value = "ml", kind
        if kind == "ml" and value.isascii() and value.isdigit() and len(value) < 10:
            return cls(mission_locale_id=int(value))
        return cls(department=value if kind == "dep" else None, whole=kind == "network")


def coverage_map(
    runtime: Runtime,
    db: Session,
    user: User,
    family: str,
    scope: Scope,
    kinds: Sequence[ItemKind] | None,
    profile: str,
    modes: Sequence[TravelMode] | None,
    max_minutes: int | None,
) -> Coverage:
    """The map asked for in the API's, the page's and the command's terms."""
    how = mobility(profile, modes or [], max_minutes)
    what = asked(runtime, family, kinds or [], how)
    where = territory(runtime, db, user, scope.mission_locale_id, scope.department, scope.whole)
    return compute(runtime, db, user, where, what)


def compute(runtime: Runtime, db: Session, user: User, where: Territory, what: Asked) -> Coverage:
    """Per commune of the territory: the options within reach and the nearest one, weighted by
    the youths of the user's Mission Locale living there."""
    state = runtime.matching
    version = state.refresh(db, runtime.today())
    key = ("coverage", version, runtime.today(), where.key, what.codes, what.kinds, what.mobility)
    found = _cache_get(runtime, key)
    if found is None:
        options = coverage.open_options(state.index, what.codes, what.kinds, runtime.today().toordinal())
        found = (len(options), coverage.reach(state.provider, where.places, options, what.mobility))
        _cache_put(runtime, key, found)
    count, reaches = found
    weighted = _weighted(reaches, _youth_counts(db, user))
    return Coverage(where, what, count, weighted, coverage.equity(weighted), transit.travel_note(db))


def _youth_counts(db: Session, user: User) -> queries.YouthCounts:
    """The youths of the user's Mission Locale (every one for an admin); none for a training body,
    which sees the population only."""
    if user.role is Role.ADMIN:
        return queries.youth_counts(db, None)
    family = access.mission_locale_family(db, user)
    return queries.youth_counts(db, family) if user.role is not Role.TRAINING_BODY and family else {}


def _weighted(reaches: list[Reach], counts: queries.YouthCounts) -> list[Reach]:
    def place(p: Place) -> Place:
        n, qpv, frr = counts.get(p.insee_code, (0, 0, 0))
        return replace(p, youths=n, qpv_youths=qpv, frr_youths=frr)

    return [replace(r, place=place(r.place)) for r in reaches]


def proposals(runtime: Runtime, db: Session, found: Coverage, k: int, candidates: Candidates) -> list[Proposal]:
    """Where one new site would cover most youths now in white zones, among the candidates."""
    pool = _candidates(runtime, db, found.territory, candidates)
    return coverage.propose_sites(runtime.matching.provider, found.reaches, pool, found.asked.mobility, k)


def _candidates(runtime: Runtime, db: Session, where: Territory, candidates: Candidates) -> list[Place]:
    if candidates == "all":
        return list(where.places)
    if candidates == "stations":
        return _with_a_station(runtime, where.places)
    codes = queries.partner_communes(db, PARTNER_KINDS) if candidates == "partners" else set(where.site_communes)
    return [p for p in where.places if p.insee_code in codes]


def _with_a_station(runtime: Runtime, places: Sequence[Place]) -> list[Place]:
    provider = runtime.matching.provider
    if not isinstance(provider, TimetableTravelTime):
        raise DomainError("candidates : aucun horaire de train chargé (passerelle transit import).", "candidates")
    lats, lons = provider.stations()
    near = coverage.hosting(places, lats, lons, STATION_KM)
    return [p for p, ok in zip(places, near, strict=True) if ok]


def far_from_sites(runtime: Runtime, db: Session, user: User, where: Territory, how: Mobility) -> list[Reach]:
    """The communes more than `how.max_minutes` from every site of the Mission Locale, by the
    profile's modes, most youths first: where an antenna or a permanence is missing."""
    reaches = coverage.reach(runtime.matching.provider, where.places, where.sites, how)
    far = [r for r in _weighted(reaches, _youth_counts(db, user)) if r.white]
    return sorted(far, key=lambda r: (-r.place.youths, -r.place.population, r.place.name))


def _cache_get(runtime: Runtime, key: Hashable) -> tuple[int, list[Reach]] | None:
    cache = runtime.matching.memo
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
    return cast(tuple[int, list[Reach]] | None, found)


def _cache_put(runtime: Runtime, key: Hashable, value: tuple[int, list[Reach]]) -> None:
    cache = runtime.matching.memo
    cache[key] = value
    while len(cache) > CACHED:
        cache.popitem(last=False)
