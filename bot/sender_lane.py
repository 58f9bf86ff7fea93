"""One channel of the outbox sender: its queue, rate, per-chat spacing, pause and breaker.

A lane makes no calls and touches no database; the sender's loop asks it which job may go
now and when to look again, and tells it what happened."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from bot.breaker import CircuitBreaker
from bot.transport import Transport
from storage.outbox import OutboxMessage

log = logging.getLogger(__name__)

_LAST_SENT_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Job:
    message: OutboxMessage

    @property
    def chat_id(self) -> str:
        return self.message.chat_id

    def order(self) -> tuple[int, int]:
        return self.message.priority, self.message.id


class Lane:
    def __init__(
        self,
        transport: Transport,
        *,
        breaker: CircuitBreaker,
        max_in_flight: int,
        monotonic: Callable[[], float],
    ) -> None:
        self.transport = transport
        self.channel = transport.channel
        self.breaker = breaker
        self.queue: list[Job] = []  # sorted, at most one job per resident
        self.in_flight: dict[int, asyncio.Task[None]] = {}
        self.more_available = False
        self._spacing = 1 / transport.limits.rate_per_second
        self._per_chat_interval = transport.limits.per_chat_interval
        self._max_in_flight = max_in_flight
        self._monotonic = monotonic
        self._last_sent: dict[str, float] = {}
        self._next_slot = -math.inf
        self._pause_until = -math.inf

    def add(self, job: Job) -> None:
        self.queue.append(job)
        self.queue.sort(key=Job.order)

    def ready_in(self) -> float | None:
        """Seconds until the channel takes the next send (rate, 429 pause, breaker); None
        while a probe is out or every send slot is busy: a finished send wakes the sender."""
        breaker = self.breaker.wait()
        if breaker is None or len(self.in_flight) >= self._max_in_flight:
            return None
        now = self._monotonic()
        return max(0.0, self._next_slot - now, self._pause_until - now, breaker)

    def _chat_free_in(self, job: Job, now: float) -> float:
        last = self._last_sent.get(job.chat_id, -math.inf)
        return max(0.0, last + self._per_chat_interval - now)

    def pick(self) -> Job | None:
        """The first queued job that may go now."""
        if self.ready_in() != 0.0:
            return None
        now = self._monotonic()
        return next((job for job in self.queue if self._chat_free_in(job, now) == 0.0), None)

    def next_chance(self) -> float | None:
        """Seconds until `pick` may find a job; None when only an event can change that."""
        ready = self.ready_in()
        if ready is None or not self.queue:
            return None
        now = self._monotonic()
        return max(ready, min(self._chat_free_in(job, now) for job in self.queue))

    def took_slot(self, job: Job) -> None:
        now = self._monotonic()
        # Keep the beat through the small delays between a slot and its call (a database
        # write, the event loop), so the rate is the configured one rather than a little
        # less; after an idle spell or a pause, start afresh.
        on_beat = now - self._next_slot <= self._spacing / 10
        self._next_slot = (self._next_slot if on_beat else now) + self._spacing
        self._last_sent[job.chat_id] = now
        if len(self._last_sent) > _LAST_SENT_LIMIT:
            horizon = now - self._per_chat_interval
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > horizon}

    def pause(self, seconds: float) -> None:
        """The channel asked us to slow down (429): nothing goes out for `seconds`."""
        until = self._monotonic() + seconds
        if until > self._pause_until:
            self._pause_until = until
            log.warning(
                "%s asked to slow down: outbox sending paused for %s s", self.channel, seconds
            )
