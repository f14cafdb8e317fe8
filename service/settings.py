"""All configuration, from the environment (PASSERELLE_* or the names given), with safe defaults."""

from dataclasses import replace
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from geo.travel import TravelModel
from matching.scoring import Weights

DEV_SECRET = "dev-only-secret-change-me"


_TRAVEL = TravelModel()  # the estimate's constants and their sources: geo/travel.py, docs/geo.md


class TravelSettings(BaseModel):
    """What a deployment may tune of the travel-time estimate; the defaults are the model's own."""

    walk_kph: float = Field(default=_TRAVEL.walk.speed_kph, gt=0)
    bike_kph: float = Field(default=_TRAVEL.bike.speed_kph, gt=0)
    moped_kph: float = Field(default=_TRAVEL.moped.speed_kph, gt=0)
    car_kph: float = Field(default=_TRAVEL.car.speed_kph, gt=0)
    car_town_kph: float = Field(default=_TRAVEL.car_town_speed_kph, gt=0)
    public_transport_urban_kph: float = Field(default=_TRAVEL.public_transport_urban.speed_kph, gt=0)
    public_transport_rural_kph: float = Field(default=_TRAVEL.public_transport_rural.speed_kph, gt=0)
    public_transport_urban_wait_minutes: float = Field(default=_TRAVEL.public_transport_urban.fixed_minutes, ge=0)
    public_transport_rural_wait_minutes: float = Field(default=_TRAVEL.public_transport_rural.fixed_minutes, ge=0)
    urban_min_population: int = Field(default=_TRAVEL.urban_min_population, ge=0)

    def model(self) -> TravelModel:
        return replace(
            _TRAVEL,
            walk=replace(_TRAVEL.walk, speed_kph=self.walk_kph),
            bike=replace(_TRAVEL.bike, speed_kph=self.bike_kph),
            moped=replace(_TRAVEL.moped, speed_kph=self.moped_kph),
            car=replace(_TRAVEL.car, speed_kph=self.car_kph),
            car_town_speed_kph=self.car_town_kph,
            public_transport_urban=replace(
                _TRAVEL.public_transport_urban,
                speed_kph=self.public_transport_urban_kph,
                fixed_minutes=self.public_transport_urban_wait_minutes,
            ),
            public_transport_rural=replace(
                _TRAVEL.public_transport_rural,
                speed_kph=self.public_transport_rural_kph,
                fixed_minutes=self.public_transport_rural_wait_minutes,
            ),
            urban_min_population=self.urban_min_population,
        )


class TransitSettings(BaseModel):
    """Public-transport timetables (`passerelle transit import`): the morning they describe and
    the walks around them (docs/geo.md)."""

    reference_day: date | None = None  # default: the next Tuesday outside school holidays
    school_zone: str = Field(default="B", pattern="^[ABC]$")  # Hauts-de-France: zone B
    window_start: time = time(6, 30)
    last_departure: time = time(9, 0)
    arrive_by: time = time(9, 30)
    departures: list[time] = [time(6, 30), time(7, 0), time(7, 30), time(8, 0), time(8, 30)]
    max_walk_km: float = Field(default=1.0, gt=0, le=5)  # from a door to a stop, from a stop to the option
    transfer_km: float = Field(default=0.3, ge=0, le=2)
    min_transfer_minutes: int = Field(default=2, ge=0, le=30)
    cover_km: float = Field(
        default=1.0, gt=0, le=50
    )  # a town hall or an option this close to a stop: served by the feeds


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PASSERELLE_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    environment: str = "development"
    database_url: str = Field(
        default=f"sqlite:///{Path('passerelle.db').resolve()}",
        validation_alias=AliasChoices("DATABASE_URL", "PASSERELLE_DATABASE_URL"),
    )
    db_timeout_seconds: float = Field(default=5.0, gt=0)
    db_ping_after_idle_seconds: float = Field(
        default=1.0, ge=0
    )  # a pooled connection idle longer is checked before use
    # Requests at work at once per worker (service/http/admission.py): fewer than database connections,
    # so that no request holds a thread while it waits for one. The others wait their turn, up to
    # `db_timeout_seconds`.
    active_requests: int = Field(default=6, gt=0)
    db_pool_size: int = Field(default=10, gt=0)
    db_pool_overflow: int = Field(default=5, ge=0)
    worker_threads: int = Field(default=40, gt=0)
    max_concurrent_requests: int = Field(
        default=200, gt=0
    )  # connections and requests a worker takes before it sheds load
    secret_key: str = DEV_SECRET
    access_token_minutes: int = Field(default=60, gt=0)  # bearer tokens from the login route
    # Tokens made by `passerelle users create --token`: they expire too, unless made long-lived
    # for a machine account (a partner's system), which `passerelle users list` shows.
    api_token_days: int = Field(default=90, gt=0)
    api_token_max_days: int = Field(default=365, gt=0)
    geocoder: str = "gazetteer"  # or "ban" for street-level geocoding (network)
    travel: TravelSettings = TravelSettings()
    weights: Weights = Weights()
    retention_months: int = Field(default=24, gt=0)
    # Background tiles for the pages' maps, e.g. a Mission Locale's own tile server; none by
    # default, so that no page loads anything from another site.
    map_tile_url: str = ""
    # Shown when few options fit: what the territory offers to get further (a Mission Locale sets
    # its own, e.g. PASSERELLE_MOBILITY_AIDS='["Aide au permis (Région)", "Garage solidaire"]').
    mobility_aids: list[str] = [
        "Aide au permis de conduire (Mission Locale, Région, France Travail)",
        "Location de vélo à assistance électrique ou de scooter à petit prix",
        "Covoiturage solidaire et transport à la demande du territoire",
        "Aide aux frais de déplacement pendant une formation ou une immersion",
    ]
    transit: TransitSettings = TransitSettings()
    # A positioning the host has not answered: reminded after this many days, closed « sans
    # réponse » after that many (the youth may then be positioned elsewhere).
    # E-mail through SMTP (none configured: notifications stay in the application).
    smtp_host: str = ""
    smtp_port: int = Field(default=587, gt=0, lt=65536)
    smtp_tls: bool = True  # STARTTLS
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = "Passerelle <ne-pas-repondre@passerelle.example>"
    public_url: str = "http://127.0.0.1:8000"  # links in e-mails
    remind_after_days: int = Field(default=10, gt=0)
    close_after_days: int = Field(default=30, gt=0)
    import_max_bytes: int = Field(default=100 * 2**20, gt=0)  # the largest file an import accepts
    max_body_bytes: int = Field(default=2**20, gt=0)  # any other request body (forms, JSON)
    body_read_timeout_seconds: float = Field(default=5.0, gt=0)  # silence while a body arrives: 408
    login_rate_limit: str = "10/minute"  # per client address, for the login forms
    public_rate_limit: str = "300/minute"  # per client address, for the open autocompletion
    # Where those limits count: "memory://" in each worker process (N workers let N times as much
    # through), or "redis://host:6379/0", one count for every worker and host.
    rate_limit_storage: str = "memory://"
    # Addresses of the reverse proxies whose X-Forwarded-For / -Proto are believed (comma-separated
    # IPs or networks); none by default, so that no client can pose as another to the rate limits.
    trusted_proxies: str = ""

    @field_validator("rate_limit_storage")
    @classmethod
    def _known_store(cls, uri: str) -> str:
        if uri.split("://")[0] not in ("memory", "redis", "rediss"):
            raise ValueError("memory:// or redis://host:port/db (rediss:// for TLS)")
        return uri

    @model_validator(mode="after")
    def _no_dev_secret_in_production(self) -> "Settings":
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("PASSERELLE_SECRET_KEY must be set in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
