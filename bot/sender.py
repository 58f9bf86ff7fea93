"""The one sender for everything the bot sends outside a reply: reminders, operator
notifications, petition news, broadcasts. Callers put messages into the outbox
(storage/outbox.py); this background task delivers them through the channels' transports
(bot/transport.py), each within its own limits.

Channels. The transports come in order of preference. A message goes out on the first
channel on which its resident is active (Telegram before Viber when a resident has both,
by default). A resident blocked on one channel is reached on the next; a message whose
resident is active on none of the bot's channels is skipped, saying why. A channel that is
only paused (429, an outage) keeps its messages waiting: they never move to another one.

Limits, per channel (a lane, bot/sender_lane.py): one message every 1/`rate_per_second`
seconds, at most one every `per_chat_interval` seconds to a chat, and a 429 pauses the whole
channel for `retry_after`. Sends run concurrently (up to `max_in_flight` a channel), so
network latency does not eat the rate.

Outages. A send that finds the channel unavailable (network error, timeout, 5xx) opens the
channel's circuit breaker (bot/breaker.py): the channel pauses, 1 s doubling up to a minute
by default, then a single probe goes; when it gets through, the rate resumes. The message
waits in its place and loses no attempt, so an outage of any length loses nothing. Other
failures of one message are retried `max_attempts` times with a growing delay.

Restart semantics. No messenger offers an idempotency key, so a message whose call was under
way when the process died may or may not have been delivered. A row is marked 'sending' right
before its call and 'sent' (or retried, failed, skipped) right after it, each change committed
at once. `start()` re-queues the rows a crash left in 'sending' - and only those - so a crash
can at worst repeat the messages that were mid-call (at-least-once for that window, since a
duplicate reminder harms less than a lost one); a row still waiting for its turn is pending
and goes out once. `stop()` lets the calls under way finish and commit, so a normal restart
neither loses nor repeats anything. Calls that do not finish within `stop_timeout` (real)
seconds are cancelled: that is a crash.

At most one message per resident is queued or in flight at a time, over all channels, so one
resident's messages go out in priority order and a busy chat never holds the others up.
Claims and updates are short single statements: replies never wait long for the database.
Replies to a resident's own messages never come here and wait for nothing here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence

from bot.breaker import CircuitBreaker
from bot.sender_lane import Job, Lane
from bot.transport import Blocked, Rejected, RetryAfter, Transport, Unavailable, Withheld
from storage.outbox import Outbox
from storage.residents import ResidentRepository

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class OutboxSender:
    def __init__(
        self,
        transports: Sequence[Transport],
        outbox: Outbox,
        residents: ResidentRepository,
        *,
        max_attempts: int = 5,
        batch_size: int = 100,
        max_in_flight: int = 10,
        poll_interval: float = 1.0,
        retry_base: float = 5.0,
        retry_max: float = 600.0,
        outage_pause: float = 1.0,
        outage_pause_max: float = 60.0,
        stop_timeout: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if poll_interval <= 0:
            raise ValueError("poll_interval must be positive")
        if min(max_attempts, batch_size, max_in_flight) < 1:
            raise ValueError("max_attempts, batch_size and max_in_flight must be at least 1")
        channels = [t.channel for t in transports]
        if not channels or len(set(channels)) != len(channels):
            raise ValueError("the sender needs at least one transport, one per channel")
        if any("," in channel for channel in channels):
            raise ValueError("a channel name has no commas")
        self._outbox = outbox
        self._residents = residents
        self._channels = channels
        self._max_attempts = max_attempts
        self._batch_size = batch_size
        self._low_water = batch_size // 2
        self._poll_interval = poll_interval
        self._retry_base = retry_base
        self._retry_max = retry_max
        self._stop_timeout = stop_timeout
        self._monotonic = monotonic
        self._sleep = sleep
        self._lanes = [
            Lane(
                transport,
                breaker=CircuitBreaker(
                    transport.channel,
                    first_pause=outage_pause,
                    max_pause=outage_pause_max,
                    monotonic=monotonic,
                ),
                max_in_flight=max_in_flight,
                monotonic=monotonic,
            )
            for transport in transports
        ]

        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self._new_work = True
        self._reserved: set[int] = set()  # residents with a job queued or in flight
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
        await self._outbox.reset_routes()  # the channels, or their order, may have changed
        self._stopping = False
        self._reserved.clear()
        for lane in self._lanes:
            lane.queue.clear()
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
                sum(len(lane.in_flight) for lane in self._lanes),
            )
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # --- the loop ---------------------------------------------------------------------------

    async def _run(self) -> None:
        log.info("Outbox sender started on %s", ", ".join(self._channels))
        while not self._stopping:
            try:
                await self._step()
            except Exception:
                log.exception("Outbox sender step failed; trying again shortly")
                await self._nap(self._poll_interval)
        in_flight = [task for lane in self._lanes for task in lane.in_flight.values()]
        if in_flight:
            await asyncio.gather(*in_flight, return_exceptions=True)
        log.info("Outbox sender stopped")

    async def _step(self) -> None:
        self._wake.clear()
        if self._refill_due():
            await self._refill()
        picked = self._pick()
        if picked is None:
            await self._nap(self._idle_delay())
        else:
            await self._dispatch(*picked)

    def _refill_due(self) -> bool:
        low = any(lane.more_available and len(lane.queue) < self._low_water for lane in self._lanes)
        poll = self._monotonic() >= self._last_refill + self._poll_interval
        return self._new_work or low or poll

    async def _refill(self) -> None:
        self._new_work = False
        self._last_refill = self._monotonic()
        # One batch a refill: picking runs ahead of sending (refills come at least every
        # poll) without a long run of queries while residents wait for replies.
        routed = await self._outbox.route_pending(self._channels, self._batch_size)
        if routed.skipped:
            log.info("Skipped %d outbox messages: out of reach on every channel", routed.skipped)
        if routed.withheld:
            log.info("Withheld %d paid messages the residents did not opt into", routed.withheld)
        for lane in self._lanes:
            room = self._batch_size - len(lane.queue)
            if room <= 0:
                continue
            batch = await self._outbox.claim_batch(
                room, channel=lane.channel, exclude_residents=self._reserved
            )
            lane.more_available = len(batch) == room
            for message in batch:
                if message.resident_id not in self._reserved:
                    self._reserved.add(message.resident_id)
                    lane.add(Job(message))

    def _pick(self) -> tuple[Lane, Job] | None:
        """The most urgent job, over all channels, that may go now."""
        ready = [(lane, job) for lane in self._lanes if (job := lane.pick()) is not None]
        return min(ready, key=lambda pair: pair[1].order(), default=None)

    def _idle_delay(self) -> float:
        delays = [self._last_refill + self._poll_interval - self._monotonic()]
        delays += [d for lane in self._lanes if (d := lane.next_chance()) is not None]
        return max(0.0, min(delays))

    async def _dispatch(self, lane: Lane, job: Job) -> None:
        lane.queue.remove(job)
        kept = False
        try:
            if not await self._outbox.mark_sending(job.message.id, lane.channel):
                return  # no longer pending, e.g. the resident was erased
            if self._stopping or lane.ready_in() != 0.0:
                # Stopping, or a 429 or an outage arrived while the row was being marked.
                await self._outbox.release(job.message.id)
                if not self._stopping:
                    lane.add(job)
                    kept = True
                return
            self._spawn(lane, job)
            kept = True
        finally:
            if not kept:
                self._reserved.discard(job.message.resident_id)

    def _spawn(self, lane: Lane, job: Job) -> None:
        ticket = lane.breaker.admit()
        lane.took_slot(job)
        lane.in_flight[job.message.id] = asyncio.create_task(
            self._deliver(lane, job, ticket), name=f"outbox-{job.message.id}"
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

    async def _deliver(self, lane: Lane, job: Job, ticket: int) -> None:
        waits = False
        try:
            waits = await self._send(lane, job, ticket)
        except Exception:
            log.exception("Outbox message %d: could not record the outcome", job.message.id)
        finally:
            lane.in_flight.pop(job.message.id, None)
            if waits and not self._stopping:
                lane.add(job)  # still reserved: it keeps its place for when the channel is back
            else:
                self._reserved.discard(job.message.resident_id)
            self._wake.set()

    async def _send(self, lane: Lane, job: Job, ticket: int) -> bool:
        """One call and its outcome recorded; True when the job waits for the channel."""
        message = job.message
        try:
            sent_id = await lane.transport.send(message.chat_id, message.payload)
        except Unavailable as error:
            pause = lane.breaker.unavailable(ticket)
            if pause is not None:
                log.warning(
                    "%s unavailable (%s); pausing it for %.0f s", lane.channel, error, pause
                )
            await self._outbox.mark_retry(message.id, _describe(error), 0, count_attempt=False)
            return True
        except Exception as error:
            lane.breaker.answered(ticket)
            await self._refused(lane, job, error)
            return False
        lane.breaker.answered(ticket)
        await self._outbox.mark_sent(message.id, sent_id)
        return False

    async def _refused(self, lane: Lane, job: Job, error: Exception) -> None:
        message = job.message
        match error:
            case RetryAfter():
                lane.pause(error.seconds)
                await self._outbox.mark_retry(
                    message.id, _describe(error), error.seconds, count_attempt=False
                )
            case Blocked():
                log.info(
                    "Resident %d blocked the bot on %s; reaching them elsewhere if they can be",
                    message.resident_id,
                    lane.channel,
                )
                await self._outbox.mark_retry(
                    message.id, _describe(error), 0, count_attempt=False, pick_again=True
                )
                await self._residents.set_active(message.resident_id, False, channel=lane.channel)
                self.notify()  # another channel takes it, or it is skipped
            case Withheld():
                log.info("Outbox message %d withheld: %s", message.id, error)
                await self._outbox.mark_skipped([message.id], str(error), code=error.code)
            case Rejected():
                log.warning("Outbox message %d failed: %s", message.id, _describe(error))
                await self._outbox.mark_failed(message.id, _describe(error))
            case _:
                await self._retry_later(job, error)

    async def _retry_later(self, job: Job, error: Exception) -> None:
        message = job.message
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
