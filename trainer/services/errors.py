"""Domain errors raised by services; the web layer turns them into statuses and form errors."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the errors a service raises on purpose."""


class NotFound(ServiceError):
    """The object does not exist, or this person may not know that it does."""


class Forbidden(ServiceError):
    """This person may see the object but not do this to it."""


class Invalid(ServiceError):
    """The input cannot be used; the message says why (and `field`, which input)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Throttled(ServiceError):
    """Too many attempts; `minutes` says how long to wait."""

    def __init__(self, message: str, minutes: int):
        super().__init__(message)
        self.minutes = minutes
