"""The core's part of the fuzz test: anyone pressing any button (on screen, old, someone
else's, forged), typing anything, sending commands mid-flow, contacts, locations, photos,
blocking the bot, time passing, restarts; and the invariants of personal data."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from tests.fuzz import strategies as fuzz
from tests.fuzz.registry import REGISTRY, FuzzRules
from tests.fuzz.world import PEOPLE, Actor, FuzzWorld
from ui.callbacks import MyDataAction, MyDataCb

people = st.sampled_from(list(PEOPLE))
picks = st.integers(0, 10_000)


def callback_buttons(message: dict[str, Any] | None) -> list[str]:
    if message is None:
        return []
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if b.get("callback_data")]


def keyboards(actor: Actor) -> list[dict[str, Any]]:
    return [m for m in actor.chat.bot_messages() if callback_buttons(m)]


async def press_nth(world: FuzzWorld, actor: Actor, pick: int, prefix: str = "") -> bool:
    """Press the pick-th button (of those whose data starts with `prefix`) on the newest
    keyboard; False when there is none."""
    shown = actor.chat.last_message_with_buttons()
    found = [data for data in callback_buttons(shown) if data.startswith(prefix)]
    if not found:
        return False
    await world.press(actor, found[pick % len(found)], shown)
    return True


async def onboard(world: FuzzWorld, actor: Actor, agree: bool, english: bool, pick: int) -> None:
    """/start, the data notice, the language, a settlement: as far as the screens allow."""
    await world.text(actor, "/start")
    await press_nth(world, actor, 0 if agree else 1, "cns1:")
    await press_nth(world, actor, 1 if english else 0, "lng1:")
    await press_nth(world, actor, pick, "stl1:")


OTHER_CONTENT: dict[str, dict[str, Any]] = {
    "photo": {"photo": [{"file_id": "A", "file_unique_id": "a", "width": 9, "height": 9}]},
    "sticker": {
        "sticker": {
            "file_id": "S",
            "file_unique_id": "s",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
    "location": {"location": {"latitude": 50.45, "longitude": 30.52}},
    "voice": {"voice": {"file_id": "V", "file_unique_id": "v", "duration": 3}},
}


FIRST_MESSAGES = [
    "/settlement",
    "/language",
    "/mydata",
    "/help",
    "/menu",
    "/cancel",
    "/start s-ozerne",
    "/start s-nowhere",
    "привіт",
    "old button",
]


@REGISTRY.rules
class CoreRules(FuzzRules):
    def person(self, who: str) -> Actor:
        """The actor, back from having blocked the bot if they had (writing unblocks it)."""
        actor = self.world.actors[who]
        if actor.blocked:
            self.world.run(self.world.membership(actor, "member"))
        return actor

    @rule(who=people, pick=picks)
    def press_a_button_on_screen(self, who: str, pick: int) -> None:
        actor = self.person(who)
        if not self.world.run(press_nth(self.world, actor, pick)):
            self.world.run(self.world.text(actor, "/start"))

    @rule(who=people, which=picks, pick=picks)
    def press_an_old_button(self, who: str, which: int, pick: int) -> None:
        actor = self.person(who)
        shown = keyboards(actor)
        if shown:
            message = shown[which % len(shown)]
            data = callback_buttons(message)
            self.world.run(self.world.press(actor, data[pick % len(data)], message))

    @rule(who=people, other=people, which=picks, pick=picks)
    def press_someone_elses_button(self, who: str, other: str, which: int, pick: int) -> None:
        actor, theirs = self.person(who), keyboards(self.world.actors[other])
        if theirs:
            data = callback_buttons(theirs[which % len(theirs)])
            self.world.run(self.world.press(actor, data[pick % len(data)]))

    @rule(who=people, data=fuzz.forged_callbacks)
    def press_forged_data(self, who: str, data: str) -> None:
        self.world.run(self.world.press(self.person(who), data))

    @rule(who=people, text=fuzz.texts)
    def type_text(self, who: str, text: str) -> None:
        self.world.run(self.world.text(self.person(who), text))

    @rule(who=people, name=st.sampled_from(fuzz.NAMES))
    def type_a_name(self, who: str, name: str) -> None:
        self.world.run(self.world.text(self.person(who), name))

    @rule(who=people, command=fuzz.commands)
    def send_a_command(self, who: str, command: str) -> None:
        self.world.run(self.world.text(self.person(who), command))

    @rule(who=people, phone=fuzz.phones, whose=st.sampled_from(["own", "other", "none"]))
    def share_a_contact(self, who: str, phone: str, whose: str) -> None:
        actor = self.person(who)
        owner = {"own": actor.id, "other": actor.id + 1, "none": None}[whose]
        self.world.run(self.world.contact(actor, phone, owner))

    @rule(who=people, kind=st.sampled_from(["photo", "sticker", "location", "voice"]))
    def send_something_else(self, who: str, kind: str) -> None:
        self.world.run(self.world.message(self.person(who), **OTHER_CONTENT[kind]))

    @rule(who=people, pick=picks)
    def press_a_reply_keyboard_button(self, who: str, pick: int) -> None:
        actor = self.person(who)
        keyboard = [
            b for row in self.world.env.emulator.chat(actor.id).reply_keyboard or [] for b in row
        ]
        if not keyboard:
            return
        chosen = keyboard[pick % len(keyboard)]
        if chosen.get("request_contact"):
            self.world.run(self.world.contact(actor, f"+38067{actor.id:07d}", actor.id))
        else:
            self.world.run(self.world.text(actor, chosen["text"]))

    @rule(who=people, text=fuzz.texts)
    def edit_a_message(self, who: str, text: str) -> None:
        self.world.run(self.world.edit_last(self.person(who), text))

    @rule(who=people)
    def block_the_bot(self, who: str) -> None:
        actor = self.world.actors[who]
        if not actor.blocked:
            self.world.run(self.world.membership(actor, "kicked"))

    @rule(minutes=st.sampled_from([1, 4, 6, 31, 120, 600, 1440, 4320]))
    def let_time_pass(self, minutes: int) -> None:
        self.world.run(self.world.tick(minutes))

    @rule()
    def restart_the_bot(self) -> None:
        self.world.run(self.world.restart())

    @rule(who=people, agree=st.booleans(), english=st.booleans(), pick=picks)
    def go_through_onboarding(self, who: str, agree: bool, english: bool, pick: int) -> None:
        self.world.run(onboard(self.world, self.person(who), agree, english, pick))

    @rule(who=people, what=st.sampled_from(["withdraw", "delete", "consent", "look"]))
    def my_data(self, who: str, what: str) -> None:
        """/mydata: withdraw consent, delete everything, give consent again, or only look."""
        actor = self.person(who)
        self.world.run(my_data(self.world, actor, what))

    @rule(
        who=people,
        erase=st.booleans(),
        first=st.sampled_from(FIRST_MESSAGES),
        presses=st.lists(picks, max_size=4),
    )
    def a_new_resident_wanders(self, who: str, erase: bool, first: str, presses: list[int]) -> None:
        """Someone new (or just erased) starts anywhere but /start, old buttons included."""
        actor = self.person(who)
        old = keyboards(actor)
        if erase:
            self.world.run(my_data(self.world, actor, "delete"))
        if first == "old button" and old:
            data = callback_buttons(old[0])
            self.world.run(self.world.press(actor, data[len(presses) % len(data)], old[0]))
        else:
            self.world.run(self.world.text(actor, first))
        for pick in presses:
            self.world.run(press_nth(self.world, actor, pick))

    @rule(first=people, second=people, pick_first=picks, pick_second=picks)
    def two_press_at_once(self, first: str, second: str, pick_first: int, pick_second: int) -> None:
        if first == second:
            return
        one, two = self.person(first), self.person(second)
        self.world.run(
            self.world.together(
                _press_or_start(self.world, one, pick_first),
                _press_or_start(self.world, two, pick_second),
            )
        )


async def my_data(world: FuzzWorld, actor: Actor, what: str) -> None:
    await world.text(actor, "/mydata")
    if what == "withdraw":
        await press_nth(world, actor, 0, MyDataCb(action=MyDataAction.WITHDRAW).pack())
        await press_nth(world, actor, 0, MyDataCb(action=MyDataAction.WITHDRAW_YES).pack())
    elif what == "delete":
        await press_nth(world, actor, 0, MyDataCb(action=MyDataAction.DELETE).pack())
        await press_nth(world, actor, 0, MyDataCb(action=MyDataAction.DELETE_YES).pack())
    elif what == "consent":
        await press_nth(world, actor, 0, MyDataCb(action=MyDataAction.CONSENT).pack())
        await press_nth(world, actor, 0, MyDataCb(action=MyDataAction.AGREE).pack())


async def _press_or_start(world: FuzzWorld, actor: Actor, pick: int) -> None:
    if not await press_nth(world, actor, pick):
        await world.text(actor, "/start")


@REGISTRY.invariant
async def no_name_or_phone_without_consent(world: FuzzWorld) -> None:
    kept = await world.services.db.fetchall(
        "SELECT id, consent FROM residents WHERE consent IS NOT 'given' "
        "AND (full_name IS NOT NULL OR phone IS NOT NULL)"
    )
    assert not kept, f"names or phones kept without consent: {[dict(r) for r in kept]}"


@REGISTRY.invariant
async def onboarding_answered_the_notice(world: FuzzWorld) -> None:
    skipped = await world.services.db.fetchall(
        "SELECT id FROM residents WHERE onboarded_at IS NOT NULL AND consent IS NULL"
    )
    assert not skipped, f"onboarded without answering the notice: {[r['id'] for r in skipped]}"


@REGISTRY.invariant
async def every_queued_message_went_out(world: FuzzWorld) -> None:
    failed = await world.services.db.fetchall(
        "SELECT id, last_error FROM outbox WHERE state = 'failed'"
    )
    assert not failed, f"outbox messages Telegram refused: {[dict(r) for r in failed]}"
