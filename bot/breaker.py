"""A circuit breaker for one channel of the outbox sender.

Closed, every send may start. A send that finds the channel unavailable opens it: nothing
starts for `first_pause` seconds; then one send goes as a probe while the rest wait. The
probe's answer decides: any answer from the channel closes the breaker (the rate resumes),
another outage opens it again for twice as long, up to `max_pause`.

Sends run concurrently, so when the channel goes down several of them fail at about the
same moment. Each send carries the ticket (`epoch`) it started under; only a failure under
the current epoch moves the breaker, so one outage opens it once, and a straggler from
before the last change cannot undo the probe's verdict."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

log = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        first_pause: float,
        max_pause: float,
        monotonic: Callable[[], float],
    ) -> None:
        if first_pause <= 0 or max_pause < first_pause:
            raise ValueError("pauses must be positive, the longest at least the first")
        self._name = name
        self._first_pause = first_pause
        self._max_pause = max_pause
        self._monotonic = monotonic
        self._pause = 0.0  # 0 while closed
        self._open_until = -math.inf
        self._probing = False
        self._epoch = 0
        self._outage_started = 0.0

    @property
    def closed(self) -> bool:
        return self._pause == 0.0

    def wait(self) -> float | None:
        """Seconds before a send may start; None while a probe is out (its answer wakes
        the sender)."""
        if self._probing:
            return None
        return max(0.0, self._open_until - self._monotonic())

    def admit(self) -> int:
        """A send starts now (call only when `wait()` is 0); returns its ticket. The first
        send after an outage's pause is the probe."""
        if not self.closed:
            self._probing = True
        return self._epoch

    def answered(self, ticket: int) -> None:
        """The channel answered this send (delivered, or refused it for a reason of its own)."""
        if ticket != self._epoch or self.closed:
            return
        log.warning(
            "Channel %s is back after %.0f s; outbox sending resumes",
            self._name,
            self._monotonic() - self._outage_started,
        )
        self._pause = 0.0
        self._probing = False
        self._epoch += 1

    def unavailable(self, ticket: int) -> float | None:
        """The channel did not answer this send. Returns the pause it now takes, or None when
        the failure is already accounted for (an earlier send of the same outage)."""
        if ticket != self._epoch:
            return None
        if self.closed:
            self._outage_started = self._monotonic()
            self._pause = self._first_pause
        else:
            self._pause = min(self._max_pause, self._pause * 2)
        self._open_until = self._monotonic() + self._pause
        self._probing = False
        self._epoch += 1
        return self._pause
