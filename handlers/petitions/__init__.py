"""E-petitions in the bot (Article 23-1 of the Law «Про звернення громадян»): residents create,
sign and follow petitions without leaving the chat; moderators publish or refuse them and
record the council's answer. Importing the modules registers their handlers in this order."""

from __future__ import annotations

from handlers.petitions import browse, create, create_preview, data, jobs, moderate, sign
from handlers.petitions.common import flow

__all__ = ["browse", "create", "create_preview", "data", "flow", "jobs", "moderate", "sign"]
