"""Why an appeal or report action was refused; each maps to one message for the resident or
official."""

# ruff: noqa: N818  (names say what happened, like storage/queue/errors.py)
from __future__ import annotations

from storage import errors


class AppealError(errors.DomainError):
    """Base of every refusal in the appeals domain."""


class ConsentRequired(AppealError, errors.ConsentRequired):
    """Personal fields are stored only after the resident's consent."""


class MissingField(AppealError):
    """An appeal without what the law requires (name, address, contact, substance)."""

    def __init__(self, field: str) -> None:
        super().__init__(f"the appeal lacks {field}")
        self.field = field


class OutsideCommunity(AppealError):
    """A location too far from the community's centre."""


class NotFound(AppealError):
    pass


class WrongStatus(AppealError):
    """The action does not fit the current status (another officer acted first, say)."""


class ExtensionTooLong(AppealError):
    """Past the 45 days in total the law allows."""


class NoStudyTooLate(AppealError):
    """Marked as needing no additional study after its 15 days had already passed."""
