"""Base of every table: SQLModel skips validation for tables, so construction validates here."""

from contextvars import ContextVar
from typing import Any

from pydantic import model_validator
from sqlmodel import SQLModel

_validating: ContextVar[bool] = ContextVar("_validating", default=False)


def _nul_field(value: Any, path: str) -> str | None:
    """The first field, as a dotted path, whose text holds a NUL character."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        return next((f for k, v in value.items() if (f := _nul_field(v, f"{path}.{k}" if path else str(k)))), None)
    if isinstance(value, list | tuple):
        return next((f for i, v in enumerate(value) if (f := _nul_field(v, f"{path}.{i}" if path else str(i)))), None)
    return None


class Input(SQLModel):
    """Base of whatever people send: a NUL character is refused (422 naming the field) before
    anything is stored. PostgreSQL refuses NULs by itself; SQLite would keep them."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        field = _nul_field(data, "") if isinstance(data, dict) else None
        if field:
            raise ValueError(f"{field} : caractère nul refusé")
        return data


class Table(Input):
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
