"""The one sender for everything the bot sends outside a reply: reminders, operator
notifications, petition news, broadcasts. Callers put messages into the outbox
(storage/outbox.py); this background task delivers them within Telegram's limits.

Limits: one message every 1/`rate_per_second` seconds overall, at most one every
`per_chat_interval` seconds to a chat, and a 429 pauses the whole sender for `retry_after`.
Sends run concurrently (up to `max_in_flight`), so network latency does not eat the rate.

Restart semantics. Telegram has no idempotency key, so a message whose call was under way
when the process died may or may not have been delivered. A row is marked 'sending' when it
is picked (at most one rate slot, or a 429 pause, before its call) and 'sent' (or retried,
failed, skipped) right after the call, each change committed at once. `start()` re-queues
the rows a crash left in 'sending' - and only those - so a crash can at worst repeat the
messages that were mid-call (at-least-once for that window, since a duplicate reminder
harms less than a lost one); a row still waiting for its slot was never sent and goes out
once. `stop()` lets the calls under way finish and commit, and puts a row it had picked but
not sent back to pending, so a normal restart neither loses nor repeats anything. Calls
that do not finish within `stop_timeout` (real) seconds are cancelled: that is a crash.

At most one message per resident is queued or in flight at a time, so one resident's
messages go out in priority order and a busy chat never holds the others up.

Replies to a resident's own messages never come here and wait for nothing here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter

from storage.outbox import Outbox, OutboxMessage
from storage.payload import Payload
from storage.residents import ResidentRepository
from ui.keyboards import inline_markup

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
_LAST_SENT_LIMIT = 10_000


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {getattr(error, 'message', error)}"


@dataclass(frozen=True, slots=True)
class _Job:
    message: OutboxMessage
    chat_id: str

    def order(self) -> tuple[int, int]:
        return self.message.priority, self.message.id


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        outbox: Outbox,
        residents: ResidentRepository,
        *,
        rate_per_second: float = 25,
        per_chat_interval: float = 1.0,
        max_attempts: int = 5,
        batch_size: int = 100,
        max_in_flight: int = 10,
        poll_interval: float = 1.0,
        retry_base: float = 5.0,
        retry_max: float = 600.0,
        stop_timeout: float = 10.0,
        channel: str = "telegram",
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate_per_second <= 0 or poll_interval <= 0 or per_chat_interval < 0:
            raise ValueError("rates and intervals must be positive")
        if min(max_attempts, batch_size, max_in_flight) < 1:
            raise ValueError("max_attempts, batch_size and max_in_flight must be at least 1")
        self._bot = bot
        self._outbox = outbox
        self._residents = residents
        self._spacing = 1 / rate_per_second
        self._per_chat_interval = per_chat_interval
        self._max_attempts = max_attempts
        self._batch_size = batch_size
        self._low_water = batch_size // 2
        self._max_in_flight = max_in_flight
        self._poll_interval = poll_interval
        self._retry_base = retry_base
        self._retry_max = retry_max
        self._stop_timeout = stop_timeout
        self._monotonic = monotonic
        self._sleep = sleep
        self._channel = channel

        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self._new_work = True
        self._more_available = False
        self._queue: list[_Job] = []  # sorted, at most one job per resident
        self._reserved: set[int] = set()  # residents with a job queued or in flight
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._last_sent: dict[str, float] = {}
        self._next_slot = -math.inf
        self._pause_until = -math.inf
        self._last_refill = -math.inf

    # --- lifecycle ---------------------------------------------------------------------------

    def notify(self) -> None:
        """Something was enqueued: look at the outbox now rather than at the next poll."""
        self._new_work = True
        self._wake.set()

    async def start(self) -> None:
        if self._task is not None:
            raise RuntimeError("the outbox sender is already running")
        recovered = await self._outbox.recover_after_restart()
        if recovered:
            log.warning("Re-queued %d outbox messages interrupted by a crash", recovered)
        self._stopping = False
        self._queue.clear()
        self._reserved.clear()
        self.notify()
        self._outbox.subscribe(self.notify)
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        """Finish the calls under way and commit their outcome, then return."""
        task, self._task = self._task, None
        if task is None:
            return
        self._outbox.unsubscribe(self.notify)
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), self._stop_timeout)
        except TimeoutError:
            log.warning(
                "Outbox sender did not stop within %s s; %d calls cut short will be "
                "re-sent after the next start",
                self._stop_timeout,
                len(self._in_flight),
            )
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # --- the loop ---------------------------------------------------------------------------

    async def _run(self) -> None:
        log.info("Outbox sender started: %.1f messages/s", 1 / self._spacing)
        while not self._stopping:
            try:
                await self._step()
            except Exception:
                log.exception("Outbox sender step failed; trying again shortly")
                await self._nap(self._poll_interval)
        if self._in_flight:
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)
        log.info("Outbox sender stopped")

    async def _step(self) -> None:
        self._wake.clear()
        if self._refill_due():
            await self._refill()
        if len(self._in_flight) >= self._max_in_flight:
            await self._nap(self._poll_interval)  # a finished send wakes us up
            return
        job = self._pick()
        if job is None:
            await self._nap(self._idle_delay())
        else:
            await self._dispatch(job)

    def _refill_due(self) -> bool:
        low = self._more_available and len(self._queue) < self._low_water
        poll = self._monotonic() >= self._last_refill + self._poll_interval
        return self._new_work or low or poll

    async def _refill(self) -> None:
        self._new_work = False
        self._last_refill = self._monotonic()
        room = self._batch_size - len(self._queue)
        if room <= 0:
            return
        batch = await self._outbox.claim_batch(
            room, channel=self._channel, exclude_residents=self._reserved
        )
        self._more_available = len(batch) == room
        await self._skip_unreachable(batch)
        for message in batch:
            reachable = message.resident_active and message.chat_id
            if reachable and message.resident_id not in self._reserved:
                self._reserved.add(message.resident_id)
                self._queue.append(_Job(message, str(message.chat_id)))
        self._queue.sort(key=_Job.order)

    async def _skip_unreachable(self, batch: list[OutboxMessage]) -> None:
        """Residents who blocked the bot, or have no Telegram chat, cost no API call."""
        inactive = [m.id for m in batch if not m.resident_active]
        no_chat = [m.id for m in batch if m.resident_active and not m.chat_id]
        await self._outbox.mark_skipped(inactive, "the resident is inactive")
        await self._outbox.mark_skipped(no_chat, "the resident has no Telegram chat")

    def _pick(self) -> _Job | None:
        """The first queued job whose chat may get a message now."""
        now = self._monotonic()
        for job in self._queue:
            if self._last_sent.get(job.chat_id, -math.inf) + self._per_chat_interval <= now:
                return job
        return None

    def _idle_delay(self) -> float:
        wake_at = self._last_refill + self._poll_interval
        for job in self._queue:
            last = self._last_sent.get(job.chat_id)
            if last is not None:
                wake_at = min(wake_at, last + self._per_chat_interval)
        return max(0.0, wake_at - self._monotonic())

    async def _dispatch(self, job: _Job) -> None:
        self._queue.remove(job)
        spawned = False
        try:
            if not await self._outbox.mark_sending(job.message.id):
                return  # no longer pending, e.g. the resident was erased
            if await self._wait_turn():
                self._spawn(job)
                spawned = True
            else:
                await self._outbox.release(job.message.id)
        finally:
            if not spawned:
                self._reserved.discard(job.message.resident_id)

    async def _wait_turn(self) -> bool:
        """Wait for the next slot of the global rate and for a 429 pause to end.
        False when the sender is stopping."""
        while not self._stopping:
            now = self._monotonic()
            delay = max(self._next_slot, self._pause_until) - now
            if delay <= 0:
                self._next_slot = now + self._spacing
                return True
            self._wake.clear()
            await self._nap(delay)
        return False

    def _spawn(self, job: _Job) -> None:
        self._last_sent[job.chat_id] = self._monotonic()
        if len(self._last_sent) > _LAST_SENT_LIMIT:
            horizon = self._monotonic() - self._per_chat_interval
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > horizon}
        self._in_flight[job.message.id] = asyncio.create_task(
            self._deliver(job), name=f"outbox-{job.message.id}"
        )

    async def _nap(self, delay: float) -> None:
        """Sleep up to `delay` seconds; notify(), a finished send or stop() cut it short."""
        if self._wake.is_set():
            return
        sleeper = asyncio.ensure_future(self._sleep(delay))
        waiter = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait((sleeper, waiter), return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            waiter.cancel()

    # --- one message ------------------------------------------------------------------------

    async def _deliver(self, job: _Job) -> None:
        try:
            await self._send(job)
        except Exception:
            log.exception("Outbox message %d: could not record the outcome", job.message.id)
        finally:
            self._in_flight.pop(job.message.id, None)
            self._reserved.discard(job.message.resident_id)
            self._wake.set()

    async def _send(self, job: _Job) -> None:
        message = job.message
        try:
            sent_id = await self._send_payload(job.chat_id, message.payload)
        except TelegramRetryAfter as error:
            self._pause(error.retry_after)
            await self._outbox.mark_retry(
                message.id, _describe(error), error.retry_after, count_attempt=False
            )
        except TelegramForbiddenError as error:
            log.info("Resident %d blocked the bot; no more messages to them", message.resident_id)
            await self._residents.set_active(message.resident_id, False)
            await self._outbox.mark_skipped([message.id], _describe(error))
        except (TelegramBadRequest, ValueError) as error:  # will not get better by retrying
            log.warning("Outbox message %d failed: %s", message.id, _describe(error))
            await self._outbox.mark_failed(message.id, _describe(error))
        except Exception as error:
            await self._retry_later(message, error)
        else:
            await self._outbox.mark_sent(message.id, sent_id)

    async def _send_payload(self, chat_id: str, payload: Payload) -> int:
        """One Bot API call for one queued message; returns Telegram's message id."""
        photo = payload.photo_for(self._channel)
        markup = inline_markup(payload)
        if photo is not None:
            sent = await self._bot.send_photo(
                chat_id, photo, caption=payload.text, reply_markup=markup
            )
        else:
            sent = await self._bot.send_message(chat_id, payload.text, reply_markup=markup)
        return sent.message_id

    def _pause(self, seconds: float) -> None:
        until = self._monotonic() + seconds
        if until > self._pause_until:
            self._pause_until = until
            log.warning("Telegram asked to slow down: all outbox sending paused for %s s", seconds)

    async def _retry_later(self, message: OutboxMessage, error: Exception) -> None:
        attempt = message.attempts + 1
        reason = _describe(error)
        if attempt >= self._max_attempts:
            log.warning(
                "Outbox message %d failed after %d attempts: %s", message.id, attempt, reason
            )
            await self._outbox.mark_failed(message.id, reason)
            return
        delay = min(self._retry_max, self._retry_base * 2 ** (attempt - 1))
        log.warning(
            "Outbox message %d: attempt %d failed (%s); next try in %.0f s",
            message.id,
            attempt,
            reason,
            delay,
        )
        await self._outbox.mark_retry(message.id, reason, delay)
