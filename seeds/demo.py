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
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlmodel import Session

from geo.coords import LatLon
from geo.distance import haversine_km
from geo.gazetteer import Commune, Gazetteer
from geo.names import fold
from geo.travel import TravelMode
from matching.vocabulary import Funding, ItemKind, OrganisationKind, PartnershipType, Programme, SiaeKind
from seeds.sectors import SECTORS, SIAE_ACTIVITIES, Sector
from service import writes
from service.accounts.service import DEMO_DOMAIN, create_user
from service.catalogue.schemas import OfferCreate, SessionCreate
from service.models import Offer, Organisation, Partnership, Role, TrainingSession, Youth
from service.models.fields import utcnow
from service.network.schemas import OrganisationCreate, PartnershipCreate
from service.referentials.service import Places
from service.youths.schemas import YouthCreate

HDF_DEPARTMENTS = ("02", "59", "60", "62", "80")
DEMO_PASSWORD = "passerelle-demo"
REGIONAL_FUNDING = [Funding.PRF, Funding.CPF]
STREETS = ("de la République", "Jean Jaurès", "Victor Hugo", "du Général de Gaulle", "Pasteur", "de la Gare")
DEMO_ML = "Mission Locale de l'Arrondissement de Béthune"
TERRITORY_KM = 30.0


@dataclass(frozen=True)
class DemoSize:
    training_bodies_per_ml: int = 3
    cfas_per_department: int = 5
    employers_per_ml: int = 5
    siae_per_ml: int = 1
    sessions_per_body: int = 4
    youths_per_ml: int = 10


@dataclass
class Network:
    mission_locales: list[Organisation] = field(default_factory=list)
    trainers: list[tuple[Organisation, Sector]] = field(default_factory=list)
    employers: list[tuple[Organisation, Sector]] = field(default_factory=list)
    siaes: list[tuple[Organisation, tuple[str, str, str, str]]] = field(default_factory=list)
    territory: dict[int, list[Commune]] = field(default_factory=dict)


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
    _youths(db, places, net, rng, today, size)
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


def _hdf_communes(g: Gazetteer) -> list[Commune]:
    return sorted((c for dep in HDF_DEPARTMENTS for c in g.search_department(dep)), key=lambda c: c.insee_code)


def _pick_commune(rng: random.Random, communes: list[Commune]) -> Commune:
    """Bigger towns host more partners, but villages are not forgotten."""
    weights = [max(c.population, 100) ** 0.8 for c in communes]
    return rng.choices(communes, weights=weights, k=1)[0]


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
) -> Organisation:
    who = contact(rng, name, kind)
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
            address=f"{rng.randint(1, 120)} rue {rng.choice(STREETS)}",
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
    "Nicolas", "Laetitia", "Yann", "Fatima", "Sébastien", "Amandine", "Rachid", "Céline", "Guillaume",
)  # fmt: skip
LAST_NAMES = (
    "Lefebvre", "Dubois", "Lemaire", "Delattre", "Hadji", "Vasseur", "Leroy", "Bouchez", "Caron", "Duhamel",
    "Benali", "Deregnaucourt", "Lecomte", "Wallet", "Fontaine", "Mortier", "Dupont", "Lambert", "Ziani", "Delcroix",
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


def _sector(rng: random.Random) -> Sector:
    return rng.choices(SECTORS, weights=[s.weight for s in SECTORS], k=1)[0]


def _partners(db: Session, places: Places, net: Network, rng: random.Random, size: DemoSize) -> None:
    for ml in net.mission_locales:
        territory = net.territory[ml.pk]
        home = places.gazetteer.by_insee(ml.insee_code)
        # Each Mission Locale's own town hosts its first partners: youths who cannot travel
        # must find something at home.
        for n in range(size.training_bodies_per_ml):
            sector, town = _sector(rng), home if n == 0 else _pick_commune(rng, territory)
            body = _org(
                db,
                places,
                rng,
                OrganisationKind.TRAINING_BODY,
                f"Institut de formation {sector.label} — {town.name}",
                town,
                sorted({c for s in sector.sessions for c in s.rome_codes}),
            )
            net.trainers.append((body, sector))
        for n in range(size.employers_per_ml):
            sector, town = _sector(rng), home if n < 2 else _pick_commune(rng, territory)
            employer = _org(
                db,
                places,
                rng,
                OrganisationKind.EMPLOYER,
                f"{rng.choice(sector.employer_names)} — {town.name}",
                town,
                sorted({j.rome_code for j in sector.jobs}),
                managed_by=ml.id,
            )
            net.employers.append((employer, sector))
        for _ in range(size.siae_per_ml):
            activity, town = rng.choice(SIAE_ACTIVITIES), _pick_commune(rng, territory)
            siae = _org(
                db,
                places,
                rng,
                OrganisationKind.SIAE,
                f"{activity[1]} — {town.name}",
                town,
                [activity[2]],
                siae_kind=SiaeKind(activity[0]),
                managed_by=ml.id,
            )
            net.siaes.append((siae, activity))
    for dep in HDF_DEPARTMENTS:
        mls = [ml for ml in net.mission_locales if ml.insee_code.startswith(dep)]
        for i in range(size.cfas_per_department):
            sector, ml = SECTORS[i % len(SECTORS)], rng.choice(mls)
            town = _pick_commune(rng, net.territory[ml.pk])
            cfa = _org(
                db,
                places,
                rng,
                OrganisationKind.CFA,
                f"CFA {sector.label} — {town.name}",
                town,
                sorted({c for s in sector.sessions for c in s.rome_codes}),
            )
            net.trainers.append((cfa, sector))


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

    partners = [o for o, _ in net.trainers] + [o for o, _ in net.employers] + [o for o, _ in net.siaes]
    for ml in net.mission_locales:
        near = [p for p in partners if _km(ml, p) <= TERRITORY_KM]
        for p in rng.sample(near, k=min(len(near), rng.randint(6, 12))):
            kind = {
                OrganisationKind.EMPLOYER: PartnershipType.IMMERSION_HOST,
                OrganisationKind.SIAE: PartnershipType.CONVENTION,
            }.get(p.kind, PartnershipType.REFERRAL)
            link(ml, p, kind)
    for trainer, sector in net.trainers:
        same = [e for e, s in net.employers if s is sector and _km(trainer, e) <= 40]
        for employer in rng.sample(same, k=min(len(same), 3)):
            kind = (
                PartnershipType.CHARTE_ALTERNANCE
                if trainer.kind is OrganisationKind.CFA
                else PartnershipType.TRAINING_PARTNER
            )
            link(trainer, employer, kind)


def _km(a: Organisation, b: Organisation) -> float:
    return float(haversine_km(LatLon(a.latitude, a.longitude), np.array([b.latitude]), np.array([b.longitude]))[0])


def _sessions(db: Session, places: Places, net: Network, rng: random.Random, today: date, size: DemoSize) -> None:
    for body, sector in net.trainers:
        commune = places.gazetteer.by_insee(body.insee_code)
        for template in rng.sample(sector.sessions, k=min(len(sector.sessions), size.sessions_per_body)):
            total = rng.choice([8, 10, 12, 12, 15, 16])
            permanent = rng.random() < 0.15
            start = (
                None if permanent else today + timedelta(days=rng.choice([7, 14, 21, 30, 45, 60, 90, 120, 150, 200]))
            )
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
                    places_left=rng.choice([0, 1, 2, 3, 5, total // 2, total]),
                    insee_code=commune.insee_code,
                    address=body.address,
                    apprenticeship_possible=body.kind is OrganisationKind.CFA,
                    funding=[Funding.APPRENTICESHIP]
                    if body.kind is OrganisationKind.CFA
                    else [Funding.PRF, Funding.CPF],
                    min_age=template.min_age or (16 if body.kind is OrganisationKind.CFA else None),
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

    for employer, sector in net.employers:
        for job in rng.sample(sector.jobs, k=min(2, len(sector.jobs))):
            common = {"driving_licence_required": job.licence, "minors_accepted": not job.adults_only}
            offer(
                employer,
                ItemKind.JOB,
                job.title,
                job.rome_code,
                level_required=job.level_required or "none",
                contract_type=rng.choice(["CDI", "CDD", "interim"]),
                positions_open=rng.randint(1, 3),
                hours_per_week=35,
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
        job = rng.choice(sector.jobs)
        offer(
            employer,
            ItemKind.APPRENTICESHIP,
            f"Apprentissage — {job.title}",
            job.rome_code,
            contract_type="apprentissage",
            duration_months=24,
            positions_open=1,
            minors_accepted=not job.adults_only,
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
            )
    for siae, (_, _, rome, title) in net.siaes:
        offer(
            siae,
            ItemKind.SIAE_POST,
            title,
            rome,
            contract_type="CDDI",
            duration_months=6,
            positions_open=rng.randint(1, 4),
            hours_per_week=26,
            minors_accepted=False,
        )
        offer(siae, ItemKind.IMMERSION, f"Immersion (PMSMP) — {title}", rome, contract_type="PMSMP", positions_open=2)


def _youths(db: Session, places: Places, net: Network, rng: random.Random, today: date, size: DemoSize) -> None:
    wishes = [(j.rome_code, j.title) for s in SECTORS for j in s.jobs]
    for ml in net.mission_locales:
        for n in range(size.youths_per_ml):
            home = _pick_commune(rng, net.territory[ml.pk])
            minor = rng.random() < 0.14
            age_days = rng.randint(16 * 365 + 30, 17 * 365 + 300) if minor else rng.randint(18 * 365, 25 * 365)
            licence = not minor and rng.random() < 0.30 / 0.86
            local_only = rng.random() < 1 / 3
            modes = [TravelMode.WALK] if local_only else [TravelMode.WALK, TravelMode.BIKE, TravelMode.PUBLIC_TRANSPORT]
            if licence and rng.random() < 0.6:
                modes.append(TravelMode.CAR)
            if not licence and not local_only and rng.random() < 0.1:
                modes.append(TravelMode.MOPED)
            choice = rng.random()
            wish = rng.choice(wishes)
            writes.create(
                db,
                Youth,
                YouthCreate(
                    file_reference=f"ML{ml.id:02d}-{2026}-{n + 1:04d}",
                    birth_date=today - timedelta(days=age_days),
                    qualification_level=rng.choices(["infra_3", 3, 4, 5], weights=[50, 28, 17, 5])[0],
                    wished_rome_codes=[wish[0]] if choice < 0.7 else [],
                    wishes_text=wish[1] if 0.7 <= choice < 0.9 else "",
                    home_insee_code=home.insee_code,
                    travel_modes=modes,
                    driving_licence=licence,
                    max_travel_minutes=rng.choice([15, 20]) if local_only else rng.choice([30, 45, 60]),
                    available_from=today + timedelta(days=rng.choice([0, 0, 0, 7, 30])),
                    programme=rng.choices([Programme.CEJ, Programme.PACEA, Programme.NONE], weights=[45, 25, 30])[0],
                    rqth=rng.random() < 0.05,
                    iae_eligible=rng.random() < 0.25,
                    gender=rng.choice(["F", "M"]),
                    qpv_resident=rng.random() < 0.3,
                ),
                places,
                mission_locale_id=ml.id,
            )


def _users(db: Session, net: Network) -> None:
    bethune = next(ml for ml in net.mission_locales if ml.name == DEMO_ML)
    trainer = min((t for t, _ in net.trainers if _km(bethune, t) <= TERRITORY_KM), key=lambda t: t.pk)
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
