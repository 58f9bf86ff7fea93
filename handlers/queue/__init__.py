"""The ЦНАП e-queue in the bot: residents book and manage visits (`flow`), operators run their
place's day (`desk_flow`). Importing the modules registers their handlers; the operator
guard in desk comes first because closures imports desk."""

from handlers.queue import closures, desk, details, rating, steps, tickets, wizard
from handlers.queue.flow import desk_flow, flow

__all__ = [
    "closures",
    "desk",
    "desk_flow",
    "details",
    "flow",
    "rating",
    "steps",
    "tickets",
    "wizard",
]
