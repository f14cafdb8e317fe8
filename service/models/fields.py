"""Validated field types shared by the tables and the API schemas."""

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema
from sqlalchemy import Enum as SAEnum

from matching.model import age_on
from matching.vocabulary import INFRA_3, LEVELS, NO_REQUIREMENT

MAX_ID = 2_147_483_647  # ids are 32-bit integers in the database
# A reference to another row: out-of-range ids are refused as input, before any query.
RefId = Annotated[int, Ge(1), Le(MAX_ID)]


def utcnow() -> datetime:
    return datetime.now(UTC)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def check_siret(value: str) -> str:
    siret = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{14}", siret):
        raise ValueError("un SIRET a 14 chiffres")
    # La Poste's establishments (SIREN 356000000) follow a sum-of-digits rule instead of Luhn.
    valid = sum(map(int, siret)) % 5 == 0 if siret.startswith("356000000") else luhn_ok(siret)
    if not valid:
        raise ValueError("SIRET invalide (clé de contrôle)")
    return siret


def check_rome(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-N]\d{4}", code):
        raise ValueError(f"code ROME invalide : {value!r} (une lettre A-N et 4 chiffres)")
    return code


def check_insee(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"(\d{2}|2[AB])\d{3}", code):
        raise ValueError(f"code INSEE invalide : {value!r}")
    return code


def _parse_level(value: Any, low_token: str, low_ints: tuple[int, ...], low: int) -> int:
    if value == low_token or (isinstance(value, int) and value in low_ints):
        return low
    try:
        level = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"niveau attendu : {low_token!r} ou 3 à 8") from None
    if level not in LEVELS:
        raise ValueError(f"niveau attendu : {low_token!r} ou 3 à 8")
    return level


def _level_type(low_token: str, low_ints: tuple[int, ...], low: int) -> Any:
    schema = {"anyOf": [{"const": low_token}, {"type": "integer", "minimum": min(low_ints), "maximum": 8}]}
    return Annotated[
        int,
        BeforeValidator(lambda v: _parse_level(v, low_token, low_ints, low)),
        PlainSerializer(lambda v: low_token if v == low else v, return_type=Any),
        WithJsonSchema(schema),
    ]


# A youth's highest qualification: "infra_3" (no diploma; national levels 1 and 2 mean the same).
YouthLevel = _level_type("infra_3", (1, 2), INFRA_3)
# What an item requires: "none" (or 0) or 3-8.
RequiredLevel = _level_type("none", (0,), NO_REQUIREMENT)
Siret = Annotated[str, AfterValidator(check_siret)]
RomeCode = Annotated[str, AfterValidator(check_rome)]
InseeCode = Annotated[str, AfterValidator(check_insee)]

# Youths are 16-25 (up to 30 with a RQTH), some followed from 13 (school drop-outs) and files kept a
# few years: an age outside 13-40 on the day of the request is a typing error.
AGE_RANGE = (13, 40)


def check_birth_date(value: date) -> date:
    years = age_on(value, datetime.now(UTC).date())
    if not AGE_RANGE[0] <= years <= AGE_RANGE[1]:
        raise ValueError(f"birth_date : un âge entre {AGE_RANGE[0]} et {AGE_RANGE[1]} ans est attendu ({years} ans)")
    return value


BirthDate = Annotated[date, AfterValidator(check_birth_date)]


def enum_type(enum: type[StrEnum], column: str) -> SAEnum:
    """Store an enum's values (not its names) as a checked string, the same on every database."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        name=f"ck_{column}_values",
    )
