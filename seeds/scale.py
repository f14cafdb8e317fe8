"""National-scale synthetic catalogues and youths, for benchmarks. Deterministic from a seed.

Items are placed in real communes weighted by population, so density follows France's towns.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from geo.coords import LatLon
from geo.gazetteer import Gazetteer
from geo.travel import Origin, TravelMode
from matching.model import Item, YouthProfile
from matching.rome import RomeReferential
from matching.vocabulary import ItemKind

OFFER_MIX = {  # of 1,000,000 offers: 300,000 immersions
    ItemKind.IMMERSION: 0.30,
    ItemKind.JOB: 0.40,
    ItemKind.APPRENTICESHIP: 0.15,
    ItemKind.PROFESSIONALISATION: 0.05,
    ItemKind.SIAE_POST: 0.10,
}


@dataclass(frozen=True)
class Scale:
    organisations: int = 100_000
    sessions: int = 300_000
    offers: int = 1_000_000


def _places(gazetteer: Gazetteer, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[str]]:
    communes = [c for c in gazetteer._by_code.values() if not c.department.startswith("97")]
    weights = np.array([max(c.population, 50) for c in communes], dtype=np.float64)
    picks = rng.choice(len(communes), size=n, p=weights / weights.sum())
    jitter = rng.normal(0, 0.01, size=(n, 2))  # ~1 km around the town hall
    lats = np.array([communes[i].lat for i in picks]) + jitter[:, 0]
    lons = np.array([communes[i].lon for i in picks]) + jitter[:, 1]
    return lats, lons, [communes[i].insee_code for i in picks]


def catalogue(
    gazetteer: Gazetteer, rome: RomeReferential, today: date, scale: Scale = Scale(), seed: int = 1
) -> list[Item]:
    rng = np.random.default_rng(seed)
    codes = [c.code for c in rome.codes]
    org_lats, org_lons, _ = _places(gazetteer, scale.organisations, rng)
    titles = {c.code: c.label for c in rome.codes}
    items: list[Item] = []
    kinds = [ItemKind.SESSION] * scale.sessions + [
        k for k, share in OFFER_MIX.items() for _ in range(int(scale.offers * share))
    ]
    org_of = rng.integers(0, scale.organisations, size=len(kinds))
    code_of = rng.integers(0, len(codes), size=len(kinds))
    days = rng.integers(-20, 200, size=len(kinds))
    levels = rng.choice([3, 3, 3, 4, 4, 5, 6], size=len(kinds))
    places = rng.integers(0, 16, size=len(kinds))
    for i, kind in enumerate(kinds):
        org = int(org_of[i])
        code = codes[code_of[i]]
        session = kind is ItemKind.SESSION
        target = int(levels[i])
        items.append(
            Item(
                kind=kind,
                id=i + 1,
                organisation_id=org + 1,
                organisation_name="",
                title=titles[code],
                rome_codes=(code,),
                lat=float(org_lats[org]),
                lon=float(org_lons[org]),
                required_level=(0 if target <= 4 else target - 1) if session else (0 if target <= 3 else 3),
                target_level=target if session else 0,
                start_date=today + timedelta(days=int(days[i])),
                end_date=today + timedelta(days=int(days[i]) + 300),
                permanent_entry=session and places[i] == 15,
                places_left=int(places[i]),
                minors_accepted=kind is not ItemKind.SIAE_POST,
            )
        )
    return items


def youths(gazetteer: Gazetteer, rome: RomeReferential, n: int, seed: int = 2) -> list[YouthProfile]:
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    lats, lons, homes = _places(gazetteer, n, rng)
    codes = [c.code for c in rome.codes]
    out = []
    for i in range(n):
        local = r.random() < 1 / 3
        licence = r.random() < 0.3
        modes: tuple[TravelMode, ...] = (
            (TravelMode.WALK,) if local else (TravelMode.WALK, TravelMode.BIKE, TravelMode.PUBLIC_TRANSPORT)
        )
        if licence and not local and r.random() < 0.6:
            modes += (TravelMode.CAR,)
        out.append(
            YouthProfile(
                mission_locale_id=1,
                birth_date=date(2001 + r.randint(0, 8), r.randint(1, 12), r.randint(1, 28)),
                level=r.choice([2, 2, 2, 3, 3, 4]),
                wished_rome_codes=tuple(r.sample(codes, r.choice([0, 1, 1, 2]))),
                origin=Origin(LatLon(float(lats[i]), float(lons[i])), r.random() < 0.6, commune=homes[i]),
                travel_modes=modes,
                driving_licence=licence,
                max_travel_minutes=20 if local else r.choice([30, 45, 60]),
                iae_eligible=r.random() < 0.25,
            )
        )
    return out
