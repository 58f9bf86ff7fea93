"""The bot's flows, one module or package each. The order is the routing order: flows first,
the fallback last."""

from __future__ import annotations

from ui.flow import Flow


def all_flows() -> list[Flow]:
    from handlers import admin, contact, fallback, menu, mydata, queue, start

    return [
        start.flow,
        menu.flow,
        mydata.flow,
        contact.flow,
        queue.flow,
        queue.desk_flow,
        admin.flow,
        fallback.flow,
    ]
