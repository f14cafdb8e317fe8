from typing import Any

from pydantic import create_model
from sqlmodel import SQLModel


def partial(model: type[SQLModel], name: str, exclude: tuple[str, ...] = ()) -> type[SQLModel]:
    """An all-optional twin of `model` for PATCH; the merged result is validated in full."""
    fields: dict[str, Any] = {
        field: (info.annotation | None, None)
        for field, info in model.model_fields.items()
        if field not in exclude
    }
    return create_model(name, __base__=SQLModel, **fields)
