"""The pieces of the sender's schedule on their own: a channel's beat and its breaker."""

from __future__ import annotations

import pytest

from bot.breaker import CircuitBreaker
from bot.sender_lane import Job, Lane
from bot.transport import ChannelLimits
from storage.outbox import OutboxMessage
from storage.payload import Payload
from tests.sender_world import FakeViber


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def job(n: int) -> Job:
    return Job(OutboxMessage(n, n, Payload("новина"), 5, 0, "viber", str(n)))


@pytest.fixture
def clock() -> Clock:
    return Clock()


def breaker(clock: Clock) -> CircuitBreaker:
    return CircuitBreaker("viber", first_pause=1, max_pause=8, monotonic=clock)


def test_a_small_delay_keeps_the_beat_an_idle_spell_starts_afresh(clock: Clock) -> None:
    transport = FakeViber()
    transport.limits = ChannelLimits(rate_per_second=25, per_chat_interval=0)
    lane = Lane(transport, breaker=breaker(clock), max_in_flight=10, monotonic=clock)
    lane.took_slot(job(1))
    clock.now = 0.041  # a database write made this send a millisecond late
    assert lane.ready_in() == 0
    lane.took_slot(job(2))
    clock.now = 0.079
    assert lane.ready_in() == pytest.approx(0.001), "the next slot is on the beat: 0.08"
    clock.now = 5.0  # idle, then a new message
    lane.took_slot(job(3))
    clock.now = 5.039
    assert lane.ready_in() == pytest.approx(0.001), "no catching up after an idle spell"


def test_the_breaker_opens_once_per_outage_doubles_and_closes_on_an_answer(clock: Clock) -> None:
    guard = breaker(clock)
    first, second = guard.admit(), guard.admit()  # two sends under way when it breaks
    assert guard.unavailable(first) == 1
    assert guard.unavailable(second) is None, "the same outage does not open it twice"
    assert guard.wait() == 1
    clock.now = 1
    probe = guard.admit()
    assert guard.wait() is None, "nothing else goes while the probe is out"
    assert guard.unavailable(probe) == 2
    for expected in (4, 8, 8):
        clock.now += 10
        assert guard.unavailable(guard.admit()) == expected
    clock.now += 10
    probe = guard.admit()
    guard.answered(second)  # a straggler from before the outage decides nothing
    assert not guard.closed
    guard.answered(probe)
    assert guard.closed
    assert guard.wait() == 0
    assert guard.unavailable(guard.admit()) == 1, "a new outage starts from the first pause"
