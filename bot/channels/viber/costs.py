"""What a Viber message costs and what it shows: the ViberSession asks here before it sends.

Replies and anything within the user's 24-hour session are free. Anything else the bot sends
on its own is paid (storage/costs.py): an outbox row goes on a topic the resident opted into
and within VIBER__MONTHLY_CAP, charged once however often it is tried; any other send is
counted against the cap. What may not go raises ViberWithheld, which the Viber transport
turns into the sender's Withheld (skipped, with its code).

A photo that is not a URL (a Telegram file id) is shown through a signed link when there is
one (bot/channels/media); without, the message goes without it."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Protocol

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import TelegramMethod

from bot.channels.viber.ids import ViberUser
from bot.middlewares import handling_update
from storage.costs import Admission, PaidMessages
from storage.payload import Payload, is_url
from storage.timeutil import Clock

log = logging.getLogger(__name__)

CHANNEL = "viber"


class ViberWithheld(TelegramBadRequest):
    """A paid message the rules keep back; `code` is the outbox's skip code."""

    code = Admission.NOT_OPTED_IN.value


class ViberMonthlyCapReached(ViberWithheld):
    """VIBER__MONTHLY_CAP bot-initiated messages were sent this month: no more until the next."""

    code = Admission.CAPPED.value


class PhotoSource(Protocol):
    async def url_for(self, ref: str) -> str | None:
        """A URL that shows the photo `ref`, or None."""
        ...


class PaidGate:
    def __init__(self, costs: PaidMessages, monthly_cap: int, clock: Clock) -> None:
        self.costs = costs
        self.monthly_cap = monthly_cap
        self._clock = clock

    async def admit(
        self, method: TelegramMethod[Any], user: ViberUser, count: int, outbox_id: int | None
    ) -> bool:
        """True when `count` messages were charged; False when they are free; raises
        ViberWithheld when they may not go."""
        if not count or handling_update.get() or user.in_session(self._clock()):
            return False
        if outbox_id is None:
            taken = await self.costs.take(CHANNEL, count, self.monthly_cap)
            admission = Admission.CHARGED if taken else Admission.CAPPED
        else:
            admission = await self.costs.admit(outbox_id, CHANNEL, count, self.monthly_cap)
        if admission is Admission.NOT_OPTED_IN:
            raise ViberWithheld(method, "a paid message on a topic the resident did not opt into")
        if admission is Admission.CAPPED:
            log.warning("Viber monthly cap of %d bot-initiated messages reached", self.monthly_cap)
            raise ViberMonthlyCapReached(method, "VIBER__MONTHLY_CAP reached for this month")
        return True

    async def refund(self, outbox_id: int | None) -> None:
        """Viber refused a charged outbox row: it was not sent, so it costs nothing."""
        if outbox_id is not None:
            await self.costs.refund(outbox_id)


async def url_of(photo: str, photos: PhotoSource | None) -> str | None:
    if is_url(photo):
        return photo
    return await photos.url_for(photo) if photos is not None else None


async def viewable(payload: Payload, photos: PhotoSource | None) -> Payload:
    """The payload with a photo Viber can show, or with none."""
    if not payload.photo or payload.photo_for(CHANNEL):
        return payload
    ref = payload.photo_ref(CHANNEL)
    url = await url_of(ref, photos) if ref else None
    return replace(payload, photo={CHANNEL: url} if url else {})
