"""What a running service holds: engine, gazetteer, geocoder, matching state. Built in lifespan."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from geo.french_communes import packaged_communes
from geo.gazetteer import Commune, Gazetteer
from geo.geocoder import BanGeocoder, GazetteerGeocoder, Geocoder
from geo.travel import EstimatedTravelTime
from matching.rome import RomeReferential, packaged_referential, referential_from_rows
from service.db import make_engine
from service.matching_state import MatchingState
from service.models import CommuneEntry, RomeEntry
from service.places import Places
from service.settings import Settings


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


def build_runtime(settings: Settings, engine: Engine | None = None) -> Runtime:
    engine = engine or make_engine(
        settings.database_url, settings.db_timeout_seconds, settings.db_pool_size, settings.db_pool_overflow,
        settings.db_ping_after_idle_seconds,
    )
    with Session(engine) as db:
        gazetteer = Gazetteer([*packaged_communes(), *_imported_communes(db)])
        rome = _referential(db)
    geocoder: Geocoder = BanGeocoder(gazetteer) if settings.geocoder == "ban" else GazetteerGeocoder()
    provider = EstimatedTravelTime(settings.travel.model())
    return Runtime(settings, engine, Places(gazetteer, geocoder), MatchingState(gazetteer, rome, provider))


def _imported_communes(db: Session) -> list[Commune]:
    """Communes loaded by `passerelle geo import-communes` extend or override the packaged ones."""
    return [
        Commune(c.insee_code, c.name, tuple(c.postal_codes), c.department, c.latitude, c.longitude, c.population)
        for c in db.exec(select(CommuneEntry)).all()
    ]


def _referential(db: Session) -> RomeReferential:
    """The imported ROME referential when there is one, else the packaged subset."""
    rows = db.exec(select(RomeEntry)).all()
    if not rows:
        return packaged_referential()
    return referential_from_rows(
        {"code": r.code, "label": r.label, "appellations": "|".join(r.appellations),
         "linked_codes": "|".join(r.linked_codes)} for r in rows
    )
