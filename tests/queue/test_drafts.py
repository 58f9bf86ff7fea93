"""What a conversation has gathered survives an upgrade: the FSM data the bot has always
written reads back the same, and damaged or missing values send the resident back to the
step that asks for them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from handlers.queue.drafts import (
    BookingDraft,
    BookingStep,
    ClosureDraft,
    ClosureStep,
    RatingDraft,
)
from tests.harness import utc

# Written by the version before the drafts: the same keys and value formats.
HELD: dict[str, Any] = {
    "place": "main",
    "category": "residence",
    "service": "residence-declare",
    "day": "20261124",
    "slot": "1795590000",
    "hold": 5,
}
MOVING: dict[str, Any] = {
    "place": "main",
    "service": "residence-declare",
    "reschedule": 7,
    "reschedule_code": "К-4821",
    "reschedule_title": "<b>Перенесення запису К-4821</b>",
}


REBOOKING: dict[str, Any] = {"place": "main", "service": "residence-declare", "rebook": 3}


@pytest.mark.parametrize("stored", [HELD, MOVING, REBOOKING, {}])
def test_stored_data_reads_back_unchanged(stored: dict[str, Any]) -> None:
    assert BookingDraft.from_dict(stored).to_dict() == stored


def test_a_held_time_reads_as_typed_values() -> None:
    draft = BookingDraft.from_dict(HELD)
    assert (draft.day, draft.slot, draft.hold) == (date(2026, 11, 24), utc(2026, 11, 25, 7), 5)
    assert draft.back_to(BookingStep.CONFIRM) is BookingStep.CONFIRM
    assert not draft.service_fixed


def test_a_move_starts_at_the_days_without_a_category() -> None:
    draft = BookingDraft.from_dict(MOVING)
    assert draft.service_fixed
    assert draft.back_to(BookingStep.DAY) is BookingStep.DAY
    assert draft.back_to(BookingStep.TIME) is BookingStep.DAY


@pytest.mark.parametrize(
    ("stored", "step", "asked"),
    [
        ({}, BookingStep.CONFIRM, BookingStep.PLACE),
        ({"place": "main"}, BookingStep.SERVICE, BookingStep.CATEGORY),
        ({**HELD, "day": "2026-11-24"}, BookingStep.NAME, BookingStep.DAY),
        ({**HELD, "slot": "soon"}, BookingStep.CONFIRM, BookingStep.TIME),
        ({**HELD, "hold": None}, BookingStep.PHONE, BookingStep.TIME),
        ({**HELD, "slot": "9" * 30}, BookingStep.CONFIRM, BookingStep.TIME),
    ],
)
def test_a_missing_value_sends_back_to_the_step_that_asks(
    stored: dict[str, Any], step: BookingStep, asked: BookingStep
) -> None:
    assert BookingDraft.from_dict(stored).back_to(step) is asked


def test_a_move_without_its_place_becomes_a_new_booking() -> None:
    draft = BookingDraft.from_dict({**MOVING, "place": None})
    assert (draft.reschedule, draft.reschedule_title, draft.service_fixed) == (None, None, False)
    assert draft.back_to(BookingStep.DAY) is BookingStep.PLACE


def test_a_rating_reads_the_old_stars_and_the_new() -> None:
    old = RatingDraft.from_dict({"rated": 12, "stars": "⭐⭐⭐⭐"})
    assert (old.booking, old.stars) == (12, 4)
    assert RatingDraft.from_dict(old.to_dict()) == old
    assert RatingDraft.from_dict({"stars": 9}) == RatingDraft(None, 0)


def test_a_closure_asks_again_for_what_it_lacks() -> None:
    stored = {"place": "main", "day": "20261124", "start": "13:00", "end": "15:30"}
    draft = ClosureDraft.from_dict(stored)
    assert draft.to_dict() == stored
    assert draft.back_to(ClosureStep.REASON) is ClosureStep.REASON
    assert draft.back_to(ClosureStep.CONFIRM) is ClosureStep.REASON
    assert ClosureDraft.from_dict({"place": "main"}).back_to(ClosureStep.CONFIRM) is (
        ClosureStep.RANGE
    )
