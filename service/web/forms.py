"""Reading HTML forms into the same validated models as the API, with errors per field."""

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import ImmutableMultiDict

from geo.coords import LatLon
from geo.errors import GeoError
from geo.gazetteer import Gazetteer, Located, MatchedBy
from service.http.problems import DomainError, field_errors

M = TypeVar("M", bound=BaseModel)
CODE_IN_BRACKETS = re.compile(r"\((\d[0-9AB]\d{3})\)\s*$")
ROME_CODE = re.compile(r"\b([A-N]\d{4})\b")


class FormErrors(dict[str, str]):
    """Field name → French message, shown next to the field."""


def form_values(data: ImmutableMultiDict[str, Any], lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """Blank fields are left out (the model's default applies); `lists` are multi-valued."""
    out: dict[str, Any] = {}
    for key in data:
        if key == "csrf":
            continue
        values = [v for v in data.getlist(key) if isinstance(v, str) and v.strip()]
        if key in lists:
            out[key] = values
        elif values:
            out[key] = values[-1].strip()
    return out


def parse(model: type[M], values: dict[str, Any], errors: FormErrors) -> M | None:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        for e in field_errors(list(exc.errors())):
            errors.setdefault(e["field"].split(".")[0] or "form", e["message"])
        return None


def record(errors: FormErrors, exc: DomainError | GeoError, default_field: str = "form") -> None:
    errors.setdefault(getattr(exc, "field", None) or default_field, getattr(exc, "detail", None) or str(exc))


def record_refusal(errors: FormErrors, exc: Exception) -> None:
    """A write refused as a whole (the merged record, a domain rule): said above the form, in
    its first line (a pydantic error goes on with details for developers)."""
    errors["form"] = getattr(exc, "detail", None) or str(exc).splitlines()[0]


def row_id(text: object) -> int | None:
    """A form's row number (« 12 »), or None: ASCII digits only (int() would read « ١٢ » and fail on
    « ² »), within a database integer."""
    value = str(text)
    if not (value.isascii() and value.isdigit()) or len(value) > 10 or not 0 < int(value) < 2**31:
        return None
    return int(value)


def place_of(gazetteer: Gazetteer, text: str, near: LatLon | None = None) -> Located:
    """What the commune field holds: "Béthune (62119)" from the suggestions, else what people
    write (a postal code, a name, "62300 Lens", an address line), homonyms near the user first."""
    match = CODE_IN_BRACKETS.search(text)
    if match:
        return Located(gazetteer.by_insee(match.group(1)), MatchedBy.INSEE_CODE)
    return gazetteer.locate(text, near)


def rome_codes_in(text: str) -> list[str]:
    return list(dict.fromkeys(ROME_CODE.findall(text.upper())))
