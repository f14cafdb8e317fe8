"""Travel time by the modes a youth really has.

`TravelTimeProvider` is the seam: `EstimatedTravelTime` derives minutes from the
great-circle distance with a detour factor and a speed per mode; a routing engine
(OSRM, Valhalla, GTFS timetables) can implement the same protocol later without any
change in `matching/`. The constants and their rationale live in `TravelModel`;
docs/geo.md explains them for advisers.
"""

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

import numpy as np

from geo.coords import LatLon
from geo.distance import haversine_km


class TravelMode(StrEnum):
    WALK = "walk"
    BIKE = "bike"
    PUBLIC_TRANSPORT = "public_transport"
    MOPED = "moped"
    CAR = "car"


MODE_LABELS_FR = {
    TravelMode.WALK: "à pied",
    TravelMode.BIKE: "à vélo",
    TravelMode.PUBLIC_TRANSPORT: "en transports en commun",
    TravelMode.MOPED: "en deux-roues motorisé",
    TravelMode.CAR: "en voiture",
}


@dataclass(frozen=True, slots=True)
class ModeSpeed:
    """Road distance = crow-fly distance x detour_factor, covered at speed_kph after fixed_minutes."""

    speed_kph: float
    detour_factor: float
    fixed_minutes: float = 0.0


@dataclass(frozen=True, slots=True)
class TravelModel:
    # Walking 4.5 km/h: the usual urban-planning figure (4-5 km/h), lower end for carrying bags.
    walk: ModeSpeed = field(default_factory=lambda: ModeSpeed(4.5, 1.3))
    # Utility cycling averages 14-16 km/h door to door (Cerema surveys); roads are fairly direct.
    bike: ModeSpeed = field(default_factory=lambda: ModeSpeed(15.0, 1.25))
    # A moped is capped at 45 km/h; 30 km/h average with junctions and villages.
    moped: ModeSpeed = field(default_factory=lambda: ModeSpeed(30.0, 1.3, 2.0))
    # Car: parking and starting cost a few minutes; the first km are town streets, the rest roads.
    car: ModeSpeed = field(default_factory=lambda: ModeSpeed(75.0, 1.3, 3.0))
    car_town_km: float = 5.0
    car_town_speed_kph: float = 30.0
    # Public transport: walking to the stop and waiting weigh most; outside towns services are
    # rarer (longer wait) and routes wind through villages (slower).
    public_transport_urban: ModeSpeed = field(default_factory=lambda: ModeSpeed(20.0, 1.3, 10.0))
    public_transport_rural: ModeSpeed = field(default_factory=lambda: ModeSpeed(18.0, 1.3, 20.0))
    urban_min_population: int = 10_000


# Places known by their commune only sit on its town hall: one in the youth's own commune would be
# 0 km away. Such a journey is counted as a typical one within the commune instead (docs/geo.md).
SAME_POINT_KM = 0.05
TOWN_DENSITY = 2_000.0  # inhabitants per km² of a French town's built-up area...
DENSE_FROM = 25_000  # ...denser in cities: about 4,600/km² in Amiens, 6,100 in Lille (INSEE: 6,700)
MIN_TOWN_AREA_KM2 = 0.5
MEAN_DISC_DISTANCE = 0.905  # mean distance between two random points of a disc, in radii


def in_town_km(population: int) -> float:
    """Typical crow-fly distance between two places of one commune, from its population: the
    built-up area grows with it, and two places of a disc of radius R lie 0.9 R apart on average."""
    density = TOWN_DENSITY * math.sqrt(max(population / DENSE_FROM, 1.0))
    area = max(population / density, MIN_TOWN_AREA_KM2)
    return round(MEAN_DISC_DISTANCE * math.sqrt(area / math.pi), 2)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a journey starts; `urban` picks the public-transport profile of the estimate;
    `in_town_km` is a journey's length within the origin's own commune."""

    point: LatLon
    urban: bool = False
    in_town_km: float = 0.0
    commune: str = ""  # its INSEE code, when known: timetables are computed per commune

    def distances_km(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Crow-fly distances to each place; one on the origin's own point is a journey in town."""
        km = haversine_km(self.point, lats, lons)
        return np.where(km < SAME_POINT_KM, np.maximum(km, self.in_town_km), km)


def home_origin(lat: float, lon: float, population: int, travel: TravelModel, commune: str = "") -> Origin:
    """Where a youth's journeys start; a town big enough has the town's public transport."""
    return Origin(LatLon(lat, lon), population >= travel.urban_min_population, in_town_km(population), commune)


@dataclass(frozen=True, slots=True)
class Journey:
    """How a youth gets to one place by public transport, in words (a timetable's answer)."""

    minutes: float
    text: str


class TravelTimeProvider(Protocol):
    @property
    def model(self) -> TravelModel:
        """Its speeds, and the town size that has public transport (an origin's `urban`)."""
        ...

    def minutes(self, origin: Origin, lats: np.ndarray, lons: np.ndarray, modes: tuple[TravelMode, ...]) -> np.ndarray:
        """Door-to-door minutes from `origin` to each destination, one row per mode."""
        ...

    def describe_all(self, origin: Origin, lats: np.ndarray, lons: np.ndarray) -> list[Journey | None]:
        """The public-transport journey behind each place's time, when timetables give it."""
        ...

    def reach_km(self, origin: Origin, mode: TravelMode, minutes: float) -> float:
        """An upper bound of the crow-fly distance reachable in `minutes` (to prune a search)."""
        ...


class EstimatedTravelTime:
    """Distance-based estimate; no network, no timetable."""

    def __init__(self, model: TravelModel | None = None) -> None:
        self.model = model or TravelModel()

    def minutes(self, origin: Origin, lats: np.ndarray, lons: np.ndarray, modes: tuple[TravelMode, ...]) -> np.ndarray:
        distance_km = origin.distances_km(lats, lons)
        rows = [self.minutes_for_distance(distance_km, m, origin.urban) for m in modes]
        return np.vstack(rows) if rows else np.empty((0, len(lats)))

    def minutes_for_distance(self, distance_km: np.ndarray, mode: TravelMode, urban: bool = False) -> np.ndarray:
        speed = self._speed(mode, urban)
        road_km = np.asarray(distance_km, dtype=np.float64) * speed.detour_factor
        if mode is TravelMode.CAR:
            return speed.fixed_minutes + self._car_driving_minutes(road_km)
        return speed.fixed_minutes + road_km / speed.speed_kph * 60.0

    def describe_all(self, origin: Origin, lats: np.ndarray, lons: np.ndarray) -> list[Journey | None]:
        return [None] * len(lats)  # no timetable: the time is an estimate, said as such by the pages

    def reach_km(self, origin: Origin, mode: TravelMode, minutes: float) -> float:
        speed = self._speed(mode, origin.urban)
        driving = max(0.0, minutes - speed.fixed_minutes)
        if mode is TravelMode.CAR:
            m = self.model
            town_minutes = m.car_town_km / m.car_town_speed_kph * 60.0
            road_km = (
                driving * m.car_town_speed_kph / 60.0
                if driving <= town_minutes
                else m.car_town_km + (driving - town_minutes) * speed.speed_kph / 60.0
            )
        else:
            road_km = driving * speed.speed_kph / 60.0
        return road_km / speed.detour_factor

    def _car_driving_minutes(self, road_km: np.ndarray) -> np.ndarray:
        m = self.model
        town_km = np.minimum(road_km, m.car_town_km)
        return np.asarray(town_km / m.car_town_speed_kph * 60.0 + (road_km - town_km) / m.car.speed_kph * 60.0)

    def _speed(self, mode: TravelMode, urban: bool) -> ModeSpeed:
        if mode is TravelMode.PUBLIC_TRANSPORT:
            return self.model.public_transport_urban if urban else self.model.public_transport_rural
        speed: ModeSpeed = getattr(self.model, mode.value)
        return speed


@dataclass(frozen=True, slots=True)
class BestTravel:
    """Per destination: best minutes over the youth's modes and which mode gives it."""

    minutes: np.ndarray
    mode_index: np.ndarray  # index into `modes`
    modes: tuple[TravelMode, ...]

    def reachable(self, max_minutes: float) -> np.ndarray:
        return self.minutes <= max_minutes

    def mode_at(self, i: int) -> TravelMode:
        return self.modes[int(self.mode_index[i])]

    def take(self, which: np.ndarray) -> "BestTravel":
        """The same, for a subset of the destinations (a mask or indices)."""
        return BestTravel(self.minutes[which], self.mode_index[which], self.modes)


def best_travel(
    provider: TravelTimeProvider,
    origin: Origin,
    lats: np.ndarray,
    lons: np.ndarray,
    modes: tuple[TravelMode, ...],
) -> BestTravel:
    """Fastest of the youth's own modes for each destination; inf when they have no mode."""
    if not modes:
        inf = np.full(len(lats), np.inf)
        return BestTravel(inf, np.zeros(len(lats), dtype=np.int8), ())
    per_mode = provider.minutes(origin, lats, lons, modes)
    best = per_mode.argmin(axis=0)
    return BestTravel(per_mode[best, np.arange(per_mode.shape[1])], best.astype(np.int8), modes)


@dataclass(frozen=True, slots=True)
class Trip:
    minutes: float
    mode: TravelMode | None
    within_max: bool


def trip_for_youth(
    provider: TravelTimeProvider,
    origin: Origin,
    destination: LatLon,
    modes: tuple[TravelMode, ...],
    max_minutes: float,
) -> Trip:
    """One destination: the best time, the mode used, and whether it fits the youth's maximum."""
    best = best_travel(provider, origin, np.array([destination.lat]), np.array([destination.lon]), modes)
    minutes = float(best.minutes[0])
    mode = best.mode_at(0) if modes else None
    return Trip(minutes, mode, minutes <= max_minutes)
