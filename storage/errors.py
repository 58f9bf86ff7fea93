"""The domain's typed errors: every rule a resident or official should be told about in words
is a DomainError subclass. Services raise them; the bot answers each kind in one place
(ui.errors and the flows' `@flow.answers`), never with the generic apology."""

# Error names read as outcomes (ConsentRequired), as the handlers expect them.
# ruff: noqa: N818

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.database import Database


class DomainError(Exception):
    """Base of every rule the bot explains to the person who ran into it."""


class ConsentRequired(DomainError):
    """Personal data (a name, a phone number) may be stored only while consent is given."""


class NoticeNotAnswered(DomainError):
    """Onboarding ends only after the resident has seen and answered the data notice."""


async def require_consent(db: Database, resident_id: int) -> None:
    """Raise ConsentRequired unless the resident's consent is given (call it in the
    transaction that stores their name, phone or e-mail)."""
    consent = await db.fetchval("SELECT consent FROM residents WHERE id = ?", (resident_id,))
    if consent != "given":
        raise ConsentRequired()
