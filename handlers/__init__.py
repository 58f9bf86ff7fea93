"""The bot's flows, one module or package each. The order is the routing order: flows first,
the fallback last."""

from __future__ import annotations

from ui.flow import Flow


def all_flows() -> list[Flow]:
    from handlers import (
        admin,
        appeals,
        contact,
        fallback,
        faq,
        linking,
        menu,
        mydata,
        news,
        petitions,
        queue,
        start,
    )

    return [
        # /start after /stop: announcements back on, then /start as usual.
        news.resume_flow,
        start.flow,
        menu.flow,
        mydata.flow,
        contact.flow,
        queue.flow,
        queue.desk_flow,
        petitions.flow,
        appeals.flow,
        appeals.desk_flow,
        news.flow,
        admin.flow,
        linking.flow,
        faq.stats_flow,
        # Before the fallback: text typed outside a form is a question.
        faq.flow,
        fallback.flow,
    ]
