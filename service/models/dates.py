"""Checks shared by the dated tables."""

from datetime import date


def check_period(start: date | None, end: date | None, end_field: str = "end_date") -> None:
    if start and end and end < start:
        raise ValueError(f"{end_field} : antérieure à la date de début")
