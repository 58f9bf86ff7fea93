"""The ЦНАП e-queue's part of the fuzz test: residents booking all the way through, the
operator marking visits and the administrator closing days, a resident switching a reminder
while the operator marks the same visit; and the queue's invariants (capacity, holds only
while a form is open, every mark an official's)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from handlers.queue.callbacks import OperatorAction, OperatorCb, TicketAction, TicketCb, day_value
from handlers.queue.drafts import BookingDraft
from handlers.queue.states import BOOKING_STATES, BookingFlow
from storage.queue.catalogue import Catalogue
from storage.timeutil import from_db, to_db
from tests.fuzz import strategies as fuzz
from tests.fuzz.core import callback_buttons, keyboards, my_data, onboard, picks, press_nth
from tests.fuzz.registry import REGISTRY, FuzzRules
from tests.fuzz.world import RESIDENTS, STATS, Actor, FuzzWorld
from ui.callbacks import MenuCb

residents = st.sampled_from(RESIDENTS)
STEPS = ("q1:place:", "q1:category:", "q1:service:", "q1:day:", "q1:time:")


async def book(
    world: FuzzWorld, actor: Actor, picks_: list[int], name: str, stop_after: int = 99
) -> None:
    """Menu, «Послуги», «Записатися», place, category, service, day, time, name, phone,
    «Підтвердити»: as far as the screens allow, or only the first `stop_after` of those
    steps (the form is left open for whatever the next rule does)."""
    await world.text(actor, "/menu")
    await press_nth(world, actor, 0, MenuCb(screen="services").pack())
    await press_nth(world, actor, 0, "q1:start")
    await press_nth(world, actor, 0, "q1:consent")  # when consent was declined
    for step, (prefix, pick) in enumerate(zip(STEPS, picks_, strict=True)):
        if step >= stop_after:
            return
        if not await press_nth(world, actor, pick, prefix):
            STATS.add(f"book stopped before {prefix}", 1)
            return
    state, _ = await world.state_of(actor)
    if state == BookingFlow.name.state and stop_after > len(STEPS):
        await world.text(actor, name)
        state, _ = await world.state_of(actor)
    if state == BookingFlow.phone.state and stop_after > len(STEPS) + 1:
        await world.contact(actor, f"+38050{actor.id:07d}", actor.id)
    if stop_after > len(STEPS) + 2 and await press_nth(world, actor, 0, "q1:confirm"):
        STATS.add("book confirmed", 1)


async def on_my_ticket(world: FuzzWorld, actor: Actor, pick: int, action: str) -> None:
    """«Мої записи», a ticket, then «Скасувати» (and yes), «Перенести» (a day and a time:
    the move's last check stays open) or «Нагадування» (one switched)."""
    await world.text(actor, "/menu")
    await press_nth(world, actor, 0, MenuCb(screen="services").pack())
    await press_nth(world, actor, 0, "q1:mine")
    if not await press_nth(world, actor, pick, "tk1:show:"):
        return
    STATS.add(f"ticket {action}", 1)
    if action == "cancel":
        await press_nth(world, actor, 0, "tk1:cancel:")
        await press_nth(world, actor, 0, "tk1:cancel-yes:")
    elif action == "reschedule":
        await press_nth(world, actor, 0, "tk1:reschedule:")
        await press_nth(world, actor, pick, "q1:day:")
        await press_nth(world, actor, pick, "q1:time:")
    else:
        await press_nth(world, actor, 0, "tk1:reminders:")
        await press_nth(world, actor, pick, "tk1:toggle")


THEN = ["what the form asked for", "name", "contact", "old button", "button on screen"]


INTERRUPTIONS = [
    "withdraw",
    "delete",
    "consent",
    "/cancel",
    "/menu",
    "/start",
    "/language",
    "/settlement",
    "/mydata",
    "/operator",
    "/help",
    "🏠 Меню",
    "хочу паспорт",
    "time passes",
]


async def interrupt(world: FuzzWorld, actor: Actor, what: str) -> None:
    if what in {"withdraw", "delete", "consent"}:
        await my_data(world, actor, what)
    elif what == "time passes":
        await world.tick(6)  # past the hold
    else:
        await world.text(actor, what)
        if what in {"/language", "/settlement"}:
            await press_nth(world, actor, actor.id, "lng1:" if what == "/language" else "stl1:")


async def visit_days(world: FuzzWorld, place: str | None) -> list[tuple[str, str]]:
    """Places and local days (YYYYMMDD) with visits, at one place or everywhere."""
    rows = await world.services.db.fetchall(
        "SELECT DISTINCT place_code, starts_at FROM cnap_bookings WHERE status <> 'held' "
        "AND (? IS NULL OR place_code = ?) ORDER BY starts_at",
        (place, place),
    )
    zone = world.services.settings.community.zone
    found = {
        (r["place_code"], day_value(from_db(r["starts_at"]).astimezone(zone).date())) for r in rows
    }
    return sorted(found)


async def booked_visits(world: FuzzWorld, actor: Actor) -> list[int]:
    if actor.resident_id is None:
        return []
    rows = await world.services.db.fetchall(
        "SELECT id FROM cnap_bookings WHERE resident_id = ? AND status = 'booked' ORDER BY id",
        (actor.resident_id,),
    )
    return [int(r["id"]) for r in rows]


@REGISTRY.rules
class QueueRules(FuzzRules):
    @rule(
        who=residents,
        agree=st.booleans(),
        choices=st.lists(picks, min_size=5, max_size=5),
        name=st.sampled_from(fuzz.NAMES),
    )
    def book_a_visit(self, who: str, agree: bool, choices: list[int], name: str) -> None:
        self.world.run(self.book_for(who, choices, name, agree=agree))

    @rule(
        who=residents, choices=st.lists(picks, min_size=5, max_size=5), stop_after=st.integers(0, 7)
    )
    def begin_a_booking_and_stop(self, who: str, choices: list[int], stop_after: int) -> None:
        """A form left open at some step (place ... the phone) for the next rule to meet."""
        self.world.run(self.book_for(who, choices, stop_after=stop_after))

    @rule(
        who=residents,
        choices=st.lists(picks, min_size=5, max_size=5),
        stop_after=st.integers(3, 8),
        interruption=st.sampled_from(INTERRUPTIONS),
        then=st.sampled_from(THEN),
    )
    def interrupt_a_booking(
        self, who: str, choices: list[int], stop_after: int, interruption: str, then: str
    ) -> None:
        """A form left half-way for something else (consent withdrawn, data deleted, /cancel,
        another flow), then the form's next input or one of its old buttons."""
        actor = self.world.actors[who]
        self.world.run(self.book_for(who, choices, stop_after=stop_after))
        form = actor.chat.last_message_with_buttons()
        asked, _ = self.world.run(self.world.state_of(actor))
        self.world.run(interrupt(self.world, actor, interruption))
        self.go_on(actor, form, choices, then, asked)

    @rule(
        who=residents,
        choices=st.lists(picks, min_size=5, max_size=5),
        stop_after=st.integers(5, 8),
        how=st.sampled_from(["withdraw", "delete"]),
        then=st.sampled_from(THEN),
    )
    def take_consent_back_in_the_form(
        self, who: str, choices: list[int], stop_after: int, how: str, then: str
    ) -> None:
        """The field's worst case: consent withdrawn (or data deleted) while the form asks
        for the name or phone or shows the last check, then the form's next input."""
        actor = self.world.actors[who]
        self.world.run(self.book_for(who, choices, stop_after=stop_after))
        form = actor.chat.last_message_with_buttons()
        asked, _ = self.world.run(self.world.state_of(actor))
        self.world.run(my_data(self.world, actor, how))
        self.go_on(actor, form, choices, then, asked)

    def go_on(
        self,
        actor: Actor,
        form: dict[str, Any] | None,
        choices: list[int],
        then: str,
        asked: str | None,
    ) -> None:
        """What the form asked for before the interruption (`asked`: the state it was in),
        or something else."""
        if then == "what the form asked for":
            then = {BookingFlow.name.state: "name", BookingFlow.phone.state: "contact"}.get(
                asked or "", "old button"
            )
        if then == "name":
            self.world.run(self.world.text(actor, fuzz.NAMES[choices[0] % len(fuzz.NAMES)]))
        elif then == "contact":
            self.world.run(self.world.contact(actor, f"+38050{actor.id:07d}", actor.id))
        elif then == "old button" and form is not None:
            data = callback_buttons(form)
            self.world.run(self.world.press(actor, data[choices[1] % len(data)], form))
        else:
            self.world.run(press_nth(self.world, actor, choices[2]))

    @rule(who=residents, pick=picks, action=st.sampled_from(["cancel", "reschedule", "reminders"]))
    def act_on_my_ticket(self, who: str, pick: int, action: str) -> None:
        actor = self.world.actors[who]
        if not self.world.run(booked_visits(self.world, actor)):
            self.world.run(self.book_for(who, [pick] * 5))
        if actor.blocked:
            self.world.run(self.world.membership(actor, "member"))
        self.world.run(on_my_ticket(self.world, actor, pick, action))

    async def book_for(
        self,
        who: str,
        choices: list[int],
        name: str = fuzz.NAMES[0],
        *,
        agree: bool = True,
        stop_after: int = 99,
    ) -> None:
        actor = self.world.actors[who]
        if actor.blocked:
            await self.world.membership(actor, "member")
        if actor.resident_id is None or not self.world.onboarded(actor):
            await onboard(self.world, actor, agree, actor.name == "john", choices[0])
        await book(self.world, actor, choices, name, stop_after)

    @rule(
        who=st.sampled_from(["operator", "admin"]),
        visit=picks,
        mark=st.sampled_from(["mark-arrived", "mark-served", "mark-no_show"]),
        booker=residents,
    )
    def official_marks_a_visit(self, who: str, visit: int, mark: str, booker: str) -> None:
        """/operator, the day of a visit (as «next day» would reach it), its card, a mark.
        With no visit yet, a resident books one at the main office first."""
        actor = self.world.actors[who]
        if actor.blocked:
            self.world.run(self.world.membership(actor, "member"))

        async def work() -> None:
            place = None if who == "admin" else "main"
            if not await visit_days(self.world, place):
                await self.book_for(booker, [0, visit, visit, visit, visit])
            await self.world.text(actor, "/operator")
            days = await visit_days(self.world, place)
            STATS.add("desk with visits", bool(days))
            if days:
                place, day = days[visit % len(days)]
                await self.world.press(
                    actor, OperatorCb(action=OperatorAction.DAY, place=place, day=day).pack()
                )
            if await press_nth(self.world, actor, visit, "op1:card:"):
                STATS.add("desk card", 1)
                if await press_nth(self.world, actor, 0, f"op1:{mark}:"):
                    STATS.add(f"desk {mark}", 1)
                await self.world.deliver()

        self.world.run(work())

    @rule(
        days=st.integers(0, 4), reason=st.sampled_from(["відключення світла", "x", "<b>ремонт</b>"])
    )
    def admin_closes_a_day(self, days: int, reason: str) -> None:
        admin = self.world.actors["admin"]
        if admin.blocked:
            self.world.run(self.world.membership(admin, "member"))

        async def work() -> None:
            await self.world.text(admin, "/operator")
            await press_nth(self.world, admin, 0, "op1:day:")  # the first place
            for _ in range(days):
                await press_nth(self.world, admin, 1, "op1:day:")  # «next day»
            await press_nth(self.world, admin, 0, "op1:close:")
            await press_nth(self.world, admin, 0, "op1:close-day:")
            await self.world.text(admin, reason)
            await press_nth(self.world, admin, 0, "op1:close-yes:")
            await self.world.deliver()

        self.world.run(work())

    @rule(
        who=residents,
        pick=picks,
        kind=st.sampled_from(list(TicketAction)),
        mark=st.sampled_from(
            [OperatorAction.MARK_ARRIVED, OperatorAction.MARK_NO_SHOW, OperatorAction.MARK_SERVED]
        ),
    )
    def resident_and_operator_touch_one_visit(
        self, who: str, pick: int, kind: TicketAction, mark: OperatorAction
    ) -> None:
        """The race from the field: a reminder switched (or the visit cancelled, moved)
        while the operator marks the same visit."""
        actor, operator = self.world.actors[who], self.world.actors["operator"]
        visits = self.world.run(booked_visits(self.world, actor))
        if not visits or actor.blocked or operator.blocked:
            return
        visit = visits[pick % len(visits)]
        self.world.run(
            self.world.together(
                self.world.press(actor, TicketCb(action=kind, booking=visit).pack()),
                self.world.press(
                    operator, OperatorCb(action=mark, place="main", booking=visit).pack()
                ),
            )
        )


@REGISTRY.rules
class RatingRules(FuzzRules):
    @rule(who=residents, pick=picks, comment=fuzz.texts | st.just("   "))
    def rate_a_visit(self, who: str, pick: int, comment: str) -> None:
        """A rating request from the outbox (any of them, old ones too), then a comment."""
        actor = self.world.actors[who]
        requests = [m for m in keyboards(actor) if callback_buttons(m)[0].startswith("rt1:")]
        if not requests or actor.blocked:
            return
        message = requests[pick % len(requests)]
        stars = callback_buttons(message)
        self.world.run(self.world.press(actor, stars[pick % len(stars)], message))
        self.world.run(self.world.text(actor, comment))


@REGISTRY.invariant
async def no_slot_over_capacity(world: FuzzWorld) -> None:
    catalog = await world.services.find(Catalogue).current()
    rows = await world.services.db.fetchall(
        "SELECT b.id, b.place_code, b.starts_at, COUNT(o.id) AS under_way FROM cnap_bookings b "
        "JOIN cnap_bookings o ON o.place_code = b.place_code AND o.starts_at <= b.starts_at "
        "AND o.ends_at > b.starts_at AND (o.status IN ('booked', 'arrived', 'served', 'no_show') "
        "OR (o.status = 'held' AND o.hold_expires_at > :now)) "
        "WHERE b.status IN ('booked', 'arrived', 'served', 'no_show') "
        "OR (b.status = 'held' AND b.hold_expires_at > :now) GROUP BY b.id",
        {"now": to_db(world.clock())},
    )
    for row in rows:
        place = catalog.place(row["place_code"])
        assert place is not None
        assert row["under_way"] <= place.capacity, (
            f"{row['under_way']} visits at once at {row['place_code']} {row['starts_at']}, "
            f"capacity {place.capacity}"
        )


@REGISTRY.invariant
async def holds_only_while_the_form_is_open(world: FuzzWorld) -> None:
    rows = await world.services.db.fetchall(
        "SELECT c.external_id, b.id FROM cnap_bookings b JOIN resident_channels c "
        "ON c.resident_id = b.resident_id AND c.channel = 'telegram' WHERE b.status = 'held'"
    )
    holders: dict[int, list[int]] = {}
    for row in rows:
        holders.setdefault(int(row["external_id"]), []).append(int(row["id"]))
    for chat_id, held in holders.items():
        actor = next(a for a in world.actors.values() if a.id == chat_id)
        assert len(held) == 1, f"{actor.name} holds several times: {held}"
        state, data = await world.state_of(actor)
        assert state in BOOKING_STATES, f"{actor.name} left the form ({state}) but holds {held}"
        assert BookingDraft.from_dict(data).hold == held[0], (
            f"{actor.name}'s form names hold {data.get('hold')}, the database {held}"
        )


@REGISTRY.invariant
async def booking_contacts_only_with_consent(world: FuzzWorld) -> None:
    kept = await world.services.db.fetchall(
        "SELECT b.id FROM cnap_bookings b JOIN residents r ON r.id = b.resident_id "
        "WHERE r.consent IS NOT 'given' AND (b.full_name IS NOT NULL OR b.phone IS NOT NULL)"
    )
    assert not kept, f"bookings keep a name or phone without consent: {[r['id'] for r in kept]}"


@REGISTRY.invariant
async def every_mark_was_an_officials(world: FuzzWorld) -> None:
    unmarked = await world.services.db.fetchall(
        "SELECT b.id, b.status FROM cnap_bookings b WHERE b.status IN ('arrived', 'served', "
        "'no_show') AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'cnap.mark' "
        "AND a.object_type = 'booking' AND a.object_id = CAST(b.id AS TEXT))"
    )
    assert not unmarked, f"visits marked without an official: {[dict(r) for r in unmarked]}"
