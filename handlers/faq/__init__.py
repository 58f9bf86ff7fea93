"""The FAQ in the bot: residents browse it or just type a question (`flow`), officials see
what it could not answer (`stats_flow`)."""

from handlers.faq.flow import flow
from handlers.faq.screens import UNANSWERED_OFFERS, Offer
from handlers.faq.stats import stats_flow

__all__ = ["UNANSWERED_OFFERS", "Offer", "flow", "stats_flow"]
