"""Plain builders of matching data around Béthune (50.5305, 2.6382)."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from geo.coords import LatLon
from geo.travel import EstimatedTravelTime, Origin, TravelMode
from matching.graph import NetworkValues
from matching.index import CandidateIndex
from matching.model import Item, YouthProfile
from matching.ranking import MatchOutcome, MatchRequest, match
from matching.rome import packaged_referential
from matching.vocabulary import ItemKind

TODAY = date(2026, 11, 23)
HOME = LatLon(50.5305, 2.6382)
KM_LAT = 1 / 111.2  # degrees of latitude per km


def item(id: int = 1, kind: ItemKind = ItemKind.SESSION, km_north: float = 1.0, **kw: Any) -> Item:
    base = Item(
        kind=kind,
        id=id,
        organisation_id=kw.pop("organisation_id", 100 + id),
        organisation_name="Org",
        title=kw.pop("title", "CAP Maçon"),
        rome_codes=kw.pop("rome_codes", ("F1703",)),
        lat=HOME.lat + km_north * KM_LAT,
        lon=HOME.lon,
        target_level=3 if kind is ItemKind.SESSION else 0,
        start_date=TODAY + timedelta(days=10) if kind is ItemKind.SESSION else None,
        places_left=5,
    )
    return replace(base, **kw)


def youth(**kw: Any) -> YouthProfile:
    base = YouthProfile(
        mission_locale_id=1,
        birth_date=date(2005, 3, 1),
        level=2,
        wished_rome_codes=("F1703",),
        origin=Origin(HOME, urban=True),
        travel_modes=(TravelMode.WALK, TravelMode.BIKE),
        max_travel_minutes=45,
    )
    return replace(base, **kw)


NO_NETWORK = NetworkValues(np.array([], dtype=np.int64), np.array([]))


def run(
    items: list[Item], y: YouthProfile | None = None, network: NetworkValues = NO_NETWORK, **kw: Any
) -> MatchOutcome:
    index = CandidateIndex.build(packaged_referential(), items)
    return match(index, EstimatedTravelTime(), network, MatchRequest(y or youth(), TODAY, **kw))


def ids(outcome: MatchOutcome) -> list[int]:
    return [r.item.id for r in outcome.results]
