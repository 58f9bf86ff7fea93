"""The e-petitions' part of the fuzz test: residents sign petitions and write their own,
consent taken back half-way, the administrator (who holds every role) moderating; and the
petitions' invariants of personal data."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import rule

from handlers.petitions.callbacks import PetitionListCb
from handlers.petitions.create_steps import CreateFlow
from handlers.petitions.sign import SignFlow
from storage.petitions.model import Tab
from tests.fuzz import strategies as fuzz
from tests.fuzz.core import my_data, onboard, picks, press_nth
from tests.fuzz.registry import REGISTRY, FuzzRules
from tests.fuzz.world import RESIDENTS, STATS, Actor, FuzzWorld

residents = st.sampled_from(RESIDENTS)
TITLES = ["Освітлення вулиці Шевченка", "x" * 201, "<b>Новий парк</b> біля школи", "Коротко"]
BODIES = [
    "Просимо встановити ліхтарі на вулиці Шевченка від школи до зупинки, бо ввечері темно.",
    "ж" * 5001,
    "   ",
    "<script>alert(1)</script> і ще тридцять символів тексту петиції",
]
EMAILS = ["olena@example.com", "не пошта", "a@b", "x" * 300 + "@example.com"]


async def open_petitions(world: FuzzWorld, actor: Actor, pick: int) -> None:
    await world.text(actor, "/menu")
    await world.press(actor, PetitionListCb(tab=Tab.COLLECTING).pack())  # the menu's item
    await press_nth(world, actor, pick, "pt1:open:")


async def sign(world: FuzzWorld, actor: Actor, pick: int, name: str, stop_after: int) -> None:
    """A petition's card, «Підписати», consent, name, phone, the last check: the first
    `stop_after` of those."""
    await open_petitions(world, actor, pick)
    for step in range(6):
        if step >= stop_after:
            return
        state, _ = await world.state_of(actor)
        if state == SignFlow.name.state:
            await world.text(actor, name)
        elif state == SignFlow.phone.state:
            await world.contact(actor, f"+38067{actor.id:07d}", actor.id)
        elif not await press_first(world, actor, "pt1:consent", "pt1:sign-yes", "pt1:sign:"):
            return
    STATS.add("petition signing walked", 1)


async def press_first(world: FuzzWorld, actor: Actor, *prefixes: str) -> bool:
    """Press the first button there is of these kinds, in this order."""
    for prefix in prefixes:
        if await press_nth(world, actor, 0, prefix):
            return True
    return False


async def write(world: FuzzWorld, actor: Actor, pick: int, stop_after: int) -> None:
    """«Створити петицію», consent, title, text, name, e-mail, preview, «Подати»."""
    await world.text(actor, "/menu")
    await world.press(actor, PetitionListCb(tab=Tab.COLLECTING).pack())
    await press_nth(world, actor, 0, "pd1:start")
    for step in range(8):
        if step >= stop_after:
            return
        state, _ = await world.state_of(actor)
        if state == CreateFlow.title.state:
            await world.text(actor, TITLES[(pick + step) % len(TITLES)])
        elif state == CreateFlow.body.state:
            await world.text(actor, BODIES[(pick + step) % len(BODIES)])
            await press_nth(world, actor, 0, "pd1:body-done")
        elif state == CreateFlow.name.state:
            await world.text(actor, fuzz.NAMES[pick % len(fuzz.NAMES)])
        elif state == CreateFlow.email.state:
            await world.text(actor, EMAILS[(pick + step) % len(EMAILS)])
        elif state == CreateFlow.preview.state:
            if await press_nth(world, actor, 0, "pd1:submit"):
                STATS.add("petition submitted", 1)
            return
        elif not await press_nth(world, actor, 0, "pd1:consent"):
            await press_nth(world, actor, 0, "pd1:continue")


@REGISTRY.rules
class PetitionRules(FuzzRules):
    def ready(self, who: str, pick: int) -> Actor:
        actor = self.world.actors[who]
        if actor.blocked:
            self.world.run(self.world.membership(actor, "member"))
        if actor.resident_id is None or not self.world.onboarded(actor):
            self.world.run(onboard(self.world, actor, True, actor.name == "john", pick))
        return actor

    @rule(who=residents, pick=picks, name=st.sampled_from(fuzz.NAMES), stop=st.integers(1, 6))
    def sign_a_petition(self, who: str, pick: int, name: str, stop: int) -> None:
        self.world.run(sign(self.world, self.ready(who, pick), pick, name, stop))

    @rule(who=residents, pick=picks, stop=st.integers(1, 8))
    def write_a_petition(self, who: str, pick: int, stop: int) -> None:
        self.world.run(write(self.world, self.ready(who, pick), pick, stop))

    @rule(
        who=residents,
        pick=picks,
        stop=st.integers(1, 6),
        how=st.sampled_from(["withdraw", "delete"]),
        then=st.sampled_from([*fuzz.NAMES, "contact"]),
    )
    def take_consent_back_while_signing(
        self, who: str, pick: int, stop: int, how: str, then: str
    ) -> None:
        actor = self.ready(who, pick)
        self.world.run(sign(self.world, actor, pick, then, stop))
        self.world.run(my_data(self.world, actor, how))
        if then == "contact":
            self.world.run(self.world.contact(actor, f"+38067{actor.id:07d}", actor.id))
        else:
            self.world.run(self.world.text(actor, then))
        self.world.run(press_nth(self.world, actor, pick))

    @rule(pick=picks, approve=st.booleans(), reason=fuzz.texts)
    def admin_moderates(self, pick: int, approve: bool, reason: str) -> None:
        admin = self.world.actors["admin"]
        if admin.blocked:
            self.world.run(self.world.membership(admin, "member"))

        async def work() -> None:
            await self.world.text(admin, "/moderate")
            if not await press_nth(self.world, admin, pick, "pm1:open:"):
                return
            if approve:
                await press_nth(self.world, admin, 0, "pm1:approve:")
                await press_nth(self.world, admin, 0, "pm1:approve-yes:")
            else:
                await press_nth(self.world, admin, 0, "pm1:refuse:")
                await self.world.text(admin, reason)
            await self.world.deliver()

        self.world.run(work())


@REGISTRY.invariant
async def petition_data_only_with_consent(world: FuzzWorld) -> None:
    db = world.services.db
    checks = {
        "signatures": "SELECT s.petition_id, s.resident_id FROM petition_signatures s "
        "JOIN residents r ON r.id = s.resident_id WHERE r.consent IS NOT 'given'",
        "drafts with a name or e-mail": "SELECT d.resident_id FROM petition_drafts d "
        "JOIN residents r ON r.id = d.resident_id WHERE r.consent IS NOT 'given' "
        "AND (d.author_name IS NOT NULL OR d.author_email IS NOT NULL)",
        "e-mails of authors": "SELECT p.id FROM petitions p JOIN residents r "
        "ON r.id = p.author_id WHERE r.consent IS NOT 'given' AND p.author_email IS NOT NULL",
        "unpublished petitions": "SELECT p.id FROM petitions p JOIN residents r "
        "ON r.id = p.author_id WHERE r.consent IS NOT 'given' "
        "AND p.status IN ('moderation', 'refused')",
    }
    for what, sql in checks.items():
        kept = await db.fetchall(sql)
        assert not kept, f"petition {what} kept without consent: {[tuple(r) for r in kept]}"
