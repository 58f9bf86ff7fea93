"""E-appeals and problem reports: residents write and follow them (`flow`), appeals officers
work on them (`desk_flow`). Importing the modules registers their handlers, the officers'
guards first."""

from handlers.appeals import (
    appeal_form,
    appeal_steps,
    data,
    deadlines,
    desk,
    inbox,
    mine,
    priority,
    report_desk,
    report_form,
)
from handlers.appeals.flow import desk_flow, flow

__all__ = [
    "appeal_form",
    "appeal_steps",
    "data",
    "deadlines",
    "desk",
    "desk_flow",
    "flow",
    "inbox",
    "mine",
    "priority",
    "report_desk",
    "report_form",
]
