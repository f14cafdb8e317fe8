"""Checks shared by the dated tables."""

from datetime import date


def check_period(start: date | None, end: date | None, end_field: str = "end_date") -> None:
    if start and end and end < start:
        raise ValueError(f"{end_field} : antérieure à la date de début")


def as_date(value: object) -> date | None:
    """Dates read back from JSON columns (or SQLite) come as ISO strings."""
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))
