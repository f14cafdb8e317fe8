"""The plain data matching works on: matchable items and youth profiles.

A `YouthProfile` has no gender, nationality or neighbourhood field at all: equal treatment is
enforced by what matching can see, not by remembering to ignore it.
"""

from calendar import isleap
from dataclasses import dataclass
from datetime import date

from geo.coords import LatLon
from geo.travel import Origin, TravelMode
from matching.vocabulary import INFRA_3, NO_REQUIREMENT, ItemKind


@dataclass(frozen=True, slots=True)
class Item:
    """A training session or an offer, as the index sees it."""

    kind: ItemKind
    id: int
    organisation_id: int
    organisation_name: str
    title: str
    rome_codes: tuple[str, ...]
    lat: float
    lon: float
    commune_name: str = ""
    insee_code: str = ""
    required_level: int = NO_REQUIREMENT  # entry level for a session, level required for an offer
    target_level: int = 0  # the level a session leads to; 0 for offers and trainings certifying none
    start_date: date | None = None
    end_date: date | None = None  # session end, or the offer's expiry
    permanent_entry: bool = False
    late_entry_allowed: bool = False
    places_left: int | None = 1  # None: not stated (taken as room, see scoring.UNSTATED_PLACES)
    min_age: int | None = None
    max_age: int | None = None
    minors_accepted: bool = True
    driving_licence_required: bool = False
    closed: bool = False

    @property
    def key(self) -> tuple[bool, int]:
        """Sessions and offers have separate id spaces."""
        return (self.kind is ItemKind.SESSION, self.id)


DEFAULT_ORIGIN = Origin(LatLon(50.53, 2.64))  # Béthune: the tests' and examples' default home


@dataclass(frozen=True, slots=True)
class YouthProfile:
    mission_locale_id: int
    birth_date: date
    level: int = INFRA_3
    wished_rome_codes: tuple[str, ...] = ()
    wishes_text: str = ""
    origin: Origin = DEFAULT_ORIGIN
    travel_modes: tuple[TravelMode, ...] = (TravelMode.WALK,)
    driving_licence: bool = False
    max_travel_minutes: int = 45
    available_from: date | None = None
    rqth: bool = False
    iae_eligible: bool = False

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def birthday_in(self, year: int) -> date:
        """The day the youth turns a year older in `year` (1 March for 29 February in a common year,
        as `age_on` counts it)."""
        born = self.birth_date
        return date(year, 3, 1) if (born.month, born.day) == (2, 29) and not isleap(year) else born.replace(year=year)


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
