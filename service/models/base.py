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

    @property
    def pk(self) -> int:
        """The row's id, once it is stored (flushed): where a stored row's id is needed as an int."""
        value = getattr(self, "id", None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__} has no id before it is stored")
        return int(value)

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Any:
        token = _validating.set(True)
        try:
            return super().model_validate(obj, **kwargs)
        finally:
            _validating.reset(token)
