"""E-mail addresses residents type (appeals, petitions): checked for form, never sent to."""

from __future__ import annotations

# The longest address SMTP carries (RFC 5321 with its errata).
EMAIL_LIMIT = 254


def clean_email(text: str) -> str | None:
    """The address in its normal form, or None when it is not one."""
    # Here, not at the top: email_validator compiles its grammar on import (about 30 ms of
    # every start-up), and most runs see no address for a while.
    from email_validator import EmailNotValidError, validate_email

    value = text.strip()
    if len(value) > EMAIL_LIMIT:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None
