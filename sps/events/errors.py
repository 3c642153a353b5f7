from sps.common.errors import DomainError


class EventError(DomainError):
    """A refused change to an event (its sessions, speakers, questions) — see DomainError."""


class RegistrationError(DomainError):
    """A refused registration, change or cancellation, explained in French (see DomainError)."""
