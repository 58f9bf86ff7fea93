"""What residents and officers type into appeals and reports, checked in one place. Each
check returns None for input to ask again about. Names use the e-queue's rule."""

from __future__ import annotations

from storage.email_address import clean_email
from storage.queue.rules import clean_name, squeeze

__all__ = [
    "ADDRESS_LENGTH",
    "BODY_LIMIT",
    "DESCRIPTION_LIMIT",
    "clean_address",
    "clean_body",
    "clean_description",
    "clean_email",
    "clean_name",
    "clean_note",
]

BODY_LIMIT = 4000
BODY_SHORTEST = 10
DESCRIPTION_LIMIT = 1000
DESCRIPTION_SHORTEST = 5
ADDRESS_LENGTH = (5, 200)
NOTE_LENGTH = (3, 2000)  # an officer's question, reason, answer or comment


def clean_body(text: str) -> str | None:
    """An appeal's substance: line breaks kept, at most BODY_LIMIT characters."""
    body = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return body if BODY_SHORTEST <= len(body) <= BODY_LIMIT else None


def clean_description(text: str) -> str | None:
    description = squeeze(text)
    return description if DESCRIPTION_SHORTEST <= len(description) <= DESCRIPTION_LIMIT else None


def clean_address(text: str) -> str | None:
    address = squeeze(text)
    shortest, longest = ADDRESS_LENGTH
    if not shortest <= len(address) <= longest or not any(ch.isalpha() for ch in address):
        return None
    return address


def clean_note(text: str) -> str | None:
    note = text.strip()
    shortest, longest = NOTE_LENGTH
    return note if shortest <= len(note) <= longest else None
