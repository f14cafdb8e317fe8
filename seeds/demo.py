"""The Hauts-de-France demo network, deterministic from a seed.

42 real Missions Locales in their real towns; training bodies, CFAs, employers and SIAE spread
over real communes near them; partnerships, sessions, offers and youth profiles whose mix follows
the region's figures (about half without a diploma, a third not mobile beyond their commune,
three in ten with a driving licence, 14 % minors). Everything goes through `service.writes`,
the same path as the API.
"""

import csv
import importlib.resources
import io
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any

import numpy as np
from sqlmodel import Session

from geo.coords import LatLon
from geo.distance import haversine_km
from geo.gazetteer import Commune, Gazetteer
from geo.names import fold
from geo.travel import EstimatedTravelTime, TravelMode, TravelModel, TravelTimeProvider, home_origin
from matching.coverage import Options, Place, nearest_site
from matching.vocabulary import Funding, ItemKind, OrganisationKind, PartnershipType, Programme, SiaeKind
from seeds.sectors import (
    ENTRY_JOBS,
    EPIDE,
    REMOBILISATION,
    SECTORS,
    SIAE_ACTIVITIES,
    EmployerType,
    Sector,
    SessionTemplate,
)
from seeds.transit_demo import NAME as DEMO_FEED
from seeds.transit_demo import demo_feed
from service import writes
from service.accounts.service import DEMO_DOMAIN, create_user
from service.catalogue.schemas import OfferCreate, SessionCreate
from service.models import Offer, Organisation, Partnership, Role, TrainingSession, Youth
from service.models.fields import utcnow
from service.network.schemas import OrganisationCreate, PartnershipCreate
from service.referentials.service import Places
from service.settings import TransitSettings
from service.transit import service as transit
from service.youths.schemas import YouthCreate

HDF_DEPARTMENTS = ("02", "59", "60", "62", "80")
DEMO_PASSWORD = "passerelle-demo"
REGIONAL_FUNDING = [Funding.PRF, Funding.CPF]
STREETS = (
    "rue de la République", "rue Jean Jaurès", "rue Victor Hugo", "rue du Général de Gaulle", "rue Pasteur",
    "rue de la Gare", "rue Gambetta", "place du Marché", "rue Roger Salengro", "rue Émile Zola", "rue de Lille",
)  # fmt: skip
BUSINESS_STREETS = (
    "rue de l'Industrie", "avenue de l'Europe", "rue des Entrepreneurs", "parc d'activités du Moulin",
    "zone industrielle Nord", "rue Denis Papin", "avenue du Parc d'activités", "rue de la Logistique",
)  # fmt: skip
TRAINING_TOWN = 8_000  # training bodies sit in towns of this size at least...
CFA_TOWN = 15_000  # ...and CFAs in bigger ones, but for the land trades' lycées agricoles
DEMO_ML = "Mission Locale de l'Arrondissement de Béthune"
TERRITORY_KM = 30.0
FRR_BELOW = 3_500  # inhabitants: the rural communes where the demo places FRR residents
URBAN = TravelModel().urban_min_population  # a town with its own buses
TRAVEL = EstimatedTravelTime()
HOME_DRAWS, MIN_PARTNERS = 20, 3
LICENCE_SHARE = 0.30 / 0.86 * 1.4  # three in ten hold one; minors and the hard cases do not


@dataclass(frozen=True)
class DemoSize:
    training_bodies_per_ml: int = 3
    cfas_per_department: int = 5
    employers_per_ml: int = 7
    siae_per_ml: int = 3
    sessions_per_body: int = 4
    youths_per_ml: int = 10


@dataclass(frozen=True)
class Trainer:
    organisation: Organisation
    sector: Sector | None  # None for a remobilisation route only
    routes: tuple[SessionTemplate, ...] = ()  # remobilisation sessions it runs


@dataclass
class Network:
    mission_locales: list[Organisation] = field(default_factory=list)
    trainers: list[Trainer] = field(default_factory=list)
    employers: list[tuple[Organisation, Sector, EmployerType]] = field(default_factory=list)
    siaes: list[tuple[Organisation, tuple[str, tuple[str, ...], str, str]]] = field(default_factory=list)
    territory: dict[int, list[Commune]] = field(default_factory=dict)  # where it finds partners (30 km)
    homes: dict[int, list[Commune]] = field(default_factory=dict)  # where its youths live: nearer it than any other
    names: set[str] = field(default_factory=set)


def missions_locales_rows() -> list[dict[str, str]]:
    text = (importlib.resources.files("seeds") / "data" / "missions_locales_hdf.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def luhn_siret(rng: random.Random) -> str:
    body = [rng.randint(0, 9) for _ in range(13)]
    for check in range(10):
        digits = [*body, check]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
        if total % 10 == 0:
            return "".join(map(str, digits))
    raise AssertionError("a Luhn check digit always exists")


def seed_demo(db: Session, places: Places, today: date, seed: int = 42, size: DemoSize = DemoSize()) -> Network:
    rng = random.Random(seed)
    net = Network()
    _mission_locales(db, places, net)
    _partners(db, places, net, rng, size)
    _partnerships(db, places, net, rng)
    _sessions(db, places, net, rng, today, size)
    _offers(db, places, net, rng, today)
    # Demonstration timetables (fictional) for a few lines (docs/geo.md, README); youths' homes are
    # drawn where partners are within reach by the same times matching will use.
    feed = demo_feed(places.gazetteer, today)
    transit.import_feed(db, places.gazetteer, TransitSettings(), TRAVEL.model, DEMO_FEED, feed, today)
    travel = transit.provider(db, TransitSettings(), TRAVEL)
    _youths(db, places, net, rng, today, size, travel)
    _users(db, net)
    return net


def _mission_locales(db: Session, places: Places, net: Network) -> None:
    g = places.gazetteer
    hdf = _hdf_communes(g)
    lats, lons = np.array([c.lat for c in hdf]), np.array([c.lon for c in hdf])
    for row in missions_locales_rows():
        town = g.resolve(row["town"], department=row["department"])
        ml = writes.create(
            db,
            Organisation,
            OrganisationCreate(
                kind=OrganisationKind.MISSION_LOCALE,
                name=row["name"],
                insee_code=town.insee_code,
                postal_code=town.postal_codes[0],
                address=f"Place de la Mairie, {town.name}",
            ),
            places,
        )
        net.mission_locales.append(ml)
        near = haversine_km(town.point, lats, lons) <= TERRITORY_KM
        net.territory[ml.pk] = [c for c, ok in zip(hdf, near, strict=True) if ok]
    _homes(net, hdf)


def _homes(net: Network, hdf: list[Commune]) -> None:
    """Each commune's youths go to the nearest Mission Locale, as Passerelle's coverage map assumes."""
    mls = net.mission_locales
    seats = Options(
        np.array([m.latitude for m in mls]), np.array([m.longitude for m in mls]), tuple(m.name for m in mls)
    )
    places = [Place(c.insee_code, c.name, c.lat, c.lon, c.population) for c in hdf]
    nearest = nearest_site(places, seats)
    for i, ml in enumerate(mls):
        own = [c for c, n in zip(hdf, nearest, strict=True) if n == i]
        net.homes[ml.pk] = own or [c for c in net.territory[ml.pk] if c.insee_code == ml.insee_code]


def _hdf_communes(g: Gazetteer) -> list[Commune]:
    return sorted((c for dep in HDF_DEPARTMENTS for c in g.search_department(dep)), key=lambda c: c.insee_code)


def _pick_commune(rng: random.Random, communes: list[Commune]) -> Commune:
    """Bigger towns host more partners, but villages are not forgotten."""
    weights = [max(c.population, 100) ** 0.8 for c in communes]
    return rng.choices(communes, weights=weights, k=1)[0]


def _site(
    rng: random.Random, sector: Sector, territory: list[Commune], fallback: Commune, min_population: int = 0
) -> Commune:
    """A town that fits the activity: one of its real hubs when the territory has one, else a
    town of the sector's size (logistics in towns, farms in villages), else the fallback."""
    hubs = [c for c in territory if c.name in sector.hubs]
    if hubs and rng.random() < 0.7:
        return rng.choice(hubs)
    low = max(sector.min_population, min_population)
    fits = [c for c in territory if low <= c.population <= sector.max_population]
    return _pick_commune(rng, fits) if fits else fallback


def _org(
    db: Session,
    places: Places,
    rng: random.Random,
    kind: OrganisationKind,
    name: str,
    commune: Commune,
    sectors: list[str],
    siae_kind: SiaeKind | None = None,
    managed_by: int | None = None,
    business_park: bool = False,
) -> Organisation:
    who = contact(rng, name, kind)
    street = rng.choice(BUSINESS_STREETS if business_park else STREETS)
    return writes.create(
        db,
        Organisation,
        OrganisationCreate(
            kind=kind,
            siae_kind=siae_kind,
            name=name,
            siret=luhn_siret(rng),
            insee_code=commune.insee_code,
            postal_code=commune.postal_codes[0] if commune.postal_codes else "",
            address=f"{rng.randint(1, 120)} {street}",
            sectors=sectors,
            accessible=rng.random() < 0.6,
            contact_name=who.name,
            contact_phone=who.phone,
            contact_email=who.email,
        ),
        places,
        managed_by_id=managed_by,
    )


# Numbers that ARCEP keeps for fiction (03 53 01 xx xx in the north-east, 06 39 98 xx xx for mobiles)
# and a domain reserved for examples (RFC 2606): the demo calls nobody and writes to nobody.
FICTION_LANDLINE, FICTION_MOBILE, DEMO_MAIL_DOMAIN = "03 53 01", "06 39 98", "example.org"
FIRST_NAMES = (
    "Nadia", "Julien", "Sophie", "Karim", "Élodie", "Mathieu", "Aurélie", "Mehdi", "Claire", "Thomas", "Samia",
    "Nicolas", "Laetitia", "Yann", "Fatima", "Sébastien", "Amandine", "Rachid", "Céline", "Guillaume", "Ludivine",
    "Jérémy", "Virginie", "Kévin", "Sabrina", "Grégory", "Émilie", "Anthony", "Noémie", "Damien",
)  # fmt: skip
LAST_NAMES = (
    "Lefebvre", "Dubois", "Lemaire", "Delattre", "Hadji", "Vasseur", "Leroy", "Bouchez", "Caron", "Duhamel",
    "Benali", "Deregnaucourt", "Lecomte", "Wallet", "Fontaine", "Mortier", "Dupont", "Lambert", "Ziani", "Delcroix",
    "Vandenberghe", "Desmet", "Lemoine", "Carpentier", "Dewulf", "Deldicque", "Hennebelle", "Bracq", "Poulain",
    "Cuvelier", "Dhainaut", "Flament", "Verbeke", "Macquet", "Boulanger", "Lagache", "Dumont", "Vanhove", "Petit",
    "Kaczmarek", "Wojcik", "Ramdani", "Tison", "Lesage", "Obert", "Beauchamp", "Gosselin", "Demarcq",
)  # fmt: skip
PLACE_NAMES = (
    "Le Beffroi", "Les Tilleuls", "Le Lion d'Or", "Le Cheval Blanc", "Les Trois Moulins", "Le Relais", "Le Terril",
    "Les Dunes", "Le Vieux Chêne", "Les Saules", "La Briqueterie", "Le Pré Vert", "Les Marais", "Les Hortillons",
    "La Houblonnière", "Le Coq Hardi", "La Vallée", "Les Peupliers", "Le Moulin", "La Chapelle",
)  # fmt: skip
RESIDENCES = (
    "Les Glycines", "La Roseraie", "Les Hortensias", "Le Val Fleuri", "Les Charmilles", "La Source", "Les Myosotis",
    "Les Marronniers", "Le Clos Saint-Jean", "Les Jardins d'Automne", "Les Bruyères", "La Colline",
)  # fmt: skip
CHILDHOOD = ("Les P'tits Loups", "Pomme d'Api", "Les Lucioles", "Câlins et Doudous", "Les Petits Mousses", "Les Lutins")
# The areas people name their firms after, each at its main town (nearest one wins).
AREAS = (
    ("de la Métropole", 50.63, 3.06), ("des Flandres", 50.72, 2.54), ("du Littoral", 51.03, 2.37),
    ("du Douaisis", 50.37, 3.08), ("du Cambrésis", 50.18, 3.24), ("du Hainaut", 50.36, 3.52),
    ("de l'Avesnois", 50.2, 3.95), ("de l'Artois", 50.29, 2.78), ("du Bassin minier", 50.43, 2.83),
    ("du Béthunois", 50.53, 2.64), ("du Boulonnais", 50.72, 1.61), ("du Calaisis", 50.95, 1.86),
    ("de l'Audomarois", 50.75, 2.25), ("du Ternois", 50.38, 2.33), ("du Montreuillois", 50.46, 1.76),
    ("de l'Amiénois", 49.89, 2.3), ("du Ponthieu", 50.11, 1.83), ("du Vimeu", 50.08, 1.6), ("du Santerre", 49.7, 2.7),
    ("de la Haute-Somme", 49.93, 2.93), ("du Beauvaisis", 49.43, 2.08), ("du Clermontois", 49.38, 2.41),
    ("du Compiégnois", 49.42, 2.83), ("du Valois", 49.23, 2.89), ("du Noyonnais", 49.58, 3.0),
    ("du Creillois", 49.26, 2.47),
    ("du Vermandois", 49.85, 3.29), ("du Laonnois", 49.56, 3.62), ("de la Thiérache", 49.85, 3.95),
    ("du Soissonnais", 49.38, 3.32), ("du Chaunois", 49.61, 3.22), ("de l'Omois", 49.05, 3.4),
)  # fmt: skip
TRAINING_NAMES = (
    "Centre de formation {area}", "Institut {surname} Formation", "Horizons Formation {area}", "Cap Compétences {area}",
    "Atelier des Métiers {area}", "Tremplin Formation {area}", "Form'Avenir {area}", "Compétences et Métiers {area}",
    "Maison de la Formation {area}", "Objectif Emploi {area}", "Passeport Formation {area}", "Savoir-Faire {area}",
)  # fmt: skip
DESKS = {
    OrganisationKind.MISSION_LOCALE: "Accueil de la Mission Locale",
    OrganisationKind.TRAINING_BODY: "Secrétariat pédagogique",
    OrganisationKind.CFA: "Service développement de l'apprentissage",
}


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    email: str


def contact(rng: random.Random, name: str, kind: OrganisationKind) -> Contact:
    """A person (or, for a Mission Locale, a training body or a CFA, a desk) to call, with a
    fictional phone number and an e-mail on a reserved domain."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    domain = "-".join(fold(name).split()[:4]) or "structure"
    phone = FICTION_MOBILE if kind in (OrganisationKind.EMPLOYER, OrganisationKind.SIAE) else FICTION_LANDLINE
    return Contact(
        DESKS.get(kind, f"{first} {last}"),
        f"{phone} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
        f"{fold(first).replace(' ', '-')}.{fold(last).replace(' ', '-')}@{domain}.{DEMO_MAIL_DOMAIN}",
    )


def area_of(commune: Commune) -> str:
    return min(AREAS, key=lambda a: (a[1] - commune.lat) ** 2 + ((a[2] - commune.lon) * 0.64) ** 2)[0]


def _name(rng: random.Random, net: Network, patterns: tuple[str, ...], town: Commune) -> str:
    """A plausible local name, never one the demo already uses."""
    for _ in range(12):
        name = rng.choice(patterns).format(
            surname=rng.choice(LAST_NAMES),
            first=rng.choice(FIRST_NAMES),
            area=area_of(town),
            town=town.name,
            resto=rng.choice(PLACE_NAMES),
            residence=rng.choice(RESIDENCES),
            child=rng.choice(CHILDHOOD),
        )
        if name not in net.names:
            break
    else:
        name = f"{name} ({town.name})"
    net.names.add(name)
    return name


def _sector(rng: random.Random, sectors: tuple[Sector, ...] = SECTORS) -> Sector:
    return rng.choices(sectors, weights=[s.weight for s in sectors], k=1)[0]


def _partners(db: Session, places: Places, net: Network, rng: random.Random, size: DemoSize) -> None:
    for ml in net.mission_locales:
        territory = net.territory[ml.pk]
        home = places.gazetteer.by_insee(ml.insee_code)
        _training_bodies(db, places, net, rng, size, ml, home)
        # The Mission Locale's own town hosts its first employers: youths who cannot travel must
        # find something at home.
        for n in range(size.employers_per_ml):
            fits = [s for s in SECTORS if s.min_population <= home.population <= s.max_population]
            sector = _sector(rng, tuple(fits)) if n < 2 and fits else _sector(rng)
            types = [e for e in sector.employers if n >= 2 or e.min_population <= home.population]
            etype = rng.choice(types or sector.employers)
            town = home if n < 2 else _site(rng, sector, territory, home, etype.min_population)
            employer = _org(
                db,
                places,
                rng,
                OrganisationKind.EMPLOYER,
                _name(rng, net, etype.names, town),
                town,
                sorted({j.rome_code for j in etype.jobs}),
                managed_by=ml.id,
                business_park=sector.business_park,
            )
            net.employers.append((employer, sector, etype))
        for _ in range(size.siae_per_ml):
            kind, names, rome, _ = activity = rng.choice(SIAE_ACTIVITIES)
            town = _pick_commune(rng, [c for c in territory if c.population >= 3_000] or [home])
            siae = _org(
                db,
                places,
                rng,
                OrganisationKind.SIAE,
                _name(rng, net, names, town),
                town,
                [rome],
                siae_kind=SiaeKind(kind),
                managed_by=ml.id,
            )
            net.siaes.append((siae, activity))
    _cfas(db, places, net, rng, size)
    _epide(db, places, net, rng)


def _training_bodies(
    db: Session, places: Places, net: Network, rng: random.Random, size: DemoSize, ml: Organisation, home: Commune
) -> None:
    """Training bodies in the towns of the territory; the first in the Mission Locale's own town
    runs its CEJ workshops, and most territories have an E2C there too."""
    territory = [c for c in net.territory[ml.pk] if c.population >= TRAINING_TOWN] or [home]
    for n in range(size.training_bodies_per_ml):
        sector, town = _sector(rng), home if n == 0 else _pick_commune(rng, territory)
        routes = (REMOBILISATION[1],) if n == 0 else ()
        body = _org(
            db,
            places,
            rng,
            OrganisationKind.TRAINING_BODY,
            _name(rng, net, TRAINING_NAMES, town),
            town,
            sorted({c for s in sector.sessions for c in s.rome_codes}),
        )
        net.trainers.append(Trainer(body, sector, routes))
    if rng.random() < 0.7:
        e2c = _org(
            db,
            places,
            rng,
            OrganisationKind.TRAINING_BODY,
            _name(rng, net, ("École de la 2e Chance {area}",), home),
            home,
            list(ENTRY_JOBS),
        )
        net.trainers.append(Trainer(e2c, None, (REMOBILISATION[0],)))


def _cfas(db: Session, places: Places, net: Network, rng: random.Random, size: DemoSize) -> None:
    """CFAs in the towns that host them (a lycée agricole for the land trades); each runs a
    Prépa apprentissage."""
    for d, dep in enumerate(HDF_DEPARTMENTS):
        mls = [ml for ml in net.mission_locales if ml.insee_code.startswith(dep)]
        for i in range(size.cfas_per_department):
            sector, ml = SECTORS[(d * size.cfas_per_department + i) % len(SECTORS)], rng.choice(mls)
            land = sector.max_population < TRAINING_TOWN
            low = 2_000 if land else CFA_TOWN
            towns = [c for c in net.territory[ml.pk] if c.population >= low]
            town = _pick_commune(rng, towns) if towns else places.gazetteer.by_insee(ml.insee_code)
            label = "CFA agricole {area}" if land else f"CFA {sector.label} {{area}}"
            cfa = _org(
                db,
                places,
                rng,
                OrganisationKind.CFA,
                _name(rng, net, (label,), town),
                town,
                sorted({c for s in sector.sessions for c in s.rome_codes}),
            )
            net.trainers.append(Trainer(cfa, sector, (REMOBILISATION[2],)))


def _epide(db: Session, places: Places, net: Network, rng: random.Random) -> None:
    """Two EPIDE centres (boarding insertion schools) for the region."""
    for dep in ("59", "80"):
        ml = rng.choice([m for m in net.mission_locales if m.insee_code.startswith(dep)])
        town = places.gazetteer.by_insee(ml.insee_code)
        centre = _org(
            db, places, rng, OrganisationKind.TRAINING_BODY, f"Centre EPIDE {area_of(town)}", town, list(ENTRY_JOBS)
        )
        net.trainers.append(Trainer(centre, None, (EPIDE,)))


def _partnerships(db: Session, places: Places, net: Network, rng: random.Random) -> None:
    def link(a: Organisation, b: Organisation, kind: PartnershipType) -> None:
        writes.create(
            db,
            Partnership,
            PartnershipCreate(
                source_id=a.pk,
                target_id=b.pk,
                type=kind,
                start_date=date(2024, 1, 1) + timedelta(days=rng.randint(0, 600)),
            ),
            places,
            confirmed_at=utcnow(),  # recorded by the Mission Locales themselves
        )

    partners = _all_partners(net)
    for ml in net.mission_locales:
        near = [p for p in partners if _km(ml, p) <= TERRITORY_KM]
        for p in rng.sample(near, k=min(len(near), rng.randint(6, 12))):
            kind = {
                OrganisationKind.EMPLOYER: PartnershipType.IMMERSION_HOST,
                OrganisationKind.SIAE: PartnershipType.CONVENTION,
            }.get(p.kind, PartnershipType.REFERRAL)
            link(ml, p, kind)
    for t in net.trainers:
        same = [e for e, s, _ in net.employers if s is t.sector and _km(t.organisation, e) <= 40]
        kind = (
            PartnershipType.CHARTE_ALTERNANCE
            if t.organisation.kind is OrganisationKind.CFA
            else PartnershipType.TRAINING_PARTNER
        )
        for employer in rng.sample(same, k=min(len(same), 3)):
            link(t.organisation, employer, kind)


def _km(a: Organisation, b: Organisation) -> float:
    return float(haversine_km(LatLon(a.latitude, a.longitude), np.array([b.latitude]), np.array([b.longitude]))[0])


def _sessions(db: Session, places: Places, net: Network, rng: random.Random, today: date, size: DemoSize) -> None:
    for t in net.trainers:
        sessions = list(t.sector.sessions) if t.sector else []
        picked = rng.sample(sessions, k=min(len(sessions), size.sessions_per_body))
        for template in [*picked, *t.routes]:
            _session(db, places, rng, today, t.organisation, template)


def _session(
    db: Session, places: Places, rng: random.Random, today: date, body: Organisation, template: SessionTemplate
) -> None:
    total = rng.choice([8, 10, 12, 12, 15, 16])
    # Remobilisation routes take youths all year round, as E2C and EPIDE do.
    permanent = template.max_age is not None or rng.random() < 0.15
    start = None if permanent else today + timedelta(days=rng.choice([7, 14, 21, 30, 45, 60, 90, 120, 150, 200]))
    cfa = body.kind is OrganisationKind.CFA
    writes.create(
        db,
        TrainingSession,
        SessionCreate(
            organisation_id=body.id,
            title=template.title,
            rome_codes=list(template.rome_codes),
            target_level=template.target_level,
            entry_level=template.entry_level or "none",
            start_date=start,
            end_date=(start or today) + timedelta(days=rng.choice([120, 180, 300, 365, 700])),
            permanent_entry=permanent,
            late_entry_allowed=rng.random() < 0.2,
            hours=rng.choice([400, 600, 800, 1200]),
            places_total=total,
            places_left=rng.choice([0 if not permanent else 1, 1, 2, 3, 5, total // 2, total]),
            insee_code=body.insee_code,
            address=body.address,
            apprenticeship_possible=cfa and template.max_age is None,
            funding=[Funding.APPRENTICESHIP] if cfa else [Funding.PRF, Funding.CPF],
            min_age=template.min_age or (16 if cfa else None),
            max_age=template.max_age,
            info_session_dates=[today + timedelta(days=rng.randint(3, 20))],
            accessible=body.accessible,
        ),
        places,
        organisation_id=body.id,
    )


def _offers(db: Session, places: Places, net: Network, rng: random.Random, today: date) -> None:
    def offer(org: Organisation, kind: ItemKind, title: str, rome: str, **kw: Any) -> None:
        writes.create(
            db,
            Offer,
            OfferCreate(
                organisation_id=org.pk,
                kind=kind,
                title=title,
                rome_code=rome,
                insee_code=org.insee_code,
                address=org.address,
                start_date=today + timedelta(days=rng.randint(0, 60)),
                expires_on=today + timedelta(days=rng.randint(61, 150)),
                **kw,
            ),
            places,
            organisation_id=org.id,
        )

    for employer, sector, etype in net.employers:
        for job in rng.sample(etype.jobs, k=min(2, len(etype.jobs))):
            common = {"driving_licence_required": job.licence, "minors_accepted": not job.adults_only}
            offer(
                employer,
                ItemKind.JOB,
                job.title,
                job.rome_code,
                level_required=job.level_required or "none",
                contract_type=rng.choice(["CDI", "CDD", "interim"]),
                positions_open=rng.randint(1, 3),
                hours_per_week=rng.choice([35, 35, 35, 24, 28, 30]),
                **common,
            )
            offer(
                employer,
                ItemKind.IMMERSION,
                f"Immersion (PMSMP) — {job.title}",
                job.rome_code,
                contract_type="PMSMP",
                duration_months=0,
                positions_open=rng.randint(1, 2),
                **common,
            )
        job = rng.choice(etype.jobs)
        school = _school_for(net, employer, sector, job.rome_code)
        offer(
            employer,
            ItemKind.APPRENTICESHIP,
            f"Apprentissage — {job.title}",
            job.rome_code,
            contract_type="apprentissage",
            duration_months=24,
            positions_open=1,
            minors_accepted=not job.adults_only,
            **school,
        )
        if rng.random() < 0.3:
            offer(
                employer,
                ItemKind.PROFESSIONALISATION,
                f"Contrat de professionnalisation — {job.title}",
                job.rome_code,
                contract_type="professionnalisation",
                duration_months=12,
                level_required=min(job.level_required, 3) if job.level_required else "none",
                minors_accepted=False,
                **school,
            )
    for siae, (_, _, rome, title) in net.siaes:
        offer(
            siae,
            ItemKind.SIAE_POST,
            title,
            rome,
            contract_type="CDDI",
            duration_months=6,
            positions_open=rng.randint(2, 6),
            hours_per_week=26,
            minors_accepted=False,
        )
        offer(siae, ItemKind.IMMERSION, f"Immersion (PMSMP) — {title}", rome, contract_type="PMSMP", positions_open=2)


CFA_FIRST_KM = 30  # apprentices go to CFAs: a training body counts as this much further


def _school_for(net: Network, employer: Organisation, sector: Sector, rome_code: str) -> dict[str, Any]:
    """The diploma an apprentice of this job prepares in the sector, and the nearest school of the
    sector that teaches it (a CFA, unless a training body is much nearer)."""
    diplomas = [t.title for t in sector.sessions if rome_code in t.rome_codes]
    schools = [t.organisation for t in net.trainers if t.sector is sector]
    if not diplomas or not schools:
        return {}
    nearest = min(schools, key=lambda o: _km(o, employer) + (0 if o.kind is OrganisationKind.CFA else CFA_FIRST_KM))
    return {"diploma": diplomas[0], "cfa_id": nearest.id}


@dataclass(frozen=True)
class Mobility:
    home: Commune
    modes: list[TravelMode]
    licence: bool
    max_minutes: int


class HardCase(Enum):
    """The demo adviser's first four files: the cases an adviser struggles with."""

    RURAL = "a village, no licence: bike and coach"
    MINOR = "a minor"
    RQTH = "an RQTH youth of 27 with a CAP"
    WALKER = "only walks, in a small town"


@dataclass(frozen=True)
class Partners:
    """Where the network's partners are: a youth's home is drawn where some are within reach."""

    per_commune: Counter[str]
    lats: np.ndarray
    lons: np.ndarray
    travel: TravelTimeProvider

    @classmethod
    def of(cls, net: Network, travel: TravelTimeProvider) -> "Partners":
        orgs = _all_partners(net)
        return cls(
            Counter(o.insee_code for o in orgs),
            np.array([o.latitude for o in orgs]),
            np.array([o.longitude for o in orgs]),
            travel,
        )

    def within_reach(self, move: Mobility) -> int:
        home = move.home
        origin = home_origin(home.lat, home.lon, home.population, self.travel.model, home.insee_code)
        minutes = self.travel.minutes(origin, self.lats, self.lons, tuple(move.modes)).min(axis=0)
        return int((minutes <= move.max_minutes).sum())


def _youths(
    db: Session,
    places: Places,
    net: Network,
    rng: random.Random,
    today: date,
    size: DemoSize,
    travel: TravelTimeProvider,
) -> None:
    """Profiles with the region's mix; the demo adviser's first files are the hard cases."""
    wishes = [(j.rome_code, j.title) for s in SECTORS for j in s.jobs]
    partners = Partners.of(net, travel)
    hard_cases = list(HardCase)
    for ml in net.mission_locales:
        for n in range(size.youths_per_ml):
            case = hard_cases[n] if ml.name == DEMO_ML and n < len(hard_cases) else None
            minor = case is HardCase.MINOR or (case is None and rng.random() < 0.14)
            if minor:
                age_days = rng.randint(16 * 365 + 30, 17 * 365 + 300)
            else:
                age_days = 27 * 365 + 40 if case is HardCase.RQTH else rng.randint(18 * 365, 25 * 365)
            move = _mobility(rng, net.homes[ml.pk], partners, minor, case)
            choice = rng.random()
            wish = rng.choice(wishes)
            writes.create(
                db,
                Youth,
                YouthCreate(
                    file_reference=f"ML{ml.id:02d}-{2026}-{n + 1:04d}",
                    birth_date=today - timedelta(days=age_days),
                    qualification_level=_level(rng, case),
                    wished_rome_codes=[wish[0]] if choice < 0.7 else [],
                    wishes_text=wish[1] if 0.7 <= choice < 0.9 else "",
                    home_insee_code=move.home.insee_code,
                    travel_modes=move.modes,
                    driving_licence=move.licence,
                    max_travel_minutes=move.max_minutes,
                    available_from=today + timedelta(days=rng.choice([0, 0, 0, 7, 30])),
                    programme=rng.choices([Programme.CEJ, Programme.PACEA, Programme.NONE], weights=[45, 25, 30])[0],
                    rqth=case is HardCase.RQTH or (case is None and rng.random() < 0.05),
                    iae_eligible=rng.random() < 0.25,
                    gender=rng.choice(["F", "M"]),
                    # Priority neighbourhoods are in towns, rural revitalisation zones in the country.
                    qpv_resident=move.home.population >= URBAN and rng.random() < 0.4,
                    frr_resident=move.home.population < FRR_BELOW and rng.random() < 0.7,
                ),
                places,
                mission_locale_id=ml.id,
            )


def _level(rng: random.Random, case: HardCase | None) -> str | int:
    """Half without a diploma, as in the region; the hard cases have none, but the RQTH youth a CAP."""
    if case is None:
        levels: list[str | int] = ["infra_3", 3, 4, 5]
        return rng.choices(levels, weights=[50, 28, 17, 5])[0]
    return 3 if case is HardCase.RQTH else "infra_3"


def _mobility(
    rng: random.Random, territory: list[Commune], partners: Partners, minor: bool, case: HardCase | None
) -> Mobility:
    """A third do not go beyond their own commune: they live where partners are (in a town, with
    the town's buses); the others walk, cycle and take the bus or coach, village youths more
    often by moped, and some drive. The youths a Mission Locale follows live where it can help:
    a home is drawn again until at least a few partners are within reach."""
    if case is HardCase.WALKER or (case is None and rng.random() < 1 / 3):
        hosts = [c for c in territory if partners.per_commune[c.insee_code] >= 3] or territory
        if case is HardCase.WALKER:  # a small town with a partner or two (none has three near Béthune)
            small = [c for c in territory if c.population < URBAN and partners.per_commune[c.insee_code]]
            hosts = [c for c in hosts if c.population < URBAN] or small or hosts
        for _ in range(HOME_DRAWS):
            home = _pick_commune(rng, hosts)
            modes = [TravelMode.WALK] if home.population < URBAN else [TravelMode.WALK, TravelMode.PUBLIC_TRANSPORT]
            move = Mobility(home, modes, licence=False, max_minutes=rng.choice([25, 30]))
            if partners.within_reach(move) >= MIN_PARTNERS:
                break
        return move
    rural = [c for c in territory if c.population < 2_000]
    for _ in range(HOME_DRAWS):
        home = _pick_commune(rng, rural if case is HardCase.RURAL and rural else territory)
        village = home.population < 2_000
        licence = case in (None, HardCase.RQTH) and not minor and rng.random() < LICENCE_SHARE
        modes = [TravelMode.WALK, TravelMode.BIKE, TravelMode.PUBLIC_TRANSPORT]
        if licence and rng.random() < 0.6:
            modes.append(TravelMode.CAR)
        if not licence and case is None and rng.random() < (0.25 if village else 0.08):
            modes.append(TravelMode.MOPED)
        move = Mobility(home, modes, licence, rng.choice([45, 60] if village else [30, 45, 60]))
        if partners.within_reach(move) >= MIN_PARTNERS:
            break
    return move


def _all_partners(net: Network) -> list[Organisation]:
    return [t.organisation for t in net.trainers] + [e for e, *_ in net.employers] + [o for o, _ in net.siaes]


def _users(db: Session, net: Network) -> None:
    bethune = next(ml for ml in net.mission_locales if ml.name == DEMO_ML)
    trainer = min(
        (t.organisation for t in net.trainers if _km(bethune, t.organisation) <= TERRITORY_KM), key=lambda t: t.pk
    )
    create_user(db, f"admin@{DEMO_DOMAIN}", Role.ADMIN, None, DEMO_PASSWORD, "Admin démo")
    create_user(db, f"adviser@{DEMO_DOMAIN}", Role.ADVISER, bethune.id, DEMO_PASSWORD, "Conseillère démo")
    create_user(
        db,
        f"officer@{DEMO_DOMAIN}",
        Role.BUSINESS_OFFICER,
        bethune.id,
        DEMO_PASSWORD,
        "Chargé de relation entreprise démo",
    )
    create_user(
        db, f"trainer@{DEMO_DOMAIN}", Role.TRAINING_BODY, trainer.id, DEMO_PASSWORD, "Organisme de formation démo"
    )
