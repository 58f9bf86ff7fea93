"""E-appeals and problem reports: residents write and follow them (`flow`), appeals officers
work on them (`desk_flow`). Importing the modules registers their handlers, the officers'
guards first."""

from handlers.appeals import appeal_form, appeal_steps, data, desk, mine, report_desk, report_form
from handlers.appeals.flow import desk_flow, flow

__all__ = [
    "appeal_form",
    "appeal_steps",
    "data",
    "desk",
    "desk_flow",
    "flow",
    "mine",
    "report_desk",
    "report_form",
]
