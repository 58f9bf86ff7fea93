"""The bot's flows, one module or package each. The order is the routing order: flows first,
the fallback last."""

from __future__ import annotations

from ui.flow import Flow


def all_flows() -> list[Flow]:
    from handlers import admin, fallback, linking, menu, mydata, petitions, queue, start

    return [
        start.flow,
        menu.flow,
        mydata.flow,
        queue.flow,
        queue.desk_flow,
        petitions.flow,
        admin.flow,
        linking.flow,
        fallback.flow,
    ]
