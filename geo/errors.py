"""Geo errors: plain exceptions carrying the offending value, mapped to 4xx by the service."""


class GeoError(ValueError):
    """Base class: `field` names the input at fault, `value` what was given."""

    def __init__(self, message: str, *, field: str, value: object) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class UnknownCommune(GeoError):
    def __init__(self, value: str, field: str = "commune") -> None:
        super().__init__(f"Commune inconnue : {value!r}", field=field, value=value)


class UnknownPostalCode(GeoError):
    def __init__(self, value: str, field: str = "postal_code") -> None:
        super().__init__(f"Code postal inconnu : {value!r}", field=field, value=value)


class InvalidCoordinates(GeoError):
    def __init__(self, lat: float, lon: float, field: str = "coordinates") -> None:
        super().__init__(
            f"Coordonnées hors limites : latitude {lat}, longitude {lon}",
            field=field,
            value=(lat, lon),
        )
