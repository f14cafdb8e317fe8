"""Base of every table: SQLModel skips validation for tables, so construction validates here."""

from contextvars import ContextVar
from typing import Any

from sqlmodel import SQLModel

_validating: ContextVar[bool] = ContextVar("_validating", default=False)


class Table(SQLModel):
    def __init__(self, **data: Any) -> None:
        # Table models are built without validation; refuse bad input at construction instead,
        # with pydantic's error naming the field, and keep the validated (coerced) values.
        if _validating.get():
            super().__init__(**data)  # the bare instance model_validate builds for itself
            return
        checked = type(self).model_validate(data)
        super().__init__(**{name: getattr(checked, name) for name in data})

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        token = _validating.set(True)
        try:
            return super().model_validate(obj, **kwargs)
        finally:
            _validating.reset(token)
