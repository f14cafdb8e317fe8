"""What a running service holds: engine, gazetteer, geocoder, matching state. Built in lifespan."""

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from geo.gazetteer import Gazetteer
from geo.geocoder import BanGeocoder, GazetteerGeocoder, Geocoder
from geo.travel import EstimatedTravelTime
from matching.rome import RomeReferential
from service.db import make_engine
from service.referentials import service as referentials
from service.referentials.service import Places
from service.search.state import MatchingState
from service.settings import Settings
from service.transit import service as transit


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    places: Places
    matching: MatchingState
    clock: Callable[[], date] = field(default=date.today)

    @property
    def gazetteer(self) -> Gazetteer:
        return self.places.gazetteer

    def today(self) -> date:
        return self.clock()


def keep_out_of_the_collector() -> None:
    """What the process holds now (the catalogue, once built) lives as long as the worker: the
    cyclic garbage collector's full passes need not walk it again. One such pass over a national
    catalogue's objects holds every request of the worker for 3 s (docs/performance.md)."""
    gc.collect()
    gc.freeze()


def build_runtime(settings: Settings, engine: Engine | None = None) -> Runtime:
    engine = engine or make_engine(
        settings.database_url,
        settings.db_timeout_seconds,
        settings.db_pool_size,
        settings.db_pool_overflow,
        settings.db_ping_after_idle_seconds,
    )
    with Session(engine) as db:
        gazetteer = referentials.gazetteer(db)
        rome = referentials.rome_referential(db)
    geocoder: Geocoder = BanGeocoder(gazetteer) if settings.geocoder == "ban" else GazetteerGeocoder()
    return Runtime(settings, engine, Places(gazetteer, geocoder), matching_state(settings, gazetteer, rome))


def matching_state(settings: Settings, gazetteer: Gazetteer, rome: RomeReferential) -> MatchingState:
    """Estimated travel times, and the timetables where feeds are loaded (read at the first refresh)."""
    estimate = EstimatedTravelTime(settings.travel.model())
    return MatchingState(
        gazetteer, rome, estimate, provider_loader=lambda db: transit.provider(db, settings.transit, estimate)
    )
