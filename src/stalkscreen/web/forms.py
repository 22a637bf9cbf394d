"""Reading form and query values, with messages that name the field."""

from __future__ import annotations

import datetime as dt

from stalkscreen.errors import StalkscreenError


class FieldError(StalkscreenError):
    def __init__(self, field: str, message: str, hint: str | None = None):
        super().__init__(f"{field}: {message}", hint)
        self.field = field


def text(values, field: str, required: bool = False, max_length: int = 500) -> str | None:
    value = (values.get(field) or "").strip()
    if required and not value:
        raise FieldError(field, "is required")
    if len(value) > max_length:
        raise FieldError(field, f"is {len(value)} characters; at most {max_length}")
    return value or None


def date(values, field: str) -> dt.date | None:
    value = text(values, field, max_length=20)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(field, f"'{value}' is not a date", hint="write dates as YYYY-MM-DD, e.g. 2025-03-31") from None


def number(values, field: str, default: int, low: int, high: int) -> int:
    value = text(values, field, max_length=12)
    if value is None:
        return default
    try:
        result = int(value)
    except ValueError:
        raise FieldError(field, f"'{value}' is not a whole number") from None
    if not low <= result <= high:
        raise FieldError(field, f"must be between {low} and {high}, not {result}")
    return result


def choice(values, field: str, options: tuple[str, ...], default: str | None = None) -> str | None:
    value = text(values, field, max_length=40)
    if value is None:
        return default
    if value not in options:
        raise FieldError(field, f"'{value}' is not one of {', '.join(options)}")
    return value
