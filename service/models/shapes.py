"""Shapes every domain's schemas build on: coordinates that may be left out, and PATCH twins."""

from typing import Any, cast

from pydantic import create_model
from sqlmodel import Field, SQLModel

from service.models.base import Input


class Located(Input):
    """Coordinates may be left out: the commune (or the address, when geocoding is on) gives them."""

    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


def partial(model: type[SQLModel], name: str) -> type[SQLModel]:
    """An all-optional twin of `model` for PATCH; the merged result is validated in full."""
    fields: dict[str, Any] = {
        field: (cast(Any, info.annotation) | None, None) for field, info in model.model_fields.items()
    }
    return create_model(name, __base__=Input, **fields)
