"""A synthetic LHEO file of many sessions over Hauts-de-France, for the import benchmark."""

import random
from datetime import date, timedelta

from geo.gazetteer import Gazetteer
from matching.rome import RomeReferential
from seeds.demo import luhn_siret
from service.interop import lheo

HDF = ("02", "59", "60", "62", "80")


def sessions(gazetteer: Gazetteer, rome: RomeReferential, n: int, today: date, seed: int = 7) -> list[lheo.LheoSession]:
    rng = random.Random(seed)
    communes = [c for d in HDF for c in gazetteer.search_department(d) if c.postal_codes]
    bodies = []
    for i in range(max(1, n // 50)):
        c = rng.choice(communes)
        bodies.append(
            lheo.Body(
                siret=luhn_siret(rng),
                name=f"Organisme de formation {i + 1}",
                activity_number=f"{rng.randint(10**10, 10**11 - 1)}",
                address=f"{i + 1} rue de la Formation",
                postal_code=c.postal_codes[0],
                city=c.name[:50],
                insee_code=c.insee_code,
            )
        )
    codes = [c.code for c in rome.codes]
    out = []
    for i in range(n):
        body, c = rng.choice(bodies), rng.choice(communes)
        start = today + timedelta(days=rng.randint(0, 200))
        places = rng.randint(6, 20)
        out.append(
            lheo.LheoSession(
                external_id=f"F{i // 4}/A{i // 2}/S{i}",
                line=0,
                body=body,
                title=f"Formation {i}",
                rome_codes=rng.sample(codes, rng.randint(1, 2)),
                rncp_code=None,
                target_level=rng.choice([3, 3, 4, 5]),
                entry_level=rng.choice([0, 0, 3]),
                start_date=start,
                end_date=start + timedelta(days=rng.randint(60, 300)),
                permanent_entry=False,
                places_total=places,
                places_left=rng.randint(0, places),
                insee_code=c.insee_code,
                postal_code=c.postal_codes[0],
                city=c.name[:50],
                address="Centre de formation",
                hours=rng.randint(100, 1200),
            )
        )
    return out
