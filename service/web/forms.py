"""Reading HTML forms into the same validated models as the API, with errors per field."""

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import ImmutableMultiDict

from geo.errors import GeoError
from geo.gazetteer import Commune, Gazetteer
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


def commune_of(gazetteer: Gazetteer, text: str) -> Commune:
    """What the commune field holds: "Béthune (62119)" from the suggestions, a code or a name."""
    match = CODE_IN_BRACKETS.search(text)
    return gazetteer.by_insee(match.group(1)) if match else gazetteer.resolve(text)


def rome_codes_in(text: str) -> list[str]:
    return list(dict.fromkeys(ROME_CODE.findall(text.upper())))
