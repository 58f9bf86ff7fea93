"""The Viber transport of the outbox sender: ViberSession renders the channel-neutral payload
in Viber's markup (its photo by URL, its buttons as a keyboard) and maps Viber's statuses
to aiogram's errors, which `bot_api_errors` turns into the sender's outcomes: "not
subscribed" is Blocked, "too many requests" RetryAfter, a network error or a non-200 answer
Unavailable, a paid message the rules keep back (not opted in, the monthly cap) Withheld,
other refusals Rejected."""

from __future__ import annotations

from aiogram import Bot

from bot.channels.viber.costs import ViberWithheld
from bot.channels.viber.session import ViberSession
from bot.transport import ChannelLimits, Withheld
from bot.transport_telegram import bot_api_errors
from storage.payload import Payload

CHANNEL = "viber"


class ViberTransport:
    def __init__(
        self, bot: Bot, session: ViberSession, *, limits: ChannelLimits | None = None
    ) -> None:
        self.channel = CHANNEL
        # Viber publishes no rate limit for send_message; the sender's default pace is safe.
        self.limits = limits or ChannelLimits()
        self._bot = bot
        self._session = session

    async def send(self, chat_id: str, payload: Payload) -> str:
        with bot_api_errors():
            try:
                return str(await self._session.send_payload(self._bot, chat_id, payload))
            except ViberWithheld as error:
                raise Withheld(error.code, error.message) from error
