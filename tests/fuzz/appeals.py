"""The e-appeals' part of the fuzz test: residents write an appeal (kind, topic, text, photos,
name, address, contact, e-mail, a status for priority consideration, sending) and report a
problem, consent taken back half-way; and the appeals' invariants of personal data."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import rule

from handlers.appeals.callbacks import AppealAction, AppealCb, ReportAction, ReportCb
from handlers.appeals.states import AppealForm
from tests.fuzz import strategies as fuzz
from tests.fuzz.core import OTHER_CONTENT, my_data, onboard, picks, press_nth
from tests.fuzz.registry import REGISTRY, FuzzRules
from tests.fuzz.world import RESIDENTS, STATS, Actor, FuzzWorld

residents = st.sampled_from(RESIDENTS)
TYPED = {
    AppealForm.body.state: [
        "Прошу відремонтувати тротуар на вулиці Шевченка біля школи, там глибокі ями.",
        "ж" * 5000,
        "<b>яма</b>",
    ],
    AppealForm.name.state: fuzz.NAMES,
    AppealForm.address.state: ["м. Яблунів, вул. Шевченка, 5, кв. 2", "x", "<i>вул.</i> 1"],
    AppealForm.email.state: ["olena@example.com", "не пошта"],
}


async def write_appeal(world: FuzzWorld, actor: Actor, pick: int, stop_after: int) -> None:
    """«Звернення» from the menu and its steps in turn, the first `stop_after` of them."""
    await world.text(actor, "/menu")
    await world.press(actor, AppealCb(action=AppealAction.START).pack())
    for step in range(12):
        if step >= stop_after:
            return
        state, _ = await world.state_of(actor)
        if state in TYPED:
            choices = TYPED[state]
            await world.text(actor, choices[(pick + step) % len(choices)])
        elif state == AppealForm.contact.state:
            await world.contact(actor, f"+38063{actor.id:07d}", actor.id)
        elif state == AppealForm.media.state and pick % 2:
            await world.message(actor, **OTHER_CONTENT["photo" if step % 2 else "location"])
        elif state == AppealForm.confirm.state:
            if pick % 3 == 0:  # a status for priority consideration, or none
                await press_nth(world, actor, 0, AppealCb(action=AppealAction.PRIORITY).pack())
                await press_nth(world, actor, pick, f"ap1:{AppealAction.PRIORITY_SET.value}")
            if await press_nth(world, actor, 0, AppealCb(action=AppealAction.SEND).pack()):
                STATS.add("appeal sent", 1)
            return
        elif not await press_nth(world, actor, pick + step, "ap1:"):
            return


async def report_problem(world: FuzzWorld, actor: Actor, pick: int, stop_after: int) -> None:
    await world.text(actor, "/menu")
    await world.press(actor, ReportCb(action=ReportAction.START).pack())
    for step in range(stop_after):
        if step % 3 == 1:
            await world.message(actor, **OTHER_CONTENT["location" if pick % 2 else "photo"])
        elif step % 3 == 2:
            await world.text(actor, fuzz.HOSTILE[(pick + step) % len(fuzz.HOSTILE)])
        elif not await press_nth(world, actor, pick + step, "rp1:"):
            return


@REGISTRY.rules
class AppealRules(FuzzRules):
    def ready(self, who: str, pick: int) -> Actor:
        actor = self.world.actors[who]
        if actor.blocked:
            self.world.run(self.world.membership(actor, "member"))
        if actor.resident_id is None or not self.world.onboarded(actor):
            self.world.run(onboard(self.world, actor, pick % 3 != 0, actor.name == "john", pick))
        return actor

    @rule(who=residents, pick=picks, stop=st.integers(1, 12))
    def write_an_appeal(self, who: str, pick: int, stop: int) -> None:
        self.world.run(write_appeal(self.world, self.ready(who, pick), pick, stop))

    @rule(who=residents, pick=picks, stop=st.integers(1, 9))
    def report_a_problem(self, who: str, pick: int, stop: int) -> None:
        self.world.run(report_problem(self.world, self.ready(who, pick), pick, stop))

    @rule(
        who=residents,
        pick=picks,
        stop=st.integers(3, 10),
        how=st.sampled_from(["withdraw", "delete"]),
        then=st.sampled_from(["name", "address", "contact", "email"]),
    )
    def take_consent_back_in_an_appeal(
        self, who: str, pick: int, stop: int, how: str, then: str
    ) -> None:
        actor = self.ready(who, pick)
        self.world.run(write_appeal(self.world, actor, pick, stop))
        self.world.run(my_data(self.world, actor, how))
        if then == "contact":
            self.world.run(self.world.contact(actor, f"+38063{actor.id:07d}", actor.id))
        else:
            typed = {"name": fuzz.NAMES[0], "address": "вул. Шевченка, 5", "email": "o@e.com"}
            self.world.run(self.world.text(actor, typed[then]))


@REGISTRY.invariant
async def appeal_data_only_with_consent(world: FuzzWorld) -> None:
    db = world.services.db
    checks = {
        "appeal drafts": "SELECT d.resident_id FROM appeal_drafts d JOIN residents r "
        "ON r.id = d.resident_id WHERE d.form = 'appeal' AND r.consent IS NOT 'given'",
        "saved addresses and e-mails": "SELECT c.resident_id FROM appeal_contacts c "
        "JOIN residents r ON r.id = c.resident_id WHERE r.consent IS NOT 'given' "
        "AND (c.address IS NOT NULL OR c.email IS NOT NULL)",
        "priority statuses": "SELECT p.resident_id FROM appeal_priority p JOIN residents r "
        "ON r.id = p.resident_id WHERE r.consent IS NOT 'given'",
        "priority statuses of answered appeals": "SELECT p.appeal_id FROM appeal_priority p "
        "JOIN appeals a ON a.id = p.appeal_id WHERE a.status = 'answered'",
        "reporters' names on reports": "SELECT rp.id FROM reports rp WHERE rp.reporter_name "
        "IS NOT NULL AND rp.id NOT IN (SELECT f.report_id FROM report_followers f JOIN "
        "residents r ON r.id = f.resident_id WHERE f.reporter = 1 AND r.consent = 'given')",
    }
    for what, sql in checks.items():
        kept = await db.fetchall(sql)
        assert not kept, f"{what} kept without consent: {[tuple(r) for r in kept]}"
