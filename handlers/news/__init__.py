"""Officials' announcements to the right residents: the archive and subscriptions for
residents (/stop, /start), the composer and the live progress for broadcasters. Importing
the modules registers their handlers in this order."""

from __future__ import annotations

from handlers.news import audience, compose, confirm, paid, progress, residents
from handlers.news.common import flow, resume_flow

__all__ = [
    "audience",
    "compose",
    "confirm",
    "flow",
    "paid",
    "progress",
    "residents",
    "resume_flow",
]
